import type { CentralSystemAction, Request } from '@levity/core';
import { CallErrorResponse, CallTimeoutError, CENTRAL_SYSTEM_ACTIONS, LevityError } from '@levity/core';
import { createRPCError } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import { createSimulatedChargePoint } from '../src/index.js';
import { eventually, startTestBed } from './support/central-system.js';
import { sampleParams } from './support/commands.js';

const REFUSALS: Record<CentralSystemAction, unknown> = {
  CancelReservation: { status: 'Rejected' },
  ChangeAvailability: { status: 'Rejected' },
  ChangeConfiguration: { status: 'Rejected' },
  ClearCache: { status: 'Rejected' },
  ClearChargingProfile: { status: 'Unknown' },
  DataTransfer: { status: 'Rejected' },
  GetCompositeSchedule: { status: 'Rejected' },
  GetConfiguration: { unknownKey: ['HeartbeatInterval'] },
  GetDiagnostics: {},
  GetLocalListVersion: { listVersion: -1 },
  RemoteStartTransaction: { status: 'Rejected' },
  RemoteStopTransaction: { status: 'Rejected' },
  ReserveNow: { status: 'Rejected' },
  Reset: { status: 'Rejected' },
  SendLocalList: { status: 'Failed' },
  SetChargingProfile: { status: 'Rejected' },
  TriggerMessage: { status: 'Rejected' },
  UnlockConnector: { status: 'UnlockFailed' },
  UpdateFirmware: {},
  CertificateSigned: { status: 'Rejected' },
  DeleteCertificate: { status: 'Failed' },
  ExtendedTriggerMessage: { status: 'Rejected' },
  GetInstalledCertificateIds: { status: 'NotFound' },
  GetLog: { status: 'Rejected' },
  InstallCertificate: { status: 'Rejected' },
  SignedUpdateFirmware: { status: 'Rejected' },
};

/** Calls `action` with its sample params, whatever its type. */
function callSample(bed: Awaited<ReturnType<typeof startTestBed>>, id: string, action: CentralSystemAction) {
  const params = sampleParams()[action] as Request<typeof action>;
  return bed.cs.chargePoint(id).call(action, params as never, { timeoutMs: 5000 });
}

describe("'accept' (the default)", () => {
  it.each(CENTRAL_SYSTEM_ACTIONS)('answers %s with a CALLRESULT', async (action) => {
    await using bed = await startTestBed();
    const sim = await bed.sim(`CP-ACC-${action}`.slice(0, 48));
    const received = sim.waitFor('received');
    await expect(callSample(bed, sim.id, action)).resolves.toBeDefined();
    expect(await received).toMatchObject({ action, behaviour: 'accept' });
  });
});

describe("'reject'", () => {
  it.each(CENTRAL_SYSTEM_ACTIONS)('answers %s with its refusal', async (action) => {
    await using bed = await startTestBed();
    const sim = await bed.sim(`CP-REJ-${action}`.slice(0, 48), { behaviours: { [action]: 'reject' } });
    expect(await callSample(bed, sim.id, action)).toEqual(REFUSALS[action]);
  });

  it('fails the download of a refused UpdateFirmware', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-REJ-FW', { behaviours: { UpdateFirmware: 'reject' } });
    await callSample(bed, 'CP-REJ-FW', 'UpdateFirmware');
    await eventually(async () => {
      const reports = await bed.storage.statusReports.list({ chargePointId: 'CP-REJ-FW', kind: 'Firmware' });
      expect(reports.map((r) => r.status).reverse()).toEqual(['Downloading', 'DownloadFailed']);
    });
  });
});

describe("'callerror'", () => {
  it('answers a CALLERROR NotSupported by default', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-CE', { behaviours: { Reset: 'callerror' } });
    const error = await callSample(bed, 'CP-CE', 'Reset').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallErrorResponse);
    expect(error).toMatchObject({ code: 'LEVITY_ERR_CALL_ERROR', errorCode: 'NotSupported' });
  });

  it('answers the code configured for the simulator, or for the action', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-CE2', {
      callErrorCode: 'GenericError',
      behaviours: {
        ClearCache: 'callerror',
        DataTransfer: { callerror: 'InternalError', description: 'boom' },
      },
    });
    await expect(callSample(bed, sim.id, 'ClearCache')).rejects.toMatchObject({ errorCode: 'GenericError' });
    await expect(callSample(bed, sim.id, 'DataTransfer')).rejects.toMatchObject({
      errorCode: 'InternalError',
      errorDescription: 'boom',
    });
  });
});

describe("'timeout'", () => {
  it('never answers: the call times out, and the next call is answered', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-TO', { behaviours: { GetConfiguration: 'timeout' } });
    const cp = bed.cs.chargePoint('CP-TO');
    const error = await cp.call('GetConfiguration', {}, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallTimeoutError);
    expect(error).toMatchObject({ code: 'LEVITY_ERR_CALL_TIMEOUT', timeoutMs: 300 });
    sim.setBehaviour('GetConfiguration', 'accept');
    expect(
      (await cp.call('GetConfiguration', { key: ['NumberOfConnectors'] })).configurationKey,
    ).toHaveLength(1);
  });
});

