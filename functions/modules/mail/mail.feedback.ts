/**
 * Feedback from SES (configuration-set event destination → SNS → the
 * feedback function): a hard bounce or a complaint makes the address
 * undeliverable — nothing is mailed to it again, and its stakeholder sees
 * `contactEmailStatus: UNDELIVERABLE`. Soft bounces are left to SES's own
 * retries.
 */
import { log } from '../../core/log';
import { suppress } from './recipient.store';

interface Recipient {
  readonly emailAddress?: string;
}

/** An SES event-publishing record (`eventType`), or an identity notification (`notificationType`). */
export interface SesFeedback {
  readonly eventType?: string;
  readonly notificationType?: string;
  readonly bounce?: { readonly bounceType?: string; readonly bounceSubType?: string; readonly bouncedRecipients?: readonly Recipient[] };
  readonly complaint?: { readonly complaintFeedbackType?: string; readonly complainedRecipients?: readonly Recipient[] };
}

/** Records what one SES feedback message says; returns the addresses now undeliverable. */
export async function handleSesFeedback(feedback: SesFeedback, now: Date): Promise<string[]> {
  const type = feedback.eventType ?? feedback.notificationType;
  let reason: string;
  let recipients: readonly Recipient[];
  if (type === 'Bounce' && feedback.bounce?.bounceType === 'Permanent') {
    reason = `BOUNCE: ${feedback.bounce.bounceSubType ?? 'General'}`;
    recipients = feedback.bounce.bouncedRecipients ?? [];
  } else if (type === 'Complaint') {
    reason = `COMPLAINT: ${feedback.complaint?.complaintFeedbackType ?? 'abuse'}`;
    recipients = feedback.complaint?.complainedRecipients ?? [];
  } else {
    log.info('SES feedback needs no action', { type, bounceType: feedback.bounce?.bounceType });
    return [];
  }
  const addresses = [...new Set(recipients.map((r) => r.emailAddress?.trim().toLowerCase()).filter((a): a is string => Boolean(a)))];
  for (const address of addresses) await suppress({ address, reason, at: now.toISOString() });
  log.info('Addresses marked undeliverable', { count: addresses.length, reason });
  return addresses;
}
