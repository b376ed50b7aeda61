/**
 * Rules for selection and the life of a session after it. Outcomes come only
 * from MAG decisions: the meetings module calls `checkDecisionSubjects` when a
 * decision names proposals and writes `decisionWrites` in the decision's own
 * transaction when it is adopted (docs/api/selection.md states the contract);
 * accepted proposals of a type never exceed the programme's slot budget for
 * it (a conditional counter item in the same transaction). Then the
 * organisers confirm, the schedule places (SCHEDULED), the session is held
 * and reported — or cancelled, freeing its slot. A conditional acceptance
 * unmet by its deadline becomes NOT_ACCEPTED by the clock (reads) and by the
 * lapse job (the stored status and the budget). Main sessions are designed by
 * a MAG working group and approved by the same kind of decision.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { findIdempotentResult, idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { Page } from '../../core/dynamodb/query';
import { named, type NamedItem } from '../../core/dynamodb/transact';
import { BadUserInputError, ConflictError, DeadlinePassedError, ForbiddenError, NotFoundError, NotOpenError, ServiceUnavailableError, StaleVersionError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput, text } from '../../core/validation';
import type { ProgrammeService, ThemeService } from '../programme';
import { STAKEHOLDER_GROUPS, type Stakeholder, type StakeholderService } from '../stakeholders';
import {
  ATTENDANCES,
  SESSION_FORMATS,
  SESSION_TYPE_CODES,
  SPEAKER_ROLES,
  MAX_DESCRIPTION_WORDS,
  MAX_SPEAKERS,
  MAX_TITLE_CHARACTERS,
  sessionType,
  wordCount,
  yearOfProposalId,
  type ProposalStatus,
  type SessionTypeCode,
  type Speaker,
} from './sessions.model';
import {
  HOLDS_A_SLOT,
  MAX_CONDITIONS,
  MAX_FEEDERS,
  MAX_TAKEAWAYS,
  MAX_WORKING_GROUP,
  OUTCOME_STATUS,
  PUBLIC_STATUSES,
  SESSION_TRANSITIONS,
  TAKES_A_SLOT,
  effectiveStatus,
  overBudget,
  participantsByGroup,
  type SelectionOutcome,
  type Session,
  type SessionTransition,
  type SlotBudgetState,
  type SlotRef,
} from './selection.model';
import type { ProposalService } from './proposal.service';
import * as store from './selection.store';

/** A PROPOSAL subject of a decision, as the meetings module stores it. */
export interface ProposalDecisionSubject {
  readonly proposalId: string;
  readonly outcome: SelectionOutcome;
  readonly conditions?: readonly string[] | undefined;
  readonly deadline?: string | undefined;
  readonly mergedInto?: string | undefined;
  readonly reason?: string | undefined;
}

export interface DecisionRef {
  readonly meetingId: string;
  readonly decisionId: string;
  readonly decidedAt: string;
  readonly decidedBy: string;
}

