/**
 * Rules for selection. Outcomes come only from MAG decisions: the meetings
 * module calls `checkDecisionSubjects` when a decision names proposals and
 * writes `decisionWrites` in the decision's own transaction when it is
 * adopted (docs/api/selection.md states the contract); accepted proposals of
 * a type never exceed the programme's slot budget for it (a conditional
 * counter item in the same transaction). The life of a session after it
 * (session-lifecycle.service.ts) and main sessions designed by a MAG working
 * group (main-session.service.ts) are their own services, reached through
 * this one.
 */
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import type { Page } from '../../core/dynamodb/query';
import { named, type NamedItem } from '../../core/dynamodb/transact';
import { BadUserInputError, ConflictError, NotFoundError, StaleVersionError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import type { ProgrammeService, ThemeService } from '../programme';
import type { StakeholderService } from '../stakeholders';
import { SESSION_TYPE_CODES, yearOfProposalId, type ProposalStatus, type SessionTypeCode } from './sessions.model';
import {
  HOLDS_A_SLOT,
  MAX_CONDITIONS,
  OUTCOME_STATUS,
  PUBLIC_STATUSES,
  TAKES_A_SLOT,
  effectiveStatus,
  overBudget,
  type SelectionOutcome,
  type Session,
  type SlotBudgetState,
  type SlotRef,
} from './selection.model';
import { MainSessionDesigns, type DesignMainSessionInput } from './main-session.service';
import type { ProposalService } from './proposal.service';
import { SessionLifecycle } from './session-lifecycle.service';
import type { SessionStores } from './sessions.stores';

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

const budgetsInput = z.lazy(() =>
  z.object({
    programmeId: z.string(),
    version: z.number().int().min(0),
    budgets: z
      .array(z.object({ type: z.enum(SESSION_TYPE_CODES), slots: z.number().int().min(0, 'must be 0..1000').max(1000, 'must be 0..1000') }))
      .min(1)
      .max(SESSION_TYPE_CODES.length),
  }),
);

export type SetSlotBudgetsInput = z.input<typeof budgetsInput>;

function programmeYear(globalId: string, field: string): number {
  const id = internalId(globalId, 'Programme', field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

export class SelectionService {
  /** The life of a selected session (session-lifecycle.service.ts). */
  private readonly lifecycle: SessionLifecycle;
  /** Main sessions designed by the MAG (main-session.service.ts). */
  private readonly mainSessions: MainSessionDesigns;
  private readonly store: SessionStores['selection'];

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly proposals: ProposalService,
    private readonly programmes: Pick<ProgrammeService, 'get'>,
    themes: Pick<ThemeService, 'get'>,
    stakeholders: Pick<StakeholderService, 'getMany'>,
    stores: Pick<SessionStores, 'selection' | 'reportsDue'>,
  ) {
    this.store = stores.selection;
    this.lifecycle = new SessionLifecycle(caller, now, proposals, stores);
    this.mainSessions = new MainSessionDesigns(caller, now, proposals, themes, stakeholders, stores.selection);
  }

  // ── the life of a session, and main sessions (their own services; one face for resolvers, the schedule and the meetings) ──

  meetConditions(input: Parameters<SessionLifecycle['meetConditions']>[0]): Promise<Session> {
    return this.lifecycle.meetConditions(input);
  }

  confirm(input: Parameters<SessionLifecycle['confirm']>[0]): Promise<Session> {
    return this.lifecycle.confirm(input);
  }

  hold(input: Parameters<SessionLifecycle['hold']>[0]): Promise<Session> {
    return this.lifecycle.hold(input);
  }

  report(input: Parameters<SessionLifecycle['report']>[0]): Promise<Session> {
    return this.lifecycle.report(input);
  }

  cancel(input: Parameters<SessionLifecycle['cancel']>[0]): Promise<Session> {
    return this.lifecycle.cancel(input);
  }

  placement(sessionId: string, slot: SlotRef | undefined, field: string): Promise<{ session: Session; item: NamedItem }> {
    return this.lifecycle.placement(sessionId, slot, field);
  }

  designMainSession(input: DesignMainSessionInput): Promise<Session> {
    return this.mainSessions.design(input);
  }

  // ── reads ──

  /** The status as of now (a lapsed conditional acceptance reads NOT_ACCEPTED before the job runs). */
  status(session: Session): ProposalStatus {
    return effectiveStatus(session, this.now());
  }

  /** A programme's slot budgets and the slots taken (public). */
  async budget(year: number): Promise<SlotBudgetState> {
    const [state] = await this.store.getBudgets([year]);
    return state as SlotBudgetState;
  }

  /** A year's sessions in one status: public for the programme's sessions, the secretariat's for the others. */
  async sessions(year: number, status: ProposalStatus, first?: number | null, after?: string | null): Promise<Page<Session>> {
    if (!PUBLIC_STATUSES.has(status) && !(await can(this.caller, { type: 'schedule.manage' })))
      return { items: [], cursors: [], hasNextPage: false, endCursor: null };
    return this.store.listSessions(year, status, pageSize(first), after);
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

  private async plan(
    subjects: readonly ProposalDecisionSubject[],
    field: (index: number) => string,
    decision: DecisionRef,
    writing: boolean,
  ): Promise<{ items: NamedItem[] }> {
    const at = this.now().toISOString();
    const sessions = await this.store.getSessionsConsistent(subjects.map((s) => s.proposalId));
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
        throw new ConflictError(
          `${f}.proposalId: the proposal is ${current.status}; the MAG selects among ${main ? 'designed main sessions' : 'eligible proposals'}`,
          { field: `${f}.proposalId`, status: current.status },
        );
      }
      if (main && subject.outcome !== 'ACCEPTED' && subject.outcome !== 'NOT_ACCEPTED') {
        throw new BadUserInputError(`${f}.outcome: a main session is approved (ACCEPTED) or not (NOT_ACCEPTED)`, `${f}.outcome`);
      }
      const conditional = subject.outcome === 'CONDITIONALLY_ACCEPTED';
      if (conditional !== (subject.conditions !== undefined && subject.conditions.length > 0)) {
        throw new BadUserInputError(`${f}.conditions: a conditional acceptance states 1..${MAX_CONDITIONS} conditions, and only it`, `${f}.conditions`);
      }
      if (conditional !== (subject.deadline !== undefined))
        throw new BadUserInputError(`${f}.deadline: a conditional acceptance has a deadline, and only it`, `${f}.deadline`);
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
    const entry =
      writing && entering.length > 0
        ? await this.proposals.funnel.enter(
            'ACCEPTED',
            entering.map((e) => e.current),
            decision.decidedAt,
          )
        : undefined;
    const items: NamedItem[] = nexts.map(({ current, next }) =>
      named('proposalSubject', this.store.sessionReplace(entry?.snapshot(current.id) ? entry.stamp(next) : next, current), current.id),
    );
    if (entry) items.push(...entry.items());
    if (year !== undefined && Object.keys(moves).length > 0) {
      const state = await this.store.getBudgetConsistent(year);
      const over = overBudget(state, moves);
      if (over.length > 0) {
        throw new ConflictError(
          `Over the slot budget: ${over.map((o) => `${o.type} has ${o.budget} slots, ${o.taken} taken, ${o.wanted} more wanted`).join('; ')}`,
          { reason: 'OVER_BUDGET', overBudget: over },
        );
      }
      const move = this.store.budgetMove(state, moves);
      if (move) items.push(named('slotBudget', move));
    }
    return { items };
  }

  private async checkMergeTarget(
    subject: ProposalDecisionSubject,
    current: Session,
    outcomes: ReadonlyMap<string, SelectionOutcome>,
    field: string,
  ): Promise<void> {
    const targetId = subject.mergedInto as string;
    if (targetId === current.id) throw new BadUserInputError(`${field}: a proposal is not merged into itself`, field);
    const target = yearOfProposalId(targetId) !== undefined ? await this.store.getSessionConsistent(targetId) : undefined;
    if (!target || target.year !== current.year || target.type === 'MAIN_SESSION')
      throw new BadUserInputError(`${field}: no such proposal of this programme`, field);
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
    const current = await this.store.getBudgetConsistent(year);
    if (current.version !== valid.version) throw new StaleVersionError('slot budget', current.version);
    valid.budgets.forEach((b, i) => {
      const taken = current.taken[b.type] ?? 0;
      if (b.slots < taken)
        throw new ConflictError(`input.budgets.${i}.slots: ${taken} ${b.type} sessions hold a slot already`, { field: `input.budgets.${i}.slots`, taken });
    });
    const budgets = Object.fromEntries(valid.budgets.map((b) => [b.type, b.slots]));
    const at = this.now().toISOString();
    if ((await this.store.saveBudgets(year, budgets, current.version, at)) === 'stale') {
      throw new StaleVersionError('slot budget', (await this.store.getBudgetConsistent(year)).version);
    }
    return { ...current, budgets: { ...current.budgets, ...budgets }, version: current.version + 1, updatedAt: at };
  }
}
