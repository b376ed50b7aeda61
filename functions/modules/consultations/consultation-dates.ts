/**
 * The secretariat controls a consultation's dates: extend the closing date
 * (of a scheduled or open consultation, forward only), close an open one
 * early, cancel a draft or a scheduled one — each with a reason, recorded
 * with who and when on the consultation (`dateChanges`, and so in the change
 * feed), checked against the version edited, and, when the closing date of an
 * open consultation moves, mailed to its contributors and to the followers of
 * its year (in the same transaction). Rules as data; the store writes.
 */
import * as z from 'zod';
import { authorize, can } from '../../core/auth/policy';
import { actingUserId, type Caller } from '../../core/auth/caller';
import { BadUserInputError, ConflictError, DeadlinePassedError, NotFoundError, NotOpenError, StaleVersionError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { parseInput, text } from '../../core/validation';
import { mailEvent, topicKey } from '../outbox';
import type { TransactItem } from '../../core/dynamodb/transact';
import { statusAt, type Consultation, type DateChange, type DateChangeKind } from './consultation.model';
import { getConsultationConsistent } from './consultation.store';
import { saveDateChange } from './consultation-dates.store';

/** A consultation's record of date changes is bounded (the item stays small; a consultation is not moved more often). */
export const MAX_DATE_CHANGES = 20;

const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 instant')
  .transform((v) => new Date(v).toISOString());
const reason = text(3, 1000);
const extendInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1), closesAt: isoInstant, reason }));
const changeInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1), reason }));

export type ExtendConsultationInput = z.input<typeof extendInput>;
export type ConsultationChangeInput = z.input<typeof changeInput>;

type Dated = Pick<Consultation, 'storedStatus' | 'opensAt' | 'closesAt' | 'dateChanges'>;

/** Refusals as data (the service turns each into its error). */
export type DateChangeRefusal = 'draft' | 'cancelled' | 'closed' | 'notOpen' | 'opened' | 'notLater' | 'tooManyChanges';

/** Extending: a scheduled or open consultation, to a later closing time. */
export function extendRefusal(consultation: Dated, closesAt: string, now: Date): DateChangeRefusal | undefined {
  const status = statusAt(consultation, now);
  if (status === 'DRAFT') return 'draft';
  if (status === 'CANCELLED') return 'cancelled';
  if (status !== 'SCHEDULED' && status !== 'OPEN') return 'closed';
  if ((consultation.dateChanges?.length ?? 0) >= MAX_DATE_CHANGES) return 'tooManyChanges';
  return closesAt > consultation.closesAt ? undefined : 'notLater';
}

/** Closing early: an open consultation, now. */
export function closeEarlyRefusal(consultation: Dated, now: Date): DateChangeRefusal | undefined {
  const status = statusAt(consultation, now);
  if (status === 'CANCELLED') return 'cancelled';
  if (status === 'DRAFT' || status === 'SCHEDULED') return 'notOpen';
  if (status !== 'OPEN') return 'closed';
  return (consultation.dateChanges?.length ?? 0) >= MAX_DATE_CHANGES ? 'tooManyChanges' : undefined;
}

/** Cancelling: a draft, or a scheduled consultation that has not opened. */
export function cancelRefusal(consultation: Dated, now: Date): DateChangeRefusal | undefined {
  const status = statusAt(consultation, now);
  if (status === 'CANCELLED') return 'cancelled';
  return status === 'DRAFT' || status === 'SCHEDULED' ? undefined : 'opened';
}

/** The error for a refusal (stable codes; docs/api/consultations.md lists them). */
function refusalError(refusal: DateChangeRefusal, status: string): Error {
  switch (refusal) {
    case 'draft':
      return new ConflictError('A draft has no dates to extend yet: edit it (updateConsultation)', { status });
    case 'cancelled':
      return new ConflictError('The consultation was cancelled', { status });
    case 'closed':
      return new DeadlinePassedError('The consultation has closed; its dates can no longer change');
    case 'notOpen':
      return new NotOpenError('The consultation is not open: cancel it, or edit its dates, instead');
    case 'opened':
      return new DeadlinePassedError('The consultation has opened: close it early instead');
    case 'notLater':
      return new BadUserInputError('input.closesAt: must be later than the current closing time', 'input.closesAt');
    case 'tooManyChanges':
      return new ConflictError(`A consultation's dates change at most ${MAX_DATE_CHANGES} times`, { status });
  }
}

