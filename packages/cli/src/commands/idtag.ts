import type { ClientContext, Subcommand } from './client.js';
import { integerFlag, runClient, segment, selectAction, stringFlag, UsageError } from './client.js';
import { details, table } from './table.js';

const USAGE = [
  'levity idtag list [--status S] [--parent TAG] [--limit N] [--cursor C]',
  '                                 id tags, ordered by tag',
  'levity idtag show TAG',
  'levity idtag add TAG [--status Accepted|Blocked|Expired|Invalid] [--expiry ISO] [--parent TAG] [--note TEXT]',
  'levity idtag block TAG           set its status to Blocked',
  'levity idtag unblock TAG         set its status to Accepted',
  'levity idtag remove TAG',
].join('\n');

type IdTag = Record<string, unknown> & { idTag: string; status: string };

const path = (positionals: readonly string[]) => `/id-tags/${segment(positionals[1] as string)}`;

/** `''` clears a field, as `null` does in the API. */
const nullable = (value: string | undefined) =>
  value === undefined ? undefined : value === '' ? null : value;

function print({ json, io, printJson }: ClientContext, tag: IdTag) {
  if (json) return printJson(tag);
  io.stdout(`${details(Object.entries(tag))}\n`);
}

async function list(context: ClientContext) {
  const { client, flags, json, io, printJson } = context;
  const page = await client.request<{ items: IdTag[]; nextCursor: string | null }>('GET', '/id-tags', {
    query: {
      status: stringFlag(flags, 'status'),
      parentIdTag: stringFlag(flags, 'parent'),
      limit: integerFlag(flags, 'limit'),
      cursor: stringFlag(flags, 'cursor'),
    },
  });
  if (json) return printJson(page);
  io.stdout(
    `${table(
      ['ID TAG', 'STATUS', 'EXPIRY', 'PARENT', 'NOTE'],
      page.items.map((tag) => [tag.idTag, tag.status, tag.expiryDate, tag.parentIdTag, tag.note]),
    )}\n`,
  );
  if (page.nextCursor) io.stderr(`more: add --cursor ${page.nextCursor}\n`);
}

async function add(context: ClientContext) {
  const { flags, positionals } = context;
  const body = {
    idTag: positionals[1],
    status: stringFlag(flags, 'status'),
    expiryDate: nullable(stringFlag(flags, 'expiry')),
    parentIdTag: nullable(stringFlag(flags, 'parent')),
    note: nullable(stringFlag(flags, 'note')),
  };
  print(context, await context.client.request<IdTag>('POST', '/id-tags', { body }));
}

const setStatus = (status: 'Blocked' | 'Accepted') => async (context: ClientContext) => {
  print(
    context,
    await context.client.request<IdTag>('PATCH', path(context.positionals), { body: { status } }),
  );
};

const ACTIONS = {
  list: { action: list, arguments: [] },
  show: {
    action: async (context: ClientContext) =>
      print(context, await context.client.request<IdTag>('GET', path(context.positionals))),
    arguments: ['TAG'],
  },
  add: { action: add, arguments: ['TAG'] },
  block: { action: setStatus('Blocked'), arguments: ['TAG'] },
  unblock: { action: setStatus('Accepted'), arguments: ['TAG'] },
  remove: {
    action: async ({ client, io, json, positionals, printJson }: ClientContext) => {
      await client.request('DELETE', path(positionals));
      if (json) return printJson({ removed: positionals[1] });
      io.stdout(`removed ${positionals[1]}\n`);
    },
    arguments: ['TAG'],
  },
};

/** `levity idtag list|show|add|block|unblock|remove`. */
export const idTagsCommand: Subcommand = {
  summary: 'id tags: list, show TAG, add TAG [--expiry ISO], block TAG, unblock TAG, remove TAG',
  run: (argv, env, io) =>
    runClient(
      argv,
      env,
      io,
      {
        command: 'idtag',
        usage: USAGE,
        values: ['status', 'expiry', 'parent', 'note', 'limit', 'cursor'],
      },
      (positionals, flags) => {
        const action = selectAction('idtag', ACTIONS, positionals);
        const name = positionals[0];
        const allowed: Record<string, readonly string[]> = {
          list: ['status', 'parent', 'limit', 'cursor'],
          add: ['status', 'expiry', 'parent', 'note'],
        };
        for (const flag of ['status', 'expiry', 'parent', 'note', 'limit', 'cursor']) {
          if (flags[flag] !== undefined && !(allowed[name as string] ?? []).includes(flag)) {
            throw new UsageError(`--${flag} does not apply to idtag ${name} (see levity idtag --help)`);
          }
        }
        return action;
      },
    ),
};
