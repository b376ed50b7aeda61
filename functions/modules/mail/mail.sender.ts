/**
 * The sender: runs after the transactions that decided mail (deployed: on
 * the table's stream and every minute; locally: in-process). It expands
 * each outbox event into one delivery per recipient and sends each delivery
 * through SES exactly once:
 * - a delivery is claimed (PENDING → SENDING, conditional) before it is
 *   sent, so a job that runs twice or a retried batch finds it taken or done;
 * - a sender that stops between the claim and recording the outcome leaves
 *   the delivery in SENDING; when its lease ends it is parked as a dead
 *   letter (SES may have accepted it) — never sent a second time on its own;
 * - throttling and outages are retried with backoff (the SDK's within a
 *   call, then 1, 2, 4, 8 minutes between calls); a message that keeps
 *   failing, or that SES rejects, is parked with its reason for the
 *   secretariat — never dropped silently.
 */
import { randomBytes } from 'node:crypto';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { config } from '../../core/config';
import { log } from '../../core/log';
import { getStakeholderConsistent } from '../stakeholders';
import { recipientsOf } from './audiences';
import { REQUIRED_KINDS, type MailDelivery, type MailEvent, type MailPreferences } from '../outbox';
import * as queue from './queue.store';
import * as recipients from './recipient.store';
import { mailLanguage, renderMail } from './mail.templates';
import { sesClient } from './ses';

export const SENDER_LIMITS = {
  /** Queue entries read per Query. */
  pageSize: 100,
  /** Passes over the queue per run (expanding an event adds deliveries due at once); a run ends when a pass finds nothing to do. */
  maxPasses: 5,
  /** Queue pages read per pass. */
  maxPagesPerPass: 50,
  /** How long a claimed delivery may take before it is taken as interrupted. */
  leaseMs: 5 * 60_000,
  /** SES calls that failed with a retriable error before the message is parked. */
  maxSendAttempts: 5,
  /** Delay before the next call after the n-th failure: base × 2^(n-1). */
  retryBaseMs: 60_000,
} as const;

export interface SenderOptions {
  /**
   * Called after SES accepted a message and before the sender records it:
   * the one moment where stopping leaves the outcome unknown (tests stop
   * the sender here to show the message is still never sent twice).
   */
  readonly afterSend?: (delivery: MailDelivery) => void | Promise<void>;
  /** Only these entries (tests that share one queue take only their own); default: all. */
  readonly accept?: (entry: queue.QueueEntry) => boolean;
  /** Only entries due at or after this instant (tests: those of their own time); default: all. */
  readonly since?: Date;
}

export interface SenderReport {
  expanded: number;
  sent: number;
  skipped: number;
  retried: number;
  parked: number;
}

const emptyReport = (): SenderReport => ({ expanded: 0, sent: 0, skipped: 0, retried: 0, parked: 0 });

