import type { KneeLimits } from '../spec.js';
import type { StepResult } from './steps.js';

/** Whether a step was served: no error, p99 within the limit, (nearly) every offered call answered. */
export function served(step: StepResult, limits: KneeLimits): boolean {
  const errors = Object.values(step.errors).reduce((sum, n) => sum + n, 0);
  return (
    errors === 0 &&
    step.sent > 0 &&
    step.p99 <= limits.p99Ms &&
    step.achieved >= limits.achievedShare * (step.offered ?? 0)
  );
}

/** A rate between two others, rounded to two significant digits. */
export function between(low: number, high: number): number {
  const middle = (low + high) / 2;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(middle)) - 1);
  return Math.round(middle / unit) * unit;
}
