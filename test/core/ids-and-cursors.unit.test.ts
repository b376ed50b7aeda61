import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../functions/core/cursor';
import { fromGlobalId, internalId, newId, toGlobalId } from '../../functions/core/ids';

describe('global ids', () => {
  it('round-trips a type and an internal id', () => {
    const id = newId();
    expect(fromGlobalId(toGlobalId('Stakeholder', id))).toEqual({ type: 'Stakeholder', id });
  });

  it('refuses an id of another type', () => {
    expect(() => internalId(toGlobalId('Consultation', 'c1'), 'Stakeholder')).toThrowError(/not a Stakeholder id/);
  });

  it.each(['', 'not base64!', Buffer.from('NoSeparator').toString('base64url'), Buffer.from('Stakeholder:a b').toString('base64url')])(
    'refuses the malformed id %j as bad input',
    (value) => {
      expect(() => fromGlobalId(value)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    },
  );

  it('makes ids that sort by creation time', () => {
    const earlier = newId(new Date('2026-01-01T00:00:00Z'));
    const later = newId(new Date('2026-01-02T00:00:00Z'));
    expect(earlier < later).toBe(true);
  });
});

describe('cursors', () => {
  const key = { PK: 'CONSULTATION#c1', SK: 'CONTRIBUTION#01' };

  it('round-trips a key within its scope', () => {
    expect(decodeCursor('contributions:c1', encodeCursor('contributions:c1', key))).toEqual(key);
  });

  it('refuses a cursor from another list', () => {
    const cursor = encodeCursor('contributions:c1', key);
    expect(() => decodeCursor('contributions:c2', cursor)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('refuses an edited cursor', () => {
    const cursor = encodeCursor('contributions:c1', key);
    const [payload, signature] = cursor.split('.') as [string, string];
    const edited = Buffer.from(JSON.stringify({ s: 'contributions:c1', k: { ...key, PK: 'CONSULTATION#c2' } })).toString('base64url');
    expect(() => decodeCursor('contributions:c1', `${edited}.${signature}`)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => decodeCursor('contributions:c1', `${payload}.AAAAAAAAAAAAAAAAAAAAAA`)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => decodeCursor('contributions:c1', 'garbage')).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
