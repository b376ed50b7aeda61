/**
 * Selection and the life of a session after it: the outcomes a MAG decision
 * gives a proposal (accepted, conditionally accepted, merged, not accepted),
 * the programme's slot budget per session type, and the transitions that
 * follow (confirmed by the organisers, scheduled, held, reported, or
 * cancelled), with main sessions designed by a MAG working group. Pure types
 * and rules — no I/O.
 */
import { STAKEHOLDER_GROUPS, type StakeholderGroup } from '../stakeholders';
import { SESSION_TYPE_CODES, type Proposal, type ProposalStatus, type SessionTypeCode } from './sessions.model';

export const SELECTION_OUTCOMES = ['ACCEPTED', 'CONDITIONALLY_ACCEPTED', 'MERGED_INTO', 'NOT_ACCEPTED'] as const;
export type SelectionOutcome = (typeof SELECTION_OUTCOMES)[number];

/** The status each outcome gives a proposal. */
export const OUTCOME_STATUS = {
  ACCEPTED: 'ACCEPTED',
  CONDITIONALLY_ACCEPTED: 'CONDITIONALLY_ACCEPTED',
  MERGED_INTO: 'MERGED',
  NOT_ACCEPTED: 'NOT_ACCEPTED',
} as const satisfies Record<SelectionOutcome, ProposalStatus>;

/** Outcomes that take a slot of the type's budget. */
export const TAKES_A_SLOT: ReadonlySet<SelectionOutcome> = new Set(['ACCEPTED', 'CONDITIONALLY_ACCEPTED']);

/** Statuses of a proposal that holds a slot of its type's budget. */
export const HOLDS_A_SLOT: ReadonlySet<ProposalStatus> = new Set(['ACCEPTED', 'CONDITIONALLY_ACCEPTED', 'CONFIRMED', 'SCHEDULED', 'HELD', 'REPORTED']);

/** Statuses of a session in the programme: public from then on (its proposers' drafts and scores stay as they were). */
export const PUBLIC_STATUSES: ReadonlySet<ProposalStatus> = new Set([
  'ACCEPTED',
  'CONDITIONALLY_ACCEPTED',
  'CONFIRMED',
  'SCHEDULED',
  'HELD',
  'REPORTED',
  'CANCELLED',
]);

/** A MAG decision's outcome for a proposal, as recorded on it. */
export interface Selection {
  readonly outcome: SelectionOutcome;
  readonly decisionId: string;
  readonly meetingId: string;
  readonly decidedAt: string;
  /** CONDITIONALLY_ACCEPTED: what the organisers must do, by `deadline`. */
  readonly conditions?: readonly string[] | undefined;
  readonly deadline?: string | undefined;
  /** When the secretariat recorded the conditions met (the proposal became ACCEPTED). */
  readonly conditionsMet?: { readonly note: string; readonly by: string; readonly at: string } | undefined;
  /** Set when the deadline passed with the conditions unmet (the proposal became NOT_ACCEPTED). */
  readonly lapsedAt?: string | undefined;
  /** MERGED_INTO: the proposal it joins. */
  readonly mergedInto?: string | undefined;
  /** The public reason (NOT_ACCEPTED, MERGED_INTO; optional for the others). */
  readonly reason?: string | undefined;
}

/** What a MAG working group designs for a main session (on the proposal item of type MAIN_SESSION). */
export interface MainSessionDesign {
  /** MAG members of the working group (they organise it with the proposer). */
  readonly workingGroupIds: readonly string[];
  /** Accepted sessions that feed into it. */
  readonly feederIds: readonly string[];
}

