import type {
  ApiTokenRecord,
  ChargePointCredentials,
  ChargePointRecord,
  ChargingProfileRecord,
  CommandRecord,
  ConfigurationKeyRecord,
  ConnectionRefusalRecord,
  ConnectorRecord,
  CreatedApiToken,
  DataTransferRecord,
  ErrorEventRecord,
  IdTagRecord,
  JobRecord,
  LocalListRecord,
  ReservationRecord,
  SecurityEventRecord,
  SecurityProfileChange,
  StatusReportRecord,
  TransactionView,
} from '@levity/core';
import type { Static } from '@sinclair/typebox';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ApiTokenSchema,
  ChargePointCredentialsSchema,
  ChargePointSchema,
  ChargingProfileSchema,
  CommandSchema,
  ConfigurationKeySchema,
  ConnectionRefusalSchema,
  ConnectorSchema,
  CreatedApiTokenSchema,
  DataTransferSchema,
  ErrorEventSchema,
  IdTagSchema,
  JobSchema,
  LocalListSchema,
  ReservationSchema,
  SecurityEventSchema,
  SecurityProfileChangeSchema,
  StatusReportSchema,
  TransactionSchema,
} from './records.js';

// The response schemas are also the serializers' field lists: a field core adds to a
// record fails here until the schema has it, so that the API never drops it silently.
type Flat<T> = { [K in keyof T]: T[K] };

describe('response schemas', () => {
  it('describe exactly the records core returns', () => {
    // The API adds the node that holds the connection (cluster-wide, not a stored field).
    expectTypeOf<Static<typeof ChargePointSchema>>().toEqualTypeOf<
      Flat<ChargePointRecord & { nodeId: string | null }>
    >();
    expectTypeOf<Static<typeof ChargePointCredentialsSchema>>().toEqualTypeOf<ChargePointCredentials>();
    expectTypeOf<Static<typeof SecurityProfileChangeSchema>>().toEqualTypeOf<SecurityProfileChange>();
    expectTypeOf<Static<typeof ConnectionRefusalSchema>>().toEqualTypeOf<ConnectionRefusalRecord>();
    expectTypeOf<Static<typeof ConnectorSchema>>().toEqualTypeOf<ConnectorRecord>();
    expectTypeOf<Static<typeof TransactionSchema>>().toEqualTypeOf<TransactionView>();
    expectTypeOf<Static<typeof ErrorEventSchema>>().toEqualTypeOf<ErrorEventRecord>();
    expectTypeOf<Static<typeof SecurityEventSchema>>().toEqualTypeOf<SecurityEventRecord>();
    expectTypeOf<Static<typeof StatusReportSchema>>().toEqualTypeOf<StatusReportRecord>();
    expectTypeOf<Static<typeof DataTransferSchema>>().toEqualTypeOf<DataTransferRecord>();
    expectTypeOf<Static<typeof IdTagSchema>>().toEqualTypeOf<IdTagRecord>();
    expectTypeOf<Static<typeof CommandSchema>>().toEqualTypeOf<CommandRecord>();
    expectTypeOf<Static<typeof ConfigurationKeySchema>>().toEqualTypeOf<ConfigurationKeyRecord>();
    expectTypeOf<Static<typeof LocalListSchema>>().toEqualTypeOf<LocalListRecord>();
    expectTypeOf<Static<typeof ReservationSchema>>().toEqualTypeOf<ReservationRecord>();
    expectTypeOf<Static<typeof ChargingProfileSchema>>().toEqualTypeOf<ChargingProfileRecord>();
    expectTypeOf<Static<typeof JobSchema>>().toEqualTypeOf<JobRecord>();
    expectTypeOf<Static<typeof ApiTokenSchema>>().toEqualTypeOf<ApiTokenRecord>();
    expectTypeOf<Static<typeof CreatedApiTokenSchema>>().toEqualTypeOf<CreatedApiToken>();
  });
});
