import { describe, expect, it } from 'vitest';
import type { CertificateRequestRecord, EventFilter, NewCertificateRequest } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newCertificateRequest } from '../fixtures.js';

const CHAIN = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'.repeat(3);

/** What `add` must return for `request` once it got `id`. */
function added(id: number, request: NewCertificateRequest): CertificateRequestRecord {
  return { ...request, id, certificateChain: null, failureReason: null, updatedAt: request.receivedAt };
}

export function certificateRequestContract(storage: () => Storage): void {
  const requests = () => storage().certificateRequests;

  describe('add and get', () => {
    it('stores the request with a positive integer id, nothing signed yet, and returns it', async () => {
      const request = newCertificateRequest();
      const record = await requests().add(request);
      expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
      expect(record).toStrictEqual(added(record.id, request));
      expect(await requests().get(record.id)).toStrictEqual(record);
    });

    it('stores a rejected request the same way', async () => {
      const request = newCertificateRequest({ status: 'Rejected', csr: 'not a CSR' });
      const record = await requests().add(request);
      expect(await requests().get(record.id)).toStrictEqual(added(record.id, request));
    });

    it('returns undefined for an id it never issued', async () => {
      expect(await requests().get(1)).toBeUndefined();
      const record = await requests().add(newCertificateRequest());
      expect(await requests().get(record.id + 1)).toBeUndefined();
    });
  });

  describe('update', () => {
    it('records a signed chain and returns the request', async () => {
      const record = await requests().add(newCertificateRequest());
      const expected = {
        ...record,
        status: 'Signed' as const,
        certificateChain: CHAIN,
        updatedAt: isoTime(10),
      };
      expect(
        await requests().update(record.id, { status: 'Signed', certificateChain: CHAIN }, isoTime(10)),
      ).toStrictEqual(expected);
      expect(await requests().get(record.id)).toStrictEqual(expected);
    });

    it('records a failure, leaving fields it is not given alone', async () => {
      const record = await requests().add(newCertificateRequest());
      await requests().update(record.id, { status: 'Signed', certificateChain: CHAIN }, isoTime(10));
      expect(
        await requests().update(
          record.id,
          { status: 'Failed', failureReason: 'CertificateSigned Rejected' },
          isoTime(11),
        ),
      ).toStrictEqual({
        ...record,
        status: 'Failed',
        certificateChain: CHAIN,
        failureReason: 'CertificateSigned Rejected',
        updatedAt: isoTime(11),
      });
    });

    it('clears the chain and the reason with null', async () => {
      const record = await requests().add(newCertificateRequest());
      await requests().update(
        record.id,
        { status: 'Failed', certificateChain: CHAIN, failureReason: 'x' },
        isoTime(2),
      );
      expect(
        await requests().update(
          record.id,
          { status: 'Accepted', certificateChain: null, failureReason: null },
          isoTime(3),
        ),
      ).toStrictEqual({ ...record, updatedAt: isoTime(3) });
    });

    it('never moves updatedAt backwards', async () => {
      const record = await requests().add(newCertificateRequest({ receivedAt: isoTime(10) }));
      expect(await requests().update(record.id, { status: 'Failed' }, isoTime(5))).toMatchObject({
        status: 'Failed',
        receivedAt: isoTime(10),
        updatedAt: isoTime(10),
      });
    });

    it('returns undefined for an id it never issued and changes nothing', async () => {
      const record = await requests().add(newCertificateRequest());
      expect(await requests().update(record.id + 1, { status: 'Signed' }, isoTime(5))).toBeUndefined();
      expect(await requests().list()).toStrictEqual([record]);
    });
  });

  describe('list', () => {
    it('lists requests newest first, filtered by charge point and limited', async () => {
      const a1 = await requests().add(newCertificateRequest({ chargePointId: 'CP001' }));
      const b1 = await requests().add(newCertificateRequest({ chargePointId: 'CP002' }));
      const a2 = await requests().add(
        newCertificateRequest({ chargePointId: 'CP001', receivedAt: isoTime(-5) }),
      );
      const ids = async (filter?: EventFilter) => (await requests().list(filter)).map((record) => record.id);
      expect(await ids()).toStrictEqual([a2.id, b1.id, a1.id]);
      expect(await ids({ chargePointId: 'CP001' })).toStrictEqual([a2.id, a1.id]);
      expect(await ids({ chargePointId: 'CP404' })).toStrictEqual([]);
      expect(await ids({ limit: 2 })).toStrictEqual([a2.id, b1.id]);
      expect(await ids({ chargePointId: 'CP002', limit: 5 })).toStrictEqual([b1.id]);
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const request = newCertificateRequest();
    const record = await requests().add(request);
    request.csr = 'mutated';
    record.status = 'Failed';
    const fetched = await requests().get(record.id);
    if (!fetched) throw new Error('the request is missing');
    fetched.certificateChain = 'mutated';
    const [listed] = await requests().list();
    if (!listed) throw new Error('the request is not listed');
    listed.failureReason = 'mutated';
    const updated = await requests().update(record.id, { status: 'Accepted' }, isoTime(1));
    if (!updated) throw new Error('the request was not updated');
    updated.csr = 'mutated';
    expect(await requests().get(record.id)).toStrictEqual(added(record.id, newCertificateRequest()));
  });
}
