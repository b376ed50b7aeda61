/** The rules of a pagination cursor, one by one: its parts, its signature, its size cap and its scope. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { config } from '../../functions/core/config';
import { decodeCursor, encodeCursor, type Key } from '../../functions/core/cursor';

const SCOPE = 'contributions:c1';
const KEY = { PK: 'CONSULTATION#c1', SK: 'CONTRIBUTION#01' };

/** Signs a payload the way the server does: what only a holder of the secret can do. */
const signed = (payload: string) => `${payload}.${createHmac('sha256', config().cursorSecret).update(payload).digest('base64url').slice(0, 22)}`;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
/** A key whose cursor in SCOPE is exactly `length` characters (lengths of 4n + 1 cannot be encoded). */
const keyOfCursorLength = (length: number): Key => {
  for (let n = 0; ; n++) {
    const key = { PK: 'x'.repeat(n) };
    const actual = encodeCursor(SCOPE, key).length;
    if (actual === length) return key;
    if (actual > length) throw new Error(`no key makes a cursor of ${length} characters`);
  }
};

const refusal = (message: string, field = 'after') =>
  expect.objectContaining({ code: 'BAD_USER_INPUT', message, details: { field } });

describe('a cursor', () => {
  it('carries its key as UTF-8 JSON, so non-ASCII key values round-trip', () => {
    // Prepare
    const key = { PK: 'STAKEHOLDER', SK: 'NAME#żółć#Ōsaka' };
    // Act
    const cursor = encodeCursor(SCOPE, key);
    // Assess
    expect(decodeCursor(SCOPE, cursor)).toEqual(key);
    expect(JSON.parse(Buffer.from(cursor.split('.')[0] ?? '', 'base64url').toString('utf8'))).toEqual({ s: SCOPE, k: key });
  });

  it('is refused on the field `after` unless the caller names another', () => {
    expect(() => decodeCursor(SCOPE, 'garbage')).toThrowError(refusal('The cursor is not valid'));
    expect(() => decodeCursor(SCOPE, 'garbage', 'input.after')).toThrowError(refusal('The cursor is not valid', 'input.after'));
  });

  it('is refused with a third part after its signature, even when the first two are genuine', () => {
    const cursor = encodeCursor(SCOPE, KEY);
    expect(() => decodeCursor(SCOPE, `${cursor}.x`)).toThrowError(refusal('The cursor is not valid'));
  });

  it('is refused, as bad input and not a crash, when its signature has another length', () => {
    const [payload, signature] = encodeCursor(SCOPE, KEY).split('.') as [string, string];
    expect(() => decodeCursor(SCOPE, `${payload}.${signature.slice(0, 21)}`)).toThrowError(refusal('The cursor is not valid'));
    expect(() => decodeCursor(SCOPE, `${payload}.${signature}A`)).toThrowError(refusal('The cursor is not valid'));
    expect(() => decodeCursor(SCOPE, `${payload}.`)).toThrowError(refusal('The cursor is not valid'));
  });

  it('is refused, as bad input and not a crash, when its signature has 22 characters but more bytes', () => {
    const [payload] = encodeCursor(SCOPE, KEY).split('.') as [string];
    expect(() => decodeCursor(SCOPE, `${payload}.${'é'.repeat(22)}`)).toThrowError(refusal('The cursor is not valid'));
  });

  it('is accepted up to its 2,048-character cap and refused over it, even when genuinely signed', () => {
    // Prepare: 2,047 and 2,050 characters as the server encodes them; 2,048 and 2,049 made by padding the
    // payload with a character that decoding ignores, and signing it with the server's secret
    const under = keyOfCursorLength(2047);
    const over = keyOfCursorLength(2050);
    const [payload] = encodeCursor(SCOPE, under).split('.') as [string];
    const atCap = signed(`${payload}A`);
    const overCap = signed(`${payload}AB`);
    // Act, Assess
    expect(atCap).toHaveLength(2048);
    expect(overCap).toHaveLength(2049);
    expect(decodeCursor(SCOPE, encodeCursor(SCOPE, under))).toEqual(under);
    expect(decodeCursor(SCOPE, atCap)).toEqual(under);
    expect(() => decodeCursor(SCOPE, overCap)).toThrowError(refusal('The cursor is not valid'));
    expect(() => decodeCursor(SCOPE, encodeCursor(SCOPE, over))).toThrowError(refusal('The cursor is not valid'));
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
  ])('is refused when its signed key is %s rather than an object', (_, k) => {
    const cursor = signed(base64url({ s: SCOPE, k }));
    expect(() => decodeCursor(SCOPE, cursor)).toThrowError(refusal('The cursor belongs to another list'));
  });
});
