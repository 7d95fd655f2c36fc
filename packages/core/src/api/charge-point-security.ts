import { LevityError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Response } from '../ocpp16/actions.js';
import type { ChargePointHandle } from '../outbound/charge-point-handle.js';
import { hashPassword } from '../security/password-hash.js';
import { authorizationKeyOf, generatePassword, passwordProblem } from '../security/password-rules.js';
import type { IsoTimestamp, SecurityProfile } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';

/** A charge point's credentials as the API shows them: never the password or its hash. */
export interface ChargePointCredentials {
  chargePointId: string;
  /** Its stored minimum profile (0 when none was set). */
  securityProfile: SecurityProfile;
  passwordSet: boolean;
  updatedAt: IsoTimestamp | null;
}

/** What `setSecurityProfile` did. */
export interface SecurityProfileChange {
  /** The stored profile afterwards. */
  securityProfile: SecurityProfile;
  /**
   * `Stored` (not connected: stored for its next connection), `Unchanged` (already so), or
   * the charge point's answer to ChangeConfiguration SecurityProfile (stored only if `Accepted`).
   */
  status: 'Stored' | 'Unchanged' | Response<'ChangeConfiguration'>['status'];
}

export interface SecurityProfileOptions {
  /**
   * Allow storing a lower profile than the stored one. Lowering is never sent over OCPP
   * (whitepaper A00.FR.005): it only changes what Levity accepts.
   */
  allowDowngrade?: boolean;
}

/** The part of `cs.chargePoints` about credentials and security profiles. */
export interface ChargePointSecurityApi {
  /** Its stored profile and whether a password is set; for any id (profile 0, no password, when never set). */
  credentials(id: string): Promise<ChargePointCredentials>;
  /**
   * Stores the password the charge point authenticates with (HTTP Basic, profiles 1 and 2)
   * as a salted scrypt hash; the charge point must already have it (provisioning, also before
   * its first connection). A string is taken as UTF-8; bytes for binary keys.
   * @throws LevityError `LEVITY_ERR_INVALID_ARGUMENT` naming the rule it breaks (16 to 20 bytes, no control characters)
   *
   * @example
   * await cs.chargePoints.setPassword('CP001', 'correct-horse-42!');
   */
  setPassword(id: string, password: string | Uint8Array): Promise<void>;
  /** Generates a random password (20 letters and digits), stores it like `setPassword` and returns it: the only time it is shown. */
  generatePassword(id: string): Promise<string>;
  /**
   * Changes the password over the air (whitepaper A01): sends ChangeConfiguration
   * AuthorizationKey (the password hex-encoded) and stores the new password only when the
   * charge point answers Accepted; until then the old one stays valid. Generates one unless
   * given. Returns the answer and the password (store it nowhere else).
   * @throws NotConnectedError when it is not connected, and the errors of `call`
   */
  rotatePassword(
    id: string,
    options?: { password?: string },
  ): Promise<{ status: Response<'ChangeConfiguration'>['status']; password: string }>;
  /**
   * Raises the charge point's security profile. Connected: sends ChangeConfiguration
   * SecurityProfile (whitepaper A05) once the prerequisites are there (a password for 1 and
   * 2, TLS for 2 and 3, a client CA for 3), and stores it when the charge point answers
   * Accepted. Not connected: stores it for its next connection. Never accepted below the
   * higher of this and the server's profile.
   * @throws LevityError `LEVITY_ERR_INVALID_ARGUMENT` (not 0 to 3), `LEVITY_ERR_CONFLICT` (a downgrade without `allowDowngrade`, or a missing prerequisite)
   *
   * @example
   * await cs.chargePoints.setPassword('CP001', password);
   * await cs.chargePoints.setSecurityProfile('CP001', 1); // { securityProfile: 1, status: 'Stored' }
   */
  setSecurityProfile(
    id: string,
    profile: SecurityProfile,
    options?: SecurityProfileOptions,
  ): Promise<SecurityProfileChange>;
}

export interface ChargePointSecurityApiDependencies {
  /** Whether the charge point is connected to any node of the cluster (this one or another). */
  readonly connectedAnywhere?: (id: string) => Promise<boolean>;
  storage: Storage;
  clock: () => Date;
  logger: Logger;
  chargePoint: (id: string) => ChargePointHandle;
  /** Whether TLS is served (profiles 2 and 3 can be met), and whether client certificates are asked for (3). */
  tls: () => { served: boolean; clientCertificates: boolean };
}

