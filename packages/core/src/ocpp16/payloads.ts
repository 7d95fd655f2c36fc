// Names for the nested shapes of the generated payload types, so that handlers and
// storage can talk about "a sampled value" instead of repeating index paths.
import type {
  AuthorizeResponse,
  MeterValuesRequest,
  StatusNotificationRequest,
  StopTransactionRequest,
} from './messages.generated.js';

export type IdTagInfo = AuthorizeResponse['idTagInfo'];
export type AuthorizationStatus = IdTagInfo['status'];
export type MeterValue = MeterValuesRequest['meterValue'][number];
export type SampledValue = MeterValue['sampledValue'][number];
export type ReadingContext = NonNullable<SampledValue['context']>;
export type ValueFormat = NonNullable<SampledValue['format']>;
export type Measurand = NonNullable<SampledValue['measurand']>;
export type Phase = NonNullable<SampledValue['phase']>;
export type Location = NonNullable<SampledValue['location']>;
export type UnitOfMeasure = NonNullable<SampledValue['unit']>;
export type ChargePointStatus = StatusNotificationRequest['status'];
export type ChargePointErrorCode = StatusNotificationRequest['errorCode'];
export type StopReason = NonNullable<StopTransactionRequest['reason']>;
