/**
 * Mail: what Agora sends, to whom, and the state of each message. A change
 * that causes mail writes a MailEvent (the outbox item) in its own
 * transaction; the sender expands it into one MailDelivery per recipient and
 * sends each exactly once through SES.
 */

/** Every kind of mail. Only the confirmation of an address is required (it cannot be unsubscribed). */
export const MAIL_KINDS = [
  'CONTACT_CONFIRMATION',
  'REPORT_REQUESTED',
  'REPORT_REMINDER',
  'REPORT_OVERDUE',
  'REPORT_RETURNED',
  'REPORT_PUBLISHED',
  'CONTRIBUTION_ANSWERED',
  'CONSULTATION_OPENED',
  'ISSUE_MERGED',
  'ISSUE_DECLINED',
  'CONSULTATION_EXTENDED',
  'CONSULTATION_CLOSED_EARLY',
  'SCHEDULE_CHANGED',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const REQUIRED_KINDS: ReadonlySet<MailKind> = new Set(['CONTACT_CONFIRMATION']);
export const OPTIONAL_KINDS = MAIL_KINDS.filter((kind) => !REQUIRED_KINDS.has(kind));

/**
 * Who an event goes to, resolved when the sender expands it (so a
 * representative appointed meanwhile is included, and a list of thousands
 * of subscribers never has to fit in the transaction that decided the mail).
 */
export type Audience =
  /** One stakeholder, at their confirmed address. */
  | { readonly type: 'stakeholder'; readonly stakeholderId: string }
  /** A stakeholder's address that is waiting for confirmation (the one mail an unconfirmed address receives). */
  | { readonly type: 'confirmation'; readonly stakeholderId: string; readonly address: string }
  /** The current representatives of some organisations (one delivery per person, even for several organisations). */
  | { readonly type: 'representatives'; readonly organisationIds: readonly string[] }
  /** The subscribers of a topic (`YEAR#2026`; a theme later). */
  | { readonly type: 'subscribers'; readonly topic: string }
  /** The authors of a consultation's answered contributions (one mail per author, listing their answers). */
  | { readonly type: 'answeredContributions'; readonly consultationId: string }
  /** The authors of issues a MAG decision did not take up (one mail per author, listing their issues with the public reasons). */
  | { readonly type: 'declinedIssues'; readonly issueIds: readonly string[] }
  /** The authors of a consultation's active contributions and the subscribers of a topic (its year), each once. */
  | { readonly type: 'consultationFollowers'; readonly consultationId: string; readonly topic: string }
  /** Listed stakeholders (e.g. the speakers a schedule release affects), one delivery each. */
  | { readonly type: 'stakeholders'; readonly stakeholderIds: readonly string[] };

export type MailParams = Readonly<Record<string, string | number>>;

export interface MailEvent {
  readonly id: string;
  readonly kind: MailKind;
  readonly audience: Audience;
  readonly params: MailParams;
  readonly createdAt: string;
}

export const DELIVERY_STATUSES = ['PENDING', 'SENDING', 'SENT', 'SKIPPED', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An answered contribution as listed in the mail to its author. */
export interface AnsweredItem {
  readonly contributionId: string;
  readonly excerpt: string;
  readonly disposition: string;
  readonly response: string;
}

export interface MailDelivery {
  /** `<eventId>.<stakeholderId>`: stable, so a repeated expansion creates nothing twice. */
  readonly id: string;
  readonly eventId: string;
  readonly kind: MailKind;
  readonly stakeholderId: string;
  /** For a confirmation: the address to confirm (the only mail sent to an unconfirmed address). */
  readonly address?: string | undefined;
  readonly params: MailParams;
  readonly answers?: readonly AnsweredItem[] | undefined;
  readonly status: DeliveryStatus;
  /** SES attempts that failed so far. */
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly claimedAt?: string | undefined;
  readonly sentAt?: string | undefined;
  readonly sentTo?: string | undefined;
  readonly sesMessageId?: string | undefined;
  /** Why it was skipped or parked. */
  readonly reason?: string | undefined;
  readonly lastError?: string | undefined;
  readonly parkedAt?: string | undefined;
  readonly createdAt: string;
}

/** A stakeholder's mail settings: kinds they opted out of, and the token of their one-click unsubscribe links. */
export interface MailPreferences {
  readonly stakeholderId: string;
  readonly optedOut: readonly MailKind[];
  readonly unsubscribeToken?: string | undefined;
}

/** Consultation subscriptions are per topic; today a year (`YEAR#2026`), designed so a theme (`THEME#<id>`) can be added. */
export type SubscriptionTopic = { readonly year: number };

export const topicKey = (topic: SubscriptionTopic): string => `YEAR#${topic.year}`;

export function topicFromKey(key: string): SubscriptionTopic | undefined {
  const match = /^YEAR#(\d{4})$/.exec(key);
  return match ? { year: Number(match[1]) } : undefined;
}

export type ContactEmailStatus = 'CONFIRMED' | 'UNCONFIRMED' | 'UNDELIVERABLE';

/** How long a confirmation code stays valid. */
export const CONFIRMATION_TTL_MS = 48 * 3_600_000;
