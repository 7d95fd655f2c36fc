import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteConnection } from './engine/connection.js';
import { SqliteDriver } from './engine/driver.js';
import { migrateToLatest } from './migrations.js';
import { SqliteApiTokens } from './repositories/api-tokens.js';
import { SqliteCertificateRequests } from './repositories/certificate-requests.js';
import { SqliteChargePoints } from './repositories/charge-points.js';
import { SqliteChargingProfiles } from './repositories/charging-profiles.js';
import { SqliteCommands } from './repositories/commands.js';
import { SqliteConfiguration } from './repositories/configuration.js';
import { SqliteDataTransfers } from './repositories/data-transfers.js';
import { SqliteErrorEvents } from './repositories/error-events.js';
import { SqliteIdTags } from './repositories/id-tags.js';
import { SqliteJobs } from './repositories/jobs.js';
import { SqliteLocalLists } from './repositories/local-lists.js';
import { SqliteMeterValues } from './repositories/meter-values.js';
import { SqliteReservations } from './repositories/reservations.js';
import { SqliteSecurityEvents } from './repositories/security-events.js';
import { SqliteStatusReports } from './repositories/status-reports.js';
import { SqliteTransactions } from './repositories/transactions.js';

// The indexes of sql/ exist for the repositories' queries: these tests ask SQLite how
// it runs each query, so that a changed query or index cannot quietly fall back to a
// full scan or a sort.

let database: BetterSqlite3.Database;
let db: SqliteConnection;
let queries: { sql: string; parameters: readonly unknown[] }[];

beforeEach(async () => {
  database = new SqliteDriver(':memory:');
  queries = [];
  db = new SqliteConnection(database, {
    onQuery: (sql, parameters) => queries.push({ sql, parameters }),
  });
  await migrateToLatest(db.db);
});

afterEach(async () => {
  await db.close();
});

/** SQLite's plan for the one query `run` sends, one line per step. */
async function planOf(run: () => Promise<unknown>): Promise<string> {
  queries = [];
  await run();
  expect(queries).toHaveLength(1);
  const [query] = queries;
  if (!query) throw new Error('no query ran');
  const steps = database.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as {
    detail: string;
  }[];
  return steps.map((step) => step.detail).join('\n');
}

const SORT = /USE TEMP B-TREE/;

describe('transactions', () => {
  it('finds the open transactions of an id tag through tx_active_id_tag_idx, in id order', async () => {
    const plan = await planOf(() => new SqliteTransactions(db).listActiveByIdTag('rfid-0001'));
    expect(plan).toMatch(/^SEARCH tx USING INDEX tx_active_id_tag_idx \(id_tag=\?\)$/);
  });

  it('still finds the open transactions of a connector through tx_active_idx', async () => {
    const plan = await planOf(() => new SqliteTransactions(db).listActive('CP001', 1));
    expect(plan).toMatch(/^SEARCH tx USING INDEX tx_active_idx \(charge_point_id=\? AND connector_id=\?\)$/);
  });

  it('finds a retried StartTransaction through tx_start_key_idx', async () => {
    const key = { chargePointId: 'CP001', connectorId: 1, idTag: 'T', meterStart: 0, startedAt: 't' };
    const plan = await planOf(() => new SqliteTransactions(db).findByStart(key));
    expect(plan).toMatch(
      /^SEARCH tx USING INDEX tx_start_key_idx \(charge_point_id=\? AND .* AND id_tag=\?\)$/,
    );
  });
});

describe('chargePoints', () => {
  it('pages from a cursor through the primary key, without sorting', async () => {
    const chargePoints = new SqliteChargePoints(db);
    expect(await planOf(() => chargePoints.list({ after: 'CP100', limit: 101 }))).toBe(
      'SEARCH cp USING INDEX sqlite_autoindex_cp_1 (id>?)',
    );
    expect(await planOf(() => chargePoints.list({ limit: 101 }))).not.toMatch(SORT);
  });
});

describe('apiTokens', () => {
  it('reads a token by id through the integer primary key and by name through its unique index', async () => {
    const tokens = new SqliteApiTokens(db);
    expect(await planOf(() => tokens.get(7))).toBe('SEARCH api_token USING INTEGER PRIMARY KEY (rowid=?)');
    expect(await planOf(() => tokens.findByName('grafana'))).toBe(
      'SEARCH api_token USING INDEX sqlite_autoindex_api_token_1 (name=?)',
    );
  });
});

