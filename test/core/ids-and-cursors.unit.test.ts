import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../functions/core/cursor';
import { resetSecrets } from '../../functions/core/secrets';
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
    const readable = Buffer.from(JSON.stringify({ s: 'contributions:c1', k: { ...key, PK: 'CONSULTATION#c2' } })).toString('base64url');
    const flip = (at: number) => cursor.slice(0, at) + (cursor[at] === 'A' ? 'B' : 'A') + cursor.slice(at + 1);
    for (const edited of [`${readable}.AAAAAAAAAAAAAAAAAAAAAA`, flip(20), flip(cursor.length - 3), cursor.slice(0, -4), `${cursor}.x`, 'garbage']) {
      expect(() => decodeCursor('contributions:c1', edited)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    }
  });

  it('refuses a cursor holding non-ASCII characters as bad input, not an internal error', () => {
    const cursor = encodeCursor('contributions:c1', key);
    for (const edited of [
      `${cursor.slice(0, 10)}é${cursor.slice(11)}`,
      `${cursor.slice(0, -1)}é`,
      `${'é'.repeat(22)}`,
      `${cursor.slice(0, 30)}\u0000${cursor.slice(31)}`,
    ]) {
      expect(() => decodeCursor('contributions:c1', edited)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    }
  });

  it('reveals nothing: the key and the scope are not readable in the cursor', () => {
    const cursor = encodeCursor('contributions:c1', { PK: 'CONSULTATION#c1', SK: 'CHANGE#2026-05-01T10:00:00.000Z#hidden-revision' });
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
    expect(decoded).not.toMatch(/hidden|2026|CONSULTATION|contributions/);
    // Two cursors for the same position differ (a fresh nonce each time), so none can be compared to guess one.
    expect(encodeCursor('contributions:c1', key)).not.toBe(encodeCursor('contributions:c1', key));
  });

  it('accepts a cursor made under the previous key after a rotation, and refuses one made under neither', () => {
    resetSecrets({ current: 'the-old-cursor-secret-value' });
    const old = encodeCursor('contributions:c1', key);
    resetSecrets({ current: 'the-new-cursor-secret-value', previous: 'the-old-cursor-secret-value' });
    const rotated = decodeCursor('contributions:c1', old);
    resetSecrets({ current: 'a-third-cursor-secret-value' });
    expect(() => decodeCursor('contributions:c1', old)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    resetSecrets();
    expect(rotated).toEqual(key);
  });
});
