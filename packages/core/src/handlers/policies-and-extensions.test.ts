import { describe, expect, it } from 'vitest';
import { bootNotification as bootFixture } from '../../test/support/fixtures.js';
import { handlerContext, handlerDeps, recordingFollowUps } from '../../test/support/handler-context.js';
import { knownChargePointsOnly, pendingUntilDecided } from '../policies/boot.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import { bootNotification } from './boot-notification.js';
import { dataTransfer } from './data-transfer.js';
import { DataTransferRegistry } from './data-transfer-registry.js';
import { securityEventNotification, signCertificate } from './security.js';
import { logStatusNotification, signedFirmwareStatusNotification } from './status-reports.js';

describe('BootNotification under boot policies', () => {
  it('rejects an unknown charge point under known-only, with the retry interval', async () => {
    const storage = new MemoryStorage();
    const response = await bootNotification(
      handlerContext('BootNotification', bootFixture(), { storage }),
      handlerDeps({ bootPolicy: knownChargePointsOnly, bootRetryIntervalSeconds: 120 }),
    );
    expect(response).toMatchObject({ status: 'Rejected', interval: 120 });
    expect(await storage.chargePoints.get('CP001')).toMatchObject({
      registrationStatus: 'Rejected',
      vendor: 'Levity',
    });
  });

  it('accepts a charge point the operator accepted, with the heartbeat interval', async () => {
    const storage = new MemoryStorage();
    await storage.chargePoints.setAdmission('CP001', 'Accepted', '2025-01-01T00:00:00.000Z');
    const response = await bootNotification(
      handlerContext('BootNotification', bootFixture(), { storage }),
      handlerDeps({ bootPolicy: knownChargePointsOnly, heartbeatIntervalSeconds: 30 }),
    );
    expect(response).toMatchObject({ status: 'Accepted', interval: 30 });
  });

  it('answers Pending, marks the charge point pending and asks the operator hook', async () => {
    const storage = new MemoryStorage();
    const followUps = recordingFollowUps();
    const params = bootFixture();
    const response = await bootNotification(
      handlerContext('BootNotification', params, { storage }),
      handlerDeps({ bootPolicy: pendingUntilDecided, followUps }),
    );
    expect(response).toMatchObject({ status: 'Pending', interval: 60 });
    expect(await storage.chargePoints.get('CP001')).toMatchObject({
      admission: 'Pending',
      registrationStatus: 'Pending',
    });
    expect(followUps.calls).toEqual([['pendingBoot', 'CP001', params]]);
  });

  it('keeps a rejection by the operator under the pending policy', async () => {
    const storage = new MemoryStorage();
    await storage.chargePoints.setAdmission('CP001', 'Rejected', '2025-01-01T00:00:00.000Z');
    const response = await bootNotification(
      handlerContext('BootNotification', bootFixture(), { storage }),
      handlerDeps({ bootPolicy: pendingUntilDecided }),
    );
    expect(response.status).toBe('Rejected');
  });

  it('rejects a charge point the operator rejected, even under accept-all', async () => {
    const storage = new MemoryStorage();
    await storage.chargePoints.setAdmission('CP001', 'Rejected', '2025-01-01T00:00:00.000Z');
    expect(
      (await bootNotification(handlerContext('BootNotification', bootFixture(), { storage }), handlerDeps()))
        .status,
    ).toBe('Rejected');
  });

  it('uses the interval a custom policy gives', async () => {
    const response = await bootNotification(
      handlerContext('BootNotification', bootFixture({ chargePointVendor: 'Other' })),
      handlerDeps({
        bootPolicy: ({ params }) =>
          params.chargePointVendor === 'Levity'
            ? { status: 'Accepted' }
            : { status: 'Rejected', interval: 3600 },
      }),
    );
    expect(response).toMatchObject({ status: 'Rejected', interval: 3600 });
  });
});

