import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  chooseDriverModule,
  DRIVER_MODULES,
  driverModule,
  driverSafeInThreads,
  SqliteDriver,
} from './driver.js';

const always = () => true;
const never = () => false;
const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('the better-sqlite3 driver', () => {
  it('is 12 on Node 20, even where 13 loads', () => {
    expect(chooseDriverModule(20, always)).toBe(DRIVER_MODULES.v12);
  });

  it('is 13 on Node 22 and 24 where it loads', () => {
    expect(chooseDriverModule(22, always)).toBe(DRIVER_MODULES.v13);
    expect(chooseDriverModule(24, always)).toBe(DRIVER_MODULES.v13);
  });

  it('falls back to 12 on Node 24 when 13 does not load', () => {
    expect(chooseDriverModule(24, never)).toBe(DRIVER_MODULES.v12);
  });

  it('asks only about 13', () => {
    const asked: string[] = [];
    chooseDriverModule(24, (module) => {
      asked.push(module);
      return false;
    });
    expect(asked).toStrictEqual([DRIVER_MODULES.v13]);
  });

  it('is 13 in this workspace from Node 22 on, 12 on Node 20, and opens a database', () => {
    const { version } = createRequire(import.meta.url)(`${driverModule}/package.json`) as {
      version: string;
    };
    expect(version.split('.')[0]).toBe(nodeMajor >= 22 ? '13' : '12');
    const db = new SqliteDriver(':memory:');
    try {
      expect(db.prepare('SELECT 1 + 1 AS two').get()).toStrictEqual({ two: 2 });
    } finally {
      db.close();
    }
  });

  it('may run in a worker thread (the default checkpoints) with the driver this workspace installs', () => {
    expect(driverSafeInThreads).toBe(true);
  });
});
