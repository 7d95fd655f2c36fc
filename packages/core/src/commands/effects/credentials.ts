import { hashPassword } from '../../security/password-hash.js';
import { passwordOfAuthorizationKey } from '../../security/password-rules.js';
import type { SecurityProfile } from '../../storage/records.js';
import type { CommandEffect, EffectContext } from '../effect.js';
import { isSecretKey } from '../redaction.js';

/**
 * ChangeConfiguration of the security keys, answered Accepted (whitepaper A01.FR.03 and
 * A05): an AuthorizationKey's password becomes the one Levity accepts (until then the old
 * one stays valid, A01.FR.04); a higher SecurityProfile becomes the charge point's stored
 * minimum. A lower one is never stored from OCPP (A00.FR.005).
 */
/** Hashes made before the call is sent, so the new password is stored as soon as it is accepted. */
const prepared = new WeakMap<EffectContext<'ChangeConfiguration'>, Promise<string>>();

export const securityConfiguration: CommandEffect<'ChangeConfiguration'> = {
  async before(context) {
    // A charge point reconnects with the new key right after accepting it: the slow hash
    // must not stand between its answer and the stored password.
    const password = isSecretKey(context.params.key)
      ? passwordOfAuthorizationKey(context.params.value)
      : undefined;
    if (password) {
      const hash = hashPassword(password);
      hash.catch(() => {});
      prepared.set(context, hash);
    }
  },
  async answered(context, { status }) {
    const { chargePointId, params, storage, logger, now } = context;
    if (status !== 'Accepted') return;
    if (isSecretKey(params.key)) {
      const password = passwordOfAuthorizationKey(params.value);
      if (!password) {
        logger.warn(
          { chargePointId },
          'AuthorizationKey accepted but not 16 to 20 bytes as hexadecimal digits; the stored password is unchanged',
        );
        return;
      }
      await storage.chargePointSecurity.update(
        chargePointId,
        { passwordHash: await hashPassword(password) },
        now(),
      );
      logger.info({ chargePointId }, 'charge point password changed (AuthorizationKey accepted)');
      return;
    }
    if (params.key.toLowerCase() === 'securityprofile') {
      const profile = Number(params.value);
      if (!/^[0-3]$/.test(params.value.trim())) return;
      const current = (await storage.chargePointSecurity.get(chargePointId))?.securityProfile ?? 0;
      if (profile <= current) return;
      await storage.chargePointSecurity.update(
        chargePointId,
        { securityProfile: profile as SecurityProfile },
        now(),
      );
      logger.info({ chargePointId, securityProfile: profile }, 'charge point security profile raised');
    }
  },
};
