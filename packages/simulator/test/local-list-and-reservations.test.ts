import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('GetLocalListVersion and SendLocalList', () => {
  it('keep the version and entries; a Differential update must be newer', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-LL');
    const cp = bed.cs.chargePoint('CP-LL');
    expect(await cp.call('GetLocalListVersion', {})).toEqual({ listVersion: 0 });
    expect(
      await cp.call('SendLocalList', {
        listVersion: 4,
        updateType: 'Full',
        localAuthorizationList: [
          { idTag: 'A', idTagInfo: { status: 'Accepted' } },
          { idTag: 'B', idTagInfo: { status: 'Accepted', expiryDate: '2030-01-01T00:00:00Z' } },
        ],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(await cp.call('GetLocalListVersion', {})).toEqual({ listVersion: 4 });
    expect(
      await cp.call('SendLocalList', {
        listVersion: 4,
        updateType: 'Differential',
        localAuthorizationList: [],
      }),
    ).toEqual({ status: 'VersionMismatch' });
    expect(
      await cp.call('SendLocalList', {
        listVersion: 5,
        updateType: 'Differential',
        localAuthorizationList: [{ idTag: 'A' }, { idTag: 'C', idTagInfo: { status: 'Blocked' } }],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(await cp.call('GetLocalListVersion', {})).toEqual({ listVersion: 5 });
    expect(sim.state.localList.entries().map((e) => e.idTag)).toEqual(['B', 'C']);
  });

  it('answer -1 and NotSupported when LocalAuthListEnabled is false', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-LL-OFF', { configuration: { LocalAuthListEnabled: 'false' } });
    const cp = bed.cs.chargePoint('CP-LL-OFF');
    expect(await cp.call('GetLocalListVersion', {})).toEqual({ listVersion: -1 });
    expect(await cp.call('SendLocalList', { listVersion: 1, updateType: 'Full' })).toEqual({
      status: 'NotSupported',
    });
  });

  it('fails a list longer than SendLocalListMaxLength', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-LL-MAX', { configuration: { SendLocalListMaxLength: '2' } });
    const localAuthorizationList = ['A', 'B', 'C'].map((idTag) => ({
      idTag,
      idTagInfo: { status: 'Accepted' as const },
    }));
    expect(
      await bed.cs
        .chargePoint('CP-LL-MAX')
        .call('SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList }),
    ).toEqual({ status: 'Failed' });
  });
});

describe('ReserveNow and CancelReservation', () => {
  it('reserve a connector for one tag, whose StartTransaction then carries the reservationId', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-RES');
    const cp = bed.cs.chargePoint('CP-RES');
    expect(
      await cp.call('ReserveNow', {
        connectorId: 1,
        expiryDate: inMinutes(10),
        idTag: 'HOLDER',
        reservationId: 77,
      }),
    ).toEqual({ status: 'Accepted' });
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-RES', 1))?.status).toBe('Reserved'),
    );
    expect(await cp.call('RemoteStartTransaction', { idTag: 'OTHER', connectorId: 1 })).toEqual({
      status: 'Rejected',
    });
    // Without a connector, another tag gets the free one.
    expect(await cp.call('RemoteStartTransaction', { idTag: 'OTHER' })).toEqual({ status: 'Accepted' });
    await eventually(async () =>
      expect(await bed.storage.transactions.listActive('CP-RES', 2)).toHaveLength(1),
    );

    const started = sim.waitFor('transactionStarted', (event) => event.connectorId === 1);
    expect(await cp.call('RemoteStartTransaction', { idTag: 'holder', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    expect(await started).toMatchObject({ reservationId: 77 });
    const [stored] = await bed.storage.transactions.listActive('CP-RES', 1);
    expect(stored?.reservationId).toBe(77);
    expect(sim.state.reservations.all()).toEqual([]);
  });

  it('answer Occupied, Unavailable, Faulted and Rejected where a reservation cannot be', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-RES2', { connectors: 3 });
    const cp = bed.cs.chargePoint('CP-RES2');
    const reserve = (connectorId: number, reservationId: number, expiryDate = inMinutes(10)) =>
      cp.call('ReserveNow', { connectorId, expiryDate, idTag: 'T', reservationId });
    await sim.startTransaction({ connectorId: 1 });
    await cp.call('ChangeAvailability', { connectorId: 2, type: 'Inoperative' });
    await sim.status(3, 'Faulted', 'GroundFailure');
    expect(await reserve(1, 1)).toEqual({ status: 'Occupied' });
    expect(await reserve(2, 2)).toEqual({ status: 'Unavailable' });
    expect(await reserve(3, 3)).toEqual({ status: 'Faulted' });
    expect(await reserve(0, 4)).toEqual({ status: 'Rejected' });
    await sim.status(3, 'Available');
    expect(await reserve(3, 5, new Date(Date.now() - 1000).toISOString())).toEqual({ status: 'Rejected' });
    expect(await reserve(3, 5)).toEqual({ status: 'Accepted' });
    expect(await reserve(3, 6)).toEqual({ status: 'Occupied' });
    // The same reservationId replaces the reservation.
    expect(await reserve(3, 5)).toEqual({ status: 'Accepted' });
  });

  it('cancel a reservation (Accepted, connector Available again) and refuse an unknown one', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-RES3');
    const cp = bed.cs.chargePoint('CP-RES3');
    await cp.call('ReserveNow', { connectorId: 2, expiryDate: inMinutes(10), idTag: 'T', reservationId: 9 });
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-RES3', 2))?.status).toBe('Reserved'),
    );
    expect(await cp.call('CancelReservation', { reservationId: 9 })).toEqual({ status: 'Accepted' });
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-RES3', 2))?.status).toBe('Available'),
    );
    expect(await cp.call('CancelReservation', { reservationId: 9 })).toEqual({ status: 'Rejected' });
  });

  it('let a reservation expire at its expiry date', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-RES4');
    const expiryDate = new Date(Date.now() + 300).toISOString();
    await bed.cs
      .chargePoint('CP-RES4')
      .call('ReserveNow', { connectorId: 1, expiryDate, idTag: 'T', reservationId: 1 });
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-RES4', 1))?.status).toBe('Reserved'),
    );
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-RES4', 1))?.status).toBe('Available'),
    );
    expect(sim.state.reservations.all()).toEqual([]);
  });
});
