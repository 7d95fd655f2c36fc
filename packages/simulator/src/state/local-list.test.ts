import { describe, expect, it } from 'vitest';
import { AuthorizationCache, LocalAuthList } from './local-list.js';

const limits = { maxLength: 5, sendMaxLength: 3 };
const accepted = { status: 'Accepted' } as const;

describe('LocalAuthList', () => {
  it('starts empty at version 0', () => {
    const list = new LocalAuthList();
    expect(list.version).toBe(0);
    expect(list.size).toBe(0);
  });

  it('replaces everything with a Full update and takes its version', () => {
    const list = new LocalAuthList();
    list.update(
      { listVersion: 3, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: accepted }] },
      limits,
    );
    expect(
      list.update(
        { listVersion: 2, updateType: 'Full', localAuthorizationList: [{ idTag: 'B', idTagInfo: accepted }] },
        limits,
      ),
    ).toBe('Accepted');
    expect(list.version).toBe(2);
    expect(list.entries().map((e) => e.idTag)).toEqual(['B']);
  });

  it('empties the list with a Full update without entries', () => {
    const list = new LocalAuthList();
    list.update(
      { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: accepted }] },
      limits,
    );
    expect(list.update({ listVersion: 2, updateType: 'Full' }, limits)).toBe('Accepted');
    expect(list.size).toBe(0);
  });

  it('refuses a Full update with an entry that has no idTagInfo', () => {
    const list = new LocalAuthList();
    expect(
      list.update({ listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'A' }] }, limits),
    ).toBe('Failed');
    expect(list.version).toBe(0);
  });

  it('adds, updates and removes with Differential updates of newer versions', () => {
    const list = new LocalAuthList();
    list.update(
      {
        listVersion: 1,
        updateType: 'Full',
        localAuthorizationList: [
          { idTag: 'A', idTagInfo: accepted },
          { idTag: 'B', idTagInfo: accepted },
        ],
      },
      limits,
    );
    expect(
      list.update(
        {
          listVersion: 2,
          updateType: 'Differential',
          localAuthorizationList: [
            { idTag: 'a', idTagInfo: { status: 'Blocked' } },
            { idTag: 'B' },
            { idTag: 'C', idTagInfo: accepted },
          ],
        },
        limits,
      ),
    ).toBe('Accepted');
    expect(list.version).toBe(2);
    expect(list.get('A')).toEqual({ status: 'Blocked' });
    expect(list.get('b')).toBeUndefined();
    expect(list.get('C')).toEqual(accepted);
  });

  it.each([1, 2])(
    'answers VersionMismatch to a Differential update of version %i on version 2, changing nothing',
    (version) => {
      const list = new LocalAuthList();
      list.update(
        { listVersion: 2, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: accepted }] },
        limits,
      );
      expect(
        list.update(
          { listVersion: version, updateType: 'Differential', localAuthorizationList: [{ idTag: 'A' }] },
          limits,
        ),
      ).toBe('VersionMismatch');
      expect(list.get('A')).toEqual(accepted);
    },
  );

  it('fails an update bigger than SendLocalListMaxLength or a list bigger than LocalAuthListMaxLength', () => {
    const list = new LocalAuthList();
    const entries = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({ idTag: `T${from + i}`, idTagInfo: accepted }));
    expect(
      list.update({ listVersion: 1, updateType: 'Full', localAuthorizationList: entries(4) }, limits),
    ).toBe('Failed');
    list.update({ listVersion: 1, updateType: 'Full', localAuthorizationList: entries(3) }, limits);
    expect(
      list.update(
        { listVersion: 2, updateType: 'Differential', localAuthorizationList: entries(3, 10) },
        limits,
      ),
    ).toBe('Failed');
    expect(list.version).toBe(1);
    expect(list.size).toBe(3);
  });
});

describe('AuthorizationCache', () => {
  it('remembers the latest idTagInfo per tag, case-insensitively, until cleared', () => {
    const cache = new AuthorizationCache();
    cache.remember('Tag', accepted);
    cache.remember('TAG', { status: 'Expired' });
    expect(cache.get('tag')).toEqual({ status: 'Expired' });
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
