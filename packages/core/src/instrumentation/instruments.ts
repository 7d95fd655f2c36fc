import type { CentralSystem } from '../central-system.js';
import type { CentralSystemAction } from '../ocpp16/actions.js';
import type { OcppErrorCode } from '../ocpp16/error-codes.js';
import type { CommandStatus, SecurityProfile } from '../storage/records.js';
import type { UpgradeRefusalReason } from './channels.js';
import { channels } from './channels.js';

/**
 * One central system's side of the diagnostics channels: its parts publish through
 * this, and it stamps each message with the central system (set once the facade
 * exists). Each method returns at once while nobody listens to its channel; callers
 * that would read the clock for a message check `observes…` first.
 */
export class Instruments {
  #centralSystem: CentralSystem | undefined;

  /** The central system whose messages these are. */
  bind(centralSystem: CentralSystem): void {
    this.#centralSystem = centralSystem;
  }

  get #source(): CentralSystem {
    return this.#centralSystem as CentralSystem;
  }

  get observesInboundCalls(): boolean {
    return channels.inboundCall.hasSubscribers;
  }

  get observesCommands(): boolean {
    return channels.command.hasSubscribers;
  }

  get observesConnections(): boolean {
    return channels.connectionClosed.hasSubscribers || channels.connectionOpened.hasSubscribers;
  }

  connectionOpened(chargePointId: string, securityProfile: SecurityProfile, replacing: boolean): void {
    if (!channels.connectionOpened.hasSubscribers) return;
    channels.connectionOpened.publish({
      centralSystem: this.#source,
      chargePointId,
      securityProfile,
      replacing,
    });
  }

  connectionClosed(chargePointId: string, code: number, replaced: boolean, durationMs: number): void {
    if (!channels.connectionClosed.hasSubscribers) return;
    channels.connectionClosed.publish({
      centralSystem: this.#source,
      chargePointId,
      code,
      replaced,
      durationMs,
    });
  }

  connectionRefused(reason: UpgradeRefusalReason, status: number, chargePointId: string | null): void {
    if (!channels.connectionRefused.hasSubscribers) return;
    channels.connectionRefused.publish({ centralSystem: this.#source, reason, status, chargePointId });
  }

  inboundCall(
    chargePointId: string,
    action: string,
    errorCode: OcppErrorCode | null,
    durationMs: number | null,
  ): void {
    if (!channels.inboundCall.hasSubscribers) return;
    channels.inboundCall.publish({
      centralSystem: this.#source,
      chargePointId,
      action,
      errorCode,
      durationMs,
    });
  }

  command(
    chargePointId: string,
    action: CentralSystemAction,
    status: Exclude<CommandStatus, 'Pending'>,
    durationMs: number,
  ): void {
    if (!channels.command.hasSubscribers) return;
    channels.command.publish({ centralSystem: this.#source, chargePointId, action, status, durationMs });
  }
}
