/**
 * The kinds of subject a decision can settle — an open, typed list. Each
 * kind says how to read its input, what to check when a decision names it,
 * and what adopting the decision writes (in the decision's transaction).
 * Adding a kind (issues, themes, session proposals) adds an entry here and
 * changes none of the others (docs/api/meetings.md, "Adding a subject kind").
 */
import type { NamedItem } from '../../core/dynamodb/transact';
import { BadUserInputError, ConflictError } from '../../core/errors';
import { internalId } from '../../core/ids';
import type { Disposition } from '../consultations';
import type { ContributionService } from '../contributions';
import type { IssueService, ThemeService } from '../programme';
import type { SelectionService } from '../sessions';
import type { Decision, DecisionSubject, Meeting, SubjectKindName } from './meeting.model';
import type * as meetings from './meeting.store';
import type * as minutes from './minutes.store';

type SubjectOf<K extends SubjectKindName> = Extract<DecisionSubject, { kind: K }>;

/** The meetings module's stores a kind reads and writes through (the minutes kind: earlier meetings and their minutes). */
export interface SubjectStores {
  readonly meetings: Pick<typeof meetings, 'getMeetingConsistent'>;
  readonly minutes: Pick<typeof minutes, 'getMinutesConsistent' | 'approveMinutesWrite' | 'correctMinutesWrite'>;
}

/** What the kinds may use: the meeting deciding, the caller as a stakeholder, this module's stores, other modules' services. */
export interface SubjectContext {
  readonly meeting: Meeting;
  readonly stores: SubjectStores;
  readonly contributions: ContributionService;
  readonly issues: IssueService;
  readonly themes: ThemeService;
  readonly selection: SelectionService;
  readonly decidedBy: string;
  readonly now: Date;
}

export interface SubjectKind<K extends SubjectKindName> {
  readonly kind: K;
  /** The field of DecisionSubjectInput that carries this kind. */
  readonly inputField: string;
  /** The stored subject from its (GraphQL-validated) input; malformed ids are BAD_USER_INPUT naming `field`. */
  parse(input: Record<string, unknown>, field: string): SubjectOf<K>;
  /** The subject's identity: a decision names a subject at most once. */
  identity(subject: SubjectOf<K>): string;
  /** Refusals when a decision names these subjects (`field(i)` names the i-th one's input). */
  check(subjects: readonly SubjectOf<K>[], context: SubjectContext, field: (index: number) => string): Promise<void>;
  /** The writes of adopting `decision` for these subjects. */
  effects(subjects: readonly SubjectOf<K>[], decision: Decision, context: SubjectContext): Promise<NamedItem[]>;
  /** The refusal for a failed condition of one of this kind's writes (by item name), if it is one of them. */
  refusal(failedItem: string): Error | undefined;
}

const contributionKind: SubjectKind<'CONTRIBUTION'> = {
  kind: 'CONTRIBUTION',
  inputField: 'contribution',
  parse: (input, field) => {
    const response = typeof input.response === 'string' ? input.response.trim() : '';
    if (response.length < 1 || response.length > 5000) throw new BadUserInputError(`${field}.response: must be 1..5,000 characters`, `${field}.response`);
    return {
      kind: 'CONTRIBUTION',
      contributionId: internalId(String(input.contributionId), 'Contribution', `${field}.contributionId`),
      disposition: input.disposition as Disposition,
      response,
    };
  },
  identity: (subject) => `CONTRIBUTION:${subject.contributionId}`,
  check: (subjects, context, field) =>
    context.contributions.checkDecisionSubjects(
      subjects.map((s) => s.contributionId),
      context.meeting.consultationIds,
      (i) => `${field(i)}.contributionId`,
    ),
  effects: (subjects, decision, context) => context.contributions.decisionWrites(subjects, decision.id, context.decidedBy, context.now),
  refusal: (failed) =>
    failed === 'contribution' || failed === 'consultationClosed'
      ? new ConflictError("A contribution of the decision changed, or its consultation's closing time did; reload and retry")
      : undefined,
};