/** The session's place in the work-in-progress schedule (set while SCHEDULED). */
export interface SlotRef {
  readonly slotId: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface SessionReport {
  readonly keyTakeaways: readonly string[];
  readonly callsToAction: readonly string[];
  /** Participants by stakeholder group (onsite and online together). */
  readonly participantsByGroup: Readonly<Partial<Record<StakeholderGroup, number>>>;
  readonly onsiteParticipants: number;
  readonly onlineParticipants: number;
  /** The gender report: how many participants were women, and how the session addressed gender. */
  readonly womenParticipants: number;
  readonly genderNarrative: string;
  readonly reportedBy: string;
  readonly reportedAt: string;
}

export interface SessionHistoryEntry {
  readonly status: ProposalStatus;
  readonly at: string;
  readonly by: string;
  readonly note?: string | undefined;
}

/** A proposal with what selection and the later life of a session add to its item (all optional: older items lack them). */
export type Session = Proposal & {
  readonly selection?: Selection | undefined;
  readonly mainSession?: MainSessionDesign | undefined;
  readonly slot?: SlotRef | undefined;
  readonly report?: SessionReport | undefined;
  readonly cancellation?: { readonly reason: string; readonly by: string; readonly at: string } | undefined;
  readonly heldAt?: string | undefined;
  readonly confirmedAt?: string | undefined;
  /** Every transition after selection, oldest first. */
  readonly history?: readonly SessionHistoryEntry[] | undefined;
};

export const asSession = (p: Proposal): Session => p as Session;

/** Everyone who organises a session: its proposer, organisers and (main sessions) the working group. */
export const organisersOf = (s: Session): string[] => [...new Set([s.proposerId, ...s.organiserIds, ...(s.mainSession?.workingGroupIds ?? [])])];

/**
 * The status as of `now`: a conditional acceptance whose deadline has passed is NOT_ACCEPTED whether or not the
 * lapse job has run yet (reads never depend on the scheduler).
 */
export function effectiveStatus(p: Session, now: Date): ProposalStatus {
  if (p.status === 'CONDITIONALLY_ACCEPTED' && p.selection?.deadline !== undefined && p.selection.deadline <= now.toISOString()) return 'NOT_ACCEPTED';
  return p.status;
}

/** The transitions of a selected session and who makes them (the service asks the policy). */
export const SESSION_TRANSITIONS = {
  meetConditions: { from: ['CONDITIONALLY_ACCEPTED'], to: 'ACCEPTED' },
  confirm: { from: ['ACCEPTED'], to: 'CONFIRMED' },
  place: { from: ['CONFIRMED'], to: 'SCHEDULED' },
  unplace: { from: ['SCHEDULED'], to: 'CONFIRMED' },
  hold: { from: ['SCHEDULED'], to: 'HELD' },
  report: { from: ['HELD'], to: 'REPORTED' },
  cancel: { from: ['ACCEPTED', 'CONDITIONALLY_ACCEPTED', 'CONFIRMED'], to: 'CANCELLED' },
  lapse: { from: ['CONDITIONALLY_ACCEPTED'], to: 'NOT_ACCEPTED' },
} as const satisfies Record<string, { from: readonly ProposalStatus[]; to: ProposalStatus }>;
export type SessionTransition = keyof typeof SESSION_TRANSITIONS;

/** Slot budgets per session type: absent means the type has no budget yet, and nothing of it can be accepted. */
export type SlotBudgets = Readonly<Partial<Record<SessionTypeCode, number>>>;

export interface SlotBudgetState {
  readonly year: number;
  /** Slots per type. */
  readonly budgets: SlotBudgets;
  /** Accepted (holding a slot) per type, kept exact in the decisions' and cancellations' transactions. */
  readonly taken: Readonly<Partial<Record<SessionTypeCode, number>>>;
  readonly version: number;
  readonly updatedAt: string;
}

/** Slots a decision takes, per type: the over-budget types (with what they need and have) if any. */
export function overBudget(state: Pick<SlotBudgetState, 'budgets' | 'taken'> | undefined, wanted: Readonly<Partial<Record<SessionTypeCode, number>>>) {
  const over: { type: SessionTypeCode; budget: number; taken: number; wanted: number }[] = [];
  for (const type of SESSION_TYPE_CODES) {
    const want = wanted[type] ?? 0;
    if (want === 0) continue;
    const budget = state?.budgets[type];
    const taken = state?.taken[type] ?? 0;
    if (budget === undefined || taken + want > budget) over.push({ type, budget: budget ?? 0, taken, wanted: want });
  }
  return over;
}

export const MAX_CONDITIONS = 10;
export const MAX_FEEDERS = 20;
export const MAX_WORKING_GROUP = 12;
export const MAX_TAKEAWAYS = 10;

/** Participants by group as stored: only the groups given, as whole numbers. */
export function participantsByGroup(
  entries: readonly { readonly group: StakeholderGroup; readonly count: number }[],
): Partial<Record<StakeholderGroup, number>> {
  const out: Partial<Record<StakeholderGroup, number>> = {};
  for (const group of STAKEHOLDER_GROUPS) {
    const sum = entries.filter((e) => e.group === group).reduce((n, e) => n + e.count, 0);
    if (sum > 0) out[group] = sum;
  }
  return out;
}

/** What `Proposal.selection` resolves from (the merged-into proposal resolved by its id, through the read rules). */
export interface SelectionView {
  readonly outcome: SelectionOutcome;
  readonly decisionId: string;
  readonly meetingId: string;
  readonly decidedAt: string;
  readonly conditions: string[];
  readonly deadline: string | null;
  readonly conditionsMetAt: string | null;
  readonly conditionsMetNote: string | null;
  readonly lapsedAt: string | null;
  readonly mergedIntoId: string | undefined;
  readonly reason: string | null;
}
