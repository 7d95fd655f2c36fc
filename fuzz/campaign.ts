/**
 * One fuzz campaign against a running Levity: fast-check generates batches of hostile
 * messages, sends each batch over real sockets (spread over a few connections, the
 * ones the server must close on a connection of their own) and checks, per batch, the
 * properties below; a failing batch is shrunk to a minimal one and reported with the
 * seed that replays it. A well-behaved charge point and an event-stream reader run
 * alongside the whole time; at the end every read route is checked.
 *
 * Properties:
 * - the process never exits;
 * - every well-formed CALL gets a CALLRESULT or a CALLERROR with its id, and every
 *   CALLERROR carries one of the ten OCPP 1.6 error codes, never InternalError (what
 *   the schema admits is stored or refused with a constraint code, never a failed write);
 * - the connections the fuzzer keeps open are never closed by the server, and the
 *   ones it sends invalid UTF-8 or an oversize message on are closed with 1007 / 1009;
 * - resident memory stays under `maxRssBytes`;
 * - the well-behaved charge point gets every answer; the event stream keeps flowing;
 * - afterwards, every read route answers 2xx for every stored charge point and transaction.
 */
import fc from 'fast-check';
import type { AnswerCounts } from './connection.js';
import { emptyCounts, FuzzConnection, sendKiller } from './connection.js';
import type { FuzzMessage } from './frames.js';
import { fuzzBatch, withSizeLimit } from './frames.js';
import type { LevityUnderTest } from './levity-process.js';
import type { ReadRoutesReport } from './read-routes.js';
import { checkReadRoutes } from './read-routes.js';
import type { WellBehavedReport } from './well-behaved.js';
import { startWellBehaved } from './well-behaved.js';

export interface CampaignOptions {
  /** Stop once this many WebSocket frames were sent. */
  readonly frames: number;
  /** Connections the batches are spread over. Default 4. */
  readonly connections?: number;
  /** Messages per generated batch, at most. Default 40. */
  readonly batchSize?: number;
  /** fast-check's seed; random by default (printed, so a failure can be replayed). */
  readonly seed?: number;
  /** Fail when the server's resident memory goes beyond this. Default 768 MiB. */
  readonly maxRssBytes?: number;
  /** Called after every round of batches. */
  readonly onProgress?: (counts: AnswerCounts) => void;
}

export interface CampaignReport {
  seed: number;
  counts: AnswerCounts;
  /** Close codes of the connections the fuzzer had the server close on purpose. */
  deliberateCloses: Record<string, number>;
  upgrades: Record<string, number>;
  wellBehaved: WellBehavedReport;
  eventStream: { bytes: number; open: boolean };
  readRoutes: ReadRoutesReport;
  crashes: number;
  maxRssMb: number;
  logMb: number;
  databaseMb: number;
  seconds: number;
  /** Why the campaign failed: the shrunk counterexample and what it broke; empty when it passed. */
  failures: string[];
}

