/** The mail that consultation changes decide, as items of their transactions (the outbox, see modules/mail). */
import type { TransactItem } from '../../core/dynamodb/transact';
import { mailEvent, topicKey } from '../outbox';
import type { Consultation } from './consultation.model';

/** A consultation opened: its year's subscribers are told. */
export function consultationOpenedMail(consultation: Consultation, now: Date): TransactItem[] {
  return [
    mailEvent(
      'CONSULTATION_OPENED',
      { type: 'subscribers', topic: topicKey({ year: consultation.year }) },
      { title: consultation.title, closesAt: consultation.closesAt, consultationId: consultation.id, year: consultation.year },
      now,
    ),
  ];
}

/** The synthesis is published: each author of an answered contribution gets the MAG's answers. */
export function contributionsAnsweredMail(consultation: Consultation, now: Date): TransactItem[] {
  return [
    mailEvent('CONTRIBUTION_ANSWERED', { type: 'answeredContributions', consultationId: consultation.id }, { consultationTitle: consultation.title }, now),
  ];
}
