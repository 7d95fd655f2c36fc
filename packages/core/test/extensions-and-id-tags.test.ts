import { describe, expect, it } from 'vitest';
import { bootNotification, startTransaction } from './support/fixtures.js';
import { startServer } from './support/server.js';

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('vendor extensions through cs.dataTransfer', () => {
  it('route DataTransfer by vendorId and messageId, and store every one', async () => {
    await using server = await startServer();
    server.cs.dataTransfer('com.acme', 'Ping', async ({ chargePointId, data }) => ({
      status: 'Accepted',
      data: `pong ${chargePointId} ${data}`,
    }));
    const cp = await server.connect('VENDOR');
    await cp.call('BootNotification', bootNotification());
    expect(await cp.call('DataTransfer', { vendorId: 'com.acme', messageId: 'Ping', data: '1' })).toEqual({
      status: 'Accepted',
      data: 'pong VENDOR 1',
    });
    expect(await cp.call('DataTransfer', { vendorId: 'com.acme', messageId: 'Other' })).toEqual({
      status: 'UnknownMessageId',
    });
    expect(await cp.call('DataTransfer', { vendorId: 'org.unknown' })).toEqual({ status: 'UnknownVendorId' });
    expect(await server.storage.dataTransfers.list({ chargePointId: 'VENDOR' })).toHaveLength(3);
  });
});

describe('the security extension', () => {
  it('signs an accepted CSR and delivers the chain with CertificateSigned', async () => {
    await using server = await startServer({
      certificateSigner: async ({ chargePointId, csr }) =>
        `-----BEGIN CERTIFICATE-----\n${chargePointId}:${csr.length}\n-----END CERTIFICATE-----`,
    });
    const cp = await server.connect('SECURE');
    const received: unknown[] = [];
    cp.handle('CertificateSigned', async ({ params }) => {
      received.push(params);
      return { status: 'Accepted' };
    });
    await cp.call('BootNotification', bootNotification());
    expect(await cp.call('SignCertificate', { csr: 'CSR-PEM' })).toEqual({ status: 'Accepted' });
    await waitFor(async () => (await server.storage.certificateRequests.list())[0]?.status === 'Signed');
    expect(received).toEqual([
      { certificateChain: '-----BEGIN CERTIFICATE-----\nSECURE:7\n-----END CERTIFICATE-----' },
    ]);
  });

  it('records a signer failure without bothering the charge point', async () => {
    await using server = await startServer({
      certificateSigner: async () => {
        throw new Error('CA offline');
      },
    });
    const cp = await server.connect('SECURE');
    await cp.call('BootNotification', bootNotification());
    await cp.call('SignCertificate', { csr: 'CSR-PEM' });
    await waitFor(async () => (await server.storage.certificateRequests.list())[0]?.status === 'Failed');
    expect((await server.storage.certificateRequests.list())[0]?.failureReason).toContain('CA offline');
  });

  it('stores security events and log and firmware statuses', async () => {
    await using server = await startServer();
    const cp = await server.connect('SECURE');
    await cp.call('BootNotification', bootNotification());
    await cp.call('SecurityEventNotification', {
      type: 'TamperDetectionActivated',
      timestamp: '2025-01-01T00:00:00Z',
    });
    await cp.call('LogStatusNotification', { status: 'Uploaded', requestId: 3 });
    await cp.call('SignedFirmwareStatusNotification', { status: 'SignatureVerified', requestId: 4 });
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' });
    await cp.call('FirmwareStatusNotification', { status: 'Downloading' });
    expect((await server.storage.securityEvents.list()).map((e) => e.type)).toEqual([
      'TamperDetectionActivated',
    ]);
    expect(
      (await server.storage.statusReports.list({ chargePointId: 'SECURE' })).map((r) => [r.kind, r.status]),
    ).toEqual([
      ['Firmware', 'Downloading'],
      ['Diagnostics', 'Uploading'],
      ['SignedFirmware', 'SignatureVerified'],
      ['Log', 'Uploaded'],
    ]);
  });
});

describe('authorization by the id-tag store', () => {
  it('answers from cs.idTags: unknown Invalid, added Accepted, blocked Blocked, concurrent ConcurrentTx', async () => {
    await using server = await startServer({ authorizationPolicy: 'id-tags' });
    const cp = await server.connect('AUTH');
    await cp.call('BootNotification', bootNotification());
    expect(await cp.call('Authorize', { idTag: 'CARD-1' })).toEqual({ idTagInfo: { status: 'Invalid' } });

    await server.cs.idTags.add({
      idTag: 'CARD-1',
      parentIdTag: 'FLEET',
      expiryDate: '2099-01-01T00:00:00+01:00',
    });
    expect(await cp.call('Authorize', { idTag: 'card-1' })).toEqual({
      idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET', expiryDate: '2098-12-31T23:00:00.000Z' },
    });
    const first = (await cp.call('StartTransaction', startTransaction({ idTag: 'CARD-1' }))) as {
      idTagInfo: { status: string };
    };
    const second = (await cp.call(
      'StartTransaction',
      startTransaction({ idTag: 'CARD-1', connectorId: 2, timestamp: '2025-01-01T10:01:00Z' }),
    )) as { idTagInfo: { status: string }; transactionId: number };
    expect([first.idTagInfo.status, second.idTagInfo.status]).toEqual(['Accepted', 'ConcurrentTx']);

    await server.cs.idTags.block('CARD-1');
    expect(await cp.call('Authorize', { idTag: 'CARD-1' })).toMatchObject({
      idTagInfo: { status: 'Blocked' },
    });
    expect(await server.cs.idTags.remove('CARD-1')).toBe(true);
    expect(await cp.call('Authorize', { idTag: 'CARD-1' })).toEqual({ idTagInfo: { status: 'Invalid' } });
  });

  it('refuses bad id tags with a clear error', async () => {
    await using server = await startServer();
    await expect(server.cs.idTags.add({ idTag: 'X'.repeat(21) })).rejects.toMatchObject({
      code: 'LEVITY_ERR_INVALID_ARGUMENT',
    });
    await server.cs.idTags.add({ idTag: 'DUP' });
    await expect(server.cs.idTags.add({ idTag: 'dup' })).rejects.toMatchObject({
      code: 'LEVITY_ERR_CONFLICT',
    });
    await expect(server.cs.idTags.update('NOPE', { note: 'x' })).rejects.toMatchObject({
      code: 'LEVITY_ERR_NOT_FOUND',
    });
    await expect(server.cs.idTags.add({ idTag: 'D2', expiryDate: 'tomorrow' })).rejects.toMatchObject({
      code: 'LEVITY_ERR_INVALID_ARGUMENT',
    });
  });
});