/** Everything due at `now`: expands events, sends deliveries, parks interrupted ones. */
export async function processOutbox(now: Date, options: SenderOptions = {}): Promise<SenderReport> {
  const report = emptyReport();
  const seen = new Set<string>();
  for (let pass = 0; pass < SENDER_LIMITS.maxPasses; pass++) {
    let acted = 0;
    let after: string | null = null;
    for (let pageNumber = 0; pageNumber < SENDER_LIMITS.maxPagesPerPass; pageNumber++) {
      const page: Awaited<ReturnType<typeof queue.dueEntries>> = await queue.dueEntries(
        now.toISOString(),
        SENDER_LIMITS.pageSize,
        after,
        options.since?.toISOString(),
      );
      for (const entry of page.items) {
        if (!entry || (options.accept && !options.accept(entry))) continue;
        const id = entry.type === 'event' ? `event:${entry.event.id}` : `delivery:${entry.delivery.id}:${entry.delivery.status}`;
        if (seen.has(id)) continue;
        seen.add(id);
        acted += 1;
        await processEntry(entry, now, options, report);
      }
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    if (acted === 0) break;
  }
  return report;
}

/** The entries named by stream records (their keys), each read consistently and processed if still due. */
export async function processKeys(keys: readonly { PK: string; SK: string }[], now: Date, options: SenderOptions = {}): Promise<SenderReport> {
  const report = emptyReport();
  for (const key of keys) {
    const entry = await queue.getEntry(key);
    if (entry) await processEntry(entry, now, options, report);
  }
  return report;
}

async function processEntry(entry: queue.QueueEntry, now: Date, options: SenderOptions, report: SenderReport): Promise<void> {
  if (entry.type === 'event') {
    report.expanded += 1;
    await expand(entry.event, now);
    return;
  }
  const outcome = await deliver(entry.delivery, now, options);
  if (outcome === 'SENT') report.sent += 1;
  else if (outcome === 'SKIPPED') report.skipped += 1;
  else if (outcome === 'PENDING') report.retried += 1;
  else if (outcome === 'DEAD') report.parked += 1;
}

/** One delivery per recipient (stable ids: expanding again adds nothing), then the event leaves the queue. */
async function expand(event: MailEvent, now: Date): Promise<void> {
  const at = now.toISOString();
  const recipients = await recipientsOf(event);
  for (const recipient of recipients) {
    await queue.putDelivery({
      id: `${event.id}.${recipient.stakeholderId}`,
      eventId: event.id,
      kind: event.kind,
      stakeholderId: recipient.stakeholderId,
      address: recipient.address,
      params: { ...event.params, ...recipient.params },
      answers: recipient.answers,
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
    });
  }
  await queue.markEventExpanded(event, recipients.length, at);
}

type Outcome = 'SENT' | 'SKIPPED' | 'PENDING' | 'DEAD' | 'NONE';

const INTERRUPTED =
  'INTERRUPTED: the sender stopped while sending; SES may have accepted the message, so it is not sent again unless the secretariat retries it';

async function deliver(delivery: MailDelivery, now: Date, options: SenderOptions): Promise<Outcome> {
  const at = now.toISOString();
  if (delivery.status === 'SENDING') {
    // Another sender may be sending it right now (a stream record can name it then): only an ended lease counts.
    if (!delivery.claimedAt || Date.parse(delivery.claimedAt) + SENDER_LIMITS.leaseMs > now.getTime()) return 'NONE';
    const parked = await queue.settle(delivery, delivery.claimedAt, { status: 'DEAD', at, reason: INTERRUPTED, attempts: delivery.attempts });
    if (parked) log.warn('Mail delivery interrupted; parked', { deliveryId: delivery.id, kind: delivery.kind });
    return parked ? 'DEAD' : 'NONE';
  }
  if (delivery.status !== 'PENDING') return 'NONE';
  if (!(await queue.claim(delivery, at, new Date(now.getTime() + SENDER_LIMITS.leaseMs).toISOString()))) return 'NONE';
  const settle = async (outcome: Parameters<typeof queue.settle>[2]): Promise<Outcome> =>
    (await queue.settle(delivery, at, outcome)) ? outcome.status : 'NONE';

  const target = await resolveTarget(delivery);
  if ('skip' in target) return settle({ status: 'SKIPPED', at, reason: target.skip });

  const required = REQUIRED_KINDS.has(delivery.kind);
  const { from, linkBaseUrl, configurationSet } = config().mail;
  if (!from || !linkBaseUrl) {
    // A deployment error, not the message's: parked with the reason, retried by the secretariat once fixed.
    return settle({ status: 'DEAD', at, reason: 'NOT_CONFIGURED: MAIL_FROM and MAIL_LINK_BASE_URL must be set on the sender', attempts: delivery.attempts });
  }
  const unsubscribeUrl = required
    ? undefined
    : `${linkBaseUrl}/mail/unsubscribe/${delivery.kind}/${await recipients.ensureUnsubscribeToken(delivery.stakeholderId, randomBytes(24).toString('base64url'), target.preferences)}`;
  const confirmUrl = delivery.params.code ? `${linkBaseUrl}/mail/confirm/${delivery.params.code}` : undefined;
  const rendered = renderMail(
    { kind: delivery.kind, params: delivery.params, answers: delivery.answers, recipientName: target.name, confirmUrl, unsubscribeUrl },
    mailLanguage(target.languages),
  );
  let sesMessageId: string;
  try {
    const result = await sesClient().send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [target.address] },
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
        EmailTags: [{ Name: 'kind', Value: delivery.kind }],
        Content: {
          Simple: {
            Subject: { Data: rendered.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: rendered.text, Charset: 'UTF-8' }, Html: { Data: rendered.html, Charset: 'UTF-8' } },
            Headers: [
              { Name: 'X-Agora-Message-Id', Value: delivery.id },
              { Name: 'Content-Language', Value: rendered.language },
              ...(unsubscribeUrl
                ? [
                    { Name: 'List-Unsubscribe', Value: `<${unsubscribeUrl}>` },
                    { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
                  ]
                : []),
            ],
          },
        },
      }),
    );
    sesMessageId = result.MessageId ?? 'unknown';
  } catch (error) {
    const attempts = delivery.attempts + 1;
    const reason = describeSesError(error);
    if (!isRetriable(error)) {
      log.warn('Mail rejected by SES; parked', { deliveryId: delivery.id, reason });
      return settle({ status: 'DEAD', at, reason: `REJECTED: ${reason}`, lastError: reason, attempts });
    }
    if (attempts >= SENDER_LIMITS.maxSendAttempts) {
      log.warn('Mail kept failing; parked', { deliveryId: delivery.id, reason, attempts });
      return settle({ status: 'DEAD', at, reason: `RETRIES_EXHAUSTED after ${attempts} attempts: ${reason}`, lastError: reason, attempts });
    }
    const nextAttemptAt = new Date(now.getTime() + SENDER_LIMITS.retryBaseMs * 2 ** (attempts - 1)).toISOString();
    return settle({ status: 'PENDING', nextAttemptAt, lastError: reason, attempts });
  }
  await options.afterSend?.(delivery);
  return settle({ status: 'SENT', at, sentTo: target.address, sesMessageId });
}

