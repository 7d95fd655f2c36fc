/**
 * A charge point that follows the spec, connected alongside the fuzzer: it boots and
 * runs charging session after session. Every one of its calls must succeed while
 * hostile traffic flows, or the fuzzer's clients managed to affect another client.
 */
import { RPCClient } from 'ocpp-rpc';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

export interface WellBehavedReport {
  calls: number;
  failures: string[];
  /** The slowest answer, in milliseconds. */
  slowestMs: number;
}

export interface WellBehavedChargePoint {
  readonly report: WellBehavedReport;
  /** Stops after the call in progress; resolves when it closed. */
  stop(): Promise<void>;
}

export async function startWellBehaved(url: string, id: string): Promise<WellBehavedChargePoint> {
  const client = new RPCClient({
    endpoint: url,
    identity: id,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
    callTimeoutMs: 15_000,
    pingIntervalMs: 0,
  } as Partial<ClientOptions> as ClientOptions);
  const report: WellBehavedReport = { calls: 0, failures: [], slowestMs: 0 };
  const call = async <T>(action: string, params: unknown): Promise<T | undefined> => {
    const started = Date.now();
    try {
      const result = (await client.call(action, params)) as T;
      report.calls++;
      report.slowestMs = Math.max(report.slowestMs, Date.now() - started);
      return result;
    } catch (error) {
      report.failures.push(`${action}: ${(error as Error).message}`);
      return undefined;
    }
  };
  let running = true;
  await client.connect();
  client.on('close', ({ code }: { code: number }) => {
    if (running) report.failures.push(`connection closed (${code})`);
  });
  await call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'WellBehaved' });
  let meter = 0;
  const loop = (async () => {
    while (running) {
      const now = () => new Date().toISOString();
      await call('Heartbeat', {});
      await call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Charging',
        timestamp: now(),
      });
      const started = await call<{ transactionId: number }>('StartTransaction', {
        connectorId: 1,
        idTag: 'GOOD-TAG',
        meterStart: meter,
        timestamp: now(),
      });
      if (started === undefined) continue;
      meter += 500;
      await call('MeterValues', {
        connectorId: 1,
        transactionId: started.transactionId,
        meterValue: [{ timestamp: now(), sampledValue: [{ value: String(meter) }] }],
      });
      await call('StopTransaction', {
        transactionId: started.transactionId,
        meterStop: meter,
        timestamp: now(),
      });
      await call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Available',
        timestamp: now(),
      });
    }
  })();
  return {
    report,
    async stop() {
      running = false;
      await loop;
      await client.close({ force: true });
    },
  };
}
