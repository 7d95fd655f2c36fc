import { publishStorageCommit } from '@levity/core';
import { createSimulatedChargePoint } from '@levity/simulator';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiServer } from './support/api-server.js';
import { startApi, TOKEN } from './support/api-server.js';
import type { Family } from './support/exposition.js';
import { parseExposition, sampleValue, seriesOf } from './support/exposition.js';

async function scrape(api: ApiServer): Promise<Map<string, Family>> {
  const response = await api.request({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(response.body);
}

const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A raw WebSocket as charge point `id`, open. */
async function rawSocket(port: number, id: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/${encodeURIComponent(id)}`, ['ocpp1.6']);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Sends `frame` and waits for the answer to it. */
function exchange(ws: WebSocket, frame: unknown[]): Promise<unknown[]> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString()) as unknown[]));
    ws.send(JSON.stringify(frame));
  });
}

async function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  await new Promise((resolve) => {
    ws.once('close', resolve);
    ws.close(1000);
  });
}

describe('GET /metrics', () => {
  it('counts what simulated charge points do, in a valid exposition with the process metrics', async () => {
    await using api = await startApi({ api: { metrics: true } });
    const port = await api.listen();
    const before = await scrape(api);
    expect(sampleValue(before, 'levity_charge_points_connected')).toBe(0);
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(before.has(name), name).toBe(true);
    }

    await using first = createSimulatedChargePoint({
      url: `ws://127.0.0.1:${port}/ws`,
      id: 'SIM-1',
      reconnect: false,
    });
    await using second = createSimulatedChargePoint({
      url: `ws://127.0.0.1:${port}/ws`,
      id: 'SIM-2',
      reconnect: false,
    });
    await first.start();
    await second.start();
    await first.startTransaction({ connectorId: 1 });
    await first.sendMeterValues(1);
    await first.stopTransaction({ connectorId: 1 });
    const command = await api.request({
      method: 'POST',
      url: '/api/charge-points/SIM-2/commands/GetConfiguration',
      payload: {},
    });
    expect(command.statusCode).toBe(200);
    second.setBehaviour('ClearCache', 'callerror');
    expect(
      (
        await api.request({
          method: 'POST',
          url: '/api/charge-points/SIM-2/commands/ClearCache',
          payload: {},
        })
      ).statusCode,
    ).toBe(502);

    const after = await scrape(api);
    expect(sampleValue(after, 'levity_charge_points_connected')).toBe(2);
    expect(sampleValue(after, 'levity_connections_opened_total', { security_profile: '0' })).toBe(2);
    const answered = (action: string) =>
      sampleValue(after, 'levity_ocpp_inbound_messages_total', { action, outcome: 'answered' });
    expect(answered('BootNotification')).toBe(2);
    expect(answered('StatusNotification')).toBeGreaterThanOrEqual(6);
    expect(answered('Authorize')).toBe(1);
    expect(answered('StartTransaction')).toBe(1);
    expect(answered('MeterValues')).toBeGreaterThanOrEqual(1);
    expect(answered('StopTransaction')).toBe(1);
    expect(
      sampleValue(after, 'levity_ocpp_handler_duration_seconds_count', { action: 'BootNotification' }),
    ).toBe(2);
    expect(
      sampleValue(after, 'levity_ocpp_handler_duration_seconds_sum', { action: 'BootNotification' }),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(after, 'levity_ocpp_commands_total', { action: 'GetConfiguration', status: 'Answered' }),
    ).toBe(1);
    expect(
      sampleValue(after, 'levity_ocpp_commands_total', { action: 'ClearCache', status: 'CallError' }),
    ).toBe(1);
    expect(
      sampleValue(after, 'levity_ocpp_command_duration_seconds_count', { action: 'GetConfiguration' }),
    ).toBe(1);
    // The route's pattern, never the URL with the charge point's id.
    expect(
      sampleValue(after, 'levity_http_requests_total', {
        method: 'POST',
        route: '/api/charge-points/:id/commands/GetConfiguration',
        status: '200',
      }),
    ).toBe(1);
    expect(sampleValue(after, 'levity_http_requests_total', { route: '/metrics', status: '200' })).toBe(1);
    expect(seriesOf(after, 'levity_').some((series) => series.includes('SIM-'))).toBe(false);
    if (process.env.LEVITY_TEST_STORAGE === 'postgres') {
      // A PostgreSQL transaction per unit of work: the boots and the transaction were committed.
      expect(
        sampleValue(after, 'levity_storage_commit_units_count', { storage: 'postgres' }),
      ).toBeGreaterThan(0);
      expect(
        sampleValue(after, 'levity_storage_commit_duration_seconds_count', {
          storage: 'postgres',
          outcome: 'committed',
        }),
      ).toBeGreaterThan(0);
    }

    await first.close();
    await waitFor(async () => sampleValue(await scrape(api), 'levity_charge_points_connected') === 1);
    expect(sampleValue(await scrape(api), 'levity_connections_closed_total', { reason: 'normal' })).toBe(1);
  });

  it("counts the wire's problems, refused upgrades, replaced connections and CALLERRORs by code", async () => {
    await using api = await startApi({ api: { metrics: true } });
    const port = await api.listen();
    const ws = await rawSocket(port, 'RAW-1');
    ws.send(JSON.stringify([3, 'never-asked', {}]));
    expect((await exchange(ws, [2, 'm1', 'MadeUpAction', {}])).slice(0, 3)).toEqual([
      4,
      'm1',
      'NotImplemented',
    ]);
    expect((await exchange(ws, [2, 'm2', 'Heartbeat', { extra: 1 }]))[2]).toBe('FormationViolation');
    expect((await exchange(ws, [2, 'm3', 'Reset', { type: 'Soft' }]))[2]).toBe('NotSupported');
    const replacement = await rawSocket(port, 'RAW-1');
    await fetch(`http://127.0.0.1:${port}/elsewhere`, {
      headers: { connection: 'upgrade', upgrade: 'websocket' },
    }).catch(() => {});
    await new Promise<void>((resolve) => {
      const refused = new WebSocket(`ws://127.0.0.1:${port}/ws/`, ['ocpp1.6']);
      refused.once('error', () => resolve());
    });

    await waitFor(async () => sampleValue(await scrape(api), 'levity_connections_closed_total') === 1);
    const families = await scrape(api);
    expect(sampleValue(families, 'levity_wire_unsolicited_responses_total')).toBe(1);
    expect(sampleValue(families, 'levity_wire_actions_refused_total')).toBe(2);
    expect(sampleValue(families, 'levity_wire_schema_violations_total')).toBe(1);
    expect(sampleValue(families, 'levity_connections_closed_total', { reason: 'replaced' })).toBe(1);
    expect(sampleValue(families, 'levity_connections_refused_total', { reason: 'path' })).toBe(1);
    // Every reason is there from the start, at 0.
    expect(sampleValue(families, 'levity_connections_refused_total', { reason: 'auth' })).toBe(0);
    const outcome = (action: string, code: string) =>
      sampleValue(families, 'levity_ocpp_inbound_messages_total', { action, outcome: code });
    expect(outcome('unknown', 'NotImplemented')).toBe(1);
    expect(outcome('Heartbeat', 'FormationViolation')).toBe(1);
    expect(outcome('Reset', 'NotSupported')).toBe(1);
    await closed(replacement);
  });

  it('counts open event streams and refused API requests', async () => {
    await using api = await startApi({ api: { metrics: true } });
    const port = await api.listen();
    const { token: readToken } = await api.cs.apiTokens.create({ name: 'grafana', role: 'read' });
    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${port}/api/events`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(sampleValue(await scrape(api), 'levity_http_event_streams')).toBe(1);
    controller.abort();
    await waitFor(async () => sampleValue(await scrape(api), 'levity_http_event_streams') === 0);

    await api.request({
      method: 'GET',
      url: '/api/charge-points',
      headers: { authorization: 'Bearer wrong' },
    });
    await api.request({ method: 'GET', url: '/api/charge-points', headers: { authorization: '' } });
    await api.request({
      method: 'POST',
      url: '/api/id-tags',
      headers: { authorization: `Bearer ${readToken}` },
      payload: { idTag: 'A' },
    });
    const families = await scrape(api);
    expect(sampleValue(families, 'levity_http_auth_failures_total', { reason: 'unauthorized' })).toBe(2);
    expect(sampleValue(families, 'levity_http_auth_failures_total', { reason: 'forbidden' })).toBe(1);
    expect(
      sampleValue(families, 'levity_http_requests_total', { route: '/api/charge-points', status: '401' }),
    ).toBe(2);
  });

  it('needs a valid token of any role, answers 401 without one, and none when public', async () => {
    await using api = await startApi({ api: { metrics: true } });
    const { token: readToken } = await api.cs.apiTokens.create({ name: 'prometheus', role: 'read' });
    const { token: revoked } = await api.cs.apiTokens.create({ name: 'old', role: 'admin' });
    await api.cs.apiTokens.revoke('old');
    const status = async (authorization?: string) =>
      (
        await api.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: authorization ? { authorization } : {},
        })
      ).statusCode;
    expect(await status()).toBe(401);
    expect(await status('Bearer wrong-token')).toBe(401);
    expect(await status(`Bearer ${revoked}`)).toBe(401);
    expect(await status(`Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`)).toBe(401);
    expect(await status(`Bearer ${readToken}`)).toBe(200);
    expect(await status(`Bearer ${TOKEN}`)).toBe(200);

    await using open = await startApi({ api: { metrics: { public: true } } });
    expect((await open.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    // The API itself stays behind its tokens.
    expect((await open.app.inject({ method: 'GET', url: '/api/charge-points' })).statusCode).toBe(401);
  });

  it('keeps two servers in one process apart: each counts its own charge points and storage commits', async () => {
    await using first = await startApi({ api: { metrics: true } });
    await using second = await startApi({ api: { metrics: true } });
    const client = await first.connect('CP-FIRST');
    await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    await client.call('Heartbeat', {});
    publishStorageCommit({ storage: 'test', source: first.cs.storage, durationMs: 2, units: 5, ok: true });
    publishStorageCommit({ storage: 'test', source: second.cs.storage, durationMs: 1, units: 3, ok: true });
    // A storage that does not say which it is counts for every server.
    publishStorageCommit({ storage: 'anonymous', durationMs: 1, units: 1, ok: true });

    const [mine, theirs] = [await scrape(first), await scrape(second)];
    expect(sampleValue(mine, 'levity_charge_points_connected')).toBe(1);
    expect(sampleValue(theirs, 'levity_charge_points_connected')).toBe(0);
    expect(sampleValue(mine, 'levity_ocpp_inbound_messages_total', { action: 'Heartbeat' })).toBe(1);
    expect(sampleValue(theirs, 'levity_ocpp_inbound_messages_total')).toBe(0);
    expect(sampleValue(mine, 'levity_connections_opened_total')).toBe(1);
    expect(sampleValue(theirs, 'levity_connections_opened_total')).toBe(0);
    expect(sampleValue(mine, 'levity_storage_commit_units_sum', { storage: 'test' })).toBe(5);
    expect(sampleValue(theirs, 'levity_storage_commit_units_sum', { storage: 'test' })).toBe(3);
    expect(sampleValue(mine, 'levity_storage_commit_units_count', { storage: 'anonymous' })).toBe(1);
    expect(sampleValue(theirs, 'levity_storage_commit_units_count', { storage: 'anonymous' })).toBe(1);
    // Both carry the process metrics, collected once for the process.
    expect(sampleValue(mine, 'process_start_time_seconds')).toBe(
      sampleValue(theirs, 'process_start_time_seconds'),
    );
  });

  it('is not served unless asked for', async () => {
    await using api = await startApi();
    expect((await api.request({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('adds no series for a thousand charge point ids and unknown actions', async () => {
    await using api = await startApi({ api: { metrics: true } });
    const port = await api.listen();
    const talk = async (from: number, to: number) => {
      for (let batch = from; batch < to; batch += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, to - batch) }, async (_, offset) => {
            const n = batch + offset;
            const ws = await rawSocket(port, `CP-${n}`);
            await exchange(ws, [2, 'h', 'Heartbeat', {}]);
            await exchange(ws, [2, 'u', `Vendor${n}Action`, {}]);
            await closed(ws);
          }),
        );
      }
    };
    await talk(0, 10);
    await waitFor(async () => sampleValue(await scrape(api), 'levity_connections_closed_total') === 10);
    const few = seriesOf(await scrape(api), 'levity_');
    await talk(10, 1010);
    await waitFor(
      async () => sampleValue(await scrape(api), 'levity_connections_closed_total') === 1010,
      30_000,
    );
    const families = await scrape(api);
    expect(seriesOf(families, 'levity_')).toEqual(few);
    expect(sampleValue(families, 'levity_ocpp_inbound_messages_total', { action: 'unknown' })).toBe(1010);
    expect(sampleValue(families, 'levity_ocpp_inbound_messages_total', { action: 'Heartbeat' })).toBe(1010);
  });
});
