import type { ClientContext, Subcommand } from './client.js';
import { runClient, segment, selectAction, stringFlag, UsageError } from './client.js';
import { table } from './table.js';

const ROLES = ['read', 'operate', 'admin'];

const USAGE = [
  'levity token create --name NAME --role read|operate|admin',
  '                         create a named API token; prints it once (it cannot be shown again)',
  'levity token list        every token: id, name, role, created, last used, revoked',
  'levity token revoke NAME revoke a token (by name or id) at once',
  '',
  'Roles: read (every GET and the event stream), operate (also commands, id tags,',
  'admission and every other write), admin (also tokens). Managing tokens needs an',
  "admin token, such as the server's own (<db>.token or --api-token).",
].join('\n');

type Token = Record<string, unknown> & { id: number; name: string; role: string };

/** The flags of `create`, checked before anything is sent. */
function createFlags(flags: Readonly<Record<string, string | true>>): { name: string; role: string } {
  const name = stringFlag(flags, 'name');
  const role = stringFlag(flags, 'role');
  if (name === undefined) {
    throw new UsageError('missing --name (usage: levity token create --name NAME --role ROLE)');
  }
  if (role === undefined || !ROLES.includes(role)) {
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  }
  return { name, role };
}

async function create({ client, flags, json, io, printJson }: ClientContext) {
  const { name, role } = createFlags(flags);
  const created = await client.request<Token & { token: string }>('POST', '/tokens', {
    body: { name, role },
  });
  if (json) return printJson(created);
  // The token alone on stdout, so that `TOKEN=$(levity token create …)` works; the rest on stderr.
  io.stdout(`${created.token}\n`);
  io.stderr(`created token ${created.name} (id ${created.id}, role ${created.role}); it is shown only now\n`);
}

async function list({ client, json, io, printJson }: ClientContext) {
  const { items } = await client.request<{ items: Token[] }>('GET', '/tokens');
  if (json) return printJson(items);
  io.stdout(
    `${table(
      ['ID', 'NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'],
      items.map((token) => [
        token.id,
        token.name,
        token.role,
        token.createdAt,
        token.lastUsedAt,
        token.revokedAt,
      ]),
    )}\n`,
  );
}

async function revoke({ client, io, positionals }: ClientContext) {
  const name = positionals[1] as string;
  await client.request('DELETE', `/tokens/${segment(name)}`);
  io.stdout(`revoked ${name}\n`);
}

const ACTIONS = {
  create: { action: create, arguments: [] },
  list: { action: list, arguments: [] },
  revoke: { action: revoke, arguments: ['NAME'] },
};

/** `levity token create|list|revoke`. */
export const tokensCommand: Subcommand = {
  summary: 'API tokens: create --name NAME --role ROLE, list, revoke NAME',
  run: (argv, env, io) =>
    runClient(
      argv,
      env,
      io,
      { command: 'token', usage: USAGE, values: ['name', 'role'] },
      (positionals, flags) => {
        const action = selectAction('token', ACTIONS, positionals);
        if (positionals[0] === 'create') createFlags(flags);
        return action;
      },
    ),
};