describe("'disconnect'", () => {
  it('closes the socket mid-call (LEVITY_ERR_CALL_FAILED), then reconnects and answers again', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-DC', { behaviours: { ChangeConfiguration: 'disconnect' } });
    const reconnected = sim.waitFor('connected');
    const error = await callSample(bed, 'CP-DC', 'ChangeConfiguration').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LevityError);
    expect(error).toMatchObject({ code: 'LEVITY_ERR_CALL_FAILED' });
    await reconnected;
    sim.setBehaviour('ChangeConfiguration', 'accept');
    await eventually(() => expect(bed.cs.connectedChargePoints()).toContain('CP-DC'));
    expect(await callSample(bed, 'CP-DC', 'ChangeConfiguration')).toEqual({ status: 'Accepted' });
  });
});

describe('custom behaviours', () => {
  it('answer what the function returns; it gets the params and the simulator', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-FN');
    const seen: unknown[] = [];
    sim.setBehaviour('RemoteStartTransaction', (params, self) => {
      seen.push(params, self.id);
      return { status: params.idTag === 'VIP' ? 'Accepted' : 'Rejected' };
    });
    const cp = bed.cs.chargePoint('CP-FN');
    expect(await cp.call('RemoteStartTransaction', { idTag: 'VIP' })).toEqual({ status: 'Accepted' });
    expect(await cp.call('RemoteStartTransaction', { idTag: 'X' })).toEqual({ status: 'Rejected' });
    expect(seen).toEqual([{ idTag: 'VIP' }, 'CP-FN', { idTag: 'X' }, 'CP-FN']);
    expect(sim.behaviour('RemoteStartTransaction')).toBeTypeOf('function');
  });

  it('answer InternalError when the function throws, or its own CALLERROR', async () => {
    const logged: string[] = [];
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-FN2', { log: (entry) => logged.push(entry.message) });
    sim.setBehaviour('ClearCache', () => {
      throw new Error('secret detail');
    });
    sim.setBehaviour('Reset', () => {
      throw createRPCError('SecurityError', 'not you');
    });
    const error = await callSample(bed, 'CP-FN2', 'ClearCache').catch((e: unknown) => e);
    expect(error).toMatchObject({
      errorCode: 'InternalError',
      errorDescription: 'ClearCache could not be processed',
    });
    expect(logged).toContain('answering ClearCache failed; answered InternalError');
    await expect(callSample(bed, 'CP-FN2', 'Reset')).rejects.toMatchObject({ errorCode: 'SecurityError' });
  });

  it('answer InternalError when the function returns something the schema forbids', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-FN3');
    sim.setBehaviour('Reset', () => ({ status: 'Maybe' }) as never);
    await expect(callSample(bed, 'CP-FN3', 'Reset')).rejects.toMatchObject({ errorCode: 'InternalError' });
  });
});

describe('setBehaviour', () => {
  it('changes the answer at run time', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-SB');
    const cp = bed.cs.chargePoint('CP-SB');
    sim.setBehaviour('Reset', 'reject');
    expect(await cp.call('Reset', { type: 'Soft' })).toEqual({ status: 'Rejected' });
    sim.setBehaviour('Reset', 'accept');
    const rebooted = sim.waitFor('booted');
    expect(await cp.call('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await rebooted;
  });

  it('refuses a behaviour that does not exist and an action a central system does not send', () => {
    const sim = createSimulatedChargePoint({ url: 'ws://127.0.0.1:1/ws', id: 'OFFLINE' });
    expect(() => sim.setBehaviour('Reset', 'sulk' as never)).toThrow(
      expect.objectContaining({ code: 'LEVITY_ERR_INVALID_ARGUMENT' }),
    );
    expect(() => sim.setBehaviour('Reset', { callerror: 'Oops' } as never)).toThrow(
      expect.objectContaining({ code: 'LEVITY_ERR_INVALID_ARGUMENT' }),
    );
    expect(() => sim.setBehaviour('Heartbeat' as never, 'reject')).toThrow(
      expect.objectContaining({ code: 'LEVITY_ERR_UNKNOWN_ACTION' }),
    );
    expect(() =>
      createSimulatedChargePoint({ url: 'ws://x/ws', id: 'X', behaviours: { Reset: 'nope' as never } }),
    ).toThrow(expect.objectContaining({ code: 'LEVITY_ERR_INVALID_ARGUMENT' }));
  });
});

describe('options', () => {
  it.each([
    [{ url: 'http://host/ws', id: 'X' }, 'url'],
    [{ url: 'ws://host/ws', id: '' }, 'id'],
    [{ url: 'ws://host/ws', id: 'X', connectors: 0 }, 'connectors'],
    [{ url: 'ws://host/ws', id: 'X', timing: { rebootMs: -1 } }, 'timing.rebootMs'],
  ])('refuse %j, naming %s', (options, name) => {
    expect(() => createSimulatedChargePoint(options)).toThrow(
      expect.objectContaining({
        code: 'LEVITY_ERR_INVALID_OPTION',
        message: expect.stringContaining(`"${name}"`),
      }),
    );
  });
});
