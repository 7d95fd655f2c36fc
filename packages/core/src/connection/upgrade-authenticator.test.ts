import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../event-emitter.js';
import { silentLogger } from '../logger.js';
import { hashPassword } from '../security/password-hash.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import { UpgradeAuthenticator } from './upgrade-authenticator.js';

/** What the authenticator reads of an upgrade request: the socket and the Authorization header. */
const upgrade = (id: string, password: string) =>
  ({
    socket: { remoteAddress: '192.0.2.1' },
    headers: { authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` },
  }) as unknown as IncomingMessage;

async function authenticator(verification?: { concurrency: number; queue: number }) {
  const storage = new MemoryStorage();
  await storage.chargePointSecurity.update(
    'CP001',
    { securityProfile: 1, passwordHash: await hashPassword('sixteen-chars-ok') },
    '2026-01-01T00:00:00.000Z',
  );
  const writes: Promise<unknown>[] = [];
  const subject = new UpgradeAuthenticator({
    storage,
    logger: silentLogger,
    events: new TypedEmitter(silentLogger),
    clock: () => new Date(),
    securityProfile: 0,
    limits: { maxFailures: 0, windowMs: 60_000, backoffMs: 1000, maxBackoffMs: 16_000 },
    track: (write) => writes.push(write),
    ...(verification ? { verification } : {}),
  });
  return { subject, storage, settled: () => Promise.all(writes) };
}

describe('UpgradeAuthenticator', () => {
  it('meets the stored profile with the right password and refuses a wrong one', async () => {
    const { subject, storage, settled } = await authenticator();
    expect(await subject.check(upgrade('CP001', 'sixteen-chars-ok'), 'CP001')).toStrictEqual({
      ok: true,
      securityProfile: 1,
    });
    expect(await subject.check(upgrade('CP001', 'sixteen-chars-no'), 'CP001')).toMatchObject({
      ok: false,
      status: 401,
    });
    await settled();
    expect(await storage.connectionRefusals.list()).toMatchObject([{ reason: 'InvalidCredentials' }]);
  });

  it('defers upgrades with 503 and Retry-After when too many password checks wait, and records no refusal', async () => {
    const { subject, storage, settled } = await authenticator({ concurrency: 1, queue: 1 });
    const answers = await Promise.all(
      [1, 2, 3].map(() => subject.check(upgrade('CP001', 'sixteen-chars-ok'), 'CP001')),
    );
    expect(answers.filter((answer) => answer.ok)).toHaveLength(2);
    expect(answers.find((answer) => !answer.ok)).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
    });
    await settled();
    expect(await storage.connectionRefusals.list()).toStrictEqual([]);
  });
});
