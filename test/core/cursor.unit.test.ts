/** The rules of a pagination cursor, one by one: what it hides, how it is sealed, its size cap, its scope and key rotation. */
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { config } from '../../functions/core/config';
import { decodeCursor, encodeCursor, inspectCursor, type Key } from '../../functions/core/cursor';
import { resetSecrets } from '../../functions/core/secrets';

const SCOPE = 'contributions:c1';
const KEY = { PK: 'CONSULTATION#c1', SK: 'CONTRIBUTION#01' };

/** Seals any value the way the server does (version 1, AES-256-GCM under the HKDF key): what only a holder of the secret can do. */
const sealed = (value: unknown, secret = config().cursorSecret, version = 1) => {
  const key = Buffer.from(hkdfSync('sha256', secret, 'agora-cursor', 'aes-256-gcm cursor key', 32));
  const nonce = randomBytes(12);
  const header = Buffer.from([version]);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]).toString('base64url');
};
/** A key whose cursor in SCOPE is exactly `length` characters (lengths of 4n + 1 cannot be encoded). */
const keyOfCursorLength = (length: number): Key => {
  for (let n = 0; ; n++) {
    const key = { PK: 'x'.repeat(n) };
    const actual = encodeCursor(SCOPE, key).length;
    if (actual === length) return key;
    if (actual > length) throw new Error(`no key makes a cursor of ${length} characters`);
  }
};
const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

const refusal = (message: string, field = 'after') => expect.objectContaining({ code: 'BAD_USER_INPUT', message, details: { field } });

afterEach(() => resetSecrets());