const versioned = { id: z.string(), version: z.number().int().min(1) };
const budgetsInput = z.lazy(() => z.object({
  programmeId: z.string(),
  version: z.number().int().min(0),
  budgets: z.array(z.object({ type: z.enum(SESSION_TYPE_CODES), slots: z.number().int().min(0, 'must be 0..1000').max(1000, 'must be 0..1000') })).min(1).max(SESSION_TYPE_CODES.length),
}));
const meetInput = z.lazy(() => z.object({ ...versioned, note: text(5, 2000) }));
const transitionInput = z.lazy(() => z.object(versioned));
const cancelInput = z.lazy(() => z.object({ ...versioned, reason: text(5, 2000) }));
const count = z.number().int().min(0, 'must be 0..100000').max(100_000, 'must be 0..100000');
const reportInput = z.lazy(() => z.object({
  ...versioned,
  keyTakeaways: z.array(text(5, 1000)).min(1, `must list 1..${MAX_TAKEAWAYS}`).max(MAX_TAKEAWAYS, `must list 1..${MAX_TAKEAWAYS}`),
  callsToAction: z.array(text(5, 1000)).max(MAX_TAKEAWAYS, `must list at most ${MAX_TAKEAWAYS}`),
  participantsByGroup: z.array(z.object({ group: z.enum(STAKEHOLDER_GROUPS), count })).max(STAKEHOLDER_GROUPS.length * 2),
  onsiteParticipants: count,
  onlineParticipants: count,
  womenParticipants: count,
  genderNarrative: text(10, 2000),
}));
const designInput = z.lazy(() => z.object({
  themeId: z.string(),
  format: z.enum(SESSION_FORMATS),
  durationMinutes: z.number().int(),
  policyQuestions: z.array(z.number().int().min(0)).min(1, 'must name 1..3 of the theme\'s policy questions').max(3, 'must name 1..3 of the theme\'s policy questions'),
  title: text(5, MAX_TITLE_CHARACTERS),
  description: text(20, 3000).refine((value) => wordCount(value) <= MAX_DESCRIPTION_WORDS, `must be at most ${MAX_DESCRIPTION_WORDS} words`),
  workingGroupIds: z.array(z.string()).min(1, `must name 1..${MAX_WORKING_GROUP} MAG members`).max(MAX_WORKING_GROUP, `must name 1..${MAX_WORKING_GROUP} MAG members`),
  organiserIds: z.array(z.string()).max(5, 'must name at most 5').nullish(),
  speakers: z.array(z.object({ stakeholderId: z.string(), role: z.enum(SPEAKER_ROLES), attendance: z.enum(ATTENDANCES) })).max(MAX_SPEAKERS, `must list at most ${MAX_SPEAKERS} speakers`),
  feederIds: z.array(z.string()).max(MAX_FEEDERS, `must name at most ${MAX_FEEDERS}`).nullish(),
  idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
}));

export type SetSlotBudgetsInput = z.input<typeof budgetsInput>;
export type DesignMainSessionInput = z.input<typeof designInput>;

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

