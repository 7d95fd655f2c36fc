import { randomUUID } from 'node:crypto';
import type {
  Cluster,
  ClusterEvent,
  ClusterMember,
  ForwardedCall,
  Logger,
  PresenceChange,
  WireError,
} from '@levity/core';
import {
  CallTimeoutError,
  defaultNodeId,
  fromWireError,
  LevityError,
  NotConnectedError,
  toWireError,
} from '@levity/core';
import pg from 'pg';
import { typeParsers } from '../type-parsers.js';
import { CLUSTER_CHANNEL, type ClusterMessage, chunkEvents, parseMessage } from './messages.js';
import { PRESENCE_SQL, SWEEP_SQL } from './statements.js';

/** Options of {@link PostgresCluster}. */
export interface PostgresClusterOptions {
  /** The pool of the storage (`storage.pool`): the cluster's tables live in the same database. */
  readonly pool: pg.Pool;
  /** This node's name. Default: host name and process id (`defaultNodeId()`). */
  readonly nodeId?: string;
  /** How long a node's lease lasts without renewal. Default 15 000 ms. */
  readonly leaseMs?: number;
  /** How often the lease is renewed and the sweeping node looks for dead nodes. Default 5000 ms. */
  readonly renewMs?: number;
  /** Extra time a forwarded call waits beyond its time-out, for the round trip between nodes. Default 2000 ms. */
  readonly forwardGraceMs?: number;
  /** Where it logs leases, sweeps and lost connections; bind the node id to it (`logger.child({ nodeId })`). */
  readonly logger?: Logger;
}

/** Key of the session-level advisory lock held by the node that runs periodic jobs ("Levity" in ASCII). */
const SWEEPER_LOCK = 0x4c65766974_79;
/** Rows of forwarded calls and large events are kept this long (for inspection), then deleted. */
const KEEP_ROWS = '10 minutes';

interface PendingCall {
  readonly call: ForwardedCall;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
}

type CallResult = { readonly response: unknown } | { readonly error: WireError };

/**
 * Several Levity nodes on one PostgreSQL database behaving as one central system, with
 * nothing but PostgreSQL: a lease per node (`cluster_node`), where each charge point is
 * connected (`cluster_presence`, written with `cp.connected`), LISTEN/NOTIFY on one
 * channel on a dedicated connection (takeovers, forwarded calls and their answers,
 * events), and a session-level advisory lock that makes one node at a time run the
 * periodic jobs (reservation expiry, forgetting unbooted charge points, and marking the
 * charge points of dead nodes disconnected).
 *
 * @example
 * const storage = await PostgresStorage.open({ connectionString: process.env.DATABASE_URL });
 * const cluster = new PostgresCluster({ pool: storage.pool, nodeId: 'node-a' });
 * const cs = createCentralSystem({ storage, cluster });
 */
export class PostgresCluster implements Cluster {
  readonly nodeId: string;
  readonly #pool: pg.Pool;
  readonly #leaseMs: number;
  readonly #renewMs: number;
  readonly #graceMs: number;
  readonly #logger: Logger | undefined;
  readonly #pending = new Map<string, PendingCall>();
  /** Other nodes that stream every node's events. */
  readonly #eventNodes = new Set<string>();
  #member: ClusterMember | undefined;
  #listener: pg.Client | undefined;
  #sweeper = false;
  #wantsEvents = false;
  #outbox: ClusterEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  #leaving = false;
  #reconnecting: NodeJS.Timeout | undefined;

  constructor(options: PostgresClusterOptions) {
    this.#pool = options.pool;
    this.nodeId = options.nodeId ?? defaultNodeId();
    this.#leaseMs = options.leaseMs ?? 15_000;
    this.#renewMs = options.renewMs ?? 5000;
    this.#graceMs = options.forwardGraceMs ?? 2000;
    this.#logger = options.logger;
    if (this.#renewMs >= this.#leaseMs)
      throw new LevityError('LEVITY_ERR_INVALID_OPTION', 'PostgresCluster: renewMs must be below leaseMs');
  }

  get othersWantEvents(): boolean {
    return this.#eventNodes.size > 0;
  }

  /** Whether this node runs the periodic jobs now (holds the sweeper lock). */
  get sweeping(): boolean {
    return this.#sweeper;
  }

  async join(member: ClusterMember): Promise<void> {
    if (this.#member) throw new LevityError('LEVITY_ERR_CLUSTER', 'This cluster was already joined');
    this.#member = member;
    const { rows } = await this.#pool.query<{ running: boolean }>(
      `SELECT lease_until > now() AS running FROM cluster_node WHERE id = $1`,
      [this.nodeId],
    );
    if (rows[0]?.running) {
      this.#logger?.warn(
        { lease: 'running' },
        'a node with this id holds a lease: a restart, or two nodes with the same --node-id (each must be unique)',
      );
    }
    await this.#renew();
    // What an earlier run of this node left connected is connected no more, and so is
    // anything connected with no node holding it (left by a version without nodes).
    await this.#pool.query(PRESENCE_SQL.forgetNode, [this.nodeId, new Date().toISOString()]);
    await this.#listen();
    await this.#trySweeper();
    this.#timer = setInterval(() => void this.#tick(), this.#renewMs);
    this.#timer.unref();
  }

