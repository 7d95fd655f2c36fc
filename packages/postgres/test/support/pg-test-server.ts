import { inject } from 'vitest';

/** What the global setup tells the tests about the PostgreSQL server of this run. */
export interface PgTestServer {
  /** A superuser URL on the maintenance database, or `null` when PostgreSQL tests are skipped. */
  readonly url: string | null;
  /** The server binaries (to start a private cluster), or `null` for an external server. */
  readonly bin: string | null;
  /** Why the tests are skipped, when they are. */
  readonly skipReason: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    levityPg: PgTestServer;
  }
}

/** The PostgreSQL server of this test run (see global-setup.ts). */
export function pgTestServer(): PgTestServer {
  return inject('levityPg');
}
