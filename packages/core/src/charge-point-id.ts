import { LevityError } from './errors.js';

/**
 * Refuses, where an id enters through the API, a charge point id that no charge point
 * could connect with (it would be refused at the upgrade): `a\u0000b`, `..`, `a/b`.
 *
 * @throws LevityError `LEVITY_ERR_INVALID_ARGUMENT` naming the rule.
 * @example checkChargePointId('CP001', DEFAULT_CHARGE_POINT_ID_PATTERN);
 */
export function checkChargePointId(id: string, pattern: RegExp): void {
  if (typeof id === 'string' && pattern.test(id)) return;
  throw new LevityError(
    'LEVITY_ERR_INVALID_ARGUMENT',
    `Charge point id ${JSON.stringify(String(id).slice(0, 64))} is not one a charge point could connect with: it does not match the charge point id pattern`,
  );
}
