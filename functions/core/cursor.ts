/**
 * Opaque, tamper-evident pagination cursors. A cursor carries the DynamoDB
 * LastEvaluatedKey and the scope (which list it belongs to), encrypted and
 * authenticated with AES-256-GCM: a client learns nothing from it (not the
 * id or time of an item it may not see, e.g. a hidden change in the change
 * feed), and a forged, edited or foreign cursor is bad input, never a read
 * of another partition.
 *
 * Format: base64url(version byte ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag).
 * The key is derived (HKDF-SHA-256) from the cursor secret; a cursor made
 * under the previous secret is still accepted after a rotation
 * (secrets.ts), so rotating never breaks a client mid-list.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { BadUserInputError } from './errors';
import { cursorSecrets } from './secrets';

export type Key = Record<string, unknown>;

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const MAX_CURSOR_CHARS = 2048;

const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  // Stryker disable next-line ConditionalExpression: a cache; deriving the key again on every call gives the same key
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'agora-cursor', 'aes-256-gcm cursor key', 32));
    keys.set(secret, key);
  }
  return key;
}

export function encodeCursor(scope: string, key: Key): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(cursorSecrets().current), nonce);
  const header = Buffer.from([VERSION]);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(JSON.stringify({ s: scope, k: key })), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** The cursor's content under one of the accepted secrets, or undefined if none opens it. */
function open(cursor: string): unknown {
  if (cursor.length > MAX_CURSOR_CHARS) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  // One spelling per cursor: a character outside the base64url alphabet, padding, or the unused low bits of a last
  // character would otherwise give a second one.
  if (bytes.toString('base64url') !== cursor) return undefined;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: shorter, its ciphertext is empty (never JSON); at 30 bytes, one byte (never an object)
  if (bytes.length < 1 + NONCE_BYTES + TAG_BYTES + 1) return undefined;
  if (bytes[0] !== VERSION) return undefined;
  const header = bytes.subarray(0, 1);
  const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
  const body = bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const { current, previous } = cursorSecrets();
  for (const secret of previous ? [current, previous] : [current]) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), nonce);
      decipher.setAAD(header);
      decipher.setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
    } catch {
      // not under this secret: try the next
    }
  }
  return undefined;
}

export function decodeCursor(scope: string, cursor: string, field = 'after'): Key {
  const parsed = open(cursor) as { s?: unknown; k?: unknown } | undefined;
  if (!parsed || typeof parsed !== 'object') throw new BadUserInputError('The cursor is not valid', field);
  if (parsed.s !== scope || typeof parsed.k !== 'object' || parsed.k === null) {
    throw new BadUserInputError('The cursor belongs to another list', field);
  }
  return parsed.k as Key;
}

/** What a cursor holds (scope and key), for tests and diagnostics on the server; undefined if it is not genuine. */
export function inspectCursor(cursor: string): { s: string; k: Key } | undefined {
  return open(cursor) as { s: string; k: Key } | undefined;
}
