import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';
import { fixture, recordMessages } from './support/commands.js';

describe('TriggerMessage', () => {
  it('sends BootNotification, Heartbeat, StatusNotification and MeterValues after its answer', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-TRG');
    const log = recordMessages(bed.cs, 'CP-TRG');
    const cp = bed.cs.chargePoint('CP-TRG');
    const trigger = async (
      requestedMessage: 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues',
      connectorId?: number,
    ) => {
      const before = log.messages.length;
      expect(
        await cp.call('TriggerMessage', {
          requestedMessage,
          ...(connectorId === undefined ? {} : { connectorId }),
        }),
      ).toEqual({ status: 'Accepted' });
      return eventually(() => {
        const sent = log.messages.slice(before).filter((m) => m.action === requestedMessage);
        expect(sent.length).toBeGreaterThan(0);
        return sent;
      });
    };
    expect(await trigger('BootNotification')).toHaveLength(1);
    expect(await trigger('Heartbeat')).toHaveLength(1);
    expect((await bed.storage.chargePoints.get('CP-TRG'))?.lastHeartbeatAt).not.toBeNull();
    expect((await trigger('StatusNotification', 2)).map((m) => m.request.connectorId)).toEqual([2]);
    // Without a connector: connector 0 and every connector.
    const before = log.messages.length;
    await cp.call('TriggerMessage', { requestedMessage: 'StatusNotification' });
    await eventually(() =>
      expect(log.messages.slice(before).map((m) => m.request.connectorId)).toEqual([0, 1, 2]),
    );
    const [meterValues] = await trigger('MeterValues', 1);
    expect(meterValues?.request).toMatchObject({
      connectorId: 1,
      meterValue: [
        { sampledValue: expect.arrayContaining([expect.objectContaining({ context: 'Trigger' })]) },
      ],
    });
  });

  it('sends the diagnostics and firmware statuses: Idle when nothing is going on', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-TRG2');
    const cp = bed.cs.chargePoint('CP-TRG2');
    await cp.call('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' });
    await cp.call('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    await eventually(async () => {
      const reports = await bed.storage.statusReports.list({ chargePointId: 'CP-TRG2' });
      expect(reports.map((r) => `${r.kind}:${r.status}`).sort()).toEqual([
        'Diagnostics:Idle',
        'Firmware:Idle',
      ]);
    });
  });

  it('rejects a connector that does not exist', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-TRG3');
    expect(
      await bed.cs
        .chargePoint('CP-TRG3')
        .call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 3 }),
    ).toEqual({ status: 'Rejected' });
  });
});

describe('ExtendedTriggerMessage', () => {
  it('sends LogStatusNotification and SignedFirmwareStatusNotification (Idle)', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-ETRG');
    const cp = bed.cs.chargePoint('CP-ETRG');
    for (const requestedMessage of ['LogStatusNotification', 'FirmwareStatusNotification'] as const) {
      expect(await cp.call('ExtendedTriggerMessage', { requestedMessage })).toEqual({ status: 'Accepted' });
    }
    await eventually(async () => {
      const reports = await bed.storage.statusReports.list({ chargePointId: 'CP-ETRG' });
      expect(reports.map((r) => `${r.kind}:${r.status}`).sort()).toEqual(['Log:Idle', 'SignedFirmware:Idle']);
    });
  });

  it('SignChargePointCertificate sends a CSR; the signed chain comes back with CertificateSigned and is installed', async () => {
    const csrs: string[] = [];
    await using bed = await startTestBed({
      certificateSigner: async ({ csr }) => {
        csrs.push(csr);
        return fixture('charge-point-chain.pem');
      },
    });
    const sim = await bed.sim('CP-CSR', { configuration: { CpoName: 'Levity CPO' } });
    expect(
      await bed.cs
        .chargePoint('CP-CSR')
        .call('ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' }),
    ).toEqual({ status: 'Accepted' });
    await eventually(async () => {
      const [request] = await bed.storage.certificateRequests.list({ chargePointId: 'CP-CSR' });
      expect(request?.status).toBe('Signed');
    });
    expect(csrs[0]).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(sim.state.certificates.chargePointCertificate?.subject).toContain('CN=SIM-CERT');
  });
});
