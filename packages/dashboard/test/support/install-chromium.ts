import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium, which the browser tests drive through playwright-core (its own download cannot run here). */
export const CHROMIUM = process.env.LEVITY_CHROMIUM ?? '/usr/bin/chromium';

function run(command: string, args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60_000,
  });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}`,
  };
}

/**
 * vitest globalSetup: makes sure Chromium is installed before the browser tests start,
 * installing Debian's `chromium` package when it is missing (CI runs as root on a
 * fresh machine). Fails the run with what to do when it cannot.
 */
export default function installChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const fix = `Install it (apt-get update && apt-get install -y chromium, as root) or point LEVITY_CHROMIUM at a Chromium binary.`;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The dashboard's browser tests need Chromium at ${CHROMIUM}, and installing it needs root. ${fix}`,
    );
  }
  console.error(`Chromium is missing at ${CHROMIUM}: installing Debian's chromium package (once)…`);
  const update = run('apt-get', ['update']);
  const install = update.ok
    ? // With its recommended packages: fonts and the software renderer headless drawing uses.
      run('apt-get', ['install', '-y', 'chromium'])
    : update;
  if (!install.ok || !existsSync(CHROMIUM)) {
    throw new Error(
      `Could not install Chromium for the dashboard's browser tests. ${fix}\n${install.output.slice(-2000)}`,
    );
  }
}
