import { describe, expect, it } from 'vitest';
import type { CommandFilter, CommandRecord, JsonValue, NewCommand } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { commandOutcome, isoTime, newCommand } from '../fixtures.js';

/** What `add` must return for `command` once it got `id`. */
function added(id: number, command: NewCommand): CommandRecord {
  return {
    ...command,
    id,
    actor: command.actor ?? null,
    nodeId: command.nodeId ?? null,
    status: 'Pending',
    response: null,
    errorCode: null,
    errorDescription: null,
    completedAt: null,
  };
}

export function commandContract(storage: () => Storage): void {
  const commands = () => storage().commands;

  describe('add and get', () => {
    it('logs the command as Pending with a positive integer id and returns it', async () => {
      const command = newCommand();
      const record = await commands().add(command);
      expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
      expect(record).toStrictEqual(added(record.id, command));
      expect(await commands().get(record.id)).toStrictEqual(record);
    });

    it('keeps who sent it, and null when nobody is named', async () => {
      const named = await commands().add(newCommand({ actor: 'token:grafana' }));
      const unnamed = await commands().add(newCommand({ actor: null }));
      const omitted = await commands().add(newCommand());
      expect(named.actor).toBe('token:grafana');
      expect(await commands().get(named.id)).toStrictEqual(named);
      expect([unnamed.actor, omitted.actor]).toStrictEqual([null, null]);
      expect(await commands().get(omitted.id)).toStrictEqual(omitted);
      const completed = await commands().complete(named.id, commandOutcome());
      expect(completed?.actor).toBe('token:grafana');
    });

    it('keeps the node that sent it, and null when none is named', async () => {
      const named = await commands().add(newCommand({ nodeId: 'node-a' }));
      const omitted = await commands().add(newCommand());
      expect([named.nodeId, omitted.nodeId]).toStrictEqual(['node-a', null]);
      expect(await commands().get(named.id)).toStrictEqual(named);
      expect((await commands().complete(named.id, commandOutcome()))?.nodeId).toBe('node-a');
    });

    it('keeps params of every JSON shape exactly', async () => {
      const shapes: JsonValue[] = [
        {},
        [],
        null,
        0,
        -12.75,
        2 ** 53 - 1,
        true,
        'plain text',
        {
          nested: { list: [1, 'two', null, false, { deep: [] }] },
          'key with "quotes"': 'a\\b\n\u00e4\u{1f50c}',
        },
        [{ key: 'HeartbeatInterval' }, { key: 'MeterValuesSampledData' }],
      ];
      for (const params of shapes) {
        const record = await commands().add(newCommand({ params }));
        expect(record.params, JSON.stringify(params)).toStrictEqual(params);
        expect((await commands().get(record.id))?.params, JSON.stringify(params)).toStrictEqual(params);
      }
    });

    it('returns undefined for an id it never issued', async () => {
      expect(await commands().get(1)).toBeUndefined();
      const record = await commands().add(newCommand());
      expect(await commands().get(record.id + 1)).toBeUndefined();
    });

    it('issues increasing, distinct ids, also to commands logged at the same time', async () => {
      const first = await commands().add(newCommand());
      const records = await Promise.all(
        Array.from({ length: 20 }, (_, i) => commands().add(newCommand({ params: { i } }))),
      );
      const ids = records.map((record) => record.id);
      expect(new Set(ids).size).toBe(20);
      expect(ids.every((id) => id > first.id)).toBe(true);
      for (const record of records) expect(await commands().get(record.id)).toStrictEqual(record);
    });
  });

  describe('complete', () => {
    it('records an answer and returns the command', async () => {
      const record = await commands().add(newCommand());
      const outcome = commandOutcome({ response: { status: 'Rejected', extra: [1, { a: null }] } });
      const expected: CommandRecord = {
        ...record,
        status: 'Answered',
        response: { status: 'Rejected', extra: [1, { a: null }] },
        completedAt: outcome.at,
      };
      expect(await commands().complete(record.id, outcome)).toStrictEqual(expected);
      expect(await commands().get(record.id)).toStrictEqual(expected);
    });

    it('records a CALLERROR with its code and description', async () => {
      const record = await commands().add(newCommand());
      const outcome = commandOutcome({
        status: 'CallError',
        response: null,
        errorCode: 'NotImplemented',
        errorDescription: 'Reset is not supported',
        at: isoTime(2),
      });
      expect(await commands().complete(record.id, outcome)).toStrictEqual({
        ...record,
        status: 'CallError',
        errorCode: 'NotImplemented',
        errorDescription: 'Reset is not supported',
        completedAt: isoTime(2),
      });
    });

    it('stores null for the fields an outcome leaves out', async () => {
      const record = await commands().add(newCommand());
      for (const status of ['TimedOut', 'Failed', 'Refused'] as const) {
        expect(await commands().complete(record.id, { status, at: isoTime(3) })).toStrictEqual({
          ...record,
          status,
          completedAt: isoTime(3),
        });
      }
    });

    it('replaces an earlier outcome entirely', async () => {
      const record = await commands().add(newCommand());
      await commands().complete(
        record.id,
        commandOutcome({ status: 'CallError', response: { a: 1 }, errorCode: 'X', errorDescription: 'Y' }),
      );
      const expected: CommandRecord = { ...record, status: 'Failed', completedAt: isoTime(9) };
      expect(await commands().complete(record.id, { status: 'Failed', at: isoTime(9) })).toStrictEqual(
        expected,
      );
      expect(await commands().get(record.id)).toStrictEqual(expected);
    });

    it('completes only the command it is given', async () => {
      const completed = await commands().add(newCommand());
      const other = await commands().add(newCommand());
      await commands().complete(completed.id, commandOutcome());
      expect(await commands().get(other.id)).toStrictEqual(other);
    });

    it('returns undefined for an id it never issued and changes nothing', async () => {
      const record = await commands().add(newCommand());
      expect(await commands().complete(record.id + 1, commandOutcome())).toBeUndefined();
      expect(await commands().list()).toStrictEqual([record]);
    });
  });

  describe('list', () => {
    const ids = async (filter?: CommandFilter) => (await commands().list(filter)).map((record) => record.id);

    it('lists every command newest first', async () => {
      const a = await commands().add(newCommand({ requestedAt: isoTime(30) }));
      const b = await commands().add(newCommand({ requestedAt: isoTime(10) }));
      const c = await commands().add(newCommand({ requestedAt: isoTime(20) }));
      expect(await commands().list()).toStrictEqual([c, b, a]);
      expect(await commands().list({})).toStrictEqual([c, b, a]);
    });

    it('filters by charge point, action and status, exactly', async () => {
      const a = await commands().add(newCommand({ chargePointId: 'CP001', action: 'Reset' }));
      const b = await commands().add(newCommand({ chargePointId: 'CP002', action: 'Reset' }));
      const c = await commands().add(newCommand({ chargePointId: 'CP001', action: 'GetConfiguration' }));
      const d = await commands().add(newCommand({ chargePointId: 'CP001', action: 'Reset' }));
      await commands().complete(a.id, commandOutcome());
      await commands().complete(c.id, commandOutcome({ status: 'TimedOut', response: null }));
      expect(await ids({ chargePointId: 'CP001' })).toStrictEqual([d.id, c.id, a.id]);
      expect(await ids({ chargePointId: 'cp001' })).toStrictEqual([]);
      expect(await ids({ action: 'Reset' })).toStrictEqual([d.id, b.id, a.id]);
      expect(await ids({ action: 'reset' })).toStrictEqual([]);
      expect(await ids({ status: 'Pending' })).toStrictEqual([d.id, b.id]);
      expect(await ids({ status: 'Answered' })).toStrictEqual([a.id]);
      expect(await ids({ status: 'TimedOut' })).toStrictEqual([c.id]);
      expect(await ids({ status: 'Refused' })).toStrictEqual([]);
      expect(await ids({ chargePointId: 'CP001', action: 'Reset', status: 'Pending' })).toStrictEqual([d.id]);
      expect(await ids({ chargePointId: 'CP002', action: 'GetConfiguration' })).toStrictEqual([]);
    });

    it('filters by actor, exactly', async () => {
      const a = await commands().add(newCommand({ actor: 'token:grafana' }));
      await commands().add(newCommand({ actor: 'api-token' }));
      await commands().add(newCommand());
      const d = await commands().add(newCommand({ actor: 'token:grafana', chargePointId: 'CP002' }));
      expect(await ids({ actor: 'token:grafana' })).toStrictEqual([d.id, a.id]);
      expect(await ids({ actor: 'token:GRAFANA' })).toStrictEqual([]);
      expect(await ids({ actor: 'token:grafana', chargePointId: 'CP001' })).toStrictEqual([a.id]);
      expect(await ids({ actor: 'token:grafana', before: d.id })).toStrictEqual([a.id]);
    });

    it('filters by request time, from inclusive', async () => {
      const at10 = await commands().add(newCommand({ requestedAt: isoTime(10) }));
      const at30 = await commands().add(newCommand({ requestedAt: isoTime(30) }));
      const at20 = await commands().add(newCommand({ requestedAt: isoTime(20) }));
      expect(await ids({ from: isoTime(20) })).toStrictEqual([at20.id, at30.id]);
      expect(await ids({ from: isoTime(10) })).toStrictEqual([at20.id, at30.id, at10.id]);
      expect(await ids({ from: isoTime(30.001) })).toStrictEqual([]);
    });

    it('pages newest first with limit and before, which is exclusive', async () => {
      const records = [];
      for (let i = 0; i < 5; i++) records.push(await commands().add(newCommand({ params: { i } })));
      const all = records.map((record) => record.id).reverse();
      const [, second, third] = all;
      if (second === undefined || third === undefined) throw new Error('commands are missing');
      expect(await ids({ limit: 2 })).toStrictEqual(all.slice(0, 2));
      expect(await ids({ before: second, limit: 2 })).toStrictEqual(all.slice(2, 4));
      expect(await ids({ before: third })).toStrictEqual(all.slice(3));
      expect(await ids({ before: Math.min(...all) })).toStrictEqual([]);
      expect(await ids({ before: Math.max(...all) + 100 })).toStrictEqual(all);
      expect(await ids({ limit: 0 })).toStrictEqual([]);
    });

    it('applies before and limit together with the other filters', async () => {
      const a = await commands().add(newCommand({ action: 'Reset' }));
      await commands().add(newCommand({ action: 'ClearCache' }));
      const c = await commands().add(newCommand({ action: 'Reset' }));
      const d = await commands().add(newCommand({ action: 'Reset' }));
      expect(await ids({ action: 'Reset', before: d.id, limit: 1 })).toStrictEqual([c.id]);
      expect(await ids({ action: 'Reset', before: c.id, limit: 5 })).toStrictEqual([a.id]);
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const command = newCommand({ params: { type: 'Soft', nested: { list: [1] } } });
    const record = await commands().add(command);
    command.action = 'Mutated';
    (command.params as { nested: { list: number[] } }).nested.list.push(2);
    (record.params as { type: string }).type = 'Hard';
    const fetched = await commands().get(record.id);
    if (!fetched) throw new Error('the command is missing');
    (fetched.params as { nested: { list: number[] } }).nested.list.push(3);
    const [listed] = await commands().list();
    if (!listed) throw new Error('the command is not listed');
    listed.status = 'Failed';
    const outcome = commandOutcome({ response: { status: 'Accepted', list: [1] } });
    const completed = await commands().complete(record.id, outcome);
    if (!completed) throw new Error('the command was not completed');
    (outcome.response as { list: number[] }).list.push(2);
    (completed.response as { status: string }).status = 'Mutated';
    expect(await commands().get(record.id)).toStrictEqual({
      ...added(record.id, newCommand({ params: { type: 'Soft', nested: { list: [1] } } })),
      status: 'Answered',
      response: { status: 'Accepted', list: [1] },
      completedAt: outcome.at,
    });
  });
}
