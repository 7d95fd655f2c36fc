import { copy } from './shared.js';

/**
 * What the in-memory repositories changed during the unit of work in progress, as the
 * steps that undo it: `MemoryStorage` rolls a failed unit back by running them newest
 * first. Outside a unit nothing is recorded.
 *
 * @example
 * log.begin();
 * log.entry(rows, id); // before changing rows.get(id) in place, or setting or deleting it
 * rows.set(id, next);
 * log.rollback(); // rows.get(id) is what it was
 */
export class UndoLog {
  #steps: (() => void)[] | undefined;

  begin(): void {
    this.#steps = [];
  }

  commit(): void {
    this.#steps = undefined;
  }

  rollback(): void {
    const steps = this.#steps ?? [];
    this.#steps = undefined;
    for (let i = steps.length - 1; i >= 0; i--) steps[i]?.();
  }

  /** Remembers a step that undoes a change (e.g. restores an id counter). */
  onRollback(step: () => void): void {
    this.#steps?.push(step);
  }

  /** Remembers the entry of `map` at `key` as it is now: a copy of its value, or its absence. */
  entry<K, V>(map: Map<K, V>, key: K): void {
    if (!this.#steps) return;
    if (map.has(key)) {
      const value = copy(map.get(key) as V);
      this.#steps.push(() => map.set(key, value));
    } else {
      this.#steps.push(() => map.delete(key));
    }
  }

  /** Remembers the length of an array that is only ever appended to. */
  length(array: unknown[]): void {
    if (!this.#steps) return;
    const length = array.length;
    this.#steps.push(() => {
      array.length = length;
    });
  }
}
