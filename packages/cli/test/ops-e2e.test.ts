// End to end: `levity backup` while a charge point sends messages, restoring the copy,
// `levity prune` (dry and for real) and the server's own pruner, through the built binary.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDriver, SqliteStorage } from '@levity/sqlite';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  isStartupLine,
  killStragglers,
  runLevity,
  spawnLevity,
} from './support/levity-process.js';

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'levity-ops-e2e-'));
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

const serverArgs = (db: string) => [
  '--host',
  '127.0.0.1',
  '--port',
  '0',
  '--db',
  db,
  '--ping-interval',
  '0',
  '--log-file',
  '',
];

const count = (file: string, table: string) => {
  const db = new SqliteDriver(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** A migrated database with old and new history: 3 old meter values (one a transaction's energy reading), 2 old commands. */
async function databaseWithHistory(db: string) {
  const storage = await SqliteStorage.open({ filename: db });
  try {
    const at = daysAgo(500);
    const tx = await storage.transactions.start({
      chargePointId: 'CP1',
      connectorId: 1,
      idTag: 'TAG',
      idTagStatus: 'Accepted',
      meterStart: 0,
      startedAt: at,
      reservationId: null,
      receivedAt: at,
    });
    const value = {
      chargePointId: 'CP1',
      connectorId: 1,
      transactionId: null,
      reportedTransactionId: null,
      timestamp: at,
      value: '10',
      context: 'Sample.Periodic',
      format: 'Raw',
      measurand: 'Energy.Active.Import.Register',
      phase: null,
      location: 'Outlet',
      unit: 'Wh',
      source: 'MeterValues',
      receivedAt: at,
    } as const;
    await storage.meterValues.add([
      { ...value, transactionId: tx.id },
      { ...value, transactionId: tx.id, measurand: 'Voltage', unit: 'V' },
      value,
      { ...value, receivedAt: daysAgo(1) },
    ]);
    for (const requestedAt of [daysAgo(200), daysAgo(100), daysAgo(1)]) {
      await storage.commands.add({
        chargePointId: 'CP1',
        action: 'Reset',
        params: { type: 'Soft' },
        requestedAt,
      });
    }
  } finally {
    await storage.close();
  }
}

describe('levity backup', () => {
  it('copies the database while a charge point sends messages; the copy opens, holds the data and restores', {
    timeout: 120_000,
  }, async () => {
    const db = join(dir, 'levity.db');
    const copy = join(dir, 'copy.db');
    {
      await using levity = spawnLevity(serverArgs(db), { cwd: dir });
      const { port } = await levity.waitForLog(isStartupLine);
      const cp = new RPCClient({
        endpoint: `ws://127.0.0.1:${port}/ws`,
        identity: 'CP-B',
        protocols: ['ocpp1.6'],
        reconnect: false,
      } as ConstructorParameters<typeof RPCClient>[0]);
      await cp.connect();
      await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      const { transactionId } = (await cp.call('StartTransaction', {
        connectorId: 1,
        idTag: 'TAG',
        meterStart: 0,
        timestamp: new Date().toISOString(),
      })) as { transactionId: number };
      let sending = true;
      let sent = 0;
      const messages = (async () => {
        while (sending) {
          await cp.call('MeterValues', {
            connectorId: 1,
            transactionId,
            meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: String(sent) }] }],
          });
          sent++;
        }
      })();
      while (sent < 20) await new Promise((resolve) => setTimeout(resolve, 20));
      const backup = await runLevity(['backup', copy, '--db', db], { cwd: dir });
      sending = false;
      await messages;
      await cp.close();
      expect(backup).toMatchObject({ code: 0, stderr: '' });
      expect(backup.stdout).toMatch(/^backed up .* to .*copy\.db \(\d+ pages\)\n$/);

      const opened = new SqliteDriver(copy, { readonly: true });
      try {
        expect(opened.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(opened.prepare('SELECT id FROM cp').all()).toStrictEqual([{ id: 'CP-B' }]);
        expect(opened.prepare('SELECT count(*) AS n FROM meter_val').get()).toMatchObject({
          n: expect.any(Number),
        });
        expect(
          (opened.prepare('SELECT count(*) AS n FROM meter_val').get() as { n: number }).n,
        ).toBeGreaterThanOrEqual(20);
      } finally {
        opened.close();
      }
      // A second backup to the same file is refused: a backup never overwrites.
      expect(await runLevity(['backup', copy, '--db', db], { cwd: dir })).toMatchObject({
        code: 1,
        stderr: `levity backup: ${copy} exists already; choose a new file\n`,
      });
      levity.child.kill('SIGTERM');
      expect((await levity.exited).code).toBe(0);
    }

    // Restore: the server stopped, the copy in place of the database (no -wal/-shm left).
    const valuesInCopy = count(copy, 'meter_val');
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    copyFileSync(copy, db);
    await using restored = spawnLevity(serverArgs(db), { cwd: dir });
    const restoredPort = (await restored.waitForLog(isStartupLine)).port;
    const list = await runLevity(
      ['tx', 'list', '--db', db, '--json', '--url', `http://127.0.0.1:${String(restoredPort)}`],
      {
        cwd: dir,
      },
    );
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { items: { chargePointId: string }[] }).items).toMatchObject([
      { chargePointId: 'CP-B' },
    ]);
    expect(count(db, 'meter_val')).toBe(valuesInCopy);
  });

  it('points to pg_dump for a PostgreSQL database, in one line', async () => {
    expect(
      await runLevity(['backup', join(dir, 'x.db'), '--db', 'postgres://u@localhost/levity'], { cwd: dir }),
    ).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'levity backup: the database is PostgreSQL; back it up with pg_dump (see docs/retention-and-backups.md)\n',
    });
  });

  it('refuses a database that does not exist, and creates none', async () => {
    const db = join(dir, 'typo.db');
    expect(await runLevity(['backup', join(dir, 'x.db'), '--db', db], { cwd: dir })).toMatchObject({
      code: 1,
    });
    expect(existsSync(db)).toBe(false);
  });
});

