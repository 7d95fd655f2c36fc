import type { Measurand, Response } from '@levity/core';

type ChangeStatus = Response<'ChangeConfiguration'>['status'];
type ConfigurationKey = NonNullable<Response<'GetConfiguration'>['configurationKey']>[number];

/** How a key's value is checked before ChangeConfiguration accepts it. */
type ValueKind = 'integer' | 'boolean' | 'string' | 'measurands' | 'secret';

interface KeyDefinition {
  value: string;
  readonly kind: ValueKind;
  readonly readonly?: boolean;
  /** The change is accepted but only takes effect after the next reboot (answered RebootRequired). */
  readonly rebootRequired?: boolean;
  /** For comma-separated lists: the read-only key holding their maximum length. */
  readonly maxLengthKey?: string;
}

const MEASURANDS: ReadonlySet<string> = new Set<Measurand>([
  'Energy.Active.Export.Register',
  'Energy.Active.Import.Register',
  'Energy.Reactive.Export.Register',
  'Energy.Reactive.Import.Register',
  'Energy.Active.Export.Interval',
  'Energy.Active.Import.Interval',
  'Energy.Reactive.Export.Interval',
  'Energy.Reactive.Import.Interval',
  'Power.Active.Export',
  'Power.Active.Import',
  'Power.Offered',
  'Power.Reactive.Export',
  'Power.Reactive.Import',
  'Power.Factor',
  'Current.Import',
  'Current.Export',
  'Current.Offered',
  'Voltage',
  'Frequency',
  'Temperature',
  'SoC',
  'RPM',
]);

const rw = (value: string, kind: ValueKind, extra: Partial<KeyDefinition> = {}): KeyDefinition => ({
  value,
  kind,
  ...extra,
});
const ro = (value: string, kind: ValueKind): KeyDefinition => ({ value, kind, readonly: true });

/** The keys of OCPP 1.6 §9 (Core, Local Auth List, Reservation, Smart Charging) and the security extension. */
function standardKeys(connectors: number): Record<string, KeyDefinition> {
  const rotation = Array.from({ length: connectors + 1 }, (_, id) => `${id}.RST`).join(',');
  return {
    AllowOfflineTxForUnknownId: rw('false', 'boolean'),
    AuthorizationCacheEnabled: rw('true', 'boolean'),
    AuthorizeRemoteTxRequests: rw('false', 'boolean'),
    ClockAlignedDataInterval: rw('0', 'integer'),
    ConnectionTimeOut: rw('60', 'integer'),
    ConnectorPhaseRotation: rw(rotation, 'string', { rebootRequired: true }),
    GetConfigurationMaxKeys: ro('100', 'integer'),
    HeartbeatInterval: rw('300', 'integer'),
    LocalAuthorizeOffline: rw('true', 'boolean'),
    LocalPreAuthorize: rw('false', 'boolean'),
    MeterValuesAlignedData: rw('Energy.Active.Import.Register', 'measurands', {
      maxLengthKey: 'MeterValuesAlignedDataMaxLength',
    }),
    MeterValuesAlignedDataMaxLength: ro('8', 'integer'),
    MeterValuesSampledData: rw(
      'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC',
      'measurands',
      {
        maxLengthKey: 'MeterValuesSampledDataMaxLength',
      },
    ),
    MeterValuesSampledDataMaxLength: ro('10', 'integer'),
    MeterValueSampleInterval: rw('60', 'integer'),
    NumberOfConnectors: ro(String(connectors), 'integer'),
    ResetRetries: rw('3', 'integer'),
    StopTransactionOnEVSideDisconnect: rw('true', 'boolean'),
    StopTransactionOnInvalidId: rw('true', 'boolean'),
    StopTxnAlignedData: rw('', 'measurands', { maxLengthKey: 'StopTxnAlignedDataMaxLength' }),
    StopTxnAlignedDataMaxLength: ro('8', 'integer'),
    StopTxnSampledData: rw('Energy.Active.Import.Register', 'measurands', {
      maxLengthKey: 'StopTxnSampledDataMaxLength',
    }),
    StopTxnSampledDataMaxLength: ro('8', 'integer'),
    SupportedFeatureProfiles: ro(
      'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger',
      'string',
    ),
    TransactionMessageAttempts: rw('3', 'integer'),
    TransactionMessageRetryInterval: rw('60', 'integer'),
    UnlockConnectorOnEVSideDisconnect: rw('true', 'boolean'),
    WebSocketPingInterval: rw('0', 'integer', { rebootRequired: true }),
    LocalAuthListEnabled: rw('true', 'boolean'),
    LocalAuthListMaxLength: ro('1000', 'integer'),
    SendLocalListMaxLength: ro('100', 'integer'),
    ReserveConnectorZeroSupported: ro('false', 'boolean'),
    ChargeProfileMaxStackLevel: ro('8', 'integer'),
    ChargingScheduleAllowedChargingRateUnit: ro('Current,Power', 'string'),
    ChargingScheduleMaxPeriods: ro('24', 'integer'),
    ConnectorSwitch3to1PhaseSupported: ro('false', 'boolean'),
    MaxChargingProfilesInstalled: ro('16', 'integer'),
    SecurityProfile: rw('0', 'integer'),
    // Write-only (whitepaper A01): GetConfiguration never tells its value.
    AuthorizationKey: rw('', 'secret'),
    CpoName: rw('', 'string'),
    CertificateStoreMaxLength: ro('10', 'integer'),
    CertificateSignedMaxChainSize: ro('10000', 'integer'),
    AdditionalRootCertificateCheck: ro('false', 'boolean'),
  };
}

