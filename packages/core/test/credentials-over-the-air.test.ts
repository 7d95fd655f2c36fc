import { RPCClient } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import { authorizationKeyOf, createCentralSystem, MemoryStorage, verifyPassword } from '../src/index.js';
import type { RpcClientOptions } from './support/server.js';
import { attemptUpgrade } from './support/upgrade.js';

const OLD = 'old-password-0001';
const NEW = 'new-password-0002';

/** A profile-1 central system with CP001 connected; CP001 answers ChangeConfiguration with `answer`. */
async function withChargePoint(answer: () => string) {
  const storage = new MemoryStorage();
  const cs = createCentralSystem({
    storage,
    securityProfile: 1,
    pingIntervalSeconds: 0,
    authFailureLimit: 0,
  });
  const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
  await cs.chargePoints.setPassword('CP001', OLD);
  const client = new RPCClient({
    endpoint: `ws://127.0.0.1:${port}/ws`,
    identity: 'CP001',
    password: OLD,
    protocols: ['ocpp1.6'],
    reconnect: false,
    pingIntervalMs: 0,
  } as RpcClientOptions);
  const received: unknown[] = [];
  client.handle('ChangeConfiguration', async ({ params }: { params?: unknown }) => {
    received.push(params);
    return { status: answer() };
  });
  await client.connect();
  return {
    cs,
    storage,
    port,
    received,
    async [Symbol.asyncDispose]() {
      await client.close({ force: true });
      await cs.close();
    },
  };
}

describe('AuthorizationKey over the air (whitepaper A01)', () => {
  it('sends the password hex-encoded and stores it when the charge point accepts; the old one works until then', async () => {
    let status = 'Rejected';
    await using system = await withChargePoint(() => status);
    expect(await system.cs.chargePoints.rotatePassword('CP001', { password: NEW })).toStrictEqual({
      status: 'Rejected',
      password: NEW,
    });
    expect(system.received).toStrictEqual([{ key: 'AuthorizationKey', value: authorizationKeyOf(NEW) }]);
    expect(authorizationKeyOf(NEW)).toBe(Buffer.from(NEW).toString('hex'));
    // Rejected: the old password stays valid (A01.FR.04). (An upgrade here would replace CP001's connection.)
    const stored = async () => (await system.storage.chargePointSecurity.get('CP001'))?.passwordHash ?? '';
    expect(await verifyPassword(OLD, await stored())).toBe(true);
    expect(await verifyPassword(NEW, await stored())).toBe(false);

    status = 'Accepted';
    const rotated = await system.cs.chargePoints.rotatePassword('CP001');
    expect(rotated.status).toBe('Accepted');
    expect(rotated.password).toMatch(/^[A-Za-z0-9]{20}$/);
    // Accepted: only the new one (A01.FR.03).
    expect((await attemptUpgrade(system.port, 'CP001', { password: rotated.password })).status).toBe(101);
    expect((await attemptUpgrade(system.port, 'CP001', { password: OLD })).status).toBe(401);
  });

  it('keeps the key out of the command log, the configuration and every record', async () => {
    await using system = await withChargePoint(() => 'Accepted');
    const { password } = await system.cs.chargePoints.rotatePassword('CP001');
    const hex = authorizationKeyOf(password);
    const commands = await system.cs.commands.list({ chargePointId: 'CP001' });
    expect(commands).toMatchObject([
      {
        action: 'ChangeConfiguration',
        params: { key: 'AuthorizationKey', value: '[redacted]' },
        status: 'Answered',
      },
    ]);
    const configuration = await system.cs.chargePoints.configuration('CP001');
    expect(configuration).toMatchObject([{ key: 'AuthorizationKey', value: null }]);
    const everything = JSON.stringify([
      commands,
      configuration,
      await system.storage.connectionRefusals.list(),
      await system.cs.chargePoints.credentials('CP001'),
    ]);
    expect(everything).not.toContain(hex);
    expect(everything).not.toContain(password);
  });
});

describe('SecurityProfile over the air (whitepaper A05)', () => {
  it('raises the stored profile only when the charge point accepts, and never lowers it from OCPP', async () => {
    let status = 'Rejected';
    await using system = await withChargePoint(() => status);
    expect(await system.cs.chargePoints.setSecurityProfile('CP001', 1)).toStrictEqual({
      securityProfile: 0,
      status: 'Rejected',
    });
    status = 'Accepted';
    expect(await system.cs.chargePoints.setSecurityProfile('CP001', 1)).toStrictEqual({
      securityProfile: 1,
      status: 'Accepted',
    });
    expect(system.received).toContainEqual({ key: 'SecurityProfile', value: '1' });
    // A lower profile sent as a raw command is not stored, whatever the answer (A00.FR.005).
    await system.cs.chargePoint('CP001').call('ChangeConfiguration', { key: 'SecurityProfile', value: '0' });
    expect((await system.cs.chargePoints.credentials('CP001')).securityProfile).toBe(1);
  });

  it('refuses a downgrade without allowDowngrade, and a raise without its prerequisites', async () => {
    await using system = await withChargePoint(() => 'Accepted');
    await system.cs.chargePoints.setSecurityProfile('CP001', 1);
    await expect(system.cs.chargePoints.setSecurityProfile('CP001', 0)).rejects.toMatchObject({
      code: 'LEVITY_ERR_CONFLICT',
      message: expect.stringMatching(/allowDowngrade/),
    });
    await expect(system.cs.chargePoints.setSecurityProfile('CP001', 2)).rejects.toMatchObject({
      code: 'LEVITY_ERR_CONFLICT',
      message: expect.stringMatching(/needs TLS/),
    });
    expect(
      await system.cs.chargePoints.setSecurityProfile('CP001', 0, { allowDowngrade: true }),
    ).toStrictEqual({
      securityProfile: 0,
      status: 'Stored',
    });
    expect(system.received.filter((params) => (params as { value: string }).value === '0')).toStrictEqual([]);
    await expect(system.cs.chargePoints.setSecurityProfile('CP001', 4 as never)).rejects.toMatchObject({
      code: 'LEVITY_ERR_INVALID_ARGUMENT',
    });
  });
});