describe('levity prune', () => {
  it('counts per table with --dry-run, deletes without it, and keeps the energy readings of transactions', {
    timeout: 120_000,
  }, async () => {
    const db = join(dir, 'levity.db');
    await databaseWithHistory(db);
    const dry = await runLevity(['prune', '--dry-run', '--db', db, '--json'], { cwd: dir });
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    const rows = (report: string) =>
      Object.fromEntries(
        (JSON.parse(report) as { tables: { table: string; rows: number }[] }).tables.map((line) => [
          line.table,
          line.rows,
        ]),
      );
    expect(rows(dry.stdout)).toStrictEqual({
      meter_val: 2,
      command: 2,
      status_report: 0,
      data_transfer: 0,
      security_event: 0,
      cp_err: 0,
      connection_refusal: 0,
    });
    expect(count(db, 'meter_val')).toBe(4);

    // The command log kept for ever this time: only meter values go.
    const pruned = await runLevity(['prune', '--db', db, '--retention-command-log', '0'], { cwd: dir });
    expect(pruned).toMatchObject({ code: 0, stderr: '' });
    expect(pruned.stdout).toMatch(
      /^TABLE\s+STORED BEFORE\s+DELETED\nmeter_val\s+\S+Z\s+2\ncommand\s+kept for ever\s+0\n/,
    );
    expect(count(db, 'meter_val')).toBe(2);
    expect(count(db, 'command')).toBe(3);
    expect(count(db, 'tx')).toBe(1);
    const database = new SqliteDriver(db, { readonly: true });
    try {
      expect(
        database.prepare('SELECT transaction_id, measurand FROM meter_val ORDER BY id').all(),
      ).toStrictEqual([
        { transaction_id: 1, measurand: 'Energy.Active.Import.Register' },
        { transaction_id: null, measurand: 'Energy.Active.Import.Register' },
      ]);
    } finally {
      database.close();
    }
  });

  it('refuses a bad retention in one line, and a database that does not exist', async () => {
    const db = join(dir, 'levity.db');
    expect(
      await runLevity(['prune', '--db', db, '--retention-meter-values', '400'], { cwd: dir }),
    ).toMatchObject({
      code: 2,
      stderr:
        'levity prune: invalid --retention-meter-values "400": expected a duration such as 400d, 12h, 30m or 45s (0: keep for ever)\n',
    });
    expect(await runLevity(['prune', '--db', db], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: `levity prune: no SQLite database at ${db} (see --db)\n`,
    });
    expect(existsSync(db)).toBe(false);
  });

  it('runs in the server as the retention flags say', { timeout: 120_000 }, async () => {
    const db = join(dir, 'levity.db');
    await databaseWithHistory(db);
    await using levity = spawnLevity(
      [...serverArgs(db), '--prune-delay', '0', '--retention-command-log', '150d'],
      {
        cwd: dir,
      },
    );
    const line = await levity.waitForLog((entry) => entry.msg === 'retention: pruned old history');
    expect(line).toMatchObject({ deleted: { meter_val: 2, command: 1, cp_err: 0 } });
    expect(count(db, 'command')).toBe(2);
  });
});