describe('a cursor', () => {
  it('round-trips its key, non-ASCII values included, and reveals neither the key nor the scope', () => {
    // Prepare
    const key = { PK: 'STAKEHOLDER', SK: 'NAME#żółć#Ōsaka' };
    // Act
    const cursor = encodeCursor(SCOPE, key);
    // Assess
    expect(decodeCursor(SCOPE, cursor)).toEqual(key);
    const bytes = Buffer.from(cursor, 'base64url').toString('latin1');
    for (const secret of ['STAKEHOLDER', 'NAME#', SCOPE, '"PK"']) expect(bytes).not.toContain(secret);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('is different every time, even for the same key (a fresh nonce each time)', () => {
    expect(encodeCursor(SCOPE, KEY)).not.toBe(encodeCursor(SCOPE, KEY));
  });

  it('is refused on the field `after` unless the caller names another', () => {
    expect(() => decodeCursor(SCOPE, 'garbage')).toThrowError(refusal('The cursor is not valid'));
    expect(() => decodeCursor(SCOPE, 'garbage', 'input.after')).toThrowError(refusal('The cursor is not valid', 'input.after'));
  });

  it('is refused, as bad input and not a crash, when any byte of it is edited, cut or extended', () => {
    const cursor = encodeCursor(SCOPE, KEY);
    const forgeries = [
      flip(cursor, 0), // the version byte
      flip(cursor, 5), // the nonce
      flip(cursor, Math.floor(cursor.length / 2)), // the ciphertext
      flip(cursor, cursor.length - 2), // the authentication tag
      cursor.slice(0, -4),
      cursor.slice(0, 20),
      `${cursor}.x`,
      `${cursor}AAAA`,
      `${cursor.slice(0, 10)}é${cursor.slice(11)}`,
      `${cursor.slice(0, -22)}${'é'.repeat(22)}`,
    ];
    for (const forged of forgeries) expect(() => decodeCursor(SCOPE, forged), forged).toThrowError(refusal('The cursor is not valid'));
  });

  it('has one spelling: a last character that differs only in its unused bits is refused', () => {
    // Prepare: a cursor whose last character carries unused low bits (its byte length is not a multiple of 3)
    let cursor = encodeCursor(SCOPE, KEY);
    for (let n = 0; cursor.length % 4 === 0; n++) cursor = encodeCursor(SCOPE, { ...KEY, pad: 'x'.repeat(n) });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(cursor.slice(-1));
    const twin = `${cursor.slice(0, -1)}${alphabet[last ^ 1]}`;
    // Act, Assess: both decode to the same bytes, and only the canonical one is a cursor
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(cursor, 'base64url'));
    expect(() => decodeCursor(SCOPE, twin)).toThrowError(refusal('The cursor is not valid'));
  });

  it('is refused when sealed under another secret', () => {
    expect(() => decodeCursor(SCOPE, sealed({ s: SCOPE, k: KEY }, 'another secret of enough length'))).toThrowError(refusal('The cursor is not valid'));
  });

  it('made under the previous secret is still accepted after a rotation, and refused once that secret is gone', () => {
    // Prepare
    const before = encodeCursor(SCOPE, KEY);
    // Act, Assess
    resetSecrets({ current: 'the rotated cursor secret, 32 chars', previous: config().cursorSecret });
    expect(decodeCursor(SCOPE, before)).toEqual(KEY);
    expect(decodeCursor(SCOPE, encodeCursor(SCOPE, KEY))).toEqual(KEY);
    resetSecrets({ current: 'the rotated cursor secret, 32 chars' });
    expect(() => decodeCursor(SCOPE, before)).toThrowError(refusal('The cursor is not valid'));
  });

  it('is accepted up to its 2,048-character cap and refused over it, even when genuinely sealed', () => {
    // Prepare
    const atCap = keyOfCursorLength(2048);
    const overCap = keyOfCursorLength(2050);
    // Act, Assess
    expect(decodeCursor(SCOPE, encodeCursor(SCOPE, atCap))).toEqual(atCap);
    expect(() => decodeCursor(SCOPE, encodeCursor(SCOPE, overCap))).toThrowError(refusal('The cursor is not valid'));
  });

  it('belongs to one list: another scope is refused with its own message', () => {
    const cursor = encodeCursor(SCOPE, KEY);
    expect(() => decodeCursor('contributions:c2', cursor)).toThrowError(refusal('The cursor belongs to another list'));
    expect(() => decodeCursor('contributions:c2', cursor, 'input.after')).toThrowError(refusal('The cursor belongs to another list', 'input.after'));
  });

  it.each([
    ['a string', 'PK#1'],
    ['a number', 7],
    ['null', null],
    ['missing', undefined],
  ])('is refused when its sealed key is %s rather than an object', (_, k) => {
    expect(() => decodeCursor(SCOPE, sealed({ s: SCOPE, k }))).toThrowError(refusal('The cursor belongs to another list'));
  });

  it('is refused when its sealed content is not an object at all', () => {
    for (const value of ['text', 42, null, true])
      expect(() => decodeCursor(SCOPE, sealed(value)), String(value)).toThrowError(refusal('The cursor is not valid'));
    // A list has no scope of its own.
    expect(() => decodeCursor(SCOPE, sealed([SCOPE, KEY]))).toThrowError(refusal('The cursor belongs to another list'));
  });

  it('is sealed in its documented format: a cursor sealed by the format under a fresh secret opens', () => {
    // Prepare: a secret no cursor has used yet (its key is derived here, by the HKDF parameters of the format)
    const secret = `a fresh cursor secret ${Math.random()}`;
    resetSecrets({ current: secret });
    // Act, Assess
    expect(decodeCursor(SCOPE, sealed({ s: SCOPE, k: KEY }, secret))).toEqual(KEY);
  });

  it('is refused when sealed as another version of the format, even under the secret', () => {
    expect(() => decodeCursor(SCOPE, sealed({ s: SCOPE, k: KEY }, config().cursorSecret, 2))).toThrowError(refusal('The cursor is not valid'));
  });

  it('shows its scope and key to the server only when genuine (inspectCursor, for diagnostics)', () => {
    const cursor = encodeCursor(SCOPE, KEY);
    expect(inspectCursor(cursor)).toEqual({ s: SCOPE, k: KEY });
    expect(inspectCursor(flip(cursor, Math.floor(cursor.length / 2)))).toBeUndefined();
  });
});
