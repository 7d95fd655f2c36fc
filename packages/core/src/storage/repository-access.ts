import type { Storage } from './storage.js';

/** The names of a storage's repositories (`chargePoints`, `transactions`, …). */
export type RepositoryName = Exclude<keyof Storage, 'transaction' | 'close' | 'ping'>;

/** The repositories of a storage, without `transaction` and `close`. */
export type Repositories = Pick<Storage, RepositoryName>;

/** Whether a repository method only reads, or may write. */
export type RepositoryAccess = 'read' | 'write';

/**
 * Every repository method, marked `read` or `write`: the one list a storage consults to
 * send writes through its units of work and reads where it likes. The type makes it
 * exhaustive, so a method added to an interface cannot be forgotten here.
 */
export const REPOSITORY_ACCESS = {
  chargePoints: {
    get: 'read',
    list: 'read',
    recordBoot: 'write',
    recordConnected: 'write',
    recordDisconnected: 'write',
    markAllDisconnected: 'write',
    recordSeen: 'write',
    recordHeartbeat: 'write',
    recordStatus: 'write',
    recordDiagnosticsStatus: 'write',
    recordFirmwareStatus: 'write',
    setAdmission: 'write',
    removeNeverBooted: 'write',
  },
  connectors: { recordStatus: 'write', get: 'read', list: 'read' },
  transactions: {
    start: 'write',
    findByStart: 'read',
    get: 'read',
    listActive: 'read',
    list: 'read',
    stop: 'write',
    recordUnknownStop: 'write',
    findAnomaly: 'read',
    flag: 'write',
    listActiveByIdTag: 'read',
  },
  meterValues: { add: 'write', list: 'read', registerRanges: 'read' },
  errors: { add: 'write', list: 'read' },
  idTags: { get: 'read', list: 'read', add: 'write', update: 'write', remove: 'write' },
  dataTransfers: { add: 'write', list: 'read' },
  statusReports: { add: 'write', list: 'read' },
  securityEvents: { add: 'write', list: 'read' },
  certificateRequests: { add: 'write', get: 'read', list: 'read', update: 'write' },
  commands: { add: 'write', complete: 'write', get: 'read', list: 'read' },
  configuration: { upsert: 'write', retainOnly: 'write', get: 'read', list: 'read' },
  localLists: { get: 'read', replace: 'write' },
  reservations: { create: 'write', get: 'read', update: 'write', list: 'read', expire: 'write' },
  chargingProfiles: { list: 'read', put: 'write', remove: 'write' },
  jobs: { create: 'write', get: 'read', update: 'write', findOpen: 'read', list: 'read' },
  apiTokens: {
    create: 'write',
    get: 'read',
    findByName: 'read',
    list: 'read',
    revoke: 'write',
    touch: 'write',
  },
  chargePointSecurity: { get: 'read', update: 'write' },
  connectionRefusals: { add: 'write', list: 'read' },
} as const satisfies {
  readonly [R in RepositoryName]: { readonly [M in keyof Storage[R]]: RepositoryAccess };
};

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * Repositories whose reads call `reads` and whose writes each run as a unit of work of
 * their own through `write`: how a storage with units of work keeps a write made
 * outside one from interleaving with a unit in progress.
 *
 * @example
 * const routed = routeRepositories(readOnlyRepositories, (work) => storage.transaction(work));
 * await routed.chargePoints.recordHeartbeat('CP001', at); // = storage.transaction((unit) => unit.chargePoints.recordHeartbeat('CP001', at))
 */
export function routeRepositories(
  reads: Repositories,
  write: (work: (unit: Repositories) => Promise<unknown>) => Promise<unknown>,
): Repositories {
  const routed: Record<string, Record<string, AnyMethod>> = {};
  for (const [name, methods] of Object.entries(REPOSITORY_ACCESS)) {
    const repository: Record<string, AnyMethod> = {};
    const repositoryName = name as RepositoryName;
    for (const [method, access] of Object.entries(methods)) {
      // Looked up at call time, so that a method replaced on the target (a test's stub) is the one called.
      const on = (target: Repositories) =>
        (target[repositoryName] as unknown as Record<string, AnyMethod>)[method];
      repository[method] =
        access === 'read'
          ? (...args) => (on(reads) as AnyMethod).apply(reads[repositoryName], args)
          : (...args) => write((unit) => (on(unit) as AnyMethod).apply(unit[repositoryName], args));
    }
    routed[name] = repository;
  }
  return routed as unknown as Repositories;
}
