import type { ClientContext, Subcommand } from './client.js';
import { runClient, segment, selectAction, stringFlag, UsageError } from './client.js';
import { details, table } from './table.js';

const USAGE = [
  'levity cp list           charge points, with their live connection state',
  'levity cp show ID        one charge point and its connectors',
  'levity cp accept ID      register (or approve) a charge point',
  'levity cp reject ID      refuse a charge point at its next BootNotification',
  'levity cp set-password ID [--generate | --password PASSWORD]',
  '                         store its Basic auth password (hashed); without a flag, read it from stdin;',
  '                         --generate prints a new random one',
  'levity cp set-profile ID PROFILE [--allow-downgrade]',
  '                         raise its security profile (0-3): over the air when connected, else stored',
].join('\n');

/** The whole of standard input, without its final line break: a password piped in stays out of `ps` and the shell history. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('give --password PASSWORD, --generate, or pipe the password on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function setPassword({ client, flags, json, io, positionals, printJson }: ClientContext) {
  const id = positionals[1] as string;
  if (flags.generate === true) {
    if (flags.password !== undefined) throw new UsageError('give either --generate or --password, not both');
    const { password } = await client.request<{ password: string }>(
      'POST',
      `/charge-points/${segment(id)}/password`,
    );
    if (json) return printJson({ chargePointId: id, password });
    io.stdout(`${password}\n`);
    io.stderr(
      `levity: stored a new password for ${id}; set it as the charge point's AuthorizationKey. It is not shown again.\n`,
    );
    return;
  }
  const password = stringFlag(flags, 'password') ?? (await readStdin());
  await client.request('PUT', `/charge-points/${segment(id)}/password`, { body: { password } });
  if (json) return printJson({ chargePointId: id, passwordSet: true });
  io.stdout(`${id}: password stored\n`);
}

async function setProfile({ client, flags, json, io, positionals, printJson }: ClientContext) {
  const id = positionals[1] as string;
  const raw = positionals[2] as string;
  if (!/^[0-3]$/.test(raw)) throw new UsageError(`invalid PROFILE "${raw}": expected 0, 1, 2 or 3`);
  const change = await client.request<{ securityProfile: number; status: string }>(
    'PUT',
    `/charge-points/${segment(id)}/security-profile`,
    { body: { profile: Number(raw), allowDowngrade: flags['allow-downgrade'] === true } },
  );
  if (json) return printJson(change);
  io.stdout(`${id}: security profile ${change.securityProfile} (${change.status})\n`);
}

type ChargePoint = Record<string, unknown> & { id: string };
type Connector = Record<string, unknown>;

/** Every charge point, following the pages of the list (1,000 a request). */
async function allChargePoints({ client }: ClientContext): Promise<ChargePoint[]> {
  const items: ChargePoint[] = [];
  let cursor: string | undefined;
  do {
    const page: { items: ChargePoint[]; nextCursor: string | null } = await client.request(
      'GET',
      '/charge-points',
      { query: { limit: 1000, cursor } },
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

async function list(context: ClientContext) {
  const { json, io, printJson } = context;
  const items = await allChargePoints(context);
  if (json) return printJson(items);
  io.stdout(
    `${table(
      [
        'ID',
        'CONNECTED',
        'STATUS',
        'REGISTRATION',
        'ADMISSION',
        'VENDOR',
        'MODEL',
        'FIRMWARE',
        'LAST HEARTBEAT',
      ],
      items.map((cp) => [
        cp.id,
        cp.connected,
        cp.status,
        cp.registrationStatus,
        cp.admission,
        cp.vendor,
        cp.model,
        cp.firmwareVersion,
        cp.lastHeartbeatAt,
      ]),
    )}\n`,
  );
}

async function show({ client, json, io, positionals, printJson }: ClientContext) {
  const id = positionals[1] as string;
  const cp = await client.request<ChargePoint & { connectors: Connector[] }>(
    'GET',
    `/charge-points/${segment(id)}`,
  );
  if (json) return printJson(cp);
  const { connectors, ...fields } = cp;
  io.stdout(`${details(Object.entries(fields))}\n`);
  if (connectors.length > 0) {
    io.stdout(
      `\n${table(
        ['CONNECTOR', 'STATUS', 'ERROR CODE', 'INFO', 'SINCE'],
        connectors.map((connector) => [
          connector.connectorId,
          connector.status,
          connector.errorCode,
          connector.info,
          connector.statusTimestamp ?? connector.receivedAt,
        ]),
      )}\n`,
    );
  }
}

const decide =
  (decision: 'accept' | 'reject') =>
  async ({ client, json, io, positionals, printJson }: ClientContext) => {
    const id = positionals[1] as string;
    const cp = await client.request<ChargePoint>('POST', `/charge-points/${segment(id)}/${decision}`);
    if (json) return printJson(cp);
    io.stdout(`${cp.id}: admission ${String(cp.admission)}\n`);
  };

const ACTIONS = {
  list: { action: list, arguments: [] },
  show: { action: show, arguments: ['ID'] },
  accept: { action: decide('accept'), arguments: ['ID'] },
  reject: { action: decide('reject'), arguments: ['ID'] },
  'set-password': { action: setPassword, arguments: ['ID'] },
  'set-profile': { action: setProfile, arguments: ['ID', 'PROFILE'] },
};

/** `levity cp list|show|accept|reject`. */
export const chargePointsCommand: Subcommand = {
  summary: 'charge points: list, show ID, accept ID, reject ID, set-password ID, set-profile ID N',
  run: (argv, env, io) =>
    runClient(
      argv,
      env,
      io,
      { command: 'cp', usage: USAGE, values: ['password'], switches: ['generate', 'allow-downgrade'] },
      (positionals) => selectAction('cp', ACTIONS, positionals),
    ),
};
