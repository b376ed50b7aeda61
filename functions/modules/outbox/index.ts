/**
 * The outbox's public face: the mail model, and the items other modules add
 * to the transaction of a change that causes mail (so the change and its mail
 * are written together or not at all). It imports no other module: the
 * stakeholders, consultations and reporting modules write into it, and the
 * mail module (the sender, preferences, confirmations) reads from it.
 */
export * from './mail.model';
export { confirmationMail, hashCode, mailEvent, normaliseCode } from './mail.outbox';
export type { Confirmation } from './outbox.items';
