/**
 * Rules for mail as the API exposes it: confirming contact addresses,
 * preferences, consultation subscriptions, read state of notifications, and
 * the secretariat's dead letters. Talks to the mail stores and, for the
 * address itself, to the stakeholder store; asks the policy module.
 */
import DataLoader from 'dataloader';
import * as z from 'zod';
import { authorize, can } from '../../core/auth/policy';
import type { Caller } from '../../core/auth/caller';
import {
  BadUserInputError,
  ConfirmationExpiredError,
  ConfirmationInvalidError,
  ConflictError,
  StaleVersionError,
  ForbiddenError,
  NotFoundError,
} from '../../core/errors';
import { internalId } from '../../core/ids';
import { pageSize, toConnection, type Connection } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import { getStakeholderConsistent, replaceStakeholder } from '../stakeholders';
import type { Stakeholder } from '../stakeholders';
import {
  MAIL_KINDS,
  OPTIONAL_KINDS,
  REQUIRED_KINDS,
  topicFromKey,
  topicKey,
  type ContactEmailStatus,
  type MailDelivery,
  type MailKind,
  type SubscriptionTopic,
} from '../outbox';
import { confirmationMail, hashCode, normaliseCode } from '../outbox';
import type { queueStore } from './queue.store';
import type { recipientStore } from './recipient.store';

export interface MailPreferenceView {
  readonly kind: MailKind;
  readonly enabled: boolean;
  readonly required: boolean;
}

const confirmInput = z.lazy(() => z.object({ code: z.string().max(64, 'is not a confirmation code') }));
const preferencesInput = z.lazy(() =>
  z.object({
    preferences: z
      .array(z.object({ kind: z.enum(MAIL_KINDS), enabled: z.boolean() }))
      .min(1, 'must list at least one preference')
      .max(20, 'must list at most 20 preferences'),
  }),
);
const topicInput = z.lazy(() =>
  z.object({
    topic: z.object({
      year: z.number().int('must be a year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier').nullish(),
    }),
  }),
);
/** Notification ids are ULIDs. */
const markReadInput = z.lazy(() =>
  z.object({
    ids: z
      .array(z.string().regex(/^[0-9A-Z]{26}$/, 'is not a notification id'))
      .min(1, 'must list at least one id')
      .max(100, 'must list at most 100 ids'),
  }),
);
const deliveryId = z.string().regex(/^[0-9A-Z]{26}\.[A-Za-z0-9_|-]{1,80}$/, 'is not a message id');