describe('the paged transaction list of the API', () => {
  it('pages every filter through an index or the rowid, newest first without sorting', async () => {
    const transactions = new SqliteTransactions(db);
    const plans = {
      all: await planOf(() => transactions.list({ before: 900, limit: 51 })),
      chargePoint: await planOf(() => transactions.list({ chargePointId: 'CP001', before: 900, limit: 51 })),
      active: await planOf(() => transactions.list({ status: 'active', before: 900, limit: 51 })),
      idTag: await planOf(() => transactions.list({ idTag: 'TAG', before: 900, limit: 51 })),
      chargePointAndStatus: await planOf(() =>
        transactions.list({ chargePointId: 'CP001', connectorId: 1, status: 'completed', limit: 51 }),
      ),
    };
    expect(plans).toStrictEqual({
      all: 'SEARCH tx USING INTEGER PRIMARY KEY (rowid<?)',
      chargePoint: 'SEARCH tx USING INDEX tx_charge_point_idx (charge_point_id=? AND rowid<?)',
      active: 'SEARCH tx USING INDEX tx_open_idx (id<?)',
      idTag: 'SEARCH tx USING INDEX tx_id_tag_idx (id_tag=? AND rowid<?)',
      chargePointAndStatus: 'SEARCH tx USING INDEX tx_charge_point_idx (charge_point_id=?)',
    });
  });

  it('reads the energy registers of a page of transactions in one query through meter_val_transaction_idx', async () => {
    const plan = await planOf(() => new SqliteMeterValues(db).registerRanges([1, 2, 3]));
    expect(plan).toMatch(/SEARCH meter_val USING INDEX meter_val_transaction_idx \(transaction_id=\?\)/);
    expect(plan).not.toMatch(/SCAN meter_val/);
  });
});

describe('the lookups of every StartTransaction and StopTransaction', () => {
  it('finds the remote start or stop through command_charge_point_action_idx, newest first without sorting', async () => {
    const commands = new SqliteCommands(db);
    const remoteStart = { chargePointId: 'CP001', action: 'RemoteStartTransaction', from: 't', limit: 20 };
    expect(await planOf(() => commands.list(remoteStart))).toBe(
      'SEARCH command USING INDEX command_charge_point_action_idx (charge_point_id=? AND action=?)',
    );
    const remoteStop = { chargePointId: 'CP001', action: 'RemoteStopTransaction', limit: 20 };
    expect(await planOf(() => commands.list(remoteStop))).toBe(
      'SEARCH command USING INDEX command_charge_point_action_idx (charge_point_id=? AND action=?)',
    );
  });

  it('reads a transaction and a charge point through their primary keys', async () => {
    expect(await planOf(() => new SqliteTransactions(db).get(7))).toBe(
      'SEARCH tx USING INTEGER PRIMARY KEY (rowid=?)',
    );
    expect(await planOf(() => new SqliteChargePoints(db).get('CP001'))).toBe(
      'SEARCH cp USING INDEX sqlite_autoindex_cp_1 (id=?)',
    );
  });
});

describe('idTags', () => {
  it('reads a tag and pages from a cursor through the primary key, without sorting', async () => {
    const idTags = new SqliteIdTags(db);
    expect(await planOf(() => idTags.get('abc'))).toBe('SEARCH id_tag USING PRIMARY KEY (id_tag=?)');
    expect(await planOf(() => idTags.list({ after: 'abc', limit: 10 }))).toBe(
      'SEARCH id_tag USING PRIMARY KEY (id_tag>?)',
    );
    expect(await planOf(() => idTags.list({ status: 'Blocked' }))).not.toMatch(SORT);
  });

  it('lists the children of a parent through id_tag_parent_idx, without sorting', async () => {
    const plan = await planOf(() => new SqliteIdTags(db).list({ parentIdTag: 'FLEET', after: 'abc' }));
    expect(plan).toBe('SEARCH id_tag USING INDEX id_tag_parent_idx (parent_id_tag=? AND id_tag>?)');
  });
});

describe('histories', () => {
  it("lists a charge point's events through its index, newest first without sorting", async () => {
    const plans = {
      data_transfer: await planOf(() => new SqliteDataTransfers(db).list({ chargePointId: 'CP001' })),
      security_event: await planOf(() => new SqliteSecurityEvents(db).list({ chargePointId: 'CP001' })),
      certificate_request: await planOf(() =>
        new SqliteCertificateRequests(db).list({ chargePointId: 'CP001', limit: 5 }),
      ),
      cp_err: await planOf(() => new SqliteErrorEvents(db).list({ chargePointId: 'CP001' })),
    };
    for (const [table, plan] of Object.entries(plans)) {
      expect(plan, table).toBe(`SEARCH ${table} USING INDEX ${table}_charge_point_idx (charge_point_id=?)`);
    }
  });

  it("lists a charge point's status reports of one kind through their index, without sorting", async () => {
    const plan = await planOf(() =>
      new SqliteStatusReports(db).list({ chargePointId: 'CP001', kind: 'Log' }),
    );
    expect(plan).toBe(
      'SEARCH status_report USING INDEX status_report_charge_point_kind_idx (charge_point_id=? AND kind=?)',
    );
  });
});

