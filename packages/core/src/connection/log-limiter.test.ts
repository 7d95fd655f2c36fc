import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { clipForLog, LOG_TEXT_LIMIT, LogLimiter } from './log-limiter.js';
import { WireCounters } from './wire-stats.js';

interface Line {
  level: string;
  fields: Record<string, unknown>;
  message?: string;
}

function recorder(lines: Line[], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields: { ...bindings, ...fields }, message });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recorder(lines, { ...bindings, ...more }),
  };
}

function setup(linesPerWindow = 3) {
  let now = 0;
  const counters = new WireCounters();
  const limiter = new LogLimiter({ linesPerWindow, windowMs: 60_000, counters, now: () => now });
  const lines: Line[] = [];
  return {
    limiter,
    counters,
    lines,
    log: recorder(lines),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('LogLimiter', () => {
  it('writes a charge point’s first lines of a window and counts the rest', () => {
    const { limiter, counters, lines, log } = setup(3);
    const cp = limiter.forChargePoint('CP1', log);
    for (let i = 0; i < 10; i++) cp.warn({ i }, 'frame ignored');
    expect(lines.map((line) => line.fields.i)).toEqual([0, 1, 2]);
    expect(counters.snapshot().logLinesSuppressed).toBe(7);
  });

  it('reports what it left out once the window ends, then starts a new window', () => {
    const { limiter, lines, log, advance } = setup(2);
    const cp = limiter.forChargePoint('CP1', log);
    for (let i = 0; i < 5; i++) cp.warn({}, 'frame ignored');
    advance(60_000);
    limiter.flush();
    expect(lines.at(-1)).toMatchObject({ level: 'warn', fields: { suppressed: 3, windowSeconds: 60 } });
    expect(limiter.tracked).toBe(0);
    cp.warn({}, 'again');
    expect(lines.at(-1)?.message).toBe('again');
  });

  it('gives every charge point a budget of its own, shared by its reconnections', () => {
    const { limiter, lines, log } = setup(1);
    limiter.forChargePoint('CP1', log).warn({}, 'a');
    limiter.forChargePoint('CP1', log).warn({}, 'b');
    limiter.forChargePoint('CP2', log).warn({}, 'c');
    expect(lines.map((line) => line.message)).toEqual(['a', 'c']);
  });

  it('cuts strings from the wire, also one level down and in child loggers', () => {
    const { limiter, lines, log } = setup();
    const long = 'x'.repeat(500_000);
    limiter
      .forChargePoint('CP1', log)
      .child({ component: 'wire' })
      .warn({ action: long, nested: { reason: long } }, 'action not accepted');
    const [line] = lines;
    expect(line?.fields.action).toBe(clipForLog(long));
    expect((line?.fields.nested as { reason: string } | undefined)?.reason).toBe(clipForLog(long));
    expect(String(line?.fields.action).length).toBeLessThan(LOG_TEXT_LIMIT + 30);
    expect(line?.fields.component).toBe('wire');
  });

  it('lets debug lines through (cut), outside the budget', () => {
    const { limiter, lines, log } = setup(0);
    const cp = limiter.forChargePoint('CP1', log);
    cp.debug({ x: 'y' }, 'detail');
    cp.info({}, 'dropped');
    expect(lines.map((line) => line.message)).toEqual(['detail']);
  });
});