function programmeYear(globalId: string, field: string): number {
  const id = internalId(globalId, 'Programme', field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

/** Everyone who organises a session: its proposer, organisers and (main sessions) the working group. */
export const organisersOf = (s: Session): string[] => [...new Set([s.proposerId, ...s.organiserIds, ...(s.mainSession?.workingGroupIds ?? [])])];

export class SelectionService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly proposals: ProposalService,
    private readonly programmes: Pick<ProgrammeService, 'get'>,
    private readonly themes: Pick<ThemeService, 'get'>,
    private readonly stakeholders: Pick<StakeholderService, 'getMany'>,
  ) {}

  // ── reads ──

  /** The status as of now (a lapsed conditional acceptance reads NOT_ACCEPTED before the job runs). */
  status(session: Session): ProposalStatus {
    return effectiveStatus(session, this.now());
  }

  /** A programme's slot budgets and the slots taken (public). */
  async budget(year: number): Promise<SlotBudgetState> {
    const [state] = await store.getBudgets([year]);
    return state as SlotBudgetState;
  }

  /** A year's sessions in one status: public for the programme's sessions, the secretariat's for the others. */
  async sessions(year: number, status: ProposalStatus, first?: number | null, after?: string | null): Promise<Page<Session>> {
    if (!PUBLIC_STATUSES.has(status) && !(await can(this.caller, { type: 'schedule.manage' }))) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
    return store.listSessions(year, status, pageSize(first), after);
  }

  // ── the contract with the meetings module ──

  /** Refusals when a decision names proposals (`field(i)` names the i-th subject's input). */
  async checkDecisionSubjects(subjects: readonly ProposalDecisionSubject[], field: (index: number) => string): Promise<void> {
    await this.plan(subjects, field, { meetingId: '', decisionId: '', decidedAt: this.now().toISOString(), decidedBy: '' }, false);
  }

  /** The named items adoption writes: each proposal with its outcome (`proposalSubject`), the slot budget (`slotBudget`). */
  async decisionWrites(subjects: readonly ProposalDecisionSubject[], decision: DecisionRef): Promise<NamedItem[]> {
    const { items } = await this.plan(subjects, (i) => `subjects.${i}`, decision, true);
    return items;
  }

  private async plan(subjects: readonly ProposalDecisionSubject[], field: (index: number) => string, decision: DecisionRef, writing: boolean): Promise<{ items: NamedItem[] }> {
    const at = this.now().toISOString();
    const sessions = await store.getSessionsConsistent(subjects.map((s) => s.proposalId));
    const years = new Set<number>();
    const outcomes = new Map(subjects.map((s) => [s.proposalId, s.outcome]));
    const moves: Partial<Record<SessionTypeCode, number>> = {};
    const nexts: { current: Session; next: Session }[] = [];
    for (const [i, subject] of subjects.entries()) {
      const f = field(i);
      const current = sessions[i];
      if (!current) throw new BadUserInputError(`${f}.proposalId: no such proposal`, `${f}.proposalId`);
      years.add(current.year);
      const main = current.type === 'MAIN_SESSION';
      const wanted: ProposalStatus = main ? 'DRAFT' : 'ELIGIBLE';
      if (current.status !== wanted) {
        throw new ConflictError(`${f}.proposalId: the proposal is ${current.status}; the MAG selects among ${main ? 'designed main sessions' : 'eligible proposals'}`, { field: `${f}.proposalId`, status: current.status });
      }
      if (main && subject.outcome !== 'ACCEPTED' && subject.outcome !== 'NOT_ACCEPTED') {
        throw new BadUserInputError(`${f}.outcome: a main session is approved (ACCEPTED) or not (NOT_ACCEPTED)`, `${f}.outcome`);
      }
      const conditional = subject.outcome === 'CONDITIONALLY_ACCEPTED';
      if (conditional !== (subject.conditions !== undefined && subject.conditions.length > 0)) {
        throw new BadUserInputError(`${f}.conditions: a conditional acceptance states 1..${MAX_CONDITIONS} conditions, and only it`, `${f}.conditions`);
      }
      if (conditional !== (subject.deadline !== undefined)) throw new BadUserInputError(`${f}.deadline: a conditional acceptance has a deadline, and only it`, `${f}.deadline`);
      if (subject.deadline !== undefined && subject.deadline <= at) throw new BadUserInputError(`${f}.deadline: must be in the future`, `${f}.deadline`);
      if ((subject.outcome === 'MERGED_INTO') !== (subject.mergedInto !== undefined)) {
        throw new BadUserInputError(`${f}.mergedIntoId: a merge names the proposal it joins, and only a merge`, `${f}.mergedIntoId`);
      }
      if ((subject.outcome === 'MERGED_INTO' || subject.outcome === 'NOT_ACCEPTED') && subject.reason === undefined) {
        throw new BadUserInputError(`${f}.reason: a merge or a refusal states its public reason`, `${f}.reason`);
      }
      if (subject.mergedInto !== undefined) await this.checkMergeTarget(subject, current, outcomes, `${f}.mergedIntoId`);
      if (TAKES_A_SLOT.has(subject.outcome)) moves[current.type] = (moves[current.type] ?? 0) + 1;
      const status = OUTCOME_STATUS[subject.outcome];
      const next: Session = {
        ...current,
        status,
        selection: {
          outcome: subject.outcome,
          meetingId: decision.meetingId,
          decisionId: decision.decisionId,
          decidedAt: decision.decidedAt,
          ...(subject.conditions ? { conditions: subject.conditions, deadline: subject.deadline } : {}),
          ...(subject.mergedInto ? { mergedInto: subject.mergedInto } : {}),
          ...(subject.reason ? { reason: subject.reason } : {}),
        },
        history: [...(current.history ?? []), { status, at: decision.decidedAt, by: decision.decidedBy, note: `MAG decision ${decision.decisionId}` }],
        version: current.version + 1,
        updatedAt: decision.decidedAt,
      };
      nexts.push({ current, next });
    }
    if (years.size > 1) throw new BadUserInputError(`${field(0)}.proposalId: a decision selects proposals of one programme`, `${field(0)}.proposalId`);
    const [year] = [...years];
    // The funnel counts proposals accepted outright (a conditional acceptance enters it when its conditions are met);
    // main sessions are designed by the MAG, not proposed, and stay out of it.
    const entering = nexts.filter(({ current, next }) => next.selection?.outcome === 'ACCEPTED' && current.type !== 'MAIN_SESSION');
    const entry = writing && entering.length > 0 ? await this.proposals.funnel.enter('ACCEPTED', entering.map((e) => e.current), decision.decidedAt) : undefined;
    const items: NamedItem[] = nexts.map(({ current, next }) =>
      named('proposalSubject', store.sessionReplace(entry?.snapshot(current.id) ? entry.stamp(next) : next, current), current.id),
    );
    if (entry) items.push(...entry.items());
    if (year !== undefined && Object.keys(moves).length > 0) {
      const state = await store.getBudgetConsistent(year);
      const over = overBudget(state, moves);
      if (over.length > 0) {
        throw new ConflictError(
          `Over the slot budget: ${over.map((o) => `${o.type} has ${o.budget} slots, ${o.taken} taken, ${o.wanted} more wanted`).join('; ')}`,
          { reason: 'OVER_BUDGET', overBudget: over },
        );
      }
      const move = store.budgetMove(state, moves);
      if (move) items.push(named('slotBudget', move));
    }
    return { items };
  }

  private async checkMergeTarget(subject: ProposalDecisionSubject, current: Session, outcomes: ReadonlyMap<string, SelectionOutcome>, field: string): Promise<void> {
    const targetId = subject.mergedInto as string;
    if (targetId === current.id) throw new BadUserInputError(`${field}: a proposal is not merged into itself`, field);
    const target = yearOfProposalId(targetId) !== undefined ? await store.getSessionConsistent(targetId) : undefined;
    if (!target || target.year !== current.year || target.type === 'MAIN_SESSION') throw new BadUserInputError(`${field}: no such proposal of this programme`, field);
    const inThisDecision = outcomes.get(targetId);
    const accepted = inThisDecision ? TAKES_A_SLOT.has(inThisDecision) : HOLDS_A_SLOT.has(target.status);
    if (!accepted) throw new ConflictError(`${field}: a proposal is merged into an accepted one`, { field, status: target.status });
  }

  // ── budgets ──

  async setSlotBudgets(input: SetSlotBudgetsInput): Promise<SlotBudgetState> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(budgetsInput, input);
    const year = programmeYear(valid.programmeId, 'input.programmeId');
    if (!(await this.programmes.get(year))) throw new NotFoundError('No such programme');
    const types = valid.budgets.map((b) => b.type);
    const twice = types.findIndex((t, i) => types.indexOf(t) !== i);
    if (twice >= 0) throw new BadUserInputError(`input.budgets.${twice}.type: listed twice`, `input.budgets.${twice}.type`);
    const current = await store.getBudgetConsistent(year);
    if (current.version !== valid.version) throw new StaleVersionError('slot budget', current.version);
    valid.budgets.forEach((b, i) => {
      const taken = current.taken[b.type] ?? 0;
      if (b.slots < taken) throw new ConflictError(`input.budgets.${i}.slots: ${taken} ${b.type} sessions hold a slot already`, { field: `input.budgets.${i}.slots`, taken });
    });
    const budgets = Object.fromEntries(valid.budgets.map((b) => [b.type, b.slots]));
    const at = this.now().toISOString();
    if ((await store.saveBudgets(year, budgets, current.version, at)) === 'stale') {
      throw new StaleVersionError('slot budget', (await store.getBudgetConsistent(year)).version);
    }
    return { ...current, budgets: { ...current.budgets, ...budgets }, version: current.version + 1, updatedAt: at };
  }

  // ── transitions ──

  /** The secretariat records a conditional acceptance's conditions met, before its deadline: ACCEPTED. */
  async meetConditions(input: z.input<typeof meetInput>): Promise<Session> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(meetInput, input);
    const current = await this.existing(valid.id);
    const at = this.now().toISOString();
    if (current.status === 'CONDITIONALLY_ACCEPTED' && current.selection?.deadline !== undefined && current.selection.deadline <= at) {
      throw new DeadlinePassedError(`The conditions were due by ${current.selection.deadline}`);
    }
    const by = await this.actorId();
    return this.transition(current, valid.version, 'meetConditions', (s) => ({ ...s, selection: s.selection && { ...s.selection, conditionsMet: { note: valid.note, by, at } } }), {
      condition: { expression: '#sel.#dl > :now', names: { '#sel': 'selection', '#dl': 'deadline' }, values: { ':now': at } },
      note: valid.note,
      funnel: 'ACCEPTED',
    });
  }

  /** The organisers confirm an accepted session: it will take place (CONFIRMED). */
  async confirm(input: z.input<typeof transitionInput>): Promise<Session> {
    const valid = parseInput(transitionInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.organise', organiserIds: organisersOf(current) });
    const at = this.now().toISOString();
    return this.transition(current, valid.version, 'confirm', (s) => ({ ...s, confirmedAt: at }));
  }

  /** Marks a scheduled session held, from its start (the organisers or the secretariat). */
  async hold(input: z.input<typeof transitionInput>): Promise<Session> {
    const valid = parseInput(transitionInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.run', organiserIds: organisersOf(current) });
    const at = this.now().toISOString();
    if (current.status === 'SCHEDULED' && current.slot && at < current.slot.startsAt) throw new NotOpenError(`The session starts at ${current.slot.startsAt}`);
    return this.transition(current, valid.version, 'hold', (s) => ({ ...s, heldAt: at }), { funnel: 'HELD' });
  }

  /** The organisers file the session report of a held session: REPORTED. */
  async report(input: z.input<typeof reportInput>): Promise<Session> {
    const valid = parseInput(reportInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.organise', organiserIds: organisersOf(current) });
    const total = valid.onsiteParticipants + valid.onlineParticipants;
    const byGroup = participantsByGroup(valid.participantsByGroup);
    if (Object.values(byGroup).reduce((n, c) => n + c, 0) > total) throw new BadUserInputError('input.participantsByGroup: more participants by group than onsite and online together', 'input.participantsByGroup');
    if (valid.womenParticipants > total) throw new BadUserInputError('input.womenParticipants: more than the participants', 'input.womenParticipants');
    const at = this.now().toISOString();
    const by = await this.actorId();
    return this.transition(current, valid.version, 'report', (s) => ({
      ...s,
      report: {
        keyTakeaways: valid.keyTakeaways,
        callsToAction: valid.callsToAction,
        participantsByGroup: byGroup,
        onsiteParticipants: valid.onsiteParticipants,
        onlineParticipants: valid.onlineParticipants,
        womenParticipants: valid.womenParticipants,
        genderNarrative: valid.genderNarrative,
        reportedBy: by,
        reportedAt: at,
      },
    }));
  }

  /** Cancels a selected session before it is scheduled (the organisers or the secretariat); its slot goes back to the budget. */
  async cancel(input: z.input<typeof cancelInput>): Promise<Session> {
    const valid = parseInput(cancelInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.run', organiserIds: organisersOf(current) });
    if (current.status === 'SCHEDULED') throw new ConflictError('The session is in the schedule: remove it from its slot first', { status: current.status });
    const at = this.now().toISOString();
    const by = await this.actorId();
    const state = await store.getBudgetConsistent(current.year);
    const move = store.budgetMove(state, { [current.type]: -1 });
    return this.transition(current, valid.version, 'cancel', (s) => ({ ...s, cancellation: { reason: valid.reason, by, at } }), { extra: move ? [named('slotBudget', move)] : [], note: valid.reason });
  }

  /**
   * The schedule's side of placing a session in a slot (CONFIRMED → SCHEDULED, or moving a scheduled one) and of
   * taking it out (SCHEDULED → CONFIRMED): the session item, to write in the schedule's own transaction.
   */
  async placement(sessionId: string, slot: SlotRef | undefined, field: string): Promise<{ session: Session; item: NamedItem }> {
    const current = yearOfProposalId(sessionId) !== undefined ? await store.getSessionConsistent(sessionId) : undefined;
    if (!current) throw new BadUserInputError(`${field}: no such session`, field);
    const at = this.now().toISOString();
    const by = await this.actorId();
    let next: Session;
    if (slot) {
      if (current.status !== 'CONFIRMED' && current.status !== 'SCHEDULED') {
        throw new ConflictError(`${field}: only a confirmed session is scheduled (it is ${current.status})`, { field, status: current.status });
      }
      if (current.status === 'SCHEDULED' && current.slot?.slotId !== slot.slotId) throw new ConflictError(`${field}: the session has a slot already`, { field, status: current.status });
      next = { ...current, status: 'SCHEDULED', slot, version: current.version + 1, updatedAt: at };
      if (current.status === 'CONFIRMED') next = { ...next, history: [...(current.history ?? []), { status: 'SCHEDULED', at, by }] };
    } else {
      if (current.status !== 'SCHEDULED') throw new ConflictError(`${field}: the session is not scheduled`, { field, status: current.status });
      next = { ...current, status: 'CONFIRMED', slot: undefined, version: current.version + 1, updatedAt: at, history: [...(current.history ?? []), { status: 'CONFIRMED', at, by, note: 'removed from the schedule' }] };
    }
    return { session: next, item: named('session', store.sessionReplace(next, current), current.id) };
  }

  // ── main sessions ──

  /** A MAG working group designs a main session of a theme: organisers, suggested speakers (invited), policy questions, feeder sessions. */
  async designMainSession(input: DesignMainSessionInput): Promise<Session> {
    const valid = parseInput(designInput, input);
    const themeId = internalId(valid.themeId, 'Theme', 'input.themeId');
    const theme = await this.themes.get(themeId);
    if (!theme || theme.status !== 'ADOPTED') throw new BadUserInputError('input.themeId: must be an adopted theme', 'input.themeId');
    const year = theme.year;
    await authorize(this.caller, { type: 'session.design', year });
    const call = await this.proposals.call(year);
    if (!call) throw new ConflictError('The programme has no call for proposals yet', { field: 'input.themeId' });
    const type = sessionType('MAIN_SESSION');
    if (!type.formats.includes(valid.format)) throw new BadUserInputError(`input.format: a main session is one of ${type.formats.join(', ')}`, 'input.format');
    if (!type.durations.includes(valid.durationMinutes)) throw new BadUserInputError(`input.durationMinutes: a main session lasts ${type.durations.join(' or ')} minutes`, 'input.durationMinutes');
    if (new Set(valid.policyQuestions).size !== valid.policyQuestions.length) throw new BadUserInputError('input.policyQuestions: a question is named twice', 'input.policyQuestions');
    const policyQuestions = valid.policyQuestions.map((position, i) => {
      const question = theme.policyQuestions[position];
      if (question === undefined) throw new BadUserInputError(`input.policyQuestions.${i}: the theme has ${theme.policyQuestions.length} policy questions`, `input.policyQuestions.${i}`);
      return question;
    });
    const workingGroupIds = [...new Set(valid.workingGroupIds.map((id, i) => internalId(id, 'Stakeholder', `input.workingGroupIds.${i}`)))];
    const organiserIds = [...new Set((valid.organiserIds ?? []).map((id, i) => internalId(id, 'Stakeholder', `input.organiserIds.${i}`)))];
    const speakerIds = valid.speakers.map((s, i) => internalId(s.stakeholderId, 'Stakeholder', `input.speakers.${i}.stakeholderId`));
    const feederIds = [...new Set((valid.feederIds ?? []).map((id, i) => internalId(id, 'Proposal', `input.feederIds.${i}`)))];
    const people = new Map((await this.stakeholders.getMany([...new Set([...workingGroupIds, ...organiserIds, ...speakerIds])])).map((s): [string, Stakeholder] => [s.id, s]));
    workingGroupIds.forEach((id, i) => {
      const term = people.get(id)?.magTerm;
      if (!term || term.startYear > year || year > term.endYear) throw new BadUserInputError(`input.workingGroupIds.${i}: must be a MAG member in term in ${year}`, `input.workingGroupIds.${i}`);
    });
    organiserIds.forEach((id, i) => {
      if (!people.has(id)) throw new BadUserInputError(`input.organiserIds.${i}: no such stakeholder`, `input.organiserIds.${i}`);
    });
    const seen = new Set<string>();
    const speakers: Speaker[] = valid.speakers.map((s, i) => {
      const id = speakerIds[i] as string;
      const person = people.get(id);
      if (!person || person.kind !== 'PERSON') throw new BadUserInputError(`input.speakers.${i}.stakeholderId: must be a registered person`, `input.speakers.${i}.stakeholderId`);
      if (seen.has(`${id}#${s.role}`)) throw new BadUserInputError(`input.speakers.${i}: listed twice in the same role`, `input.speakers.${i}`);
      seen.add(`${id}#${s.role}`);
      // Suggested by the MAG: each speaker still accepts or declines.
      return { stakeholderId: id, role: s.role, attendance: s.attendance, status: 'INVITED', group: person.group, region: person.region, gender: person.gender };
    });
    const feeders = await store.getSessionsConsistent(feederIds);
    feeders.forEach((f, i) => {
      if (!f || f.year !== year || f.type === 'MAIN_SESSION' || !HOLDS_A_SLOT.has(f.status)) {
        throw new BadUserInputError(`input.feederIds.${i}: must be an accepted session of this programme`, `input.feederIds.${i}`);
      }
    });
    const callerId = this.caller.kind === 'user' ? (await this.caller.roles())?.stakeholderId : undefined;
    const proposerId = callerId ?? (workingGroupIds[0] as string);
    const guardKey = idempotencyGuardKey('designMainSession', proposerId, valid.idempotencyKey);
    const requestDigest = digest(valid);
    const replay = await this.replay(guardKey, requestDigest);
    if (replay) return replay;
    const now = this.now();
    const at = now.toISOString();
    const session: Session = {
      id: `${year}.${newId(now)}`,
      year,
      type: 'MAIN_SESSION',
      format: valid.format,
      durationMinutes: valid.durationMinutes,
      themeId,
      policyQuestions,
      title: valid.title,
      description: valid.description,
      developmentDimension: theme.developmentDimension,
      interactionPlan: 'Designed by the MAG working group of the theme.',
      onlineParticipationPlan: 'Online participants take part through the online moderator.',
      proposerId,
      organiserIds: [...new Set([...workingGroupIds, ...organiserIds])],
      speakers,
      contributionIds: [],
      issueIds: theme.issueIds.slice(0, 10),
      status: 'DRAFT',
      mainSession: { workingGroupIds, feederIds },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if ((await store.createMainSession(session, { key: guardKey, requestDigest }, now)) === 'replayed') {
      const again = await this.replay(guardKey, requestDigest);
      if (again) return again;
      throw new ServiceUnavailableError('The earlier request with this idempotency key is still being processed; retry shortly', { retriable: true });
    }
    this.proposals.loader.prime(session.id, session);
    return session;
  }

  // ── helpers ──

  private async transition(
    current: Session,
    version: number,
    name: SessionTransition,
    change: (s: Session) => Session,
    options: { condition?: { expression: string; names: Record<string, string>; values: Record<string, unknown> }; extra?: NamedItem[]; note?: string; funnel?: 'ACCEPTED' | 'HELD' } = {},
  ): Promise<Session> {
    if (current.version !== version) throw new StaleVersionError('session', current.version);
    const rule = SESSION_TRANSITIONS[name];
    const status = this.status(current);
    if (!(rule.from as readonly ProposalStatus[]).includes(status) || status !== current.status) {
      throw new ConflictError(`The session is ${status}; this needs ${rule.from.join(' or ')}`, { status });
    }
    const at = this.now().toISOString();
    const by = await this.actorId();
    let next: Session = {
      ...change(current),
      status: rule.to,
      history: [...(current.history ?? []), { status: rule.to, at, by, ...(options.note ? { note: options.note } : {}) }],
      version: current.version + 1,
      updatedAt: at,
    };
    // The funnel's stage, counted in the same transaction (main sessions are not proposals of the call: not counted).
    const entry = options.funnel && current.type !== 'MAIN_SESSION' ? await this.proposals.funnel.enter(options.funnel, [current], at) : undefined;
    if (entry) next = entry.stamp(next);
    const outcome = await store.saveTransition([named('session', store.sessionReplace(next, current, options.condition)), ...(options.extra ?? []), ...(entry?.items() ?? [])]);
    if (!outcome.ok) {
      const latest = await store.getSessionConsistent(current.id);
      if (outcome.failed === 'session' && latest && latest.version !== current.version) throw new StaleVersionError('session', latest.version);
      if (outcome.failed === 'session' && name === 'meetConditions') throw new DeadlinePassedError('The conditions were due by their deadline');
      throw new ConflictError('The session or the slot budget changed meanwhile; reload and retry');
    }
    this.proposals.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  private async existing(globalId: string): Promise<Session> {
    const id = internalId(globalId, 'Proposal', 'input.id');
    const session = yearOfProposalId(id) !== undefined ? await store.getSessionConsistent(id) : undefined;
    if (!session) throw new NotFoundError('No such session');
    return session;
  }

  private async actorId(): Promise<string> {
    if (this.caller.kind !== 'user') throw new ForbiddenError('Sign in first');
    return (await this.caller.roles())?.stakeholderId ?? `secretariat:${this.caller.subject}`;
  }

  private async replay(key: ReturnType<typeof idempotencyGuardKey>, requestDigest: string): Promise<Session | undefined> {
    const earlier = await findIdempotentResult(key);
    if (!earlier) return undefined;
    if (earlier.requestDigest !== requestDigest) throw new ConflictError('This idempotency key was used for a different request', { field: 'input.idempotencyKey' });
    return store.getSessionConsistent(earlier.resultId);
  }
}

/**
 * The lapse job: conditional acceptances past their deadline become NOT_ACCEPTED and give their slot back
 * (each in its own transaction, conditional on the status and version read). Reads already show them so.
 */
export async function runLapses(now: Date): Promise<number> {
  const at = now.toISOString();
  const year = now.getUTCFullYear();
  let changed = 0;
  for (const y of [year - 1, year, year + 1]) {
    for (const current of await store.allSessions(y, 'CONDITIONALLY_ACCEPTED')) {
      if (current.selection?.deadline === undefined || current.selection.deadline > at) continue;
      const next: Session = {
        ...current,
        status: 'NOT_ACCEPTED',
        selection: { ...current.selection, lapsedAt: at },
        history: [...(current.history ?? []), { status: 'NOT_ACCEPTED', at, by: 'scheduler', note: 'conditions unmet by the deadline' }],
        version: current.version + 1,
        updatedAt: at,
      };
      const move = store.budgetMove(await store.getBudgetConsistent(y), { [current.type]: -1 });
      const outcome = await store.saveTransition([named('session', store.sessionReplace(next, current)), ...(move ? [named('slotBudget', move)] : [])]);
      if (outcome.ok) changed++;
    }
  }
  return changed;
}
