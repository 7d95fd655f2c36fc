import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';
import { fixture } from './support/commands.js';

/** The stored status reports of one kind, oldest first, as `status` or `status#requestId`. */
async function reports(
  bed: Awaited<ReturnType<typeof startTestBed>>,
  chargePointId: string,
  kind: 'Diagnostics' | 'Firmware' | 'Log' | 'SignedFirmware',
): Promise<string[]> {
  const stored = await bed.storage.statusReports.list({ chargePointId, kind });
  return stored.reverse().map((r) => (r.requestId === null ? r.status : `${r.status}#${r.requestId}`));
}

describe('GetDiagnostics', () => {
  it('answers a file name, then reports Uploading → Uploaded', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-DIAG');
    const answer = await bed.cs
      .chargePoint('CP-DIAG')
      .call('GetDiagnostics', { location: 'ftp://diag.example.com/in', retries: 1 });
    expect(answer.fileName).toMatch(/^diagnostics-CP-DIAG-\d{8}T\d{6}Z\.log$/);
    await eventually(async () =>
      expect(await reports(bed, 'CP-DIAG', 'Diagnostics')).toEqual(['Uploading', 'Uploaded']),
    );
    expect((await bed.storage.chargePoints.get('CP-DIAG'))?.diagnosticsStatus).toBe('Uploaded');
  });
});

describe('UpdateFirmware', () => {
  it('reports Downloading → Downloaded → Installing, reboots, reports Installed and boots with the new version', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-FW');
    let boots = 0;
    sim.on('booted', () => boots++);
    expect(
      await bed.cs.chargePoint('CP-FW').call('UpdateFirmware', {
        location: 'https://fw.example.com/images/sim-2.1.0.bin',
        retrieveDate: new Date().toISOString(),
      }),
    ).toEqual({});
    await eventually(async () =>
      expect(await reports(bed, 'CP-FW', 'Firmware')).toEqual([
        'Downloading',
        'Downloaded',
        'Installing',
        'Installed',
      ]),
    );
    expect(boots).toBe(1);
    expect((await bed.storage.chargePoints.get('CP-FW'))?.firmwareVersion).toBe('sim-2.1.0');
  });

  it('waits for the retrieve date', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-FW-LATER');
    const retrieveDate = new Date(Date.now() + 400).toISOString();
    await bed.cs
      .chargePoint('CP-FW-LATER')
      .call('UpdateFirmware', { location: 'https://fw.example.com/x.bin', retrieveDate });
    await eventually(async () =>
      expect(await reports(bed, 'CP-FW-LATER', 'Firmware')).toContain('Downloading'),
    );
    const [first] = await bed.storage.statusReports.list({
      chargePointId: 'CP-FW-LATER',
      kind: 'Firmware',
      limit: 1,
    });
    expect(Date.parse(first?.receivedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(retrieveDate) - 50);
  });
});

describe('SignedUpdateFirmware', () => {
  it('reports the secure update sequence with its requestId and reboots', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-SFW');
    const rebooted = sim.waitFor('booted');
    expect(
      await bed.cs.chargePoint('CP-SFW').call('SignedUpdateFirmware', {
        requestId: 31,
        firmware: {
          location: 'https://fw.example.com/sim-4.0.0.bin',
          retrieveDateTime: new Date().toISOString(),
          signingCertificate: fixture('root-ca.pem'),
          signature: 'c2ln',
        },
      }),
    ).toEqual({ status: 'Accepted' });
    await rebooted;
    await eventually(async () =>
      expect(await reports(bed, 'CP-SFW', 'SignedFirmware')).toEqual([
        'Downloading#31',
        'Downloaded#31',
        'SignatureVerified#31',
        'Installing#31',
        'InstallRebooting#31',
        'Installed#31',
      ]),
    );
  });

  it('answers InvalidCertificate for a signing certificate that does not parse, with a security event', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-SFW-BAD');
    expect(
      await bed.cs.chargePoint('CP-SFW-BAD').call('SignedUpdateFirmware', {
        requestId: 1,
        firmware: {
          location: 'https://fw.example.com/x.bin',
          retrieveDateTime: new Date().toISOString(),
          signingCertificate: 'not a certificate',
          signature: 'c2ln',
        },
      }),
    ).toEqual({ status: 'InvalidCertificate' });
    await eventually(async () =>
      expect(
        (await bed.storage.securityEvents.list({ chargePointId: 'CP-SFW-BAD' })).map((e) => e.type),
      ).toEqual(['InvalidFirmwareSigningCertificate']),
    );
  });
});

describe('GetLog', () => {
  it('answers a file name, then reports Uploading → Uploaded with the requestId', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-LOG');
    const answer = await bed.cs.chargePoint('CP-LOG').call('GetLog', {
      log: { remoteLocation: 'https://logs.example.com/in' },
      logType: 'SecurityLog',
      requestId: 5,
    });
    expect(answer).toMatchObject({
      status: 'Accepted',
      filename: expect.stringMatching(/^security-CP-LOG-.+\.log$/),
    });
    await eventually(async () =>
      expect(await reports(bed, 'CP-LOG', 'Log')).toEqual(['Uploading#5', 'Uploaded#5']),
    );
  });

  it('cancels an upload in progress for a new request (AcceptedCanceled)', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-LOG2', { timing: { uploadStepMs: 2000 } });
    const cp = bed.cs.chargePoint('CP-LOG2');
    const request = (requestId: number) =>
      cp.call('GetLog', {
        log: { remoteLocation: 'https://logs.example.com/in' },
        logType: 'DiagnosticsLog',
        requestId,
      });
    expect((await request(1)).status).toBe('Accepted');
    await eventually(async () => expect(await reports(bed, 'CP-LOG2', 'Log')).toEqual(['Uploading#1']));
    expect((await request(2)).status).toBe('AcceptedCanceled');
    await eventually(
      async () =>
        expect(await reports(bed, 'CP-LOG2', 'Log')).toEqual(['Uploading#1', 'Uploading#2', 'Uploaded#2']),
      10_000,
    );
  });
});
