import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parentOf, sampleProcess, sampleProcesses, sampleProcessTree } from './proc.js';

describe('reading processes from /proc', () => {
  it('counts the CPU of children that have exited into their parent’s tree', () => {
    const before = sampleProcessTree(process.pid);
    // A child that burns at least 300 ms of CPU and is reaped before the second sample.
    const burn = 'const end = process.cpuUsage().user + 300000; while (process.cpuUsage().user < end);';
    expect(spawnSync(process.execPath, ['-e', burn]).status).toBe(0);
    const after = sampleProcessTree(process.pid);
    expect(before).toBeDefined();
    expect((after ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(250_000);
  });

  it('sums several processes, and gives nothing once one of them is gone', () => {
    const self = sampleProcess(process.pid);
    const parent = parentOf(process.pid);
    expect(parent?.command).toBe('node');
    const both = sampleProcesses([process.pid, process.pid]);
    expect(both?.rssBytes).toBeGreaterThanOrEqual(2 * (self?.rssBytes ?? 0) * 0.9);
    expect(sampleProcesses([process.pid, 2 ** 22 + 1])).toBeUndefined();
    expect(sampleProcessTree(2 ** 22 + 1)).toBeUndefined();
  });
});
