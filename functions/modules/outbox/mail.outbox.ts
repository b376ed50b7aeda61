/**
 * How other modules decide mail: each helper returns the items to add to the
 * transaction of the change that causes the mail, so the change and its mail
 * are written together or not at all. The sender does the rest.
 */
import { createHash, randomInt } from 'node:crypto';
import { newId } from '../../core/ids';
import type { TransactItem } from '../../core/dynamodb/transact';
import { CONFIRMATION_TTL_MS, type Audience, type MailKind, type MailParams } from './mail.model';
import { confirmationPut, eventPut } from './outbox.items';

/** Crockford base32 without I, L, O, U: easy to read and to type. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters of 32 = 60 bits: not guessable through the API within its validity. */
const CODE_LENGTH = 12;

export function newConfirmationCode(): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** The form a code is stored and compared in: upper case, no dashes or spaces. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export const hashCode = (code: string) => createHash('sha256').update(normaliseCode(code)).digest('hex');

/** The outbox item of one mail event. */
export function mailEvent(kind: MailKind, audience: Audience, params: MailParams, now: Date): TransactItem {
  return eventPut({ id: newId(now), kind, audience, params, createdAt: now.toISOString() });
}

/** A new confirmation code for a stakeholder's contact address, and the mail that carries it. */
export function confirmationMail(stakeholder: { readonly id: string; readonly contactEmail: string }, now: Date): TransactItem[] {
  const code = newConfirmationCode();
  const expiresAtIso = new Date(now.getTime() + CONFIRMATION_TTL_MS).toISOString();
  return [
    confirmationPut(hashCode(code), { stakeholderId: stakeholder.id, address: stakeholder.contactEmail, expiresAtIso }),
    mailEvent(
      'CONTACT_CONFIRMATION',
      { type: 'confirmation', stakeholderId: stakeholder.id, address: stakeholder.contactEmail },
      { code, expiresAt: expiresAtIso },
      now,
    ),
  ];
}
