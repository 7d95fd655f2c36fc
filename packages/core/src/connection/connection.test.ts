import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { RegistrationStatus } from '../storage/records.js';
import { ChargePointConnection, ChargePointLogger } from './connection.js';

function connection(loadRegistration: () => Promise<RegistrationStatus | null> = async () => null) {
  const reads: string[] = [];
  const made = new ChargePointConnection({
    chargePointId: 'CP1',
    client: {},
    remoteAddress: null,
    protocol: 'ocpp1.6',
    connectedAt: '2025-01-01T00:00:00.000Z',
    logger: silentLogger,
    loadRegistration: (id) => {
      reads.push(id);
      return loadRegistration();
    },
  });
  return { connection: made, reads };
}

describe('a charge point connection', () => {
  it('reads its registration from storage only when first asked, and only once', async () => {
    const { connection: cp, reads } = connection(async () => 'Pending');
    expect(reads).toEqual([]);
    await Promise.all([cp.registrationLoaded(), cp.registrationLoaded()]);
    await cp.registrationLoaded();
    expect(reads).toEqual(['CP1']);
    expect(cp.registration).toBe('Pending');
  });

  it('never reads storage once a BootNotification set the registration', async () => {
    const { connection: cp, reads } = connection(async () => 'Rejected');
    cp.registered('Accepted');
    await cp.registrationLoaded();
    expect(reads).toEqual([]);
    expect(cp.registration).toBe('Accepted');
  });

  it('keeps a boot answered while the stored registration was being read', async () => {
    let finish: (status: RegistrationStatus) => void = () => {};
    const { connection: cp } = connection(() => new Promise((resolve) => (finish = resolve)));
    const loading = cp.registrationLoaded();
    cp.registered('Accepted');
    finish('Pending');
    await loading;
    expect(cp.registration).toBe('Accepted');
  });

  it('makes its abort signal on demand, aborted when the connection closes', () => {
    const { connection: early } = connection();
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    early.closed();
    expect(signal.aborted).toBe(true);

    const { connection: late } = connection();
    late.closed();
    expect(late.signal.aborted).toBe(true);
  });
});

describe('a charge point logger', () => {
  it('binds its lines to the charge point without making a pino child, and makes one only for child()', () => {
    const lines: unknown[] = [];
    const children: Record<string, unknown>[] = [];
    const parent: Logger = {
      ...silentLogger,
      info: (obj, msg) => void lines.push({ ...obj, msg }),
      child(bindings) {
        children.push(bindings);
        return silentLogger;
      },
    };
    const log = new ChargePointLogger(parent, 'CP1');
    log.info({ n: 1 }, 'first');
    log.info({ n: 2 }, 'second');
    expect(children).toEqual([]);
    expect(lines).toEqual([
      { chargePointId: 'CP1', n: 1, msg: 'first' },
      { chargePointId: 'CP1', n: 2, msg: 'second' },
    ]);
    log.child({ action: 'Heartbeat' });
    expect(children).toEqual([{ chargePointId: 'CP1', action: 'Heartbeat' }]);
  });
});
