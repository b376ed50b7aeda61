/**
 * The consultation lifecycle as pure rules: DRAFT → SCHEDULED → OPEN →
 * CLOSED → SYNTHESIS_PUBLISHED, where OPEN and CLOSED follow the clock
 * (`statusAt`: open from `opensAt` inclusive, closed from `closesAt`
 * inclusive). Each rule answers with the refusal as data, or undefined when
 * the step is allowed; the services turn a refusal into its error. No I/O.
 */
import { statusAt, type Consultation, type ConsultationStatus } from './consultation.model';

type Dated = Pick<Consultation, 'storedStatus' | 'opensAt' | 'closesAt'>;

/** The secretariat edits drafts, and scheduled consultations until they open. */
export function editRefusal(consultation: Dated, now: Date): 'opened' | undefined {
  const status = statusAt(consultation, now);
  return status === 'DRAFT' || status === 'SCHEDULED' ? undefined : 'opened';
}

/** The dates of a consultation as created or edited: it closes after it opens; once scheduled, in the future. */
export function datesRefusal(
  dates: Pick<Consultation, 'opensAt' | 'closesAt'>,
  status: ConsultationStatus,
  now: Date,
): 'closesBeforeOpening' | 'closesInThePast' | undefined {
  if (dates.closesAt <= dates.opensAt) return 'closesBeforeOpening';
  if (status === 'SCHEDULED' && dates.closesAt <= now.toISOString()) return 'closesInThePast';
  return undefined;
}

/** Only a draft is scheduled, and only if it would still close in the future. */
export function scheduleRefusal(consultation: Dated, now: Date): 'notADraft' | 'closesInThePast' | undefined {
  if (consultation.storedStatus !== 'DRAFT') return 'notADraft';
  return consultation.closesAt <= now.toISOString() ? 'closesInThePast' : undefined;
}

/** The synthesis is published once, after the consultation has closed. */
export function publishRefusal(consultation: Dated, now: Date): 'alreadyPublished' | 'notClosed' | undefined {
  const status = statusAt(consultation, now);
  if (status === 'SYNTHESIS_PUBLISHED') return 'alreadyPublished';
  return status === 'CLOSED' ? undefined : 'notClosed';
}

/** Contributions are submitted, edited and withdrawn while the consultation is open: from `opensAt` until just before `closesAt`. */
export function contributionRefusal(consultation: Dated, now: Date): 'notYetOpen' | 'closed' | undefined {
  const status = statusAt(consultation, now);
  if (status === 'OPEN') return undefined;
  return status === 'DRAFT' || status === 'SCHEDULED' ? 'notYetOpen' : 'closed';
}

/** The MAG records dispositions once the consultation has closed (also after the synthesis). */
export function answerRefusal(consultation: Dated, now: Date): 'notClosed' | undefined {
  const status = statusAt(consultation, now);
  return status === 'CLOSED' || status === 'SYNTHESIS_PUBLISHED' ? undefined : 'notClosed';
}

/** Dispositions and responses are everyone's once the synthesis is published (before, only the MAG's and the secretariat's). */
export function answersArePublic(consultation: Dated, now: Date): boolean {
  return statusAt(consultation, now) === 'SYNTHESIS_PUBLISHED';
}
