import { describe, expect, it } from 'vitest';
import { Configuration } from './configuration.js';

describe('Configuration', () => {
  it('holds the standard keys, NumberOfConnectors from the connector count', () => {
    const config = new Configuration(3);
    expect(config.get('NumberOfConnectors')).toBe('3');
    expect(config.integer('HeartbeatInterval')).toBe(300);
    expect(config.boolean('AuthorizeRemoteTxRequests')).toBe(false);
    expect(config.list('MeterValuesSampledData')).toContain('Energy.Active.Import.Register');
  });

  it('accepts a valid change and tells listeners', () => {
    const config = new Configuration(2);
    const heard: string[] = [];
    config.onChange((key, value) => heard.push(`${key}=${value}`));
    expect(config.change('HeartbeatInterval', '60')).toBe('Accepted');
    expect(config.get('HeartbeatInterval')).toBe('60');
    expect(heard).toEqual(['HeartbeatInterval=60']);
  });

  it('compares keys case-insensitively and normalises booleans', () => {
    const config = new Configuration(2);
    expect(config.change('authorizeremotetxrequests', 'TRUE')).toBe('Accepted');
    expect(config.get('AuthorizeRemoteTxRequests')).toBe('true');
  });

  it.each([
    ['NumberOfConnectors', '4', 'Rejected'],
    ['ChargeProfileMaxStackLevel', '20', 'Rejected'],
    ['HeartbeatInterval', 'often', 'Rejected'],
    ['HeartbeatInterval', '-5', 'Rejected'],
    ['LocalAuthListEnabled', 'yes', 'Rejected'],
    ['MeterValuesSampledData', 'Energy.Active.Import.Register,Bogus', 'Rejected'],
    ['NoSuchKey', '1', 'NotSupported'],
    ['WebSocketPingInterval', '30', 'RebootRequired'],
  ] as const)('answers %s=%j with %s', (key, value, status) => {
    expect(new Configuration(2).change(key, value)).toBe(status);
  });

  it('refuses a measurand list longer than its MaxLength key allows', () => {
    const config = new Configuration(2, { MeterValuesSampledDataMaxLength: '2' });
    expect(config.change('MeterValuesSampledData', 'Voltage,SoC,Power.Active.Import')).toBe('Rejected');
    expect(config.change('MeterValuesSampledData', 'Voltage, SoC')).toBe('Accepted');
    expect(config.get('MeterValuesSampledData')).toBe('Voltage,SoC');
  });

  it('applies a change that needs a reboot only at the reboot', () => {
    const config = new Configuration(2);
    config.change('WebSocketPingInterval', '30');
    expect(config.get('WebSocketPingInterval')).toBe('0');
    config.reboot();
    expect(config.get('WebSocketPingInterval')).toBe('30');
  });

  it('reads every key, or the keys asked for with the unknown ones listed', () => {
    const config = new Configuration(2);
    const all = config.read();
    expect(all.configurationKey?.length).toBeGreaterThan(30);
    expect(all.unknownKey).toBeUndefined();
    expect(config.read(['NumberOfConnectors', 'Nope', 'heartbeatinterval'])).toEqual({
      configurationKey: [
        { key: 'NumberOfConnectors', readonly: true, value: '2' },
        { key: 'HeartbeatInterval', readonly: false, value: '300' },
      ],
      unknownKey: ['Nope'],
    });
  });

  it('takes initial values, adding unknown keys as read-write strings', () => {
    const config = new Configuration(2, { HeartbeatInterval: '30', VendorKey: 'x' });
    expect(config.get('HeartbeatInterval')).toBe('30');
    expect(config.change('VendorKey', 'y')).toBe('Accepted');
    expect(config.read(['VendorKey']).configurationKey).toEqual([
      { key: 'VendorKey', readonly: false, value: 'y' },
    ]);
  });
});
