/**
 * A simulated OCPP 1.6-J charge point that runs one charging session against a
 * central system and exits: 0 when every message was answered as expected, 1 otherwise.
 *
 * @example
 * // against `npx levity` on the default port:
 * //   pnpm --filter @levity/examples charge-point
 * //   pnpm --filter @levity/examples charge-point --url ws://10.0.0.5:9000/ws --id CP042
 * // (or LEVITY_CP_URL / LEVITY_CP_ID in the environment, or the url and id as positional arguments)
 * // or from code:
 * const result = await runChargePoint({ url: 'ws://127.0.0.1:9000/ws', id: 'CP042' });
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChargePointAction, MeterValue, Request, Response } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';

export interface ChargePointOptions {
  /** Central system endpoint without the id, e.g. `ws://127.0.0.1:9000/ws`. */
  url: string;
  id: string;
  idTag?: string;
  connectorId?: number;
  /** How many MeterValues messages to send during the session. Default 3. */
  meterValueCount?: number;
  /** Real time between MeterValues messages. Default 0. Each sample still reports one minute of charging. */
  intervalMs?: number;
  vendor?: string;
  model?: string;
  /** Where progress is printed. Default `console.log`; pass `() => {}` to stay quiet. */
  log?: (line: string) => void;
}

export interface ChargePointResult {
  boot: Response<'BootNotification'>;
  authorize: Response<'Authorize'>;
  start: Response<'StartTransaction'>;
  stop: Response<'StopTransaction'>;
  transactionId: number;
  meterStart: number;
  meterStop: number;
  /** Sampled values sent in MeterValues messages, plus those in StopTransaction's transactionData. */
  sampledValuesSent: number;
}

const MINUTE_MS = 60_000;
/** An 11 kW three-phase AC session: 16 A per phase at 230 V. */
const POWER_W = 11_040;
const BATTERY_WH = 60_000;

