// End to end: named API tokens and their roles through the built `levity` binary, and
// the command log's actor.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  isStartupLine,
  killStragglers,
  runLevity,
  spawnLevity,
} from './support/levity-process.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'levity-tokens-e2e-'));
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

/** A running server on a fresh database, with its admin token (the token file) and a client runner. */
async function startLevity(name: string) {
  const db = join(dir, `${name}.db`);
  const levity = spawnLevity(
    ['--host', '127.0.0.1', '--port', '0', '--db', db, '--ping-interval', '0', '--log-file', ''],
    { cwd: dir },
  );
  const { port } = await levity.waitForLog(isStartupLine);
  const base = `http://127.0.0.1:${String(port)}`;
  const adminToken = readFileSync(`${db}.token`, 'utf8').trim();
  /** `levity ARGS --url BASE`, with the server's token file unless a token is given. */
  const cli = (args: string[], token?: string) =>
    runLevity([...args, '--url', base, ...(token === undefined ? ['--db', db] : ['--api-token', token])], {
      cwd: dir,
    });
  return {
    levity,
    port: port as number,
    base,
    adminToken,
    cli,
    [Symbol.asyncDispose]: () => levity[Symbol.asyncDispose](),
  };
}

describe('levity token', () => {
  // Ten runs of the binary, each a fresh Node process: slow on a busy machine.
  it('creates, lists and revokes named tokens whose roles the API enforces, and audits their commands', {
    timeout: 90_000,
  }, async () => {
    await using server = await startLevity('tokens');
    const { levity, port, base, adminToken, cli } = server;

    // The server's own token (the token file) is an admin token: it mints a read token.
    const created = await cli(['token', 'create', '--name', 'grafana', '--role', 'read']);
    expect(created.code).toBe(0);
    const readToken = created.stdout.trim();
    expect(created.stdout).toMatch(/^lvt_1_[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toBe('created token grafana (id 1, role read); it is shown only now\n');
    const ops = await cli(['token', 'create', '--name', 'ops', '--role', 'operate', '--json']);
    expect(ops.code).toBe(0);
    const opsToken = (JSON.parse(ops.stdout) as { token: string }).token;

    // A read token reads, and is refused every write with a clear 403.
    expect(await cli(['cp', 'list'], readToken)).toMatchObject({ code: 0, stderr: '' });
    expect(await cli(['cp', 'accept', 'CP-NEW'], readToken)).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'levity: 403 POST /api/charge-points/:id/accept needs a token with the operate role; token grafana has the read role\n',
    });
    expect(await cli(['token', 'create', '--name', 'mine', '--role', 'admin'], opsToken)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^levity: 403 POST \/api\/tokens needs a token with the admin role/),
    });

    // An operate token commands a charge point; the command log names it.
    const cp = new RPCClient({
      endpoint: `ws://127.0.0.1:${port}/ws`,
      identity: 'AUDIT-CP',
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
      callTimeoutMs: 10_000,
      pingIntervalMs: 0,
    } as Partial<ClientOptions> as ClientOptions);
    cp.handle('Reset', async () => ({ status: 'Accepted' }));
    await cp.connect();
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'Audit' });
    expect(await cli(['call', 'AUDIT-CP', 'Reset', '{"type":"Soft"}'], opsToken)).toMatchObject({ code: 0 });
    expect(await cli(['call', 'AUDIT-CP', 'Reset', '{"type":"Hard"}'])).toMatchObject({ code: 0 });
    const log = (await (
      await fetch(`${base}/api/commands`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).json()) as { items: { action: string; actor: string | null }[] };
    expect(log.items.map((command) => [command.action, command.actor])).toEqual([
      ['Reset', 'api-token'],
      ['Reset', 'token:ops'],
    ]);
    await cp.close();

    // The list shows names, roles and last use, never a secret.
    const listed = await cli(['token', 'list']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const [header, grafana, opsRow] = listed.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+ROLE\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(grafana).toMatch(/^1\s+grafana\s+read\s+\S+Z\s+\S+Z\s+-$/);
    expect(opsRow).toMatch(/^2\s+ops\s+operate\s/);
    expect(listed.stdout).not.toContain(readToken.slice(6));
    expect(listed.stdout).not.toContain(opsToken.slice(6));

    // Revoked: refused at once.
    expect(await cli(['token', 'revoke', 'grafana'])).toMatchObject({ code: 0, stdout: 'revoked grafana\n' });
    expect(await cli(['cp', 'list'], readToken)).toMatchObject({
      code: 1,
      stderr: 'levity: 401 a valid bearer token is required\n',
    });
    expect(await cli(['token', 'revoke', 'nobody'])).toMatchObject({
      code: 1,
      stderr: 'levity: 404 No token has the id or name "nobody"\n',
    });

    levity.child.kill('SIGTERM');
    const exit = await levity.exited;
    expect(exit).toMatchObject({ code: 0, stderr: '' });
    for (const token of [readToken, opsToken, adminToken]) expect(exit.stdout).not.toContain(token);
    const refused = levity.logLines().filter((line) => line.msg === 'request without a valid token refused');
    expect(refused).toEqual([
      expect.objectContaining({ reason: 'revoked', tokenId: 1, tokenFingerprint: expect.any(String) }),
    ]);
  });

  it('checks its arguments before anything is sent', async () => {
    const env = { LEVITY_API_TOKEN: 'x', LEVITY_URL: 'http://127.0.0.1:9' };
    expect(await runLevity(['token', 'create', '--role', 'read'], { cwd: dir, env })).toMatchObject({
      code: 2,
      stderr: 'levity: missing --name (usage: levity token create --name NAME --role ROLE)\n',
    });
    expect(
      await runLevity(['token', 'create', '--name', 'x', '--role', 'root'], { cwd: dir, env }),
    ).toMatchObject({ code: 2, stderr: 'levity: --role must be one of read, operate, admin\n' });
    expect(await runLevity(['token', 'revoke'], { cwd: dir, env })).toMatchObject({
      code: 2,
      stderr: 'levity: missing NAME (usage: levity token revoke NAME)\n',
    });
    const help = await runLevity(['--help'], { cwd: dir });
    expect(help.stdout).toContain(
      'levity token   API tokens: create --name NAME --role ROLE, list, revoke NAME',
    );
    const own = await runLevity(['token', '--help'], { cwd: dir });
    expect(own).toMatchObject({ code: 0, stderr: '' });
    expect(own.stdout).toContain('levity token create --name NAME --role read|operate|admin');
  });
});