  async recordPresence(changes: readonly PresenceChange[]): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const takeovers: { id: string; at: string }[] = [];
      for (const change of changes) {
        if (change.kind === 'connected') {
          await client.query(PRESENCE_SQL.connected, [
            change.id,
            this.nodeId,
            change.at,
            change.remoteAddress,
          ]);
          takeovers.push({ id: change.id, at: change.at });
        } else {
          await client.query(PRESENCE_SQL.disconnected, [change.id, this.nodeId, change.at]);
        }
      }
      // Delivered at commit: the node that held an older connection closes it.
      for (const chunk of chunkTakeovers(takeovers)) {
        await client.query('SELECT pg_notify($1, $2)', [
          CLUSTER_CHANNEL,
          JSON.stringify({ t: 'takeover', from: this.nodeId, cps: chunk } satisfies ClusterMessage),
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async locate(chargePointIds: readonly string[]): Promise<Map<string, string>> {
    if (chargePointIds.length === 0) return new Map();
    const { rows } = await this.#pool.query<{ charge_point_id: string; node_id: string }>(
      PRESENCE_SQL.locate,
      [chargePointIds],
    );
    return new Map(rows.map((row) => [row.charge_point_id, row.node_id]));
  }

  async forward(call: ForwardedCall, signal?: AbortSignal): Promise<unknown> {
    const where = await this.locate([call.chargePointId]);
    const target = where.get(call.chargePointId);
    // Connected here by the cluster's books but not by this node's: it is leaving.
    if (target === undefined || target === this.nodeId) throw new NotConnectedError(call.chargePointId);
    const id = randomUUID();
    const answered = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        // The other node answers with its own time-out first; this one is for a node that died.
        reject(new CallTimeoutError(call.chargePointId, call.action, call.timeoutMs));
      }, call.timeoutMs + this.#graceMs);
      const cancel = () => {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(
          new LevityError(
            'LEVITY_ERR_CALL_FAILED',
            `${call.action} to charge point "${call.chargePointId}" was cancelled`,
          ),
        );
      };
      if (signal?.aborted) return cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      this.#pending.set(id, {
        call,
        resolve: (response) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', cancel);
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', cancel);
          reject(error);
        },
      });
    });
    try {
      await this.#pool.query(PRESENCE_SQL.forward, [
        id,
        this.nodeId,
        target,
        call.chargePointId,
        call.action,
        JSON.stringify(call.params),
        call.timeoutMs,
        CLUSTER_CHANNEL,
      ]);
    } catch (error) {
      this.#pending.get(id)?.reject(
        new LevityError('LEVITY_ERR_CALL_FAILED', `Cannot forward ${call.action} to node "${target}"`, {
          cause: error,
        }),
      );
    }
    return answered;
  }

  publish(event: ClusterEvent): void {
    this.#outbox.push(event);
    if (this.#outbox.length === 1) setImmediate(() => void this.#flushEvents());
  }

  wantEvents(wanted: boolean): void {
    this.#wantsEvents = wanted;
    this.#pool
      .query(`WITH u AS (UPDATE cluster_node SET wants_events = $2 WHERE id = $1) SELECT pg_notify($3, $4)`, [
        this.nodeId,
        wanted,
        CLUSTER_CHANNEL,
        JSON.stringify({ t: 'interest', from: this.nodeId, wants: wanted }),
      ])
      .catch((error: unknown) => this.#logger?.warn({ err: error }, 'could not announce interest in events'));
  }

  async runExclusive(_job: string, work: () => Promise<void>): Promise<boolean> {
    if (!this.#sweeper) await this.#trySweeper();
    if (!this.#sweeper) return false;
    await work();
    return true;
  }

  async leave(): Promise<void> {
    if (this.#leaving) return;
    this.#leaving = true;
    clearInterval(this.#timer);
    clearTimeout(this.#reconnecting);
    await this.#flushEvents();
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(new LevityError('LEVITY_ERR_CALL_FAILED', 'This node is leaving the cluster'));
    }
    const listener = this.#listener;
    this.#listener = undefined;
    this.#sweeper = false;
    // Ending the session also ends LISTEN and releases the sweeper lock.
    await listener?.end().catch(() => {});
    if (this.#member) {
      await this.#pool
        .query(PRESENCE_SQL.forgetNode, [this.nodeId, new Date().toISOString()])
        .then(() => this.#pool.query('DELETE FROM cluster_node WHERE id = $1', [this.nodeId]))
        .catch((error: unknown) => this.#logger?.warn({ err: error }, 'could not leave the cluster cleanly'));
    }
  }

  /** Renews the lease, sweeps when this node is the sweeper. */
  async #tick(): Promise<void> {
    try {
      await this.#renew();
      if (!this.#sweeper) await this.#trySweeper();
      if (this.#sweeper) await this.#sweep();
    } catch (error) {
      this.#logger?.warn({ err: error }, 'cluster lease renewal or sweep failed');
    }
  }

  async #renew(): Promise<void> {
    const { rows } = await this.#pool.query<{ inserted: boolean }>(PRESENCE_SQL.renew, [
      this.nodeId,
      `${this.#leaseMs} milliseconds`,
      this.#wantsEvents,
    ]);
    const others = await this.#pool.query<{ id: string }>(
      'SELECT id FROM cluster_node WHERE wants_events AND id <> $1 AND lease_until > now()',
      [this.nodeId],
    );
    this.#eventNodes.clear();
    for (const row of others.rows) this.#eventNodes.add(row.id);
    if (rows[0]?.inserted && this.#listener) {
      // Our lease had run out (a long pause, or the database was away) and another node
      // marked our charge points disconnected: they are connected here, say so again.
      const connections = this.#member?.localConnections() ?? [];
      this.#logger?.warn(
        { connections: connections.length },
        'this node lost its lease; recording its connections again',
      );
      if (connections.length > 0)
        await this.recordPresence(
          connections.map(({ id, connectedAt, remoteAddress }) => ({
            kind: 'connected' as const,
            id,
            at: connectedAt,
            remoteAddress,
          })),
        );
    }
  }

  async #sweep(): Promise<void> {
    const { rows } = await this.#pool.query<{ id: string }>(SWEEP_SQL.deadNodes, [new Date().toISOString()]);
    if (rows.length > 0)
      this.#logger?.warn(
        { chargePoints: rows.length },
        'charge points of nodes whose lease ran out marked disconnected',
      );
    await this.#pool.query(SWEEP_SQL.oldRows, [KEEP_ROWS]);
  }

  async #trySweeper(): Promise<void> {
    const listener = this.#listener;
    if (!listener) return;
    const { rows } = await listener.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      SWEEPER_LOCK,
    ]);
    if (rows[0]?.locked && listener === this.#listener) {
      this.#sweeper = true;
      this.#logger?.info({}, 'this node runs the periodic jobs of the cluster');
    }
  }

  /** A connection of its own (not from the pool): LISTEN and the sweeper lock live as long as it does. */
  async #listen(): Promise<void> {
    const client = new pg.Client({ ...this.#pool.options, types: typeParsers });
    client.on('error', (error) => {
      this.#logger?.warn({ err: error }, 'cluster notification connection lost');
    });
    client.on('end', () => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      this.#sweeper = false;
      this.#reconnect();
    });
    client.on('notification', (message) => {
      if (message.channel !== CLUSTER_CHANNEL || message.payload === undefined) return;
      const parsed = parseMessage(message.payload);
      if (parsed) this.#receive(parsed);
    });
    await client.connect();
    await client.query(`LISTEN ${CLUSTER_CHANNEL}`);
    this.#listener = client;
  }

  #reconnect(): void {
    if (this.#leaving) return;
    this.#reconnecting = setTimeout(() => {
      this.#listen().then(
        () => this.#logger?.info({}, 'cluster notification connection restored'),
        () => this.#reconnect(),
      );
    }, 1000);
    this.#reconnecting.unref();
  }

  #receive(message: ClusterMessage): void {
    const member = this.#member;
    if (!member || message.from === this.nodeId) return;
    switch (message.t) {
      case 'takeover':
        for (const { id, at } of message.cps) member.replacedElsewhere(id, at);
        return;
      case 'call':
        if (message.to === this.nodeId) void this.#serve(message.id);
        return;
      case 'reply':
        if (message.to === this.nodeId) void this.#answered(message.id);
        return;
      case 'events':
        for (const event of message.events) member.deliver(event);
        return;
      case 'event-ref':
        void this.#pool
          .query<{ payload: ClusterEvent }>('SELECT payload FROM cluster_event WHERE id = $1', [message.id])
          .then(({ rows }) => {
            if (rows[0]) member.deliver(rows[0].payload);
          })
          .catch((error: unknown) =>
            this.#logger?.warn({ err: error }, 'could not read an event of another node'),
          );
        return;
      case 'interest':
        if (message.wants) this.#eventNodes.add(message.from);
        else this.#eventNodes.delete(message.from);
        return;
    }
  }

  /** Sends a call another node forwarded on this node's connection, and stores the outcome. */
  async #serve(id: string): Promise<void> {
    const member = this.#member;
    if (!member) return;
    try {
      const { rows } = await this.#pool.query<{
        from_node: string;
        charge_point_id: string;
        action: ForwardedCall['action'];
        params: unknown;
        timeout_ms: number;
      }>(PRESENCE_SQL.pickCall, [id]);
      const row = rows[0];
      if (!row) return;
      let result: CallResult;
      try {
        const response = await member.callLocal({
          chargePointId: row.charge_point_id,
          action: row.action,
          params: row.params,
          timeoutMs: row.timeout_ms,
        });
        result = { response };
      } catch (error) {
        result = { error: toWireError(error) };
      }
      await this.#pool.query(PRESENCE_SQL.completeCall, [
        id,
        JSON.stringify(result),
        CLUSTER_CHANNEL,
        JSON.stringify({ t: 'reply', from: this.nodeId, to: row.from_node, id } satisfies ClusterMessage),
      ]);
    } catch (error) {
      this.#logger?.error({ err: error, callId: id }, 'could not serve a call forwarded by another node');
    }
  }

  async #answered(id: string): Promise<void> {
    const pending = this.#pending.get(id);
    if (!pending) return;
    try {
      const { rows } = await this.#pool.query<{ result: CallResult | null }>(
        'SELECT result FROM cluster_call WHERE id = $1',
        [id],
      );
      const result = rows[0]?.result;
      if (!result) return;
      this.#pending.delete(id);
      if ('error' in result) pending.reject(fromWireError(result.error, pending.call));
      else pending.resolve(result.response);
    } catch (error) {
      this.#pending.delete(id);
      pending.reject(
        new LevityError('LEVITY_ERR_CALL_FAILED', 'Cannot read the answer of a forwarded call', {
          cause: error,
        }),
      );
    }
  }

  async #flushEvents(): Promise<void> {
    const events = this.#outbox;
    this.#outbox = [];
    if (events.length === 0) return;
    const { small, large } = chunkEvents(this.nodeId, events);
    try {
      for (const payload of small)
        await this.#pool.query('SELECT pg_notify($1, $2)', [CLUSTER_CHANNEL, payload]);
      for (const event of large) {
        await this.#pool.query(
          `WITH e AS (INSERT INTO cluster_event (payload) VALUES ($1) RETURNING id)
           SELECT pg_notify($2, json_build_object('t', 'event-ref', 'from', $3::text, 'id', e.id)::text) FROM e`,
          [JSON.stringify(event), CLUSTER_CHANNEL, this.nodeId],
        );
      }
    } catch (error) {
      this.#logger?.warn({ err: error, count: events.length }, 'could not publish events to the other nodes');
    }
  }
}

/** Takeover notices in payloads well below NOTIFY's 8000 bytes. */
function chunkTakeovers(takeovers: { id: string; at: string }[]): { id: string; at: string }[][] {
  const chunks: { id: string; at: string }[][] = [];
  let chunk: { id: string; at: string }[] = [];
  let bytes = 0;
  for (const takeover of takeovers) {
    const size = Buffer.byteLength(JSON.stringify(takeover)) + 1;
    if (chunk.length > 0 && bytes + size > 6000) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(takeover);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