/** One periodic sample `minute` minutes into the session, as a real meter would report it. */
export function meterSample(at: Date, meterStartWh: number, minute: number): MeterValue {
  const wobble = Math.sin(minute) * 0.02; // the EV's draw is never perfectly flat
  const powerW = Math.round(POWER_W * (1 + wobble));
  const energyWh = meterStartWh + Math.round((POWER_W * minute) / 60);
  const soc = Math.min(100, 35 + Math.floor(((POWER_W * minute) / 60 / BATTERY_WH) * 100));
  const phases = ['L1', 'L2', 'L3'] as const;
  return {
    timestamp: at.toISOString(),
    sampledValue: [
      {
        value: String(energyWh),
        context: 'Sample.Periodic',
        measurand: 'Energy.Active.Import.Register',
        location: 'Outlet',
        unit: 'Wh',
      },
      { value: String(powerW), context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
      ...phases.map((phase) => ({
        value: (16 * (1 + wobble)).toFixed(1),
        context: 'Sample.Periodic' as const,
        measurand: 'Current.Import' as const,
        phase,
        unit: 'A' as const,
      })),
      { value: '230.4', context: 'Sample.Periodic', measurand: 'Voltage', phase: 'L1-N', unit: 'V' },
      { value: String(soc), context: 'Sample.Periodic', measurand: 'SoC', location: 'EV', unit: 'Percent' },
    ],
  };
}

/** Connects as charge point `id`, runs boot → status → authorize → start → meter values → stop, and disconnects. */
export async function runChargePoint(options: ChargePointOptions): Promise<ChargePointResult> {
  const {
    url,
    id,
    idTag = 'EXAMPLE-TAG',
    connectorId = 1,
    meterValueCount = 3,
    intervalMs = 0,
    vendor = 'Levity',
    model = 'Example-CP',
    log = console.log,
  } = options;
  // ocpp-rpc 2.2.1 types every constructor option as required, though all but identity have defaults.
  const client = new RPCClient({
    endpoint: url,
    identity: id,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
    callTimeoutMs: 10_000,
  } as ConstructorParameters<typeof RPCClient>[0]);
  // The central system may call us (e.g. GetConfiguration); answer what a tiny charger knows.
  client.handle('GetConfiguration', async () => ({
    configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '60' }],
    unknownKey: [],
  }));

  const call = async <A extends ChargePointAction>(action: A, params: Request<A>): Promise<Response<A>> => {
    const response = (await client.call(action, params)) as Response<A>;
    log(`${action} → ${JSON.stringify(response)}`);
    return response;
  };
  const status = (connector: number, value: Request<'StatusNotification'>['status']) =>
    call('StatusNotification', {
      connectorId: connector,
      status: value,
      errorCode: 'NoError',
      timestamp: new Date().toISOString(),
    });

  await client.connect();
  log(`${id} connected to ${url}`);
  try {
    const boot = await call('BootNotification', {
      chargePointVendor: vendor,
      chargePointModel: model,
      chargePointSerialNumber: `${id}-SN`,
      firmwareVersion: '1.0.0',
      meterType: 'Example AC meter',
    });
    if (boot.status !== 'Accepted') throw new Error(`BootNotification was answered ${boot.status}`);
    await status(0, 'Available');
    await status(connectorId, 'Preparing');

    const authorize = await call('Authorize', { idTag });
    if (authorize.idTagInfo.status !== 'Accepted')
      throw new Error(`idTag ${idTag} is ${authorize.idTagInfo.status}`);

    // Timestamps run one simulated minute per sample and end now, so the session is in the past.
    const startedAt = new Date(Date.now() - (meterValueCount + 1) * MINUTE_MS);
    const meterStart = 1_234_567;
    const start = await call('StartTransaction', {
      connectorId,
      idTag,
      meterStart,
      timestamp: startedAt.toISOString(),
    });
    if (start.idTagInfo.status !== 'Accepted')
      throw new Error(`StartTransaction was answered ${start.idTagInfo.status}`);
    const { transactionId } = start;
    await status(connectorId, 'Charging');

    let sampledValuesSent = 0;
    for (let minute = 1; minute <= meterValueCount; minute++) {
      if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      const sample = meterSample(new Date(startedAt.getTime() + minute * MINUTE_MS), meterStart, minute);
      await call('MeterValues', { connectorId, transactionId, meterValue: [sample] });
      sampledValuesSent += sample.sampledValue.length;
    }

    const stoppedAt = new Date(startedAt.getTime() + (meterValueCount + 1) * MINUTE_MS);
    const meterStop = meterStart + Math.round((POWER_W * (meterValueCount + 1)) / 60);
    const stop = await call('StopTransaction', {
      transactionId,
      idTag,
      meterStop,
      timestamp: stoppedAt.toISOString(),
      reason: 'EVDisconnected',
      transactionData: [
        {
          timestamp: stoppedAt.toISOString(),
          sampledValue: [
            {
              value: String(meterStop),
              context: 'Transaction.End',
              measurand: 'Energy.Active.Import.Register',
              unit: 'Wh',
            },
          ],
        },
      ],
    });
    sampledValuesSent += 1;
    await status(connectorId, 'Available');
    log(`${id} charged ${((meterStop - meterStart) / 1000).toFixed(2)} kWh in transaction ${transactionId}`);
    return { boot, authorize, start, stop, transactionId, meterStart, meterStop, sampledValuesSent };
  } finally {
    await client.close({ code: 1000, reason: 'Session done' });
  }
}

function isMain(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(realpathSync(script)).href;
}

if (isMain()) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.LEVITY_CP_URL ?? 'ws://127.0.0.1:9000/ws' },
      id: { type: 'string', default: process.env.LEVITY_CP_ID ?? 'EXAMPLE-CP' },
      'id-tag': { type: 'string', default: 'EXAMPLE-TAG' },
      'meter-values': { type: 'string', default: '3' },
      'interval-ms': { type: 'string', default: '500' },
    },
  });
  runChargePoint({
    url: positionals[0] ?? values.url,
    id: positionals[1] ?? values.id,
    idTag: values['id-tag'],
    meterValueCount: Number(values['meter-values']),
    intervalMs: Number(values['interval-ms']),
  }).then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      console.error(`charge point failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