const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** A reader of `GET /api/events` that counts what it receives. */
async function readEvents(httpUrl: string, token: string) {
  const controller = new AbortController();
  const state = { bytes: 0, open: true };
  const response = await fetch(`${httpUrl}/api/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        state.bytes += chunk.value.length;
      }
    } catch {
      // Aborted at the end.
    }
    state.open = false;
  })();
  return { state, stop: () => controller.abort() };
}

export async function runCampaign(
  levity: LevityUnderTest,
  options: CampaignOptions,
): Promise<CampaignReport> {
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const counts = emptyCounts();
  const deliberateCloses: Record<string, number> = {};
  const upgrades: Record<string, number> = {};
  const failures: string[] = [];
  const maxRss = options.maxRssBytes ?? 768 * 2 ** 20;
  const connectionCount = options.connections ?? 4;
  let killers = 0;

  const wellBehaved = await startWellBehaved(levity.wsUrl, 'WELL-BEHAVED');
  const events = await readEvents(levity.httpUrl, levity.token);
  const connections: FuzzConnection[] = [];
  for (let i = 0; i < connectionCount; i++) {
    connections.push(await FuzzConnection.open(levity.wsUrl, `FUZZ-${i}`, counts));
  }

  /** Sends one batch and checks the properties; returns what broke (empty when nothing). */
  const runBatch = async (batch: FuzzMessage[]): Promise<string[]> => {
    const broken: string[] = [];
    const killersDone: Promise<void>[] = [];
    batch.forEach((generated, index) => {
      const message = withSizeLimit(generated, levity.maxFrameBytes);
      if (message.kind === 'killer') {
        killersDone.push(
          sendKiller(levity.wsUrl, `FUZZ-KILLER-${killers++ % 8}`, message, counts).then(
            (code) => {
              deliberateCloses[code] = (deliberateCloses[code] ?? 0) + 1;
              if (code !== message.closeCode) {
                broken.push(`${message.family} closed with ${code}, expected ${message.closeCode}`);
              }
            },
            (error: Error) => void broken.push(`${message.family}: ${error.message}`),
          ),
        );
        return;
      }
      const connection = connections[index % connections.length];
      if (connection?.isOpen) connection.send(message);
    });
    await Promise.all(killersDone);
    for (const connection of connections) {
      const unanswered = await connection.settle(30_000);
      if (unanswered.length > 0) broken.push(`unanswered CALLs: ${JSON.stringify(unanswered.slice(0, 5))}`);
      if (!connection.isOpen)
        broken.push(`the server closed a fuzz connection: ${JSON.stringify(connection.closeInfo)}`);
    }
    if (Object.keys(counts.badErrorCodes).length > 0) {
      broken.push(`CALLERROR codes OCPP 1.6 does not have: ${JSON.stringify(counts.badErrorCodes)}`);
    }
    // InternalError means a handler or the storage failed on what a charge point sent:
    // schema-valid input must be stored (or refused with a constraint code), never crash a write.
    if ((counts.callErrors.InternalError ?? 0) > 0) {
      broken.push(`InternalError answered ${counts.callErrors.InternalError} time(s)`);
    }
    const crash = levity.crashed();
    if (crash) broken.push(`levity exited: ${JSON.stringify(crash)}`);
    if (levity.rssBytes() > maxRss) broken.push(`resident memory ${megabytes(levity.rssBytes())} MB`);
    // Reopen what a failure closed, so that shrinking runs on healthy connections.
    for (const [i, connection] of connections.entries()) {
      if (!connection.isOpen && !levity.crashed()) {
        connections[i] = await FuzzConnection.open(levity.wsUrl, `FUZZ-${i}`, counts).catch(() => connection);
      }
    }
    return broken;
  };

  /** Upgrades with hostile ids and subprotocol lists: refused or served, never a crash. */
  const upgrade = fc.record({
    id: fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })),
    protocols: fc.uniqueArray(fc.constantFrom('ocpp1.6', 'ocpp2.0.1', 'x', 'OCPP1.6'), { maxLength: 3 }),
  });

  const property = fc.asyncProperty(
    fuzzBatch({ maxFrameBytes: levity.maxFrameBytes, maxLength: options.batchSize ?? 40 }),
    // One batch in four opens a hostile upgrade too.
    fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: upgrade }),
    async (batch, hostileUpgrade) => {
      if (hostileUpgrade) {
        const outcome = await FuzzConnection.open(
          levity.wsUrl,
          hostileUpgrade.id,
          counts,
          hostileUpgrade.protocols,
        ).then(
          (connection) => {
            connection.close();
            return 'opened';
          },
          (error: Error) =>
            /refused with (\d+)/.exec(error.message)?.[1] ??
            (error.message.includes('subprotocol') ? 'no shared subprotocol' : error.message.slice(0, 60)),
        );
        upgrades[outcome] = (upgrades[outcome] ?? 0) + 1;
      }
      const broken = await runBatch(batch);
      if (broken.length > 0) throw new Error(broken.join('; '));
    },
  );

  let round = 0;
  while (counts.framesSent < options.frames && failures.length === 0) {
    const result = await fc.check(property, { numRuns: 25, seed: seed + round, endOnFailure: false });
    round++;
    if (result.failed) {
      failures.push(
        `seed ${seed + round - 1}, path ${result.counterexamplePath}: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`,
        `counterexample: ${JSON.stringify(result.counterexample, (_key, value) => (typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}… (${value.length} chars)` : value)).slice(0, 4000)}`,
      );
    }
    options.onProgress?.(counts);
    if (levity.crashed()) break;
  }

  await wellBehaved.stop();
  const eventStreamOpen = events.state.open;
  events.stop();
  for (const connection of connections) connection.close();
  if (wellBehaved.report.failures.length > 0) {
    failures.push(
      `the well-behaved charge point failed: ${wellBehaved.report.failures.slice(0, 5).join('; ')}`,
    );
  }
  if (!eventStreamOpen) failures.push('the event stream ended during the run');
  const crash = levity.crashed();
  const readRoutes = crash
    ? { requests: 0, chargePoints: 0, transactions: 0, failures: [] }
    : await checkReadRoutes(levity.httpUrl, levity.token);
  if (readRoutes.failures.length > 0) {
    failures.push(`read routes failed: ${JSON.stringify(readRoutes.failures.slice(0, 5))}`);
  }
  if (crash) failures.push(`levity exited: ${JSON.stringify(crash)}`);
  return {
    seed,
    counts,
    deliberateCloses,
    upgrades,
    wellBehaved: wellBehaved.report,
    eventStream: { bytes: events.state.bytes, open: eventStreamOpen },
    readRoutes,
    crashes: crash ? 1 : 0,
    maxRssMb: megabytes(levity.maxRssBytes()),
    logMb: megabytes(levity.logBytes()),
    databaseMb: megabytes(levity.databaseBytes()),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    failures,
  };
}