const minutesKind: SubjectKind<'MINUTES'> = {
  kind: 'MINUTES',
  inputField: 'minutes',
  parse: (input, field) => ({
    kind: 'MINUTES',
    meetingId: internalId(String(input.meetingId), 'Meeting', `${field}.meetingId`),
    effect: input.effect as SubjectOf<'MINUTES'>['effect'],
  }),
  identity: (subject) => `MINUTES:${subject.meetingId}`,
  check: async (subjects, context, field) => {
    for (const [i, subject] of subjects.entries()) {
      const [earlier, minutes] = await Promise.all([
        context.stores.meetings.getMeetingConsistent(subject.meetingId),
        context.stores.minutes.getMinutesConsistent(subject.meetingId),
      ]);
      if (!earlier || subject.meetingId === context.meeting.id || earlier.startsAt >= context.meeting.startsAt) {
        throw new BadUserInputError(`${field(i)}.meetingId: minutes are approved or corrected by a later meeting`, `${field(i)}.meetingId`);
      }
      const wanted = subject.effect === 'APPROVE' ? 'CIRCULATED' : 'PUBLISHED';
      if (minutes?.status !== wanted) {
        throw new ConflictError(
          `Minutes can be ${subject.effect === 'APPROVE' ? 'approved once circulated' : 'corrected once published'} (they are ${minutes?.status ?? 'not drafted'})`,
          {
            field: `${field(i)}.meetingId`,
          },
        );
      }
    }
  },
  effects: (subjects, decision, context) =>
    Promise.resolve(
      subjects.map((subject) =>
        subject.effect === 'APPROVE'
          ? context.stores.minutes.approveMinutesWrite(subject.meetingId, decision.id, context.now)
          : context.stores.minutes.correctMinutesWrite(subject.meetingId, {
              decisionId: decision.id,
              text: decision.text,
              correctedAt: context.now.toISOString(),
            }),
      ),
    ),
  refusal: (failed) =>
    failed === 'minutesEffect'
      ? new ConflictError('Minutes of the decision are not in a state it can change (approval needs circulated minutes whose amendment window has ended)')
      : undefined,
};

/** The item names of the programme module's decision writes (programme.store DECISION_ITEM). */
const PROGRAMME_REFUSALS: Readonly<Record<string, string>> = {
  issueSubject: 'An issue of the decision changed meanwhile (merged, withdrawn, taken up or declined); reload and retry',
  themeSubject: 'A theme of the decision changed or was adopted meanwhile; reload and retry',
  themeCall: 'The call for issues of a theme of the decision is gone',
};

const programmeRefusal = (failed: string) => (PROGRAMME_REFUSALS[failed] ? new ConflictError(PROGRAMME_REFUSALS[failed]) : undefined);

/** An issue the decision does not take up, with its public reason (the programme module's rules). */
const issueKind: SubjectKind<'ISSUE'> = {
  kind: 'ISSUE',
  inputField: 'issue',
  parse: (input, field) => {
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (reason.length < 10 || reason.length > 2000) throw new BadUserInputError(`${field}.reason: must be 10..2,000 characters`, `${field}.reason`);
    return { kind: 'ISSUE', issueId: internalId(String(input.issueId), 'Issue', `${field}.issueId`), reason };
  },
  identity: (subject) => `ISSUE:${subject.issueId}`,
  check: (subjects, context, field) =>
    context.issues.checkDecisionSubjects(
      subjects.map((s) => s.issueId),
      (i) => `${field(i)}.issueId`,
    ),
  effects: (subjects, decision, context) =>
    context.issues.decisionWrites(subjects, { meetingId: context.meeting.id, decisionId: decision.id, decidedAt: context.now.toISOString() }),
  refusal: programmeRefusal,
};