describe('DataTransfer', () => {
  it('answers UnknownVendorId and UnknownMessageId as the spec says, and stores every transfer', async () => {
    const storage = new MemoryStorage();
    const dataTransfers = new DataTransferRegistry();
    dataTransfers.add('com.acme', 'Price', async ({ data }) => ({
      status: 'Accepted',
      data: `price for ${data}`,
    }));
    const deps = handlerDeps({ dataTransfers });
    const send = (params: { vendorId: string; messageId?: string; data?: string }) =>
      dataTransfer(handlerContext('DataTransfer', params, { storage }), deps);

    expect(await send({ vendorId: 'com.other' })).toEqual({ status: 'UnknownVendorId' });
    expect(await send({ vendorId: 'com.acme', messageId: 'Weather' })).toEqual({
      status: 'UnknownMessageId',
    });
    expect(await send({ vendorId: 'com.acme', messageId: 'Price', data: 'CP1' })).toEqual({
      status: 'Accepted',
      data: 'price for CP1',
    });
    const stored = await storage.dataTransfers.list();
    expect(stored.map((t) => [t.vendorId, t.messageId, t.data, t.status, t.responseData])).toEqual([
      ['com.acme', 'Price', 'CP1', 'Accepted', 'price for CP1'],
      ['com.acme', 'Weather', null, 'UnknownMessageId', null],
      ['com.other', null, null, 'UnknownVendorId', null],
    ]);
  });

  it('falls back to the vendor’s catch-all handler', async () => {
    const dataTransfers = new DataTransferRegistry();
    dataTransfers.add('com.acme', undefined, () => ({ status: 'Rejected' }));
    expect(
      await dataTransfer(
        handlerContext('DataTransfer', { vendorId: 'com.acme', messageId: 'Anything' }),
        handlerDeps({ dataTransfers }),
      ),
    ).toEqual({ status: 'Rejected' });
  });

  it('refuses bad registrations at once', () => {
    const registry = new DataTransferRegistry();
    expect(() => registry.add('', undefined, () => ({ status: 'Accepted' }))).toThrow(/vendorId/);
    expect(() => registry.add('v', 'm'.repeat(51), () => ({ status: 'Accepted' }))).toThrow(/messageId/);
    expect(() => registry.add('v', undefined, 'nope' as never)).toThrow(/function/);
  });
});

describe('security extension messages', () => {
  it('stores a SecurityEventNotification with its timestamp in UTC', async () => {
    const storage = new MemoryStorage();
    await securityEventNotification(
      handlerContext(
        'SecurityEventNotification',
        { type: 'FirmwareUpdated', timestamp: '2025-01-01T12:00:00+02:00', techInfo: 'v2' },
        { storage },
      ),
      handlerDeps(),
    );
    expect(await storage.securityEvents.list()).toMatchObject([
      {
        chargePointId: 'CP001',
        type: 'FirmwareUpdated',
        timestamp: '2025-01-01T10:00:00.000Z',
        techInfo: 'v2',
      },
    ]);
  });

  it('rejects SignCertificate without a signer and accepts it with one, storing the CSR either way', async () => {
    const storage = new MemoryStorage();
    const followUps = recordingFollowUps();
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----';
    expect(
      await signCertificate(
        handlerContext('SignCertificate', { csr }, { storage }),
        handlerDeps({ followUps }),
      ),
    ).toEqual({
      status: 'Rejected',
    });
    expect(
      await signCertificate(
        handlerContext('SignCertificate', { csr }, { storage }),
        handlerDeps({ followUps, canSignCertificates: true }),
      ),
    ).toEqual({ status: 'Accepted' });
    const requests = await storage.certificateRequests.list();
    expect(requests.map((r) => [r.status, r.csr])).toEqual([
      ['Accepted', csr],
      ['Rejected', csr],
    ]);
    expect(followUps.calls).toEqual([['certificateRequested', 'CP001', requests[0]?.id]]);
  });

  it('keeps the history of log and signed firmware statuses with their requestId', async () => {
    const storage = new MemoryStorage();
    await logStatusNotification(
      handlerContext('LogStatusNotification', { status: 'Uploading', requestId: 7 }, { storage }),
      handlerDeps(),
    );
    await signedFirmwareStatusNotification(
      handlerContext(
        'SignedFirmwareStatusNotification',
        { status: 'InvalidSignature', requestId: 9 },
        { storage },
      ),
      handlerDeps(),
    );
    expect((await storage.statusReports.list()).map((r) => [r.kind, r.status, r.requestId])).toEqual([
      ['SignedFirmware', 'InvalidSignature', 9],
      ['Log', 'Uploading', 7],
    ]);
    expect((await storage.chargePoints.get('CP001'))?.firmwareStatus).toBe('InvalidSignature');
  });
});
