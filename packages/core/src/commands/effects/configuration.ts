import type { CommandEffect } from '../effect.js';
import { isSecretKey } from '../redaction.js';

/**
 * GetConfiguration.conf is the charge point's own word on its keys: they replace what
 * Levity knew (readonly flags and unknown keys included). When every key was asked
 * for, keys it no longer reports are forgotten.
 */
export const getConfiguration: CommandEffect<'GetConfiguration'> = {
  async answered({ chargePointId, params, storage, now }, response) {
    const known = (response.configurationKey ?? []).map((entry) => ({
      key: entry.key,
      // The AuthorizationKey is write-only; a charge point that reports it anyway is not echoed.
      value: isSecretKey(entry.key) ? null : (entry.value ?? null),
      readonly: entry.readonly,
      unknown: false,
      rebootRequired: false,
    }));
    const unknown = (response.unknownKey ?? []).map((key) => ({
      key,
      value: null,
      readonly: null,
      unknown: true,
      rebootRequired: false,
    }));
    await storage.configuration.upsert(chargePointId, [...known, ...unknown], now());
    const askedForAll = params.key === undefined || params.key.length === 0;
    if (askedForAll)
      await storage.configuration.retainOnly(
        chargePointId,
        [...known, ...unknown].map((k) => k.key),
      );
  },
};

/**
 * ChangeConfiguration (OCPP 1.6 §5.3): Accepted and RebootRequired mean the charge point
 * took the value (the latter only after a reboot, which is marked); NotSupported means
 * it does not know the key.
 */
export const changeConfiguration: CommandEffect<'ChangeConfiguration'> = {
  async answered({ chargePointId, params, storage, now }, { status }) {
    if (status === 'Rejected') return;
    const current = await storage.configuration.get(chargePointId, params.key);
    if (status === 'NotSupported') {
      await storage.configuration.upsert(
        chargePointId,
        [
          {
            key: current?.key ?? params.key,
            value: null,
            readonly: null,
            unknown: true,
            rebootRequired: false,
          },
        ],
        now(),
      );
      return;
    }
    await storage.configuration.upsert(
      chargePointId,
      [
        {
          key: current?.key ?? params.key,
          value: isSecretKey(params.key) ? null : params.value,
          readonly: current?.readonly ?? null,
          unknown: false,
          rebootRequired: status === 'RebootRequired',
        },
      ],
      now(),
    );
  },
};