type Target =
  | { readonly address: string; readonly name: string; readonly languages: readonly string[]; readonly preferences?: MailPreferences | undefined }
  | { readonly skip: string };

/** The address a delivery may go to now, or why it must not be sent. */
async function resolveTarget(delivery: MailDelivery): Promise<Target> {
  const recipient = await getStakeholderConsistent(delivery.stakeholderId);
  if (!recipient) return { skip: 'NO_SUCH_STAKEHOLDER' };
  let address: string;
  let preferences: MailPreferences | undefined;
  if (delivery.kind === 'CONTACT_CONFIRMATION') {
    // The one mail an unconfirmed address receives; moot once the address changed again or is confirmed.
    if (!delivery.address || recipient.contactEmail !== delivery.address) return { skip: 'SUPERSEDED: the stakeholder gave another address since' };
    if (recipient.confirmedEmail === delivery.address) return { skip: 'ALREADY_CONFIRMED' };
    address = delivery.address;
  } else {
    if (!recipient.confirmedEmail) return { skip: 'NO_CONFIRMED_ADDRESS' };
    address = recipient.confirmedEmail;
    preferences = await recipients.getPreferencesConsistent(recipient.id);
    if (preferences.optedOut.includes(delivery.kind)) return { skip: 'UNSUBSCRIBED' };
  }
  const [suppressed] = await recipients.getSuppressions([address]);
  if (suppressed) return { skip: `UNDELIVERABLE: ${suppressed.reason}` };
  return { address, name: recipient.name, languages: recipient.languages, preferences };
}

const RETRIABLE_NAMES = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'SendingPausedException',
  'ThrottlingException',
  'TimeoutError',
  'InternalFailure',
  'ServiceUnavailable',
]);

function isRetriable(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  if (RETRIABLE_NAMES.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  // No HTTP answer at all (connection refused, reset): the service was not reached.
  return status === undefined || status >= 500;
}

function describeSesError(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}
