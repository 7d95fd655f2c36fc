/**
 * One simulated charge point of the load generator: it connects, boots, reports its two
 * connectors and then runs charging sessions back to back, timing every call.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChargePointAction, MeterValue, Request, Response } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';
import type { LoadOptions } from './load.js';

/** What every simulated charge point of one run adds to. */
export class Stats {
  latencies: number[] = [];
  calls = 0;
  measuredCalls = 0;
  measuring = false;
  errors: Record<string, number> = {};
  sessions = { started: 0, stopped: 0 };
  sampledValues = { acknowledged: 0, unanswered: 0 };

  error(kind: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }
}

function errorKind(error: unknown): string {
  const { name, rpcErrorCode, message } = error as { name?: string; rpcErrorCode?: string; message?: string };
  if (rpcErrorCode) return `CALLERROR ${rpcErrorCode}`;
  if (name === 'TimeoutError') return 'timeout';
  return name && name !== 'Error' ? name : (message ?? String(error)).slice(0, 60);
}

/** A call that records its round-trip time, or its failure; `undefined` when it failed. */
async function timedCall<A extends ChargePointAction>(
  client: RPCClient,
  stats: Stats,
  action: A,
  params: Request<A>,
): Promise<Response<A> | undefined> {
  const started = performance.now();
  try {
    const response = (await client.call(action, params)) as Response<A>;
    stats.calls++;
    if (stats.measuring) {
      stats.measuredCalls++;
      stats.latencies.push(performance.now() - started);
    }
    return response;
  } catch (error) {
    stats.error(`${action}: ${errorKind(error)}`);
    return undefined;
  }
}

/** One periodic sample of a 3-phase 11 kW session: ten sampled values. */
function sample(meterWh: number, soc: number): MeterValue {
  const periodic = { context: 'Sample.Periodic' } as const;
  return {
    timestamp: new Date().toISOString(),
    sampledValue: [
      { ...periodic, value: String(meterWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
      { ...periodic, value: '11040', measurand: 'Power.Active.Import', unit: 'W' },
      ...(['L1', 'L2', 'L3'] as const).map((phase) => ({
        ...periodic,
        value: '16.0',
        measurand: 'Current.Import' as const,
        phase,
        unit: 'A' as const,
      })),
      ...(['L1-N', 'L2-N', 'L3-N'] as const).map((phase) => ({
        ...periodic,
        value: '230.0',
        measurand: 'Voltage' as const,
        phase,
        unit: 'V' as const,
      })),
      { ...periodic, value: String(soc), measurand: 'SoC', location: 'EV', unit: 'Percent' },
      { ...periodic, value: '31.5', measurand: 'Temperature', location: 'Body', unit: 'Celsius' },
    ],
  };
}

/** Spreads calls evenly: each charge point waits for its next slot (`intervalMs` apart, from a random offset). */
function pacer(intervalMs: number): () => Promise<void> {
  if (intervalMs <= 0) return async () => {};
  let next = performance.now() + Math.random() * intervalMs;
  return async () => {
    const wait = next - performance.now();
    next = Math.max(next, performance.now()) + intervalMs;
    if (wait > 0) await sleep(wait);
  };
}

/** Connects and boots charge point `id`; `undefined` (and the error counted) when it could not. */
export async function connect(
  id: string,
  options: LoadOptions,
  index: number,
  stats: Stats,
): Promise<RPCClient | undefined> {
  const client = new RPCClient({
    endpoint: options.url,
    identity: id,
    protocols: ['ocpp1.6'],
    // The server validates every message in strict mode (a bad payload comes back as a
    // CALLERROR and is counted); validating here too would only make this process the bottleneck.
    strictMode: false,
    reconnect: false,
    callTimeoutMs: 30_000,
    pingIntervalMs: 0,
    wsOpts: { localAddress: options.sourceAddresses[index % options.sourceAddresses.length] },
  } as ConstructorParameters<typeof RPCClient>[0]);
  try {
    await client.connect();
  } catch (error) {
    stats.error(`connect: ${errorKind(error)}`);
    return undefined;
  }
  const boot = await timedCall(client, stats, 'BootNotification', {
    chargePointVendor: 'Levity',
    chargePointModel: 'Bench-AC22',
    chargePointSerialNumber: id,
  });
  if (boot?.status !== 'Accepted') {
    if (boot) stats.error(`BootNotification: ${boot.status}`);
    await client.close({ force: true });
    return undefined;
  }
  for (const connectorId of [1, 2]) {
    await timedCall(client, stats, 'StatusNotification', {
      connectorId,
      status: 'Available',
      errorCode: 'NoError',
    });
  }
  return client;
}

/** Charging sessions back to back until `deadline`; a session in progress at the deadline is still stopped. */
export async function chargeUntil(
  client: RPCClient,
  id: string,
  options: LoadOptions,
  stats: Stats,
  deadline: number,
) {
  const pace = pacer(options.rate > 0 ? (1000 * options.cps) / options.rate : 0);
  const call = async <A extends ChargePointAction>(action: A, params: Request<A>) => {
    await pace();
    return timedCall(client, stats, action, params);
  };
  let meterWh = 1_000_000;
  for (let session = 0; performance.now() < deadline && client.state === RPCClient.OPEN; session++) {
    const connectorId = (session % 2) + 1;
    const idTag = `TAG-${id}`.slice(0, 20);
    if (session % 3 === 2) await call('Heartbeat', {});
    await call('Authorize', { idTag });
    const start = await call('StartTransaction', {
      connectorId,
      idTag,
      meterStart: meterWh,
      timestamp: new Date().toISOString(),
    });
    if (!start) continue;
    stats.sessions.started++;
    const { transactionId } = start;
    for (let i = 1; i <= options.meterValuesPerSession && performance.now() < deadline; i++) {
      meterWh += 184;
      const meterValue = [sample(meterWh, Math.min(100, 20 + i))];
      const count = meterValue[0]?.sampledValue.length ?? 0;
      const answer = await call('MeterValues', { connectorId, transactionId, meterValue });
      if (answer) stats.sampledValues.acknowledged += count;
      else stats.sampledValues.unanswered += count;
    }
    const end = { value: String(meterWh), context: 'Transaction.End', unit: 'Wh' } as const;
    const timestamp = new Date().toISOString();
    const stop = await call('StopTransaction', {
      transactionId,
      meterStop: meterWh,
      timestamp,
      reason: 'EVDisconnected',
      transactionData: [{ timestamp, sampledValue: [end] }],
    });
    if (stop) {
      stats.sessions.stopped++;
      stats.sampledValues.acknowledged += 1;
    } else stats.sampledValues.unanswered += 1;
  }
}
