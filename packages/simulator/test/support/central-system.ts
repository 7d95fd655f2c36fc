import type { CentralSystem, CentralSystemOptions } from '@levity/core';
import { createCentralSystem, MemoryStorage } from '@levity/core';
import type { SimulatedChargePoint, SimulatedChargePointOptions } from '../../src/index.js';
import { createSimulatedChargePoint } from '../../src/index.js';

/** A Levity central system on a free port with in-memory storage, and the simulators connected to it. */
export interface TestBed {
  readonly cs: CentralSystem;
  readonly storage: MemoryStorage;
  /** The base URL simulators connect under. */
  readonly url: string;
  /** A simulator (fast timings), connected and booted unless `start: false`. */
  sim(
    id: string,
    options?: Partial<SimulatedChargePointOptions> & { start?: boolean },
  ): Promise<SimulatedChargePoint>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Timings small enough for tests, large enough to keep the order of events observable. */
export const FAST_TIMING = { firmwareStepMs: 20, uploadStepMs: 20, rebootMs: 50, reconnectMs: 50 } as const;

export async function startTestBed(options: CentralSystemOptions = {}): Promise<TestBed> {
  const storage = new MemoryStorage();
  const cs = createCentralSystem({ pingIntervalSeconds: 0, ...options, storage });
  const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
  const url = `ws://127.0.0.1:${port}/ws`;
  const sims: SimulatedChargePoint[] = [];
  const close = async () => {
    await Promise.allSettled(sims.map((sim) => sim.close()));
    await cs.close();
  };
  return {
    cs,
    storage,
    url,
    async sim(id, { start = true, ...simOptions } = {}) {
      const sim = createSimulatedChargePoint({
        url,
        id,
        callTimeoutMs: 10_000,
        ...simOptions,
        timing: { ...FAST_TIMING, ...simOptions.timing },
      });
      sims.push(sim);
      if (start) {
        const boot = await sim.start();
        if (boot.status !== 'Accepted') throw new Error(`${id} was not accepted: ${boot.status}`);
        // The statuses after the boot go out on the next turn; let them arrive first.
        await eventually(async () => {
          const connectors = await storage.connectors.list(id);
          if (connectors.length !== sim.state.connectors.count) throw new Error('statuses not stored yet');
        });
      }
      return sim;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * Retries `check` until it stops throwing (it may use `expect`), then returns its result;
 * rethrows its last error after `timeoutMs`. Polling with a generous timeout, for a shared, noisy machine.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
