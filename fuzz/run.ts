/**
 * `npm run fuzz`: fuzzes the wire of the built `levity` binary on SQLite with at least
 * 100 000 frames and prints what happened. Exits 1 when a property broke.
 *
 * @example
 *   npm run fuzz                                  # 100 000 frames, a random seed
 *   npm run fuzz -- --frames 500000 --seed 42     # more, replayable
 *   npm run fuzz -- --levity-arg=--max-field-length --levity-arg=100
 */
import { parseArgs } from 'node:util';
import type { CampaignReport } from './campaign.js';
import { runCampaign } from './campaign.js';
import { startLevity } from './levity-process.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    connections: { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
    'levity-arg': { type: 'string', multiple: true, default: [] },
  },
});

const frames = Number(values.frames);
if (!Number.isInteger(frames) || frames < 1) throw new Error('--frames expects a positive integer');

const levity = await startLevity(values['levity-arg']);
let lastPrint = 0;
const report: CampaignReport = await runCampaign(levity, {
  frames,
  connections: Number(values.connections),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  onProgress: (counts) => {
    if (Date.now() - lastPrint < 2000) return;
    lastPrint = Date.now();
    process.stderr.write(
      `\r${counts.framesSent} frames sent, ${counts.wellFormedCalls} CALLs, rss ${Math.round(levity.rssBytes() / 2 ** 20)} MB   `,
    );
  },
});
const exit = await levity.stop();
process.stderr.write('\n');

if (values.json) {
  console.log(JSON.stringify({ ...report, exit }, null, 2));
} else {
  const { counts } = report;
  const sorted = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${key} ${n}`)
      .join(', ') || 'none';
  const errors = Object.values(counts.callErrors).reduce((a, b) => a + b, 0);
  console.log(
    [
      `levity fuzz: ${report.failures.length === 0 ? 'PASSED' : 'FAILED'} (seed ${report.seed}, ${report.seconds} s)`,
      `frames sent        ${counts.framesSent} (${counts.messagesSent} messages)`,
      `messages by family ${sorted(counts.byFamily)}`,
      `well-formed CALLs  ${counts.wellFormedCalls}, ${counts.unanswered} unanswered`,
      `answers            CALLRESULT ${counts.callResults}, CALLERROR ${errors}`,
      `CALLERROR codes    ${sorted(counts.callErrors)}`,
      `non-1.6 codes      ${sorted(counts.badErrorCodes)}`,
      `deliberate closes  ${sorted(report.deliberateCloses)}`,
      `hostile upgrades   ${sorted(report.upgrades)}`,
      `well-behaved CP    ${report.wellBehaved.calls} calls, ${report.wellBehaved.failures.length} failed, slowest ${report.wellBehaved.slowestMs} ms`,
      `event stream       ${Math.round(report.eventStream.bytes / 1024)} KB read, ${report.eventStream.open ? 'open throughout' : 'ended'}`,
      `read routes        ${report.readRoutes.requests} requests over ${report.readRoutes.chargePoints} charge points and ${report.readRoutes.transactions} transactions, ${report.readRoutes.failures.length} not 2xx`,
      `crashes            ${report.crashes}`,
      `max RSS            ${report.maxRssMb} MB`,
      `levity.log         ${report.logMb} MB; database ${report.databaseMb} MB`,
      `exit               ${JSON.stringify(exit)}`,
      ...report.failures.map((failure) => `FAILURE: ${failure}`),
    ].join('\n'),
  );
}
process.exit(report.failures.length === 0 && exit.code === 0 ? 0 : 1);
