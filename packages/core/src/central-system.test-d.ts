import { describe, expectTypeOf, it } from 'vitest';
import type { CentralSystem, Request, Response } from './index.js';

declare const cs: CentralSystem;

describe('types follow the action name', () => {
  it('gives handlers the request and expects the response of their action', () => {
    cs.handle('StartTransaction', async (context) => {
      expectTypeOf(context.params).toEqualTypeOf<Request<'StartTransaction'>>();
      expectTypeOf(context.params.meterStart).toEqualTypeOf<number>();
      expectTypeOf(context.next).returns.resolves.toEqualTypeOf<Response<'StartTransaction'>>();
      return { transactionId: 1, idTagInfo: { status: 'Accepted' } };
    });
    // @ts-expect-error a BootNotification answer is not a Heartbeat answer
    cs.handle('Heartbeat', async () => ({ status: 'Accepted' }));
    // @ts-expect-error charge points never send Reset
    cs.handle('Reset', async () => ({ status: 'Accepted' }));
  });

  it('types outbound calls by action', () => {
    const reply = cs.chargePoint('CP1').call('RemoteStartTransaction', { idTag: 'A', connectorId: 1 });
    expectTypeOf(reply).resolves.toEqualTypeOf<Response<'RemoteStartTransaction'>>();
    // @ts-expect-error idTag is required
    void cs.chargePoint('CP1').call('RemoteStartTransaction', { connectorId: 1 });
    // @ts-expect-error a central system does not send Heartbeat
    void cs.chargePoint('CP1').call('Heartbeat', {});
  });

  it('types event payloads by name', () => {
    cs.on('transactionStarted', (event) => {
      expectTypeOf(event.transactionId).toEqualTypeOf<number>();
      expectTypeOf(event.request).toEqualTypeOf<Request<'StartTransaction'>>();
    });
  });
});
