import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../storage/storage.js';
import { apiTokenContract } from './contract/api-tokens.js';
import { certificateRequestContract } from './contract/certificate-requests.js';
import { chargePointSecurityContract } from './contract/charge-point-security.js';
import { chargePointContract } from './contract/charge-points.js';
import { chargingProfileContract } from './contract/charging-profiles.js';
import { commandContract } from './contract/commands.js';
import { configurationContract } from './contract/configuration.js';
import { connectionRefusalContract } from './contract/connection-refusals.js';
import { connectorContract } from './contract/connectors.js';
import { dataTransferContract } from './contract/data-transfers.js';
import { errorEventContract } from './contract/error-events.js';
import { idTagContract } from './contract/id-tags.js';
import { jobContract } from './contract/jobs.js';
import { localListContract } from './contract/local-lists.js';
import { meterValueContract } from './contract/meter-values.js';
import { reservationContract } from './contract/reservations.js';
import { securityEventContract } from './contract/security-events.js';
import { statusReportContract } from './contract/status-reports.js';
import { transactionContract } from './contract/transactions.js';
import { unitOfWorkContract } from './contract/units-of-work.js';
import {
  bootInfo,
  chargingProfileRecord,
  commandOutcome,
  configurationKey,
  localListEntry,
  newCertificateRequest,
  newCommand,
  newDataTransfer,
  newErrorEvent,
  newIdTag,
  newJob,
  newMeterValue,
  newReservation,
  newSecurityEvent,
  newStatusReport,
  newTransaction,
  statusUpdate,
  transactionStop,
} from './fixtures.js';

/**
 * Creates a fresh, empty storage for one test. `cleanup` runs after the storage is
 * closed (e.g. to delete a temporary database file).
 */
export type StorageFactory = () => Promise<{ storage: Storage; cleanup?: () => Promise<void> }>;

/**
 * Registers the vitest suite every `Storage` implementation must pass. Each test gets
 * its own storage from `factory` and closes it afterwards.
 *
 * @example
 * import { describeStorageContract } from '@levity/core/testing';
 *
 * describeStorageContract('MyStorage', async () => {
 *   const storage = await MyStorage.open({ url: process.env.TEST_DATABASE_URL });
 *   return { storage, cleanup: () => dropTestDatabase() };
 * });
 */
