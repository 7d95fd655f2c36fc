import { expect, it } from 'vitest';
import type { EventFilter } from '../../storage/records.js';

/** An append-only history listed newest first: `dataTransfers`, `statusReports`, `securityEvents`. */
interface EventLog<New, Record> {
  add(event: New): Promise<Record>;
  list(filter?: EventFilter): Promise<Record[]>;
}

export interface EventLogContractOptions<New, Record> {
  repository: () => EventLog<New, Record>;
  /** The repository's fixture builder. */
  build: (overrides?: Partial<New>) => New;
  /** Overrides that set every nullable field to null. */
  nulls: Partial<New>;
  /** Changes one field of an event or a record, to check that nothing stored is shared. */
  mutate: (value: New | Record) => void;
}

/** The tests every append-only history passes, whatever its records. */
export function eventLogContract<
  New extends { chargePointId: string; receivedAt: string },
  Record extends New & { id: number },
>(options: EventLogContractOptions<New, Record>): void {
  const { repository, build, nulls, mutate } = options;
  // Every history has these two fields; TypeScript cannot see that through `New`.
  const buildWith = (fields: { chargePointId?: string; receivedAt?: string }) =>
    build(fields as Partial<New>);

  it('stores the event with a positive integer id and returns it', async () => {
    const event = build();
    const record = await repository().add(event);
    expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
    expect(record).toStrictEqual({ ...event, id: record.id });
    expect(await repository().list()).toStrictEqual([record]);
  });

  it('keeps null fields null', async () => {
    const event = build(nulls);
    const record = await repository().add(event);
    expect(await repository().list()).toStrictEqual([{ ...event, id: record.id }]);
  });

  it('lists events newest first', async () => {
    const first = await repository().add(buildWith({ receivedAt: '2025-01-31T12:00:50.000Z' }));
    const second = await repository().add(buildWith({ receivedAt: '2025-01-31T12:00:10.000Z' }));
    const third = await repository().add(build());
    expect(first.id).toBeLessThan(second.id);
    expect(second.id).toBeLessThan(third.id);
    expect(await repository().list()).toStrictEqual([third, second, first]);
    expect(await repository().list({})).toStrictEqual([third, second, first]);
  });

  it('filters by charge point and limits the count', async () => {
    const a1 = await repository().add(buildWith({ chargePointId: 'CP001' }));
    const b1 = await repository().add(buildWith({ chargePointId: 'CP002' }));
    const a2 = await repository().add(buildWith({ chargePointId: 'CP001' }));
    const ids = async (filter: EventFilter) => (await repository().list(filter)).map((record) => record.id);
    expect(await ids({ chargePointId: 'CP001' })).toStrictEqual([a2.id, a1.id]);
    expect(await ids({ chargePointId: 'CP002' })).toStrictEqual([b1.id]);
    expect(await ids({ chargePointId: 'CP404' })).toStrictEqual([]);
    expect(await ids({ limit: 2 })).toStrictEqual([a2.id, b1.id]);
    expect(await ids({ chargePointId: 'CP001', limit: 1 })).toStrictEqual([a2.id]);
    expect(await ids({ limit: 0 })).toStrictEqual([]);
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const event = build();
    const record = await repository().add(event);
    mutate(event);
    mutate(record);
    const [listed] = await repository().list();
    if (!listed) throw new Error('event is not listed');
    mutate(listed);
    expect(await repository().list()).toStrictEqual([{ ...build(), id: record.id }]);
  });
}
