import type { ClientContext, Subcommand } from './client.js';
import { runClient, segment, selectAction } from './client.js';
import { details, table } from './table.js';

const USAGE = [
  'levity cp list           charge points, with their live connection state',
  'levity cp show ID        one charge point and its connectors',
  'levity cp accept ID      register (or approve) a charge point',
  'levity cp reject ID      refuse a charge point at its next BootNotification',
].join('\n');

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
};

/** `levity cp list|show|accept|reject`. */
export const chargePointsCommand: Subcommand = {
  summary: 'charge points: list, show ID, accept ID, reject ID',
  run: (argv, env, io) =>
    runClient(argv, env, io, { command: 'cp', usage: USAGE }, (positionals) =>
      selectAction('cp', ACTIONS, positionals),
    ),
};
