import { SqliteDriver as Database } from '@levity/sqlite';

/** Sampled values per meter value in the pre-filled history, as the load generator sends them. */
const VALUES_PER_READING = 9;
/** Meter values per past transaction: a session of 100 periodic readings. */
const READINGS_PER_TRANSACTION = 100;

export interface PrefillResult {
  meterValues: number;
  transactions: number;
  seconds: number;
  fileBytes: number;
}

/**
 * Fills a migrated Levity database with `rows` sampled values of past, stopped
 * transactions spread over `chargePoints` charge points (the ids the load generator
 * uses), in a few statements: recursive CTEs, indexes dropped during the insert and
 * rebuilt after it (a sorted build is much faster than 10^7 index inserts).
 *
 * @example
 * prefillMeterValues('/tmp/levity.db', 10_000_000, 1000);
 */
export function prefillMeterValues(file: string, rows: number, chargePoints: number): PrefillResult {
  const started = Date.now();
  const db = new Database(file);
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const readings = Math.ceil(rows / VALUES_PER_READING);
    const transactions = Math.ceil(readings / READINGS_PER_TRANSACTION);
    // Readings every minute from 2024-01-01; a transaction's readings are consecutive.
    const epoch = 1_704_067_200;
    const perTx = READINGS_PER_TRANSACTION;
    // Integers written into the SQL: bound JS numbers would arrive as REAL and divide as such.
    for (const n of [rows, chargePoints]) {
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`expected a positive integer, got ${n}`);
    }
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meter_val' AND sql IS NOT NULL`,
      )
      .all() as { name: string; sql: string }[];
    db.transaction(() => {
      for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
      db.prepare(
        `WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < ${transactions})
         INSERT INTO tx (charge_point_id, connector_id, id_tag, id_tag_status, meter_start, started_at,
                         meter_stop, stopped_at, stop_reason, created_at, stop_received_at)
         SELECT printf('CP%05d', (n - 1) % ${chargePoints} + 1), 1, printf('TAG%05d', (n - 1) % ${chargePoints} + 1),
                'Accepted', 0, strftime('%Y-%m-%dT%H:%M:%fZ', ${epoch} + (n - 1) * ${perTx} * 60, 'unixepoch'),
                ${perTx} * 150, strftime('%Y-%m-%dT%H:%M:%fZ', ${epoch} + n * ${perTx} * 60, 'unixepoch'), 'Local',
                strftime('%Y-%m-%dT%H:%M:%fZ', ${epoch} + (n - 1) * ${perTx} * 60, 'unixepoch'),
                strftime('%Y-%m-%dT%H:%M:%fZ', ${epoch} + n * ${perTx} * 60, 'unixepoch')
         FROM t`,
      ).run();
      db.prepare(
        `WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < ${readings} - 1),
         sv(k, measurand, unit, phase, location, value) AS (VALUES
           (0, 'Energy.Active.Import.Register', 'Wh', NULL, 'Outlet', NULL),
           (1, 'Power.Active.Import', 'W', NULL, 'Outlet', '11040'),
           (2, 'Current.Import', 'A', 'L1', 'Outlet', '16.0'),
           (3, 'Current.Import', 'A', 'L2', 'Outlet', '16.1'),
           (4, 'Current.Import', 'A', 'L3', 'Outlet', '15.9'),
           (5, 'Voltage', 'V', 'L1-N', 'Outlet', '230.1'),
           (6, 'Voltage', 'V', 'L2-N', 'Outlet', '229.8'),
           (7, 'Voltage', 'V', 'L3-N', 'Outlet', '230.4'),
           (8, 'SoC', 'Percent', NULL, 'EV', '57'))
         INSERT INTO meter_val (charge_point_id, connector_id, transaction_id, reported_transaction_id, timestamp,
                                value, context, format, measurand, phase, location, unit, source, received_at)
         SELECT printf('CP%05d', (n / ${perTx}) % ${chargePoints} + 1), 1, n / ${perTx} + 1, n / ${perTx} + 1,
                strftime('%Y-%m-%dT%H:%M:%fZ', ${epoch} + n * 60, 'unixepoch'),
                coalesce(sv.value, CAST((n % ${perTx}) * 150 AS TEXT)), 'Sample.Periodic', 'Raw',
                sv.measurand, sv.phase, sv.location, sv.unit, 'MeterValues',
                strftime('%Y-%m-%dT%H:%M:%fZ', ${epoch} + n * 60 + 1, 'unixepoch')
         FROM r CROSS JOIN sv
         WHERE n * ${VALUES_PER_READING} + sv.k < ${rows}`,
      ).run();
      for (const { sql } of indexes) db.exec(sql);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const meterValues = (db.prepare('SELECT count(*) AS n FROM meter_val').get() as { n: number }).n;
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return {
      meterValues,
      transactions,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      fileBytes: pageCount * pageSize,
    };
  } finally {
    db.close();
  }
}
