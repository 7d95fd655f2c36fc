import { bootInfo, isoTime, newMeterValue, newTransaction, transactionStop } from '@levity/core/testing';
import { describe, expect, it } from 'vitest';
import { startApi } from './support/api-server.js';

/** CSV text as rows of fields (enough of RFC 4180 for these tests: quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
}

describe('CSV exports', () => {
  it('exports every matching transaction with ?format=csv, paged through the storage, with a header row and quoting', async () => {
    await using api = await startApi();
    const tricky = await api.storage.transactions.start(
      newTransaction({ idTag: 'A,"B"\nC', startedAt: isoTime(0) }),
    );
    await api.storage.transactions.stop(tricky.id, transactionStop({ meterStop: 2500 }), [
      newMeterValue({ transactionId: tricky.id, value: '1000' }),
      newMeterValue({ transactionId: tricky.id, value: '3500' }),
    ]);
    await api.storage.transactions.start(newTransaction({ idTag: '=HYPERLINK("x")', startedAt: isoTime(1) }));
    for (let i = 0; i < 1201; i++) {
      await api.storage.transactions.start(
        newTransaction({ chargePointId: `CP${i}`, startedAt: isoTime(10 + i) }),
      );
    }

    const response = await api.request({ method: 'GET', url: '/api/transactions?format=csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="transactions.csv"');
    const rows = parseCsv(response.body);
    expect(rows[0]).toStrictEqual([
      'id',
      'chargePointId',
      'connectorId',
      'idTag',
      'status',
      'startedAt',
      'stoppedAt',
      'meterStart',
      'meterStop',
      'energyWh',
      'energySource',
      'stopReason',
      'stopIdTag',
      'reservationId',
      'anomaly',
      'attention',
    ]);
    const data = rows.slice(1);
    expect(data).toHaveLength(1203);
    // Newest first, every id once, across the storage's pages of 500.
    const ids = data.map((row) => Number(row[0]));
    expect(new Set(ids).size).toBe(1203);
    expect(ids).toStrictEqual([...ids].sort((a, b) => b - a));
    const first = data.find((row) => Number(row[0]) === tricky.id);
    expect(first?.slice(3, 11)).toStrictEqual([
      'A,"B"\nC',
      'Completed',
      isoTime(0),
      expect.stringMatching(/Z$/),
      expect.any(String),
      '2500',
      '2500',
      'registers',
    ]);
    // A cell a spreadsheet would run as a formula is defused.
    expect(data.some((row) => row[3] === `'=HYPERLINK("x")`)).toBe(true);
    // Empty fields for nothing.
    expect(data.find((row) => row[1] === 'CP0')?.[6]).toBe('');
  });

  it('answers CSV to Accept: text/csv, keeps the filters, and JSON with ?format=json whatever Accept says', async () => {
    await using api = await startApi();
    await api.storage.transactions.start(newTransaction({ chargePointId: 'CP1' }));
    await api.storage.transactions.start(newTransaction({ chargePointId: 'CP2' }));
    const csv = await api.request({
      method: 'GET',
      url: '/api/transactions?chargePointId=CP2',
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(parseCsv(csv.body).map((row) => row[1])).toStrictEqual(['chargePointId', 'CP2']);
    const json = await api.request({
      method: 'GET',
      url: '/api/transactions?format=json',
      headers: { accept: 'text/csv' },
    });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect((json.json() as { items: unknown[] }).items).toHaveLength(2);
    const bad = await api.request({ method: 'GET', url: '/api/transactions?format=xml' });
    expect(bad.statusCode).toBe(400);
  });

  it("exports a transaction's meter values, one row per sampled value, past a page of one timestamp", async () => {
    await using api = await startApi();
    const tx = await api.storage.transactions.start(newTransaction());
    // One large message (7000 values of one timestamp), then 3 more.
    await api.storage.meterValues.add(
      Array.from({ length: 7000 }, (_, i) =>
        newMeterValue({ transactionId: tx.id, timestamp: isoTime(60), value: String(i) }),
      ),
    );
    await api.storage.meterValues.add(
      [61, 62, 63].map((s) => newMeterValue({ transactionId: tx.id, timestamp: isoTime(s), value: '-12.5' })),
    );
    await api.storage.meterValues.add([newMeterValue({ transactionId: null, timestamp: isoTime(64) })]);
    const response = await api.request({
      method: 'GET',
      url: `/api/transactions/${tx.id}/meter-values?format=csv`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="transaction-${tx.id}-meter-values.csv"`,
    );
    const rows = parseCsv(response.body);
    expect(rows[0]).toStrictEqual([
      'id',
      'chargePointId',
      'connectorId',
      'transactionId',
      'timestamp',
      'measurand',
      'phase',
      'location',
      'unit',
      'value',
      'context',
      'format',
      'source',
      'receivedAt',
    ]);
    const data = rows.slice(1);
    expect(data).toHaveLength(7003);
    expect(new Set(data.map((row) => row[0])).size).toBe(7003);
    expect(data.slice(0, 7000).map((row) => row[9])).toStrictEqual(
      Array.from({ length: 7000 }, (_, i) => String(i)),
    );
    // A negative number is a number, not a formula.
    expect(data.at(-1)?.slice(4, 10)).toStrictEqual([
      isoTime(63),
      'Energy.Active.Import.Register',
      '',
      'Outlet',
      'Wh',
      '-12.5',
    ]);

    await api.storage.chargePoints.recordBoot('CP001', bootInfo());
    const byChargePoint = await api.request({
      method: 'GET',
      url: `/api/charge-points/CP001/meter-values?from=${isoTime(62)}`,
      headers: { accept: 'text/csv' },
    });
    expect(byChargePoint.statusCode).toBe(200);
    expect(parseCsv(byChargePoint.body).map((row) => [row[3], row[4]])).toStrictEqual([
      ['transactionId', 'timestamp'],
      [String(tx.id), isoTime(62)],
      [String(tx.id), isoTime(63)],
      ['', isoTime(64)],
    ]);
  });
});