export function createChargePointSecurityApi(
  deps: ChargePointSecurityApiDependencies,
): ChargePointSecurityApi {
  const { storage, clock, logger } = deps;

  const checked = (password: string | Uint8Array) => {
    const problem = passwordProblem(password);
    if (problem) throw new LevityError('LEVITY_ERR_INVALID_ARGUMENT', `Invalid password: ${problem}`);
    return password;
  };

  const store = async (id: string, password: string | Uint8Array) => {
    const passwordHash = await hashPassword(checked(password));
    await storage.chargePointSecurity.update(id, { passwordHash }, nowIso(clock));
    logger.info({ chargePointId: id }, 'charge point password set');
  };

  const missingPrerequisite = async (id: string, profile: SecurityProfile): Promise<string | undefined> => {
    const { served, clientCertificates } = deps.tls();
    if ((profile === 1 || profile === 2) && !(await storage.chargePointSecurity.get(id))?.passwordHash)
      return `security profile ${profile} needs a password: set one first (and the same AuthorizationKey on the charge point)`;
    if (profile >= 2 && !served)
      return `security profile ${profile} needs TLS: start Levity with a certificate and key`;
    if (profile === 3 && !clientCertificates)
      return 'security profile 3 needs a CA for client certificates: start Levity with one';
    return undefined;
  };

  return {
    async credentials(id) {
      const record = await storage.chargePointSecurity.get(id);
      return {
        chargePointId: id,
        securityProfile: record?.securityProfile ?? 0,
        passwordSet: (record?.passwordHash ?? null) !== null,
        updatedAt: record?.updatedAt ?? null,
      };
    },

    setPassword: (id, password) => store(id, password),

    async generatePassword(id) {
      const password = generatePassword();
      await store(id, password);
      return password;
    },

    async rotatePassword(id, options = {}) {
      const password = checked(options.password ?? generatePassword()) as string;
      const { status } = await deps
        .chargePoint(id)
        .call('ChangeConfiguration', { key: 'AuthorizationKey', value: authorizationKeyOf(password) });
      return { status, password };
    },

    async setSecurityProfile(id, profile, options = {}) {
      if (!Number.isInteger(profile) || profile < 0 || profile > 3)
        throw new LevityError(
          'LEVITY_ERR_INVALID_ARGUMENT',
          `A security profile is 0, 1, 2 or 3, not ${String(profile)}`,
        );
      const current = (await storage.chargePointSecurity.get(id))?.securityProfile ?? 0;
      if (profile === current) return { securityProfile: current, status: 'Unchanged' };
      if (profile < current) {
        if (!options.allowDowngrade) {
          throw new LevityError(
            'LEVITY_ERR_CONFLICT',
            `Charge point "${id}" has security profile ${current}; lowering it to ${profile} needs allowDowngrade (whitepaper A00.FR.005: never over OCPP)`,
          );
        }
        await storage.chargePointSecurity.update(id, { securityProfile: profile }, nowIso(clock));
        logger.warn(
          { chargePointId: id, from: current, to: profile },
          'charge point security profile lowered',
        );
        return { securityProfile: profile, status: 'Stored' };
      }
      const handle = deps.chargePoint(id);
      const connected = handle.connected || ((await deps.connectedAnywhere?.(id)) ?? false);
      if (!connected) {
        await storage.chargePointSecurity.update(id, { securityProfile: profile }, nowIso(clock));
        logger.info({ chargePointId: id, securityProfile: profile }, 'charge point security profile stored');
        return { securityProfile: profile, status: 'Stored' };
      }
      const missing = await missingPrerequisite(id, profile);
      if (missing)
        throw new LevityError(
          'LEVITY_ERR_CONFLICT',
          `Cannot raise "${id}" to profile ${profile}: ${missing}`,
        );
      // The effect of ChangeConfiguration stores the profile when the charge point accepts it.
      const { status } = await handle.call('ChangeConfiguration', {
        key: 'SecurityProfile',
        value: String(profile),
      });
      const after = (await storage.chargePointSecurity.get(id))?.securityProfile ?? 0;
      return { securityProfile: after, status };
    },
  };
}