export class MailService {
  /** When the caller read each notification, batched per request. */
  private readonly readMarkers = new DataLoader<string, string | undefined>(
    async (ids) => {
      const stakeholderId = await this.callerStakeholderId();
      return stakeholderId ? this.stores.recipients.readAt(stakeholderId, ids) : ids.map(() => undefined);
    },
    { maxBatchSize: 100 },
  );

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: { readonly queue: typeof queueStore; readonly recipients: typeof recipientStore },
  ) {}

  private async callerStakeholderId(): Promise<string | undefined> {
    return this.caller.kind === 'user' ? (await this.caller.roles())?.stakeholderId : undefined;
  }

  /** The caller's own stakeholder id, once the policy let them manage their mail. */
  private async own(): Promise<string> {
    await authorize(this.caller, { type: 'mail.manageOwn' });
    const id = await this.callerStakeholderId();
    if (!id) throw new ForbiddenError('Register as a stakeholder first');
    return id;
  }

  private mayReadPrivate(stakeholder: Stakeholder): Promise<boolean> {
    return can(this.caller, { type: 'stakeholder.readContactEmail', stakeholderId: stakeholder.id });
  }

  // ------------------------------------------------------------ contact address

  async contactEmailStatus(stakeholder: Stakeholder): Promise<ContactEmailStatus | null> {
    if (!(await this.mayReadPrivate(stakeholder))) return null;
    const addresses = [...new Set([stakeholder.contactEmail, stakeholder.confirmedEmail].filter((a): a is string => Boolean(a)))];
    const suppressed = await this.stores.recipients.getSuppressions(addresses);
    if (suppressed.some(Boolean)) return 'UNDELIVERABLE';
    return stakeholder.confirmedEmail === stakeholder.contactEmail ? 'CONFIRMED' : 'UNCONFIRMED';
  }

  async confirmedContactEmail(stakeholder: Stakeholder): Promise<string | null> {
    return (await this.mayReadPrivate(stakeholder)) ? (stakeholder.confirmedEmail ?? null) : null;
  }

  /**
   * Confirms an address with the code mailed to it. The code alone proves
   * control of the mailbox (no sign-in needed); it is used up in the
   * transaction that records the confirmation and moves the uniqueness
   * guard to the address.
   */
  async confirm(input: z.input<typeof confirmInput>): Promise<Stakeholder> {
    const valid = parseInput(confirmInput, input);
    const hash = hashCode(valid.code);
    if (!/^[0-9A-Z]{12}$/.test(normaliseCode(valid.code))) throw new ConfirmationInvalidError('This confirmation code is not valid', { field: 'input.code' });
    const confirmation = await this.stores.recipients.getConfirmation(hash);
    if (!confirmation) throw new ConfirmationInvalidError('This confirmation code is not valid (or was already used)', { field: 'input.code' });
    const now = this.now();
    if (now.toISOString() > confirmation.expiresAtIso) {
      throw new ConfirmationExpiredError('This confirmation code has expired: ask for a new one', {
        field: 'input.code',
        expiredAt: confirmation.expiresAtIso,
      });
    }
    const current = await getStakeholderConsistent(confirmation.stakeholderId);
    if (!current || current.contactEmail !== confirmation.address) {
      throw new ConfirmationInvalidError('This code was for an address the stakeholder no longer gives', { field: 'input.code' });
    }
    // A new version (so an edit read before it cannot overwrite it); updatedAt stays: nothing public changed.
    const next: Stakeholder = { ...current, confirmedEmail: confirmation.address, confirmedEmailAt: now.toISOString(), version: current.version + 1 };
    const outcome = await replaceStakeholder(current, next, [this.stores.recipients.confirmationDelete(hash)]);
    if (outcome === 'emailTaken') throw new ConflictError('Another stakeholder has already confirmed this address', { field: 'input.contactEmail' });
    if (outcome !== 'saved') {
      // The record (or the code) changed since it was read: its version now.
      const latest = await getStakeholderConsistent(current.id);
      throw new StaleVersionError('stakeholder', latest?.version ?? current.version);
    }
    return next;
  }

  /** A new code for a stakeholder's unconfirmed contact address (the caller may edit that stakeholder). */
  async resendConfirmation(input: { stakeholderId: string }): Promise<Stakeholder> {
    const id = internalId(input.stakeholderId, 'Stakeholder', 'input.stakeholderId');
    await authorize(this.caller, { type: 'stakeholder.update', stakeholderId: id });
    const current = await getStakeholderConsistent(id);
    if (!current) throw new NotFoundError('No such stakeholder', { field: 'input.stakeholderId' });
    if (current.confirmedEmail === current.contactEmail) throw new ConflictError('The contact address is already confirmed', { field: 'input.stakeholderId' });
    if (!(await this.stores.recipients.writeConfirmation(confirmationMail(current, this.now())))) throw new ConflictError('Retry');
    return current;
  }

  // ------------------------------------------------------------ preferences and subscriptions

  async preferences(stakeholder: Stakeholder): Promise<MailPreferenceView[] | null> {
    if (!(await this.mayReadPrivate(stakeholder))) return null;
    return MailService.views((await this.stores.recipients.getPreferences([stakeholder.id]))[0]?.optedOut ?? []);
  }

  private static views(optedOut: readonly MailKind[]): MailPreferenceView[] {
    return MAIL_KINDS.map((kind) => ({ kind, enabled: !optedOut.includes(kind), required: REQUIRED_KINDS.has(kind) }));
  }

  async setPreferences(input: z.input<typeof preferencesInput>): Promise<MailPreferenceView[]> {
    const stakeholderId = await this.own();
    const valid = parseInput(preferencesInput, input);
    valid.preferences.forEach((p, i) => {
      if (!p.enabled && REQUIRED_KINDS.has(p.kind)) {
        throw new BadUserInputError(`input.preferences.${i}.kind: ${p.kind} is required and cannot be turned off`, `input.preferences.${i}.kind`);
      }
    });
    const last = new Map(valid.preferences.map((p) => [p.kind, p.enabled]));
    const enable = [...last]
      .filter(([, on]) => on)
      .map(([kind]) => kind)
      .filter((kind) => OPTIONAL_KINDS.includes(kind));
    const disable = [...last].filter(([, on]) => !on).map(([kind]) => kind);
    await this.stores.recipients.changeOptOuts(stakeholderId, enable, disable);
    return MailService.views((await this.stores.recipients.getPreferencesConsistent(stakeholderId)).optedOut);
  }

  /** One-click unsubscribe (RFC 8058) from a mail's link: the token names the stakeholder. False for an unknown token. */
  async unsubscribeByToken(token: string, kind: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token) || !OPTIONAL_KINDS.includes(kind as MailKind)) return false;
    const stakeholderId = await this.stores.recipients.stakeholderOfUnsubscribeToken(token);
    if (!stakeholderId) return false;
    await this.stores.recipients.changeOptOuts(stakeholderId, [], [kind as MailKind]);
    return true;
  }

  async subscriptions(stakeholder: Stakeholder): Promise<SubscriptionTopic[] | null> {
    if (!(await this.mayReadPrivate(stakeholder))) return null;
    return MailService.topics(await this.stores.recipients.subscriptionsOf(stakeholder.id));
  }

  private static topics(keys: readonly string[]): SubscriptionTopic[] {
    return keys.map(topicFromKey).filter((t): t is SubscriptionTopic => t !== undefined);
  }

  private static topic(input: z.output<typeof topicInput>): string {
    if (input.topic.year === null || input.topic.year === undefined) throw new BadUserInputError('input.topic: give a year', 'input.topic.year');
    return topicKey({ year: input.topic.year });
  }

  async subscribe(input: z.input<typeof topicInput>): Promise<SubscriptionTopic[]> {
    const stakeholderId = await this.own();
    const topic = MailService.topic(parseInput(topicInput, input));
    await this.stores.recipients.subscribe(stakeholderId, topic, this.now().toISOString());
    return MailService.topics(await this.stores.recipients.subscriptionsOf(stakeholderId));
  }

  async unsubscribe(input: z.input<typeof topicInput>): Promise<SubscriptionTopic[]> {
    const stakeholderId = await this.own();
    const topic = MailService.topic(parseInput(topicInput, input));
    await this.stores.recipients.unsubscribe(stakeholderId, topic);
    return MailService.topics(await this.stores.recipients.subscriptionsOf(stakeholderId));
  }

  // ------------------------------------------------------------ notifications read state

  /** When the caller read a notification (null: unread, or a caller who is not a registered stakeholder). */
  async readAt(notificationId: string): Promise<string | null> {
    if (this.caller.kind !== 'user') return null;
    return (await this.readMarkers.load(notificationId)) ?? null;
  }

  /**
   * Marks notifications read for the caller. Read state is per person (each
   * representative of an organisation has their own); a marker for an id the
   * caller never saw affects nobody but them.
   */
  async markRead(input: z.input<typeof markReadInput>): Promise<number> {
    const stakeholderId = await this.own();
    const valid = parseInput(markReadInput, input);
    const ids = [...new Set(valid.ids)];
    await this.stores.recipients.markRead(stakeholderId, ids, this.now().toISOString());
    for (const id of ids) this.readMarkers.clear(id);
    return ids.length;
  }

  // ------------------------------------------------------------ dead letters

  async deadLetters(first: number | null | undefined, after: string | null | undefined): Promise<Connection<MailDelivery>> {
    await authorize(this.caller, { type: 'mail.manageDeadLetters' });
    return toConnection(await this.stores.queue.listDeadLetters(pageSize(first), after));
  }

  async retry(input: { id: string }): Promise<MailDelivery> {
    await authorize(this.caller, { type: 'mail.manageDeadLetters' });
    const id = parseInput(z.object({ id: deliveryId }), input).id;
    const [eventId, stakeholderId] = [id.slice(0, 26), id.slice(27)];
    const delivery = await this.stores.queue.getDelivery(eventId, stakeholderId);
    if (!delivery) throw new NotFoundError('No such message', { field: 'input.id' });
    if (delivery.status !== 'DEAD')
      throw new ConflictError(`The message is ${delivery.status}: only a dead letter can be retried`, { status: delivery.status });
    const at = this.now().toISOString();
    if (!(await this.stores.queue.requeue(delivery, at))) throw new ConflictError('The message changed; reload and retry');
    return { ...delivery, status: 'PENDING', attempts: 0, nextAttemptAt: at };
  }
}