describe('commands', () => {
  it('reads a command through its integer primary key', async () => {
    expect(await planOf(() => new SqliteCommands(db).get(7))).toBe(
      'SEARCH command USING INTEGER PRIMARY KEY (rowid=?)',
    );
  });

  it('lists by charge point, action or status through their index, newest first from a cursor without sorting', async () => {
    const commands = new SqliteCommands(db);
    expect(await planOf(() => commands.list({ chargePointId: 'CP001', limit: 50 }))).toBe(
      'SEARCH command USING INDEX command_charge_point_idx (charge_point_id=?)',
    );
    expect(await planOf(() => commands.list({ chargePointId: 'CP001', before: 100, limit: 50 }))).toBe(
      'SEARCH command USING INDEX command_charge_point_idx (charge_point_id=? AND rowid<?)',
    );
    expect(await planOf(() => commands.list({ action: 'Reset', before: 100 }))).toBe(
      'SEARCH command USING INDEX command_action_idx (action=? AND rowid<?)',
    );
    expect(await planOf(() => commands.list({ status: 'Pending' }))).toBe(
      'SEARCH command USING INDEX command_status_idx (status=?)',
    );
    expect(await planOf(() => commands.list({ actor: 'token:grafana', before: 100 }))).toBe(
      'SEARCH command USING INDEX command_actor_idx (actor=? AND rowid<?)',
    );
  });

  it('never sorts, whatever the filters', async () => {
    const commands = new SqliteCommands(db);
    for (const filter of [
      {},
      { from: 't' },
      { chargePointId: 'CP001', action: 'Reset', status: 'Answered' as const, from: 't', before: 9 },
    ]) {
      expect(await planOf(() => commands.list(filter)), JSON.stringify(filter)).not.toMatch(SORT);
    }
  });
});

describe('configuration', () => {
  it('reads, lists and retains keys through the primary key, without sorting', async () => {
    const configuration = new SqliteConfiguration(db);
    expect(await planOf(() => configuration.get('CP001', 'heartbeatinterval'))).toBe(
      'SEARCH cp_config USING PRIMARY KEY (charge_point_id=? AND key=?)',
    );
    expect(await planOf(() => configuration.list('CP001'))).toBe(
      'SEARCH cp_config USING PRIMARY KEY (charge_point_id=?)',
    );
    const retain = await planOf(() => configuration.retainOnly('CP001', ['A', 'B']));
    expect(retain).toMatch(/^SEARCH cp_config USING PRIMARY KEY \(charge_point_id=\?\)\n/);
    expect(retain).not.toMatch(SORT);
  });
});

describe('localLists', () => {
  it('reads a list with its entries in one query, in id-tag order without sorting', async () => {
    expect(await planOf(() => new SqliteLocalLists(db).get('CP001'))).toBe(
      'SEARCH list USING PRIMARY KEY (charge_point_id=?)\nSEARCH entry USING PRIMARY KEY (charge_point_id=?) LEFT-JOIN',
    );
  });
});

describe('reservations', () => {
  it('lists by charge point or status through their index, newest first without sorting', async () => {
    const reservations = new SqliteReservations(db);
    expect(await planOf(() => reservations.list({ chargePointId: 'CP001' }))).toBe(
      'SEARCH reservation USING INDEX reservation_charge_point_idx (charge_point_id=?)',
    );
    expect(await planOf(() => reservations.list({ status: 'Accepted', limit: 10 }))).toBe(
      'SEARCH reservation USING INDEX reservation_status_idx (status=?)',
    );
    expect(await planOf(() => reservations.list({ chargePointId: 'CP001', status: 'Used' }))).not.toMatch(
      SORT,
    );
  });

  it('finds the reservations to expire through the status index', async () => {
    expect(await planOf(() => new SqliteReservations(db).expire('t'))).toBe(
      'SEARCH reservation USING INDEX reservation_status_idx (status=?)',
    );
  });
});

describe('chargingProfiles', () => {
  it("lists a charge point's profiles through charging_profile_stack_idx, in order without sorting", async () => {
    expect(await planOf(() => new SqliteChargingProfiles(db).list('CP001'))).toBe(
      'SEARCH charging_profile USING INDEX charging_profile_stack_idx (charge_point_id=?)',
    );
  });

  it('removes profiles through the primary key', async () => {
    expect(await planOf(() => new SqliteChargingProfiles(db).remove('CP001', [1, 2]))).toMatch(
      /^SEARCH charging_profile USING PRIMARY KEY \(charge_point_id=\? AND charging_profile_id=\?\)\n/,
    );
  });
});

describe('jobs', () => {
  it('finds the open job of a kind through cp_job_open_idx, newest first without sorting', async () => {
    const jobs = new SqliteJobs(db);
    const plan = 'SEARCH cp_job USING INDEX cp_job_open_idx (charge_point_id=? AND kind=? AND finished=?)';
    expect(await planOf(() => jobs.findOpen('CP001', 'Log'))).toBe(plan);
    expect(await planOf(() => jobs.findOpen('CP001', 'Log', 7))).toBe(plan);
    expect(await planOf(() => jobs.list({ chargePointId: 'CP001', kind: 'Log', open: true }))).toBe(plan);
  });

  it("lists a charge point's jobs through cp_job_charge_point_idx, newest first without sorting", async () => {
    const jobs = new SqliteJobs(db);
    for (const filter of [
      { chargePointId: 'CP001' },
      { chargePointId: 'CP001', open: true },
      { chargePointId: 'CP001', kind: 'Firmware' as const, limit: 5 },
    ]) {
      expect(await planOf(() => jobs.list(filter)), JSON.stringify(filter)).toBe(
        'SEARCH cp_job USING INDEX cp_job_charge_point_idx (charge_point_id=?)',
      );
    }
  });
});