/** The mail of a moved closing date of an open consultation: its contributors and its year's followers. */
function closingMovedMail(kind: 'CONSULTATION_EXTENDED' | 'CONSULTATION_CLOSED_EARLY', next: Consultation, change: DateChange, now: Date): TransactItem[] {
  return [
    mailEvent(
      kind,
      { type: 'consultationFollowers', consultationId: next.id, topic: topicKey({ year: next.year }) },
      { title: next.title, consultationId: next.id, closesAt: change.closesAt, previousClosesAt: change.previousClosesAt, reason: change.reason },
      now,
    ),
  ];
}

export class ConsultationDates {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    /** Called with the consultation as saved (the service's loader is primed with it). */
    private readonly saved: (consultation: Consultation) => void,
  ) {}

  /** Who changed the dates: the secretariat sees it (null for anyone else). */
  async changedBy(change: DateChange): Promise<string | null> {
    return (await can(this.caller, { type: 'consultation.manage' })) ? change.changedBy : null;
  }

  async extend(input: ExtendConsultationInput): Promise<Consultation> {
    await authorize(this.caller, { type: 'consultation.controlDates' });
    const valid = parseInput(extendInput, input);
    return this.change(valid.id, valid.version, 'EXTENDED', valid.reason, valid.closesAt);
  }

  async closeEarly(input: ConsultationChangeInput): Promise<Consultation> {
    await authorize(this.caller, { type: 'consultation.controlDates' });
    const valid = parseInput(changeInput, input);
    return this.change(valid.id, valid.version, 'CLOSED_EARLY', valid.reason);
  }

  async cancel(input: ConsultationChangeInput): Promise<Consultation> {
    await authorize(this.caller, { type: 'consultation.controlDates' });
    const valid = parseInput(changeInput, input);
    return this.change(valid.id, valid.version, 'CANCELLED', valid.reason);
  }

  private async change(globalId: string, version: number, kind: DateChangeKind, why: string, closesAt?: string): Promise<Consultation> {
    const current = await getConsultationConsistent(internalId(globalId, 'Consultation', 'input.id'));
    if (!current) throw new NotFoundError('No such consultation');
    if (current.version !== version) throw new StaleVersionError('consultation', current.version);
    const now = this.now();
    const at = now.toISOString();
    const status = statusAt(current, now);
    const refusal =
      kind === 'EXTENDED'
        ? extendRefusal(current, closesAt as string, now)
        : kind === 'CLOSED_EARLY'
          ? closeEarlyRefusal(current, now)
          : cancelRefusal(current, now);
    if (refusal) throw refusalError(refusal, status);
    const change: DateChange = {
      kind,
      at,
      changedBy: await actingUserId(this.caller),
      reason: why,
      previousClosesAt: current.closesAt,
      closesAt: kind === 'EXTENDED' ? (closesAt as string) : kind === 'CLOSED_EARLY' ? at : current.closesAt,
    };
    const next: Consultation = {
      ...current,
      closesAt: change.closesAt,
      // Closing early persists CLOSED at once; an extension leaves the clock to decide; a cancellation is final.
      storedStatus: kind === 'CLOSED_EARLY' ? 'CLOSED' : kind === 'CANCELLED' ? 'CANCELLED' : current.storedStatus,
      ...(kind === 'CANCELLED' ? { cancelledFrom: current.storedStatus } : {}),
      dateChanges: [...(current.dateChanges ?? []), change],
      updatedAt: at,
      version: current.version + 1,
    };
    const mail =
      status === 'OPEN' && kind !== 'CANCELLED'
        ? closingMovedMail(kind === 'EXTENDED' ? 'CONSULTATION_EXTENDED' : 'CONSULTATION_CLOSED_EARLY', next, change, now)
        : [];
    const outcome = await saveDateChange(next, current, kind, now, mail);
    if (outcome !== 'saved') {
      // The condition refused: the consultation moved on (another version), or the clock passed a boundary meanwhile.
      const latest = await getConsultationConsistent(current.id);
      if (!latest) throw new NotFoundError('No such consultation');
      if (latest.version !== current.version) throw new StaleVersionError('consultation', latest.version);
      const again =
        kind === 'EXTENDED'
          ? extendRefusal(latest, change.closesAt, this.now())
          : kind === 'CLOSED_EARLY'
            ? closeEarlyRefusal(latest, this.now())
            : cancelRefusal(latest, this.now());
      throw refusalError(again ?? 'closed', statusAt(latest, this.now()));
    }
    this.saved(next);
    return next;
  }
}