/**
 * The charge point's configuration keys (OCPP 1.6 §9). Keys compare case-insensitively
 * (they are CiString50); listeners hear about every value that takes effect.
 */
export class Configuration {
  readonly #keys = new Map<string, { name: string; definition: KeyDefinition }>();
  /** Changes answered RebootRequired, applied by `reboot()`. */
  readonly #pending = new Map<string, string>();
  readonly #listeners = new Set<(key: string, value: string) => void>();

  constructor(connectors: number, overrides: Readonly<Record<string, string>> = {}) {
    for (const [name, definition] of Object.entries(standardKeys(connectors))) {
      this.#keys.set(name.toLowerCase(), { name, definition });
    }
    for (const [name, value] of Object.entries(overrides)) {
      const known = this.#keys.get(name.toLowerCase());
      if (known) known.definition.value = value;
      else this.#keys.set(name.toLowerCase(), { name, definition: rw(value, 'string') });
    }
  }

  get(key: string): string | undefined {
    return this.#keys.get(key.toLowerCase())?.definition.value;
  }

  /** The key as a non-negative integer, or `fallback` when it is missing or not a number. */
  integer(key: string, fallback = 0): number {
    const value = Number(this.get(key));
    return Number.isInteger(value) && value >= 0 ? value : fallback;
  }

  boolean(key: string): boolean {
    return this.get(key)?.toLowerCase() === 'true';
  }

  /** A comma-separated list key as its items. */
  list(key: string): string[] {
    return (this.get(key) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** Sets a value from the charge point itself (e.g. the interval a BootNotification answer told). */
  set(key: string, value: string): void {
    const entry = this.#keys.get(key.toLowerCase());
    if (!entry) return;
    entry.definition.value = value;
    for (const listener of this.#listeners) listener(entry.name, value);
  }

  onChange(listener: (key: string, value: string) => void): void {
    this.#listeners.add(listener);
  }

  /** OCPP 1.6 §5.3: read-only keys are Rejected, unknown ones NotSupported, bad values Rejected. */
  change(key: string, value: string): ChangeStatus {
    const entry = this.#keys.get(key.toLowerCase());
    if (!entry) return 'NotSupported';
    const { definition } = entry;
    if (definition.readonly) return 'Rejected';
    const normalized = this.#validate(definition, value);
    if (normalized === undefined) return 'Rejected';
    if (definition.rebootRequired) {
      this.#pending.set(entry.name, normalized);
      return 'RebootRequired';
    }
    this.set(entry.name, normalized);
    return 'Accepted';
  }

  /** GetConfiguration: every key when none is asked for; unknown keys are listed as such. */
  read(keys?: readonly string[]): Response<'GetConfiguration'> {
    const all = [...this.#keys.values()];
    if (keys === undefined || keys.length === 0) return { configurationKey: all.map(toConfigurationKey) };
    const configurationKey: ConfigurationKey[] = [];
    const unknownKey: string[] = [];
    for (const key of keys) {
      const entry = this.#keys.get(key.toLowerCase());
      if (entry) configurationKey.push(toConfigurationKey(entry));
      else unknownKey.push(key);
    }
    return { configurationKey, ...(unknownKey.length > 0 ? { unknownKey } : {}) };
  }

  /** Applies the changes that waited for a reboot. */
  reboot(): void {
    for (const [key, value] of this.#pending) this.set(key, value);
    this.#pending.clear();
  }

  #validate(definition: KeyDefinition, value: string): string | undefined {
    switch (definition.kind) {
      case 'integer':
        return /^\d{1,9}$/.test(value) ? String(Number(value)) : undefined;
      case 'boolean':
        return /^(true|false)$/i.test(value) ? value.toLowerCase() : undefined;
      case 'measurands': {
        const items = value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '');
        const max = definition.maxLengthKey ? this.integer(definition.maxLengthKey, Infinity) : Infinity;
        return items.length <= max && items.every((item) => MEASURANDS.has(item))
          ? items.join(',')
          : undefined;
      }
      case 'string':
      case 'secret':
        return value;
    }
  }
}

const toConfigurationKey = ({ name, definition }: { name: string; definition: KeyDefinition }) => ({
  key: name,
  readonly: definition.readonly === true,
  ...(definition.kind === 'secret' ? {} : { value: definition.value }),
});
