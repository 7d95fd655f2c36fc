import type { Response, StopReason } from '@levity/core';
import type { Runtime } from './runtime.js';

/** Wait before booting again after Pending or Rejected when the central system gave no interval. */
const DEFAULT_BOOT_RETRY_SECONDS = 60;

/** Booting, heartbeats and reboots (OCPP 1.6 §4.2, §4.6, §5.14). */
export class Lifecycle {
  readonly #rt: Runtime;
  #rebooting = false;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #bootRetryTimer: NodeJS.Timeout | undefined;

  constructor(rt: Runtime) {
    this.#rt = rt;
    rt.state.configuration.onChange((key) => {
      if (key === 'HeartbeatInterval' && rt.state.registration === 'Accepted') this.#startHeartbeat();
    });
  }

  /** Between the decision to reboot and the next accepted BootNotification. */
  get rebooting(): boolean {
    return this.#rebooting;
  }

  /**
   * Sends BootNotification. Accepted: takes the heartbeat interval, reports every
   * connector's status and starts heartbeating. Pending or Rejected: boots again after
   * the interval (§4.2), and meanwhile sends nothing else.
   */
  async boot(): Promise<Response<'BootNotification'>> {
    const { options, state } = this.#rt;
    clearTimeout(this.#bootRetryTimer);
    const response = await this.#rt.send('BootNotification', {
      chargePointVendor: options.vendor,
      chargePointModel: options.model,
      chargePointSerialNumber: options.serialNumber,
      chargeBoxSerialNumber: options.serialNumber,
      firmwareVersion: state.firmwareVersion,
      meterType: 'Simulated AC meter',
      meterSerialNumber: `M-${options.serialNumber}`.slice(0, 25),
    });
    state.registration = response.status;
    this.#rt.events.emit('booted', { status: response.status, interval: response.interval });
    if (response.status === 'Accepted') {
      this.#rebooting = false;
      if (response.interval > 0) state.configuration.set('HeartbeatInterval', String(response.interval));
      this.#startHeartbeat();
      this.#rt.sampling.startAligned();
      this.#rt.link.release();
      this.#rt.later('reporting connector statuses', () => this.#rt.statuses.reportAll());
    } else {
      const seconds = response.interval > 0 ? response.interval : DEFAULT_BOOT_RETRY_SECONDS;
      this.#bootRetryTimer = setTimeout(
        () => this.#rt.later('booting again', () => this.boot()),
        seconds * 1000,
      );
    }
    return response;
  }

  heartbeat(): Promise<Response<'Heartbeat'>> {
    return this.#rt.send('Heartbeat', {});
  }

  /** The connection came back by itself: after a reboot that means booting; otherwise carrying on. */
  reconnected(): void {
    if (this.#rebooting) this.#rt.later('booting after a reboot', () => this.boot());
    else this.#rt.link.release();
  }

  /**
   * Reboots like a real charger: ends running transactions with `reason`, closes the
   * connection, waits, applies the configuration changes that needed a reboot, connects
   * and boots again (in the background, retrying until the central system is reachable).
   * Calls made meanwhile wait for the accepted boot.
   */
  async reboot(type: 'Hard' | 'Soft', reason: StopReason): Promise<void> {
    if (this.#rebooting) return;
    this.#rebooting = true;
    this.#rt.events.emit('reset', { type });
    await this.#rt.sessions.stopAll(reason);
    this.stop();
    this.#rt.sampling.stopAll();
    await this.#rt.link.disconnect(`${type} reset`);
    await this.#rt.sleep(this.#rt.options.timing.rebootMs);
    this.#rt.state.configuration.reboot();
    this.#rt.link.reconnectSoon();
  }

  /**
   * Closes the connection and connects again with the current credentials (after a new
   * AuthorizationKey or SecurityProfile, whitepaper A01 and A05); no new boot is needed.
   */
  async reconnect(reason: string): Promise<void> {
    await this.#rt.link.disconnect(reason);
    this.#rt.link.reconnectSoon();
  }

  stop(): void {
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#bootRetryTimer);
    this.#heartbeatTimer = undefined;
  }

  #startHeartbeat(): void {
    clearInterval(this.#heartbeatTimer);
    const seconds = this.#rt.state.configuration.integer('HeartbeatInterval');
    if (seconds <= 0) return;
    this.#heartbeatTimer = setInterval(
      () => this.#rt.later('a heartbeat', () => this.heartbeat()),
      Math.min(seconds * 1000, 2_147_483_647),
    );
  }
}
