import { describe, expect, it } from 'vitest';
import { basicAuthPassword } from './basic-auth.js';

const header = (credentials: string | Buffer, scheme = 'Basic') =>
  `${scheme} ${Buffer.from(credentials).toString('base64')}`;

describe('basicAuthPassword', () => {
  it('returns the password of the header whose user is the charge point id', () => {
    expect(basicAuthPassword(header('CP001:secret'), 'CP001')?.toString()).toBe('secret');
  });

  it('matches the whole id, colons included, and keeps colons in the password', () => {
    expect(basicAuthPassword(header('CP:01:A:pass:word'), 'CP:01:A')?.toString()).toBe('pass:word');
    expect(basicAuthPassword(header('CP:01:A:pass'), 'CP:01')?.toString()).toBe('A:pass');
    expect(basicAuthPassword(header('CP001:secret'), 'CP00')).toBeUndefined();
  });

  it('takes the scheme in any case, surrounding spaces, and binary passwords', () => {
    const binary = Buffer.concat([Buffer.from('CP001:'), Buffer.from([0, 255, 10, 13])]);
    expect(basicAuthPassword(`  bAsIc   ${binary.toString('base64')}  `, 'CP001')).toStrictEqual(
      Buffer.from([0, 255, 10, 13]),
    );
  });

  it('returns undefined for no header, another scheme, another user or garbage', () => {
    expect(basicAuthPassword(undefined, 'CP001')).toBeUndefined();
    expect(basicAuthPassword(header('CP001:secret', 'Bearer'), 'CP001')).toBeUndefined();
    expect(basicAuthPassword(header('CP002:secret'), 'CP001')).toBeUndefined();
    expect(basicAuthPassword('Basic !!!', 'CP001')).toBeUndefined();
    expect(basicAuthPassword('Basic', 'CP001')).toBeUndefined();
    expect(basicAuthPassword(header('CP001'), 'CP001')).toBeUndefined();
  });

  it('returns an empty password when the user is followed by nothing', () => {
    expect(basicAuthPassword(header('CP001:'), 'CP001')).toStrictEqual(Buffer.alloc(0));
  });
});
