import { describe, expect, it } from 'vitest';
import type { JobFilter, JobKind, JobRecord, NewJob } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newJob } from '../fixtures.js';

/** What `create` must return for `job` once it got `id`. */
function created(id: number, job: NewJob): JobRecord {
  return { ...job, id, fileName: null, finished: false, updatedAt: job.createdAt };
}

export function jobContract(storage: () => Storage): void {
  const jobs = () => storage().jobs;

  /** Creates a job and finishes it. */
  async function createFinished(overrides: Partial<NewJob> = {}) {
    const record = await jobs().create(newJob(overrides));
    const finished = await jobs().update(record.id, { status: 'Uploaded', finished: true }, record.createdAt);
    if (!finished) throw new Error('the job was not updated');
    return finished;
  }

  describe('create and get', () => {
    it('creates the job, unfinished, with a positive integer id and returns it', async () => {
      const job = newJob();
      const record = await jobs().create(job);
      expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
      expect(record).toStrictEqual(created(record.id, job));
      expect(await jobs().get(record.id)).toStrictEqual(record);
    });

    it('stores a job of each kind, with or without a requestId', async () => {
      const kinds: [JobKind, number | null][] = [
        ['Firmware', null],
        ['Diagnostics', null],
        ['Log', 0],
        ['SignedFirmware', 2_147_483_647],
      ];
      for (const [kind, requestId] of kinds) {
        const job = newJob({ kind, requestId, commandId: 77 });
        const record = await jobs().create(job);
        expect(await jobs().get(record.id), kind).toStrictEqual(created(record.id, job));
      }
    });

    it('keeps what the request asked for: location, dates and retries, each also as null', async () => {
      const firmware = newJob({
        kind: 'Firmware',
        location: 'https://firmware.example.com/images/cp-2.4.1.bin?token=a%20b&x=ü',
        retrieveDate: '2038-01-19T03:14:08.000Z',
        installDate: '1999-12-31T23:59:59.999Z',
        startTime: null,
        stopTime: null,
        retries: 0,
        retryInterval: 2_147_483_647,
      });
      const bare = newJob({
        kind: 'Log',
        requestId: 1,
        location: null,
        retrieveDate: null,
        installDate: null,
        startTime: null,
        stopTime: null,
        retries: null,
        retryInterval: null,
      });
      const log = newJob({ kind: 'Log', requestId: 2, startTime: isoTime(-7), stopTime: isoTime(7) });
      for (const job of [firmware, bare, log]) {
        const record = await jobs().create(job);
        expect(record).toStrictEqual(created(record.id, job));
        expect(await jobs().get(record.id)).toStrictEqual(record);
        expect(await jobs().findOpen('CP001', job.kind, job.requestId ?? undefined)).toStrictEqual(record);
        const updated = await jobs().update(
          record.id,
          { status: 'Downloading', finished: false },
          isoTime(9),
        );
        expect(updated).toStrictEqual({ ...record, status: 'Downloading', updatedAt: isoTime(9) });
      }
      expect((await jobs().list()).map(({ location, retries }) => [location, retries])).toStrictEqual([
        [log.location, log.retries],
        [null, null],
        [firmware.location, 0],
      ]);
    });

    it('returns undefined for an id it never issued', async () => {
      expect(await jobs().get(1)).toBeUndefined();
      const record = await jobs().create(newJob());
      expect(await jobs().get(record.id + 1)).toBeUndefined();
    });

    it('issues increasing, distinct ids, also to jobs created at the same time', async () => {
      const first = await jobs().create(newJob());
      const records = await Promise.all(
        Array.from({ length: 20 }, (_, i) => jobs().create(newJob({ commandId: i }))),
      );
      const ids = records.map((record) => record.id);
      expect(new Set(ids).size).toBe(20);
      expect(ids.every((id) => id > first.id)).toBe(true);
    });
  });

  describe('update', () => {
    it('sets the status, whether it finished, and the file name, and returns the job', async () => {
      const record = await jobs().create(newJob());
      const expected: JobRecord = {
        ...record,
        status: 'Accepted',
        fileName: 'diagnostics-CP001.zip',
        updatedAt: isoTime(2),
      };
      expect(
        await jobs().update(
          record.id,
          { status: 'Accepted', finished: false, fileName: 'diagnostics-CP001.zip' },
          isoTime(2),
        ),
      ).toStrictEqual(expected);
      expect(await jobs().get(record.id)).toStrictEqual(expected);
      const done = { ...expected, status: 'Uploaded', finished: true, updatedAt: isoTime(3) };
      expect(
        await jobs().update(record.id, { status: 'Uploaded', finished: true }, isoTime(3)),
      ).toStrictEqual(done);
      expect(await jobs().get(record.id)).toStrictEqual(done);
    });

    it('clears the file name with null and reopens a job with finished false', async () => {
      const record = await jobs().create(newJob());
      await jobs().update(record.id, { status: 'Uploaded', finished: true, fileName: 'x.zip' }, isoTime(1));
      expect(
        await jobs().update(record.id, { status: 'Uploading', finished: false, fileName: null }, isoTime(2)),
      ).toStrictEqual({ ...record, status: 'Uploading', updatedAt: isoTime(2) });
    });

    it('sets updatedAt but never moves it backwards, and keeps createdAt', async () => {
      const record = await jobs().create(newJob({ createdAt: isoTime(10) }));
      expect(
        await jobs().update(record.id, { status: 'Accepted', finished: false }, isoTime(5)),
      ).toMatchObject({
        status: 'Accepted',
        createdAt: isoTime(10),
        updatedAt: isoTime(10),
      });
    });

    it('returns undefined for an id it never issued and changes nothing', async () => {
      const record = await jobs().create(newJob());
      expect(
        await jobs().update(record.id + 1, { status: 'Uploaded', finished: true }, isoTime(1)),
      ).toBeUndefined();
      expect(await jobs().list()).toStrictEqual([record]);
    });
  });

  describe('findOpen', () => {
    it("finds the charge point's newest unfinished job of that kind", async () => {
      const older = await jobs().create(newJob({ kind: 'Firmware' }));
      const newer = await jobs().create(newJob({ kind: 'Firmware' }));
      await createFinished({ kind: 'Firmware' });
      await jobs().create(newJob({ kind: 'Diagnostics' }));
      await jobs().create(newJob({ kind: 'Firmware', chargePointId: 'CP002' }));
      expect(await jobs().findOpen('CP001', 'Firmware')).toStrictEqual(newer);
      await jobs().update(newer.id, { status: 'Installed', finished: true }, isoTime(1));
      expect(await jobs().findOpen('CP001', 'Firmware')).toStrictEqual(older);
    });

    it('finds only the given requestId when one is given, and any without one', async () => {
      const seven = await jobs().create(newJob({ kind: 'Log', requestId: 7 }));
      const eight = await jobs().create(newJob({ kind: 'Log', requestId: 8 }));
      const none = await jobs().create(newJob({ kind: 'Log', requestId: null }));
      expect(await jobs().findOpen('CP001', 'Log', 7)).toStrictEqual(seven);
      expect(await jobs().findOpen('CP001', 'Log', 8)).toStrictEqual(eight);
      expect(await jobs().findOpen('CP001', 'Log', 9)).toBeUndefined();
      expect(await jobs().findOpen('CP001', 'Log')).toStrictEqual(none);
      expect(await jobs().findOpen('CP001', 'Log', undefined)).toStrictEqual(none);
      await jobs().update(none.id, { status: 'Uploaded', finished: true }, isoTime(1));
      expect(await jobs().findOpen('CP001', 'Log')).toStrictEqual(eight);
    });

    it('finds nothing when every job of that kind is finished, or of another charge point', async () => {
      await createFinished({ kind: 'Diagnostics' });
      await jobs().create(newJob({ kind: 'Diagnostics', chargePointId: 'cp001' }));
      expect(await jobs().findOpen('CP001', 'Diagnostics')).toBeUndefined();
      expect(await jobs().findOpen('CP001', 'SignedFirmware')).toBeUndefined();
      expect(await jobs().findOpen('CP404', 'Diagnostics')).toBeUndefined();
    });
  });

  describe('list', () => {
    const ids = async (filter?: JobFilter) => (await jobs().list(filter)).map((record) => record.id);

    it('lists jobs newest first, filtered by charge point, kind and whether they are open, and limited', async () => {
      const a = await jobs().create(newJob({ kind: 'Firmware', createdAt: isoTime(30) }));
      const b = await createFinished({ kind: 'Firmware' });
      const c = await jobs().create(newJob({ kind: 'Log', chargePointId: 'CP002', createdAt: isoTime(10) }));
      const d = await createFinished({ kind: 'Diagnostics' });
      const e = await jobs().create(newJob({ kind: 'Diagnostics' }));
      expect(await jobs().list()).toStrictEqual([e, d, c, b, a]);
      expect(await ids({})).toStrictEqual([e.id, d.id, c.id, b.id, a.id]);
      expect(await ids({ chargePointId: 'CP001' })).toStrictEqual([e.id, d.id, b.id, a.id]);
      expect(await ids({ chargePointId: 'cp002' })).toStrictEqual([]);
      expect(await ids({ kind: 'Firmware' })).toStrictEqual([b.id, a.id]);
      expect(await ids({ kind: 'SignedFirmware' })).toStrictEqual([]);
      expect(await ids({ open: true })).toStrictEqual([e.id, c.id, a.id]);
      expect(await ids({ open: false })).toStrictEqual([d.id, b.id]);
      expect(await ids({ chargePointId: 'CP001', open: true })).toStrictEqual([e.id, a.id]);
      expect(await ids({ chargePointId: 'CP001', kind: 'Diagnostics', open: true })).toStrictEqual([e.id]);
      expect(await ids({ chargePointId: 'CP001', kind: 'Firmware', open: false })).toStrictEqual([b.id]);
      expect(await ids({ chargePointId: 'CP001', limit: 2 })).toStrictEqual([e.id, d.id]);
      expect(await ids({ limit: 0 })).toStrictEqual([]);
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const job = newJob();
    const record = await jobs().create(job);
    job.status = 'MUTATED';
    record.finished = true;
    const fetched = await jobs().get(record.id);
    if (!fetched) throw new Error('the job is missing');
    fetched.fileName = 'mutated';
    const [listed] = await jobs().list();
    if (!listed) throw new Error('the job is not listed');
    listed.kind = 'Log';
    const open = await jobs().findOpen('CP001', 'Diagnostics');
    if (!open) throw new Error('the job is not open');
    open.status = 'MUTATED';
    const updated = await jobs().update(record.id, { status: 'Requested', finished: false }, isoTime(0));
    if (!updated) throw new Error('the job was not updated');
    updated.commandId = 99;
    expect(await jobs().get(record.id)).toStrictEqual(created(record.id, newJob()));
  });
}
