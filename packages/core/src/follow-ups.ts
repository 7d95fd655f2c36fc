import type { FollowUps } from './handlers/handler.js';
import type { Logger } from './logger.js';
import type { Request } from './ocpp16/actions.js';
import type { ChargePointHandle } from './outbound/charge-point-handle.js';
import type { PendingBootHook } from './policies/boot.js';
import type { CertificateSigner } from './policies/certificate-signer.js';
import type { Storage } from './storage/storage.js';
import { nowIso } from './time.js';

export interface FollowUpDependencies {
  storage: Storage;
  logger: Logger;
  clock: () => Date;
  chargePoint: (id: string) => ChargePointHandle;
  onPendingBoot: PendingBootHook | undefined;
  certificateSigner: CertificateSigner | undefined;
}

/**
 * Work that follows an answer and may call the charge point back. It runs on the next
 * turn of the event loop, after ocpp-rpc has written the answer, so the charge point
 * never receives a call about a message before the answer to that message.
 */
export function createFollowUps(deps: FollowUpDependencies): FollowUps & { settled(): Promise<void> } {
  const running = new Set<Promise<void>>();
  const later = (what: string, chargePointId: string, task: () => Promise<void>) => {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch((error: unknown) => deps.logger.error({ err: error, chargePointId }, `${what} failed`));
    running.add(run);
    void run.finally(() => running.delete(run));
  };

  return {
    pendingBoot(chargePointId: string, params: Request<'BootNotification'>) {
      const hook = deps.onPendingBoot;
      if (!hook) return;
      later('the onPendingBoot hook', chargePointId, async () => {
        const chargePoint = deps.chargePoint(chargePointId);
        const decision = await hook({ chargePointId, params, chargePoint });
        if (decision !== 'Accepted' && decision !== 'Rejected') return;
        await deps.storage.chargePoints.setAdmission(chargePointId, decision, nowIso(deps.clock));
        // OCPP 1.6 §4.2: a Pending charge point boots again only after its interval,
        // unless asked to now.
        if (decision === 'Accepted' && chargePoint.connected) {
          await chargePoint.call('TriggerMessage', { requestedMessage: 'BootNotification' });
        }
      });
    },

    certificateRequested(chargePointId: string, requestId: number) {
      const signer = deps.certificateSigner;
      if (!signer) return;
      later('signing a certificate request', chargePointId, async () => {
        const request = await deps.storage.certificateRequests.get(requestId);
        if (!request) return;
        const at = () => nowIso(deps.clock);
        let certificateChain: string;
        try {
          certificateChain = await signer({ chargePointId, csr: request.csr });
        } catch (error) {
          await deps.storage.certificateRequests.update(
            requestId,
            { status: 'Failed', failureReason: `signer failed: ${(error as Error).message}` },
            at(),
          );
          throw error;
        }
        let status: string;
        try {
          ({ status } = await deps
            .chargePoint(chargePointId)
            .call('CertificateSigned', { certificateChain }));
        } catch (error) {
          await deps.storage.certificateRequests.update(
            requestId,
            {
              status: 'Failed',
              certificateChain,
              failureReason: `CertificateSigned failed: ${(error as Error).message}`,
            },
            at(),
          );
          throw error;
        }
        await deps.storage.certificateRequests.update(
          requestId,
          status === 'Accepted'
            ? { status: 'Signed', certificateChain }
            : {
                status: 'Failed',
                certificateChain,
                failureReason: 'the charge point rejected the certificate',
              },
          at(),
        );
      });
    },

    /** Resolves when all follow-ups started so far have finished (for close()). */
    async settled() {
      await Promise.allSettled([...running]);
    },
  };
}