/** A draft theme the decision adopts: public from then on, its source issues taken up (the programme module's rules). */
const themeKind: SubjectKind<'THEME'> = {
  kind: 'THEME',
  inputField: 'theme',
  parse: (input, field) => ({ kind: 'THEME', themeId: internalId(String(input.themeId), 'Theme', `${field}.themeId`) }),
  identity: (subject) => `THEME:${subject.themeId}`,
  check: (subjects, context, field) =>
    context.themes.checkDecisionSubjects(
      subjects.map((s) => s.themeId),
      (i) => `${field(i)}.themeId`,
    ),
  effects: (subjects, decision, context) =>
    context.themes.decisionWrites(
      subjects.map((s) => s.themeId),
      { meetingId: context.meeting.id, decisionId: decision.id, decidedAt: context.now.toISOString() },
    ),
  refusal: programmeRefusal,
};

/** A proposal the decision selects: its outcome written on it, the slot budget checked (the sessions module's rules). */
const proposalKind: SubjectKind<'PROPOSAL'> = {
  kind: 'PROPOSAL',
  inputField: 'proposal',
  parse: (input, field) => {
    const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : undefined);
    const reason = trimmed(input.reason);
    if (reason !== undefined && (reason.length < 5 || reason.length > 2000))
      throw new BadUserInputError(`${field}.reason: must be 5..2,000 characters`, `${field}.reason`);
    let conditions: string[] | undefined;
    if (Array.isArray(input.conditions)) {
      conditions = input.conditions.map((c: unknown) => trimmed(c) ?? '');
      if (conditions.length > 10) throw new BadUserInputError(`${field}.conditions: at most 10`, `${field}.conditions`);
      const bad = conditions.findIndex((c) => c.length < 5 || c.length > 500);
      if (bad >= 0) throw new BadUserInputError(`${field}.conditions.${bad}: must be 5..500 characters`, `${field}.conditions.${bad}`);
      if (conditions.length === 0) conditions = undefined;
    }
    return {
      kind: 'PROPOSAL',
      proposalId: internalId(String(input.proposalId), 'Proposal', `${field}.proposalId`),
      outcome: input.outcome as SubjectOf<'PROPOSAL'>['outcome'],
      ...(conditions ? { conditions } : {}),
      ...(typeof input.deadline === 'string' ? { deadline: input.deadline } : {}),
      ...(input.mergedIntoId != null ? { mergedInto: internalId(String(input.mergedIntoId), 'Proposal', `${field}.mergedIntoId`) } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  },
  identity: (subject) => `PROPOSAL:${subject.proposalId}`,
  check: (subjects, context, field) => context.selection.checkDecisionSubjects(subjects, (i) => field(i)),
  effects: (subjects, decision, context) =>
    context.selection.decisionWrites(subjects, {
      meetingId: context.meeting.id,
      decisionId: decision.id,
      decidedAt: context.now.toISOString(),
      decidedBy: context.decidedBy,
    }),
  refusal: (failed) => {
    if (failed === 'proposalSubject') return new ConflictError('A proposal of the decision changed meanwhile; reload and retry');
    if (failed === 'slotBudget') return new ConflictError('The slot budget changed meanwhile or has no room left; reload and retry', { reason: 'OVER_BUDGET' });
    return undefined;
  },
};

/** Every kind, by name: the `satisfies` makes the compiler list a new kind here. */
export const SUBJECT_KINDS = {
  CONTRIBUTION: contributionKind,
  MINUTES: minutesKind,
  ISSUE: issueKind,
  THEME: themeKind,
  PROPOSAL: proposalKind,
} as const satisfies { readonly [K in SubjectKindName]: SubjectKind<K> };

export const SUBJECT_KIND_LIST: readonly SubjectKind<SubjectKindName>[] = Object.values(SUBJECT_KINDS) as readonly SubjectKind<SubjectKindName>[];