describe('levity --log-format', () => {
  it('prints readable lines with --log-format pretty, and keeps JSON lines in the log file', {
    timeout: 120_000,
  }, async () => {
    const db = join(dir, 'levity.db');
    const logFile = join(dir, 'levity.log');
    await using levity = spawnLevity(
      [...serverArgs(db).slice(0, -2), '--log-file', logFile, '--log-format', 'pretty'],
      {
        cwd: dir,
      },
    );
    const deadline = Date.now() + 30_000;
    while (!levity.stdout().includes('levity listening on') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    levity.child.kill('SIGTERM');
    const exit = await levity.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: levity listening on 127\.0\.0\.1:\d+ with database /m,
    );
    expect(exit.stdout.split('\n').filter((line) => line.startsWith('{'))).toStrictEqual([]);
    const fileLines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    expect(fileLines.length).toBeGreaterThan(0);
    for (const line of fileLines) expect(JSON.parse(line)).toHaveProperty('msg');
  });
});

describe('levity tx export', () => {
  it('prints the transactions of a time range as CSV through the API, or as JSON lines', {
    timeout: 120_000,
  }, async () => {
    const db = join(dir, 'levity.db');
    await using levity = spawnLevity(serverArgs(db), { cwd: dir });
    const { port } = await levity.waitForLog(isStartupLine);
    const cp = new RPCClient({
      endpoint: `ws://127.0.0.1:${port}/ws`,
      identity: 'CP-X',
      protocols: ['ocpp1.6'],
      reconnect: false,
    } as ConstructorParameters<typeof RPCClient>[0]);
    await cp.connect();
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    for (const [idTag, timestamp] of [
      ['OLD', '2026-01-01T10:00:00.000Z'],
      ['A,"quoted"', '2026-02-01T10:00:00.000Z'],
    ] as const) {
      const { transactionId } = (await cp.call('StartTransaction', {
        connectorId: 1,
        idTag,
        meterStart: 100,
        timestamp,
      })) as {
        transactionId: number;
      };
      await cp.call('StopTransaction', {
        transactionId,
        meterStop: 1600,
        timestamp: timestamp.replace('10:', '11:'),
      });
    }
    await cp.close();
    const url = `http://127.0.0.1:${String(port)}`;
    const range = ['--from', '2026-01-15T00:00:00Z', '--to', '2026-03-01T00:00:00Z'];
    const csv = await runLevity(['tx', 'export', ...range, '--db', db, '--url', url], { cwd: dir });
    expect(csv).toMatchObject({ code: 0, stderr: '' });
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe(
      'id,chargePointId,connectorId,idTag,status,startedAt,stoppedAt,meterStart,meterStop,energyWh,energySource,stopReason,stopIdTag,reservationId,anomaly,attention',
    );
    expect(lines[1]).toBe(
      '2,CP-X,1,"A,""quoted""",Completed,2026-02-01T10:00:00.000Z,2026-02-01T11:00:00.000Z,100,1600,1500,meter,,,,,',
    );
    expect(lines.slice(2)).toStrictEqual(['']);
    const json = await runLevity(['tx', 'export', ...range, '--format', 'json', '--db', db, '--url', url], {
      cwd: dir,
    });
    expect(json.code).toBe(0);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { idTag: string }).idTag),
    ).toStrictEqual(['A,"quoted"']);
  });
});
