/**
 * Opaque, tamper-evident pagination cursors. A cursor carries the DynamoDB
 * LastEvaluatedKey and the scope (which list it belongs to), signed with an
 * HMAC; a forged, edited or foreign cursor is bad input, never a read of
 * another partition.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { config } from './config';
import { BadUserInputError } from './errors';

export type Key = Record<string, unknown>;

function sign(payload: string): string {
  return createHmac('sha256', config().cursorSecret).update(payload).digest('base64url').slice(0, 22);
}

export function encodeCursor(scope: string, key: Key): string {
  const payload = Buffer.from(JSON.stringify({ s: scope, k: key })).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

export function decodeCursor(scope: string, cursor: string, field = 'after'): Key {
  // split() always gives a first part (the whole text when there is no dot).
  const [payload, signature, extra] = cursor.split('.') as [string, string?, string?];
  const valid =
    signature !== undefined &&
    extra === undefined &&
    cursor.length <= 2048 &&
    // Bytes, not characters: timingSafeEqual throws on buffers of different lengths (e.g. 22 non-ASCII characters).
    Buffer.byteLength(signature) === 22 &&
    timingSafeEqual(Buffer.from(signature), Buffer.from(sign(payload)));
  if (!valid) throw new BadUserInputError('The cursor is not valid', field);
  const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s: unknown; k: unknown };
  if (parsed.s !== scope || typeof parsed.k !== 'object' || parsed.k === null) {
    throw new BadUserInputError('The cursor belongs to another list', field);
  }
  return parsed.k as Key;
}
