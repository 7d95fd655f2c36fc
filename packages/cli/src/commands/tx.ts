import type { ClientContext, Subcommand } from './client.js';
import { integerFlag, runClient, segment, selectAction, stringFlag } from './client.js';
import { details, table } from './table.js';

const USAGE = [
  'levity tx list [--cp ID] [--connector N] [--id-tag TAG] [--status active|completed]',
  '               [--from ISO] [--to ISO] [--limit N] [--cursor C]',
  '                         transactions, newest first (--from/--to: start time, e.g. 2025-01-31T00:00:00Z)',
  'levity tx show ID        one transaction with its energy',
].join('\n');

type Transaction = Record<string, unknown> & {
  id: number;
  energy: { energyWh: number | null; source: string | null };
};

const kWh = (energyWh: number | null) => (energyWh === null ? null : (energyWh / 1000).toFixed(3));

async function list({ client, flags, json, io, printJson }: ClientContext) {
  const page = await client.request<{ items: Transaction[]; nextCursor: string | null }>(
    'GET',
    '/transactions',
    {
      query: {
        chargePointId: stringFlag(flags, 'cp'),
        connectorId: integerFlag(flags, 'connector'),
        idTag: stringFlag(flags, 'id-tag'),
        status: stringFlag(flags, 'status'),
        from: stringFlag(flags, 'from'),
        to: stringFlag(flags, 'to'),
        limit: integerFlag(flags, 'limit'),
        cursor: stringFlag(flags, 'cursor'),
      },
    },
  );
  if (json) return printJson(page);
  io.stdout(
    `${table(
      ['ID', 'CHARGE POINT', 'CONNECTOR', 'ID TAG', 'STATUS', 'STARTED', 'STOPPED', 'kWh', 'ATTENTION'],
      page.items.map((tx) => [
        tx.id,
        tx.chargePointId,
        tx.connectorId,
        tx.idTag,
        tx.status,
        tx.startedAt,
        tx.stoppedAt,
        kWh(tx.energy.energyWh),
        tx.attention ?? tx.anomaly,
      ]),
    )}\n`,
  );
  if (page.nextCursor) io.stderr(`more: add --cursor ${page.nextCursor}\n`);
}

async function show({ client, json, io, positionals, printJson }: ClientContext) {
  const tx = await client.request<Transaction>('GET', `/transactions/${segment(positionals[1] as string)}`);
  if (json) return printJson(tx);
  const { energy, ...fields } = tx;
  io.stdout(
    `${details([...Object.entries(fields), ['energyWh', energy.energyWh], ['energySource', energy.source]])}\n`,
  );
}

const ACTIONS = {
  list: { action: list, arguments: [] },
  show: { action: show, arguments: ['ID'] },
};

/** `levity tx list|show`. */
export const transactionsCommand: Subcommand = {
  summary: 'transactions: list [--cp ID] [--status active|completed], show ID',
  run: (argv, env, io) =>
    runClient(
      argv,
      env,
      io,
      {
        command: 'tx',
        usage: USAGE,
        values: ['cp', 'connector', 'id-tag', 'status', 'from', 'to', 'limit', 'cursor'],
      },
      (positionals) => selectAction('tx', ACTIONS, positionals),
    ),
};
