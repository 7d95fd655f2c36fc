import { runUnitOfWork } from '@levity/core';
import { newReservation, newTransaction, startKeyOf, transactionStop } from '@levity/core/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgTestServer } from '../test/support/pg-test-server.js';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';
import { PostgresStorageError } from './errors.js';
import { PostgresStorage } from './postgres-storage.js';

const server = pgTestServer();

/** What the StartTransaction handler does in its unit: find a stored start, or start. */
async function startOnce(storage: PostgresStorage, transaction = newTransaction()) {
  return storage.transaction(async (unit) => {
    const stored = await unit.transactions.findByStart(startKeyOf(transaction));
    // Gives the other unit time to run into the same check: without the lock, both miss.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return stored ?? (await unit.transactions.start(transaction));
  });
}

describe.skipIf(server.url === null)('PostgresStorage units of work', () => {
  let database: TestDatabase;
  // Two storages with pools of their own: two nodes on one database.
  let nodeA: PostgresStorage;
  let nodeB: PostgresStorage;

  beforeAll(async () => {
    database = await createTestDatabase('units');
    await (await PostgresStorage.open({ connectionString: database.url })).close();
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(async () => {
    await database.empty();
    nodeA = await PostgresStorage.open({ connectionString: database.url, migrate: false, poolSize: 2 });
    nodeB = await PostgresStorage.open({ connectionString: database.url, migrate: false, poolSize: 2 });
  });

  afterEach(async () => {
    await nodeA.close();
    await nodeB.close();
  });

  it('stores everything a unit wrote when it resolves, and returns what it returned', async () => {
    const result = await nodeA.transaction(async (unit) => {
      const started = await unit.transactions.start(newTransaction());
      await unit.transactions.stop(started.id, transactionStop(), []);
      return started.id;
    });
    expect(await nodeB.transactions.get(result)).toMatchObject({ meterStop: transactionStop().meterStop });
  });

  it('stores nothing of a unit that throws, and rethrows what it threw', async () => {
    const failure = new Error('the handler changed its mind');
    await expect(
      nodeA.transaction(async (unit) => {
        await unit.transactions.start(newTransaction());
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await nodeA.transactions.list()).toStrictEqual([]);
  });

  it('shows no other connection what a unit wrote until it resolves', async () => {
    let seenMeanwhile: unknown;
    await nodeA.transaction(async (unit) => {
      await unit.transactions.start(newTransaction());
      seenMeanwhile = await nodeB.transactions.list();
    });
    expect(seenMeanwhile).toStrictEqual([]);
    expect(await nodeB.transactions.list()).toHaveLength(1);
  });

  it('fails a unit whose work went on after a failed storage call, storing nothing of it', async () => {
    const failure = await nodeA
      .transaction(async (unit) => {
        await unit.transactions.start(newTransaction());
        // A reservation id taken twice: the database refuses the second, and the transaction is aborted.
        await unit.reservations.create(newReservation({ id: 7 }));
        await unit.reservations.create(newReservation({ id: 7 })).catch(() => undefined);
        return 'done';
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PostgresStorageError);
    expect((failure as Error).message).toBe('PostgreSQL storage failed to commit a unit of work');
    expect(((failure as Error).cause as Error).message).toMatch(/duplicate key value/);
    expect(await nodeA.transactions.list()).toStrictEqual([]);
    expect(await nodeA.reservations.list()).toStrictEqual([]);
  });

  it('joins a unit started inside a unit', async () => {
    await expect(
      nodeA.transaction(async (unit) => {
        await runUnitOfWork(unit, async (inner) => inner.transactions.start(newTransaction()));
        throw new Error('rolled back, inner unit included');
      }),
    ).rejects.toThrow('rolled back');
    expect(await nodeA.transactions.list()).toStrictEqual([]);
  });

  it('gives the same StartTransaction handled by two nodes at once one transaction id', async () => {
    const [first, second] = await Promise.all([startOnce(nodeA), startOnce(nodeB)]);
    expect(first.id).toBe(second.id);
    expect(await nodeA.transactions.list()).toHaveLength(1);
  });

  it('stops a transaction once when two nodes handle the same StopTransaction at once', async () => {
    const started = await nodeA.transactions.start(newTransaction());
    // What the StopTransaction handler does: read, then stop only what is still open.
    const stopOnce = (storage: PostgresStorage) =>
      storage.transaction(async (unit) => {
        const transaction = await unit.transactions.get(started.id);
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (transaction?.stoppedAt !== null) return 'already stopped';
        await unit.transactions.stop(started.id, transactionStop(), []);
        return 'stopped';
      });
    const outcomes = await Promise.all([stopOnce(nodeA), stopOnce(nodeB)]);
    expect(outcomes.sort()).toStrictEqual(['already stopped', 'stopped']);
  });

  it('hands out distinct transaction ids on two nodes', async () => {
    const starts = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? nodeA : nodeB).transactions.start(newTransaction({ meterStart: i })),
    );
    const ids = (await Promise.all(starts)).map((transaction) => transaction.id);
    expect(new Set(ids).size).toBe(20);
  });

  it('assigns reservation ids above one chosen on another node', async () => {
    await nodeA.reservations.create(newReservation({ id: 5000 }));
    expect((await nodeB.reservations.create(newReservation())).id).toBe(5001);
    await nodeB.reservations.create(newReservation({ id: 10 }));
    expect((await nodeA.reservations.create(newReservation())).id).toBe(5002);
  });
});
