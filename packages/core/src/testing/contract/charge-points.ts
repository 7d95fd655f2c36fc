import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import { bootInfo, chargePointRecord, isoTime, statusUpdate } from '../fixtures.js';

export function chargePointContract(storage: () => Storage): void {
  const chargePoints = () => storage().chargePoints;

  it('returns undefined for a charge point it has never seen', async () => {
    expect(await chargePoints().get('CP404')).toBeUndefined();
    expect(await chargePoints().list()).toStrictEqual([]);
  });

  describe('recordBoot', () => {
    it('creates the charge point with every boot field and returns it', async () => {
      const record = await chargePoints().recordBoot('CP001', bootInfo({ at: isoTime(5) }));
      const expected = chargePointRecord({
        vendor: 'Levity Labs',
        model: 'LV-22',
        chargePointSerialNumber: 'CPSN-0001',
        chargeBoxSerialNumber: 'CBSN-0001',
        firmwareVersion: '1.2.3',
        iccid: '8931440000000000001',
        imsi: '262010000000001',
        meterType: 'DZG DVH4013',
        meterSerialNumber: 'MSN-0001',
        registrationStatus: 'Accepted',
        bootedAt: isoTime(5),
        createdAt: isoTime(5),
        updatedAt: isoTime(5),
      });
      expect(record).toStrictEqual(expected);
      expect(await chargePoints().get('CP001')).toStrictEqual(expected);
    });

    it('keeps null boot fields null', async () => {
      const boot = bootInfo({
        chargePointSerialNumber: null,
        chargeBoxSerialNumber: null,
        firmwareVersion: null,
        iccid: null,
        imsi: null,
        meterType: null,
        meterSerialNumber: null,
      });
      await chargePoints().recordBoot('CP001', boot);
      expect(await chargePoints().get('CP001')).toStrictEqual(
        chargePointRecord({
          vendor: boot.vendor,
          model: boot.model,
          registrationStatus: 'Accepted',
          bootedAt: boot.at,
        }),
      );
    });

    it('replaces the boot fields of a later boot and keeps everything else', async () => {
      await chargePoints().recordConnected('CP001', { at: isoTime(0), remoteAddress: '10.0.0.1' });
      await chargePoints().recordBoot('CP001', bootInfo({ at: isoTime(1), firmwareVersion: '1.0.0' }));
      await chargePoints().recordStatus(statusUpdate({ connectorId: 0, receivedAt: isoTime(2) }));
      const second = await chargePoints().recordBoot(
        'CP001',
        bootInfo({ at: isoTime(3), firmwareVersion: '2.0.0', registrationStatus: 'Pending', iccid: null }),
      );

      expect(second).toMatchObject({
        firmwareVersion: '2.0.0',
        registrationStatus: 'Pending',
        iccid: null,
        bootedAt: isoTime(3),
        status: 'Available',
        connected: true,
        remoteAddress: '10.0.0.1',
        createdAt: isoTime(0),
        updatedAt: isoTime(3),
      });
      expect(await chargePoints().get('CP001')).toStrictEqual(second);
    });
  });

  describe('recordConnected and recordDisconnected', () => {
    it('creates a connected charge point and counts the connection as a sign of life', async () => {
      await chargePoints().recordConnected('CP001', { at: isoTime(7), remoteAddress: '192.0.2.10' });
      expect(await chargePoints().get('CP001')).toStrictEqual(
        chargePointRecord({
          connected: true,
          connectedAt: isoTime(7),
          remoteAddress: '192.0.2.10',
          lastSeenAt: isoTime(7),
          createdAt: isoTime(7),
          updatedAt: isoTime(7),
        }),
      );
    });

    it('keeps an unknown remote address null', async () => {
      await chargePoints().recordConnected('CP001', { at: isoTime(0), remoteAddress: null });
      expect(await chargePoints().get('CP001')).toMatchObject({ connected: true, remoteAddress: null });
    });

    it('does not move lastSeenAt backwards when a connection is recorded late', async () => {
      await chargePoints().recordSeen([{ id: 'CP001', at: isoTime(10) }]);
      await chargePoints().recordConnected('CP001', { at: isoTime(5), remoteAddress: null });
      expect(await chargePoints().get('CP001')).toMatchObject({
        connected: true,
        connectedAt: isoTime(5),
        lastSeenAt: isoTime(10),
      });
    });

    it('marks a charge point disconnected', async () => {
      await chargePoints().recordConnected('CP001', { at: isoTime(0), remoteAddress: '192.0.2.10' });
      await chargePoints().recordDisconnected('CP001', isoTime(9));
      expect(await chargePoints().get('CP001')).toMatchObject({
        connected: false,
        connectedAt: isoTime(0),
        disconnectedAt: isoTime(9),
        updatedAt: isoTime(9),
      });
    });

    it('creates the charge point when a disconnection is the first thing recorded', async () => {
      await chargePoints().recordDisconnected('CP001', isoTime(4));
      expect(await chargePoints().get('CP001')).toStrictEqual(
        chargePointRecord({ disconnectedAt: isoTime(4), createdAt: isoTime(4), updatedAt: isoTime(4) }),
      );
    });
  });

  describe('removeNeverBooted', () => {
    it('forgets charge points that never booted, with their connectors, once they went quiet', async () => {
      await chargePoints().recordSeen([{ id: 'SEEN-ONLY', at: isoTime(1) }]);
      await chargePoints().recordConnected('WAS-CONNECTED', { at: isoTime(1), remoteAddress: null });
      await chargePoints().recordDisconnected('WAS-CONNECTED', isoTime(2));
      await storage().connectors.recordStatus(
        statusUpdate({ chargePointId: 'WAS-CONNECTED', connectorId: 1, receivedAt: isoTime(2) }),
      );

      expect(await chargePoints().removeNeverBooted(isoTime(10))).toBe(2);

      expect(await chargePoints().list()).toStrictEqual([]);
      expect(await storage().connectors.list('WAS-CONNECTED')).toStrictEqual([]);
    });

    it('keeps charge points that booted, that the operator decided about, that are connected or recent', async () => {
      await chargePoints().recordBoot('BOOTED', bootInfo({ at: isoTime(1), registrationStatus: 'Rejected' }));
      await chargePoints().setAdmission('DECIDED', 'Accepted', isoTime(1));
      await chargePoints().recordConnected('CONNECTED', { at: isoTime(1), remoteAddress: null });
      await chargePoints().recordSeen([{ id: 'RECENT', at: isoTime(10) }]);

      expect(await chargePoints().removeNeverBooted(isoTime(10))).toBe(0);

      expect((await chargePoints().list()).map((row) => row.id)).toStrictEqual([
        'BOOTED',
        'CONNECTED',
        'DECIDED',
        'RECENT',
      ]);
    });
  });

  describe('markAllDisconnected', () => {
    it('disconnects every connected charge point and returns how many changed', async () => {
      await chargePoints().recordConnected('CP001', { at: isoTime(0), remoteAddress: null });
      await chargePoints().recordConnected('CP002', { at: isoTime(0), remoteAddress: null });
      await chargePoints().recordConnected('CP003', { at: isoTime(0), remoteAddress: null });
      await chargePoints().recordDisconnected('CP003', isoTime(1));

      expect(await chargePoints().markAllDisconnected(isoTime(60))).toBe(2);

      const rows = await chargePoints().list();
      expect(rows.map((row) => [row.id, row.connected, row.disconnectedAt])).toStrictEqual([
        ['CP001', false, isoTime(60)],
        ['CP002', false, isoTime(60)],
        ['CP003', false, isoTime(1)],
      ]);
    });

    it('returns 0 when nothing is connected', async () => {
      expect(await chargePoints().markAllDisconnected(isoTime(0))).toBe(0);
      await chargePoints().recordConnected('CP001', { at: isoTime(0), remoteAddress: null });
      expect(await chargePoints().markAllDisconnected(isoTime(1))).toBe(1);
      expect(await chargePoints().markAllDisconnected(isoTime(2))).toBe(0);
      expect(await chargePoints().get('CP001')).toMatchObject({ disconnectedAt: isoTime(1) });
    });
  });

  describe('recordSeen', () => {
    it('creates every charge point of the batch that is missing', async () => {
      await chargePoints().recordBoot('CP001', bootInfo({ at: isoTime(0) }));
      await chargePoints().recordSeen([
        { id: 'CP001', at: isoTime(3) },
        { id: 'CP002', at: isoTime(4) },
      ]);
      expect(await chargePoints().get('CP001')).toMatchObject({
        lastSeenAt: isoTime(3),
        vendor: 'Levity Labs',
        updatedAt: isoTime(3),
      });
      expect(await chargePoints().get('CP002')).toStrictEqual(
        chargePointRecord({
          id: 'CP002',
          lastSeenAt: isoTime(4),
          createdAt: isoTime(4),
          updatedAt: isoTime(4),
        }),
      );
    });

    it('does not move lastSeenAt backwards', async () => {
      await chargePoints().recordSeen([{ id: 'CP001', at: isoTime(5) }]);
      await chargePoints().recordSeen([{ id: 'CP001', at: isoTime(3) }]);
      expect(await chargePoints().get('CP001')).toMatchObject({
        lastSeenAt: isoTime(5),
        updatedAt: isoTime(5),
      });
    });

    it('keeps the latest of several sightings of one charge point in a batch', async () => {
      await chargePoints().recordSeen([
        { id: 'CP001', at: isoTime(5) },
        { id: 'CP001', at: isoTime(9) },
        { id: 'CP001', at: isoTime(3) },
      ]);
      expect(await chargePoints().get('CP001')).toMatchObject({ lastSeenAt: isoTime(9) });
      expect(await chargePoints().list()).toHaveLength(1);
    });

    it('accepts an empty batch', async () => {
      await chargePoints().recordSeen([{ id: 'CP001', at: isoTime(1) }]);
      await chargePoints().recordSeen([]);
      expect(await chargePoints().list()).toStrictEqual([
        chargePointRecord({ lastSeenAt: isoTime(1), createdAt: isoTime(1), updatedAt: isoTime(1) }),
      ]);
    });
  });

  describe('recordHeartbeat, recordDiagnosticsStatus and recordFirmwareStatus', () => {
    it('records a heartbeat, creating the charge point', async () => {
      await chargePoints().recordHeartbeat('CP001', isoTime(2));
      expect(await chargePoints().get('CP001')).toStrictEqual(
        chargePointRecord({ lastHeartbeatAt: isoTime(2), createdAt: isoTime(2), updatedAt: isoTime(2) }),
      );
      await chargePoints().recordHeartbeat('CP001', isoTime(3));
      expect(await chargePoints().get('CP001')).toMatchObject({
        lastHeartbeatAt: isoTime(3),
        createdAt: isoTime(2),
      });
    });

    it('records the diagnostics status, creating the charge point', async () => {
      await chargePoints().recordDiagnosticsStatus('CP001', 'Uploading', isoTime(2));
      expect(await chargePoints().get('CP001')).toStrictEqual(
        chargePointRecord({
          diagnosticsStatus: 'Uploading',
          diagnosticsStatusAt: isoTime(2),
          createdAt: isoTime(2),
          updatedAt: isoTime(2),
        }),
      );
      await chargePoints().recordDiagnosticsStatus('CP001', 'Uploaded', isoTime(3));
      expect(await chargePoints().get('CP001')).toMatchObject({
        diagnosticsStatus: 'Uploaded',
        diagnosticsStatusAt: isoTime(3),
      });
    });

    it('records the firmware status, creating the charge point', async () => {
      await chargePoints().recordFirmwareStatus('CP001', 'Downloading', isoTime(2));
      expect(await chargePoints().get('CP001')).toStrictEqual(
        chargePointRecord({
          firmwareStatus: 'Downloading',
          firmwareStatusAt: isoTime(2),
          createdAt: isoTime(2),
          updatedAt: isoTime(2),
        }),
      );
      await chargePoints().recordFirmwareStatus('CP001', 'Installed', isoTime(3));
      expect(await chargePoints().get('CP001')).toMatchObject({
        firmwareStatus: 'Installed',
        firmwareStatusAt: isoTime(3),
      });
    });
  });

  describe('setAdmission', () => {
    it('sets the admission of a known charge point and returns it', async () => {
      const booted = await chargePoints().recordBoot('CP001', bootInfo({ at: isoTime(0) }));
      const record = await chargePoints().setAdmission('CP001', 'Accepted', isoTime(5));
      const expected = { ...booted, admission: 'Accepted' as const, updatedAt: isoTime(5) };
      expect(record).toStrictEqual(expected);
      expect(await chargePoints().get('CP001')).toStrictEqual(expected);
    });

    it('creates the charge point when the admission is the first thing recorded', async () => {
      const expected = chargePointRecord({
        admission: 'Pending',
        createdAt: isoTime(3),
        updatedAt: isoTime(3),
      });
      expect(await chargePoints().setAdmission('CP001', 'Pending', isoTime(3))).toStrictEqual(expected);
      expect(await chargePoints().list()).toStrictEqual([expected]);
    });

    it('replaces the admission, and clears it with null', async () => {
      await chargePoints().setAdmission('CP001', 'Pending', isoTime(1));
      expect(await chargePoints().setAdmission('CP001', 'Rejected', isoTime(2))).toMatchObject({
        admission: 'Rejected',
      });
      expect(await chargePoints().setAdmission('CP001', null, isoTime(3))).toStrictEqual(
        chargePointRecord({ createdAt: isoTime(1), updatedAt: isoTime(3) }),
      );
    });

    it('creates a charge point with no admission decision by any other write', async () => {
      await chargePoints().recordBoot('CP001', bootInfo());
      await chargePoints().recordHeartbeat('CP002', isoTime(0));
      await storage().connectors.recordStatus(statusUpdate({ chargePointId: 'CP003' }));
      const rows = await chargePoints().list();
      expect(rows.map((row) => [row.id, row.admission])).toStrictEqual([
        ['CP001', null],
        ['CP002', null],
        ['CP003', null],
      ]);
    });

    it('keeps the admission through boots, connections and status writes', async () => {
      await chargePoints().setAdmission('CP001', 'Rejected', isoTime(0));
      await chargePoints().recordBoot('CP001', bootInfo({ registrationStatus: 'Pending', at: isoTime(1) }));
      await chargePoints().recordConnected('CP001', { at: isoTime(2), remoteAddress: null });
      await chargePoints().recordSeen([{ id: 'CP001', at: isoTime(3) }]);
      await chargePoints().recordStatus(statusUpdate({ connectorId: 0, receivedAt: isoTime(4) }));
      await chargePoints().markAllDisconnected(isoTime(5));
      expect(await chargePoints().get('CP001')).toMatchObject({
        admission: 'Rejected',
        registrationStatus: 'Pending',
        updatedAt: isoTime(5),
      });
    });

    it('does not move updatedAt backwards', async () => {
      await chargePoints().recordHeartbeat('CP001', isoTime(10));
      expect(await chargePoints().setAdmission('CP001', 'Accepted', isoTime(5))).toMatchObject({
        admission: 'Accepted',
        createdAt: isoTime(10),
        updatedAt: isoTime(10),
      });
    });
  });

  describe('recordStatus', () => {
    it("stores connector 0's status as the charge point's, creating the charge point", async () => {
      await chargePoints().recordStatus(
        statusUpdate({
          connectorId: 0,
          status: 'Unavailable',
          errorCode: 'OtherError',
          info: 'door open',
          vendorId: 'com.example',
          vendorErrorCode: 'D1',
          timestamp: isoTime(10),
          receivedAt: isoTime(11),
        }),
      );
      expect(await chargePoints().get('CP001')).toStrictEqual(
        chargePointRecord({
          status: 'Unavailable',
          errorCode: 'OtherError',
          statusInfo: 'door open',
          statusVendorId: 'com.example',
          statusVendorErrorCode: 'D1',
          statusTimestamp: isoTime(10),
          statusReceivedAt: isoTime(11),
          createdAt: isoTime(11),
          updatedAt: isoTime(11),
        }),
      );
    });

    it('keeps null status fields null', async () => {
      await chargePoints().recordStatus(statusUpdate({ connectorId: 0, timestamp: null }));
      expect(await chargePoints().get('CP001')).toMatchObject({
        status: 'Available',
        statusInfo: null,
        statusVendorId: null,
        statusVendorErrorCode: null,
        statusTimestamp: null,
      });
    });

    it("does not apply a status older by the charge point's timestamp", async () => {
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Faulted', timestamp: isoTime(10), receivedAt: isoTime(10) }),
      );
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Available', timestamp: isoTime(5), receivedAt: isoTime(20) }),
      );
      expect(await chargePoints().get('CP001')).toMatchObject({
        status: 'Faulted',
        statusTimestamp: isoTime(10),
        statusReceivedAt: isoTime(10),
        updatedAt: isoTime(10),
      });
    });

    it('applies a status as new as the stored one or newer', async () => {
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Faulted', timestamp: isoTime(10) }),
      );
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Available', timestamp: isoTime(10) }),
      );
      expect(await chargePoints().get('CP001')).toMatchObject({ status: 'Available' });
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Unavailable', timestamp: isoTime(11) }),
      );
      expect(await chargePoints().get('CP001')).toMatchObject({
        status: 'Unavailable',
        statusTimestamp: isoTime(11),
      });
    });

    it('always applies a status without a timestamp, and any status after one', async () => {
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Faulted', timestamp: isoTime(10) }),
      );
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Available', timestamp: null }),
      );
      expect(await chargePoints().get('CP001')).toMatchObject({ status: 'Available', statusTimestamp: null });
      await chargePoints().recordStatus(
        statusUpdate({ connectorId: 0, status: 'Unavailable', timestamp: isoTime(1) }),
      );
      expect(await chargePoints().get('CP001')).toMatchObject({
        status: 'Unavailable',
        statusTimestamp: isoTime(1),
      });
    });

    it('does not create a connector for connector 0', async () => {
      await chargePoints().recordStatus(statusUpdate({ connectorId: 0 }));
      expect(await storage().connectors.get('CP001', 0)).toBeUndefined();
      expect(await storage().connectors.list('CP001')).toStrictEqual([]);
    });
  });

  describe('rows', () => {
    it('lists charge points ordered by id', async () => {
      await chargePoints().recordHeartbeat('CP2', isoTime(0));
      await chargePoints().recordSeen([{ id: 'CP10', at: isoTime(0) }]);
      await chargePoints().recordBoot('A1', bootInfo());
      await chargePoints().recordConnected('CP1', { at: isoTime(0), remoteAddress: null });
      expect((await chargePoints().list()).map((row) => row.id)).toStrictEqual(['A1', 'CP1', 'CP10', 'CP2']);
    });

    it('pages through them by id with after, which is exclusive, and limit', async () => {
      for (const id of ['CP3', 'CP1', 'A1', 'CP10', 'CP2'])
        await chargePoints().recordHeartbeat(id, isoTime(0));
      const ids = async (filter: Parameters<ReturnType<typeof chargePoints>['list']>[0]) =>
        (await chargePoints().list(filter)).map((row) => row.id);
      expect(await ids({ limit: 2 })).toStrictEqual(['A1', 'CP1']);
      expect(await ids({ after: 'CP1', limit: 2 })).toStrictEqual(['CP10', 'CP2']);
      expect(await ids({ after: 'CP2', limit: 2 })).toStrictEqual(['CP3']);
      expect(await ids({ after: 'CP3' })).toStrictEqual([]);
      expect(await ids({ after: 'B' })).toStrictEqual(['CP1', 'CP10', 'CP2', 'CP3']);
      expect(await ids({ after: '' })).toStrictEqual(['A1', 'CP1', 'CP10', 'CP2', 'CP3']);
      expect(await ids({ limit: 0 })).toStrictEqual([]);
      expect(await chargePoints().list({ after: 'CP1', limit: 1 })).toStrictEqual([
        await chargePoints().get('CP10'),
      ]);
    });

    it('orders and pages ids as their UTF-8 bytes compare, case-sensitively', async () => {
      // U+FF21 sorts before U+1F50C in UTF-8, after it in UTF-16 (a surrogate pair).
      const ids = ['cp1', 'CP\u{1F50C}', 'CP\uFF21', 'CP1', 'CPé'];
      for (const id of ids) await chargePoints().recordHeartbeat(id, isoTime(0));
      const ordered = ['CP1', 'CPé', 'CP\uFF21', 'CP\u{1F50C}', 'cp1'];
      expect((await chargePoints().list()).map((row) => row.id)).toStrictEqual(ordered);
      expect((await chargePoints().list({ after: 'CP\uFF21' })).map((row) => row.id)).toStrictEqual(
        ordered.slice(3),
      );
    });

    it('keeps any id exactly, including characters that need escaping elsewhere', async () => {
      const id = 'CP/ü 01\'%_"';
      await chargePoints().recordHeartbeat(id, isoTime(0));
      expect(await chargePoints().get(id)).toMatchObject({ id });
      expect(await chargePoints().get('CP/ü 01')).toBeUndefined();
      expect((await chargePoints().list()).map((row) => row.id)).toStrictEqual([id]);
    });

    it('keeps createdAt from the first write and never moves updatedAt backwards', async () => {
      await chargePoints().recordHeartbeat('CP001', isoTime(10));
      await chargePoints().recordHeartbeat('CP001', isoTime(20));
      expect(await chargePoints().get('CP001')).toMatchObject({
        createdAt: isoTime(10),
        updatedAt: isoTime(20),
      });
      await chargePoints().recordFirmwareStatus('CP001', 'Idle', isoTime(15));
      expect(await chargePoints().get('CP001')).toMatchObject({
        createdAt: isoTime(10),
        updatedAt: isoTime(20),
        firmwareStatusAt: isoTime(15),
      });
    });

    it('keeps writes about one charge point away from the others', async () => {
      await chargePoints().recordBoot('CP001', bootInfo());
      await chargePoints().recordConnected('CP002', { at: isoTime(1), remoteAddress: null });
      expect(await chargePoints().get('CP001')).toMatchObject({ connected: false, vendor: 'Levity Labs' });
      expect(await chargePoints().get('CP002')).toMatchObject({ connected: true, vendor: null });
    });

    it('creates a charge point once when writes about it race', async () => {
      const { at: _at, ...boot } = bootInfo();
      await Promise.all([
        chargePoints().recordSeen([{ id: 'CP001', at: isoTime(1) }]),
        chargePoints().recordHeartbeat('CP001', isoTime(1)),
        chargePoints().recordConnected('CP001', { at: isoTime(1), remoteAddress: null }),
        chargePoints().recordBoot('CP001', bootInfo({ at: isoTime(1) })),
        chargePoints().recordStatus(statusUpdate({ connectorId: 0, receivedAt: isoTime(1) })),
        chargePoints().recordFirmwareStatus('CP001', 'Idle', isoTime(1)),
        chargePoints().setAdmission('CP001', 'Accepted', isoTime(1)),
      ]);
      expect(await chargePoints().list()).toStrictEqual([
        chargePointRecord({
          ...boot,
          admission: 'Accepted',
          registrationStatus: 'Accepted',
          bootedAt: isoTime(1),
          status: 'Available',
          errorCode: 'NoError',
          statusTimestamp: isoTime(0),
          statusReceivedAt: isoTime(1),
          firmwareStatus: 'Idle',
          firmwareStatusAt: isoTime(1),
          connected: true,
          connectedAt: isoTime(1),
          lastSeenAt: isoTime(1),
          lastHeartbeatAt: isoTime(1),
          createdAt: isoTime(1),
          updatedAt: isoTime(1),
        }),
      ]);
    });

    it('returns copies that do not change what is stored', async () => {
      const booted = await chargePoints().recordBoot('CP001', bootInfo());
      booted.vendor = 'Mutated';
      const fetched = await chargePoints().get('CP001');
      if (!fetched) throw new Error('CP001 is missing');
      fetched.connected = true;
      const [listed] = await chargePoints().list();
      if (!listed) throw new Error('CP001 is not listed');
      listed.model = 'Mutated';
      const admitted = await chargePoints().setAdmission('CP001', 'Pending', isoTime(1));
      admitted.admission = 'Rejected';
      expect(await chargePoints().get('CP001')).toMatchObject({
        vendor: 'Levity Labs',
        model: 'LV-22',
        connected: false,
        admission: 'Pending',
      });
    });

    it('does not keep a reference to what it was given', async () => {
      const boot = bootInfo();
      await chargePoints().recordBoot('CP001', boot);
      boot.vendor = 'Mutated';
      expect(await chargePoints().get('CP001')).toMatchObject({ vendor: 'Levity Labs' });
    });
  });
}
