import type {
  CommandFilter,
  CommandRecord,
  JobFilter,
  JobRecord,
  ReservationFilter,
  ReservationRecord,
} from '../storage/records.js';
import type { Storage } from '../storage/storage.js';

/** The log of calls sent to charge points. */
export interface CommandsApi {
  get(id: number): Promise<CommandRecord | undefined>;
  /** Newest first; `before` pages back. */
  list(filter?: CommandFilter): Promise<CommandRecord[]>;
}

export interface ReservationsApi {
  get(id: number): Promise<ReservationRecord | undefined>;
  /** Newest first. */
  list(filter?: ReservationFilter): Promise<ReservationRecord[]>;
}

export interface JobsApi {
  get(id: number): Promise<JobRecord | undefined>;
  /** Newest first. */
  list(filter?: JobFilter): Promise<JobRecord[]>;
}

export const createCommandsApi = (storage: Storage): CommandsApi => ({
  get: (id) => storage.commands.get(id),
  list: (filter) => storage.commands.list(filter),
});

export const createReservationsApi = (storage: Storage): ReservationsApi => ({
  get: (id) => storage.reservations.get(id),
  list: (filter) => storage.reservations.list(filter),
});

export const createJobsApi = (storage: Storage): JobsApi => ({
  get: (id) => storage.jobs.get(id),
  list: (filter) => storage.jobs.list(filter),
});