export function describeStorageContract(name: string, factory: StorageFactory): void {
  describe(`${name} (Storage contract)`, () => {
    let current: Awaited<ReturnType<StorageFactory>> | undefined;

    beforeEach(async () => {
      current = await factory();
    });

    afterEach(async () => {
      const done = current;
      current = undefined;
      try {
        await done?.storage.close();
      } finally {
        await done?.cleanup?.();
      }
    });

    const storage = (): Storage => {
      if (!current) throw new Error('the storage factory has not run');
      return current.storage;
    };

    describe('chargePoints', () => chargePointContract(storage));
    describe('connectors', () => connectorContract(storage));
    describe('transactions', () => transactionContract(storage));
    describe('meterValues', () => meterValueContract(storage));
    describe('errors', () => errorEventContract(storage));
    describe('idTags', () => idTagContract(storage));
    describe('dataTransfers', () => dataTransferContract(storage));
    describe('statusReports', () => statusReportContract(storage));
    describe('securityEvents', () => securityEventContract(storage));
    describe('certificateRequests', () => certificateRequestContract(storage));
    describe('commands', () => commandContract(storage));
    describe('configuration', () => configurationContract(storage));
    describe('localLists', () => localListContract(storage));
    describe('reservations', () => reservationContract(storage));
    describe('chargingProfiles', () => chargingProfileContract(storage));
    describe('jobs', () => jobContract(storage));
    describe('apiTokens', () => apiTokenContract(storage));
    describe('chargePointSecurity', () => chargePointSecurityContract(storage));
    describe('connectionRefusals', () => connectionRefusalContract(storage));
    describe('units of work', () => unitOfWorkContract(storage));

    describe('as a whole', () => {
      it('keeps timestamps exactly as given', async () => {
        const times = ['2025-01-31T12:00:00.007Z', '1999-12-31T23:59:59.999Z', '2038-01-19T03:14:08.000Z'];
        for (const [index, at] of times.entries()) {
          const id = `CP${index}`;
          const booted = await storage().chargePoints.recordBoot(id, bootInfo({ at }));
          expect([booted.bootedAt, booted.createdAt, booted.updatedAt]).toStrictEqual([at, at, at]);
          await storage().connectors.recordStatus(
            statusUpdate({ chargePointId: id, timestamp: at, receivedAt: at }),
          );
          expect(await storage().connectors.get(id, 1)).toMatchObject({
            statusTimestamp: at,
            receivedAt: at,
          });
          const started = await storage().transactions.start(
            newTransaction({ chargePointId: id, startedAt: at, receivedAt: at }),
          );
          const stopped = await storage().transactions.stop(
            started.id,
            transactionStop({ stoppedAt: at, receivedAt: at }),
            [newMeterValue({ chargePointId: id, timestamp: at, receivedAt: at })],
          );
          expect(stopped).toMatchObject({ startedAt: at, createdAt: at, stoppedAt: at, stopReceivedAt: at });
          expect(await storage().meterValues.list({ chargePointId: id })).toMatchObject([
            { timestamp: at, receivedAt: at },
          ]);
          await storage().errors.add(newErrorEvent({ chargePointId: id, timestamp: at, receivedAt: at }));
          expect(await storage().errors.list({ chargePointId: id })).toMatchObject([
            { timestamp: at, receivedAt: at },
          ]);
        }
      });

      it('keeps the timestamps of operator decisions and reports exactly as given', async () => {
        const times = ['2025-01-31T12:00:00.007Z', '1999-12-31T23:59:59.999Z', '2038-01-19T03:14:08.000Z'];
        for (const [index, at] of times.entries()) {
          const id = `CP${index}`;
          expect(await storage().chargePoints.setAdmission(id, 'Accepted', at)).toMatchObject({
            createdAt: at,
            updatedAt: at,
          });
          const started = await storage().transactions.start(
            newTransaction({ chargePointId: id, startedAt: at, receivedAt: at }),
          );
          expect(
            await storage().transactions.flag(started.id, { attention: 'Superseded', at, stoppedAt: at }),
          ).toMatchObject({ attentionAt: at, stoppedAt: at });
          const tag = newIdTag({ idTag: id, expiryDate: at });
          expect(await storage().idTags.add(tag, at)).toStrictEqual({ ...tag, createdAt: at, updatedAt: at });
          await storage().dataTransfers.add(newDataTransfer({ chargePointId: id, receivedAt: at }));
          expect(await storage().dataTransfers.list({ chargePointId: id })).toMatchObject([
            { receivedAt: at },
          ]);
          await storage().statusReports.add(newStatusReport({ chargePointId: id, receivedAt: at }));
          expect(await storage().statusReports.list({ chargePointId: id })).toMatchObject([
            { receivedAt: at },
          ]);
          await storage().securityEvents.add(
            newSecurityEvent({ chargePointId: id, timestamp: at, receivedAt: at }),
          );
          expect(await storage().securityEvents.list({ chargePointId: id })).toMatchObject([
            { timestamp: at, receivedAt: at },
          ]);
          const request = await storage().certificateRequests.add(
            newCertificateRequest({ chargePointId: id, receivedAt: at }),
          );
          expect(await storage().certificateRequests.get(request.id)).toMatchObject({
            receivedAt: at,
            updatedAt: at,
          });
        }
      });

      it('keeps the timestamps of commands and the state they imply exactly as given', async () => {
        const times = ['2025-01-31T12:00:00.007Z', '1999-12-31T23:59:59.999Z', '2038-01-19T03:14:08.000Z'];
        for (const [index, at] of times.entries()) {
          const id = `CP${index}`;
          const command = await storage().commands.add(newCommand({ chargePointId: id, requestedAt: at }));
          expect(await storage().commands.complete(command.id, commandOutcome({ at }))).toMatchObject({
            requestedAt: at,
            completedAt: at,
          });
          await storage().configuration.upsert(id, [configurationKey()], at);
          expect(await storage().configuration.list(id)).toMatchObject([{ updatedAt: at }]);
          const entry = localListEntry({
            idTagInfo: { status: 'Accepted', expiryDate: at, parentIdTag: null },
          });
          await storage().localLists.replace(id, 1, [entry], at);
          expect(await storage().localLists.get(id)).toMatchObject({ entries: [entry], updatedAt: at });
          const reservation = await storage().reservations.create(
            newReservation({ chargePointId: id, expiryDate: at, createdAt: at }),
          );
          expect(await storage().reservations.get(reservation.id)).toMatchObject({
            expiryDate: at,
            createdAt: at,
            updatedAt: at,
          });
          await storage().chargingProfiles.put(chargingProfileRecord({ chargePointId: id, installedAt: at }));
          expect(await storage().chargingProfiles.list(id)).toMatchObject([{ installedAt: at }]);
          const job = await storage().jobs.create(newJob({ chargePointId: id, createdAt: at }));
          expect(await storage().jobs.get(job.id)).toMatchObject({ createdAt: at, updatedAt: at });
        }
      });

      it('can be closed twice', async () => {
        await storage().chargePoints.recordHeartbeat('CP001', '2025-01-31T12:00:00.000Z');
        await expect(storage().close()).resolves.toBeUndefined();
        await expect(storage().close()).resolves.toBeUndefined();
      });
    });
  });
}
