import type { ClientContext, Subcommand } from './client.js';
import { integerFlag, runClient, segment, selectAction, stringFlag, UsageError } from './client.js';
import { details, table } from './table.js';

const USAGE = [
  'levity tx list [--cp ID] [--connector N] [--id-tag TAG] [--status active|completed]',
  '               [--from ISO] [--to ISO] [--limit N] [--cursor C]',
  '                         transactions, newest first (--from/--to: start time, e.g. 2025-01-31T00:00:00Z)',
  'levity tx show ID        one transaction with its energy',
  'levity tx export [--from ISO] [--to ISO] [--cp ID] [--connector N] [--id-tag TAG] [--status …] [--format csv|json]',
  '                         every matching transaction with its energy, newest first: CSV with a',
  '                         header row (default), or JSON lines; pipe it to a file',
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

async function exportTransactions({ client, flags, io }: ClientContext) {
  const format = stringFlag(flags, 'format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') {
    throw new UsageError(`invalid --format "${format}": expected csv or json`);
  }
  const query = {
    chargePointId: stringFlag(flags, 'cp'),
    connectorId: integerFlag(flags, 'connector'),
    idTag: stringFlag(flags, 'id-tag'),
    status: stringFlag(flags, 'status'),
    from: stringFlag(flags, 'from'),
    to: stringFlag(flags, 'to'),
  };
  if (format === 'csv') {
    for await (const text of client.download('/transactions', {
      query: { ...query, format: 'csv' },
      accept: 'text/csv',
    })) {
      io.stdout(text);
    }
    return;
  }
  let cursor: string | undefined;
  do {
    const page = await client.request<{ items: Transaction[]; nextCursor: string | null }>(
      'GET',
      '/transactions',
      {
        query: { ...query, limit: 500, cursor },
      },
    );
    io.stdout(page.items.map((tx) => `${JSON.stringify(tx)}\n`).join(''));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const ACTIONS = {
  export: { action: exportTransactions, arguments: [] },
  list: { action: list, arguments: [] },
  show: { action: show, arguments: ['ID'] },
};

/** `levity tx list|show`. */
export const transactionsCommand: Subcommand = {
  summary:
    'transactions: list [--cp ID] [--status active|completed], show ID, export [--from ISO] [--to ISO]',
  run: (argv, env, io) =>
    runClient(
      argv,
      env,
      io,
      {
        command: 'tx',
        usage: USAGE,
        values: ['cp', 'connector', 'id-tag', 'status', 'from', 'to', 'limit', 'cursor', 'format'],
      },
      (positionals) => selectAction('tx', ACTIONS, positionals),
    ),
};
