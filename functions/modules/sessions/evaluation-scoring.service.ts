/**
 * Rules for evaluating: an evaluator's scores (every criterion once, 1–5, a
 * reason code for every score of 3 or less), editable at their version until
 * the round closes by the clock; and declining (a conflict of interest or an
 * abstention), with a replacement assigned in the same transaction. Every
 * write carries the sheet's new figures and the round's counters.
 */
import { authorize } from '../../core/auth/policy';
import {
  BadUserInputError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
  NotOpenError,
  ServiceUnavailableError,
  StaleVersionError,
} from '../../core/errors';
import { parseInput } from '../../core/validation';
import { planAssignments, type Candidate } from './assignment.model';
import type { EvaluationContext } from './evaluation.context';
import { declineInput, sheetIdOf, submitInput, type DeclineEvaluationInput, type SubmitEvaluationInput } from './evaluation.inputs';
import {
  figuresOf,
  isActive,
  roundCounter,
  scoreProblem,
  weightedScore,
  type Evaluation,
  type EvaluationRound,
  type EvaluationSheet,
  type SheetFigures,
} from './evaluation.model';
import type { EvaluationSheets, SheetView } from './evaluation-sheets.service';

/** Concurrent evaluations of one proposal each rewrite its sheet: one computed from a stale sheet is recomputed. */
const WRITE_ATTEMPTS = 6;

export class EvaluationScoring {
  private readonly store: EvaluationContext['stores']['evaluation'];

  constructor(
    private readonly ctx: EvaluationContext,
    private readonly sheets: EvaluationSheets,
  ) {
    this.store = ctx.stores.evaluation;
  }

  async submit(input: SubmitEvaluationInput): Promise<SheetView> {
    const valid = parseInput(submitInput, input);
    const { roundId, proposalId, year } = sheetIdOf(valid.sheetId);
    await authorize(this.ctx.caller, { type: 'evaluation.score', year });
    const me = await this.ctx.me();
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const { round, sheet, proposal, evaluations } = await this.writable(roundId, proposalId, year);
      const current = evaluations.find((e) => e.evaluatorId === me.stakeholderId);
      if (current) {
        if (!isActive(current)) throw new ForbiddenError('You declined to evaluate this proposal');
        if (valid.version == null || valid.version !== current.version) throw new StaleVersionError('evaluation', current.version);
      } else {
        if (round.scorers !== 'MAG_MEMBERS') throw new ForbiddenError('You are not assigned to evaluate this proposal');
        if (valid.version != null) throw new StaleVersionError('evaluation', 0);
      }
      await this.ctx.refuseConflicted(me.stakeholderId, proposal);
      const problem = scoreProblem(
        valid.scores.map((s) => ({ criterion: s.criterion, score: s.score, reason: s.reason ?? undefined })),
        round.criteria,
      );
      if (problem) throw new BadUserInputError(`input.scores.${problem.index}: ${problem.message}`, `input.scores.${problem.index}`);
      const person = current ? undefined : await this.ctx.stakeholders.get(me.stakeholderId);
      const at = this.ctx.now().toISOString();
      const scores = valid.scores.map((s) => ({ criterion: s.criterion, score: s.score, ...(s.reason ? { reason: s.reason } : {}) }));
      const next: Evaluation = {
        ...(current ?? {
          roundId,
          proposalId,
          evaluatorId: me.stakeholderId,
          evaluatorGroup: person!.group,
          evaluatorRegion: person!.region,
          assigned: false,
          assignedAt: at,
          title: proposal.title,
          type: proposal.type,
          themeId: proposal.themeId,
          version: 0,
        }),
        status: 'SUBMITTED',
        scores,
        weighted: weightedScore(scores, round.criteria),
        comment: valid.comment ?? undefined,
        submittedAt: current?.submittedAt ?? at,
        version: (current?.version ?? 0) + 1,
        updatedAt: at,
      };
      const all = [...evaluations.filter((e) => e.evaluatorId !== me.stakeholderId), next];
      const evaluators = current
        ? sheet.evaluators.map((e) => (e.evaluatorId === me.stakeholderId ? { ...e, status: next.status } : e))
        : [...sheet.evaluators, { evaluatorId: me.stakeholderId, group: next.evaluatorGroup, region: next.evaluatorRegion, status: next.status }];
      const nextSheet = this.refigured(sheet, all, round, evaluators, at);
      const increments = this.deltas(sheet, nextSheet, {
        [roundCounter.submitted]: current?.status === 'SUBMITTED' ? 0 : 1,
        ...(current ? {} : { [roundCounter.load(me.stakeholderId)]: 1 }),
      });
      const outcome = await this.store.saveEvaluation(round, { current, next }, { current: sheet, next: nextSheet }, [], increments, this.ctx.now());
      if (outcome === 'round') {
        // Closed, not open yet, or its settings changed since read (then the evaluation is computed again).
        await this.refuseUnlessOpen(round);
        continue;
      }
      if (outcome === 'saved') {
        this.ctx.roundLoader.clear(roundId);
        const view = await this.sheets.sheet(roundId, proposalId);
        if (!view) throw new Error('An evaluator lost sight of the sheet they evaluated');
        return view;
      }
      // A stale sheet (another evaluator wrote meanwhile) is recomputed; a stale evaluation is the caller's.
      const latest = (await this.store.getSheet(roundId, proposalId, true)).evaluations.find((e) => e.evaluatorId === me.stakeholderId);
      if ((latest?.version ?? 0) !== (current?.version ?? 0)) throw new StaleVersionError('evaluation', latest?.version ?? 0);
    }
    throw new ServiceUnavailableError('The proposal’s evaluation is changing; retry shortly', { retriable: true });
  }

  /** An evaluator declares a conflict of interest or abstains; a replacement is assigned in the same transaction. */
  async decline(input: DeclineEvaluationInput): Promise<{ evaluation: Evaluation; replacementAssigned: boolean }> {
    const valid = parseInput(declineInput, input);
    const { roundId, proposalId, year } = sheetIdOf(valid.sheetId);
    await authorize(this.ctx.caller, { type: 'evaluation.score', year });
    const me = await this.ctx.me();
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const { round, sheet, proposal, evaluations } = await this.writable(roundId, proposalId, year);
      const current = evaluations.find((e) => e.evaluatorId === me.stakeholderId);
      if (!current || !isActive(current)) throw new ForbiddenError('You are not evaluating this proposal');
      if (valid.version !== current.version) throw new StaleVersionError('evaluation', current.version);
      const at = this.ctx.now().toISOString();
      const next: Evaluation = {
        ...current,
        status: valid.reason === 'CONFLICT_OF_INTEREST' ? 'CONFLICT' : 'ABSTAINED',
        declined: { reason: valid.reason, statement: valid.statement, at },
        version: current.version + 1,
        updatedAt: at,
      };
      let added: Evaluation[] = [];
      if (current.assigned) {
        const roster = await this.ctx.stakeholders.magMembersOf(year);
        const people = await this.ctx.affiliated([...new Set([...roster.map((m) => m.stakeholderId), ...this.ctx.involved(proposal)])]);
        const members: Candidate[] = roster.map((m) => ({ id: m.stakeholderId, group: m.group, region: m.region }));
        const stillActive = sheet.evaluators.filter((e) => isActive(e) && e.evaluatorId !== me.stakeholderId);
        const plan = planAssignments(
          [
            {
              proposalId,
              active: stillActive.map((e) => ({ id: e.evaluatorId, group: e.group, region: e.region })),
              excluded: new Set(sheet.evaluators.map((e) => e.evaluatorId)),
              conflicted: new Set(
                this.ctx.conflicted(
                  members.map((m) => m.id),
                  proposal,
                  people,
                ),
              ),
            },
          ],
          members,
          round.assignment,
          new Map(members.map((m) => [m.id, round.counts[roundCounter.load(m.id)] ?? 0])),
        );
        added = (plan.assignments.get(proposalId) ?? []).map((m) => ({
          roundId,
          proposalId,
          evaluatorId: m.id,
          evaluatorGroup: m.group,
          evaluatorRegion: m.region,
          status: 'ASSIGNED' as const,
          assigned: true,
          assignedAt: at,
          title: proposal.title,
          type: proposal.type,
          themeId: proposal.themeId,
          version: 1,
          updatedAt: at,
        }));
      }
      const evaluators = [
        ...sheet.evaluators.map((e) => (e.evaluatorId === me.stakeholderId ? { ...e, status: next.status } : e)),
        ...added.map((e) => ({ evaluatorId: e.evaluatorId, group: e.evaluatorGroup, region: e.evaluatorRegion, status: e.status })),
      ];
      const all = [...evaluations.filter((e) => e.evaluatorId !== me.stakeholderId), next, ...added];
      const nextSheet = this.refigured(sheet, all, round, evaluators, at);
      const extra: Record<string, number> = {
        [roundCounter.declined]: 1,
        [roundCounter.load(me.stakeholderId)]: -1,
        ...(next.status === 'CONFLICT' ? { [roundCounter.conflicts]: 1 } : {}),
        ...(current.status === 'SUBMITTED' ? { [roundCounter.submitted]: -1 } : {}),
      };
      for (const e of added) {
        extra[roundCounter.assigned] = (extra[roundCounter.assigned] ?? 0) + 1;
        extra[roundCounter.load(e.evaluatorId)] = (extra[roundCounter.load(e.evaluatorId)] ?? 0) + 1;
      }
      const outcome = await this.store.saveEvaluation(
        round,
        { current, next },
        { current: sheet, next: nextSheet },
        added,
        this.deltas(sheet, nextSheet, extra),
        this.ctx.now(),
      );
      if (outcome === 'round') {
        // Closed, not open yet, or its settings changed since read (then the evaluation is computed again).
        await this.refuseUnlessOpen(round);
        continue;
      }
      if (outcome === 'saved') {
        this.ctx.roundLoader.clear(roundId);
        return { evaluation: next, replacementAssigned: added.length > 0 };
      }
      const latest = (await this.store.getSheet(roundId, proposalId, true)).evaluations.find((e) => e.evaluatorId === me.stakeholderId);
      if (latest?.version !== current.version) throw new StaleVersionError('evaluation', latest?.version ?? 0);
    }
    throw new ServiceUnavailableError('The proposal’s evaluation is changing; retry shortly', { retriable: true });
  }

  // ── helpers ──

  /** The round, sheet, proposal and evaluations for a write, read consistently; refuses a round that is not open. */
  private async writable(roundId: string, proposalId: string, year: number) {
    const [round, read] = await Promise.all([this.store.getRoundConsistent(year, roundId), this.store.getSheet(roundId, proposalId, true)]);
    if (!round || !read.sheet || !read.proposal) throw new NotFoundError('No such proposal in this evaluation round');
    const status = this.ctx.status(round);
    if (status === 'SCHEDULED') throw new NotOpenError(`The round opens at ${round.opensAt}`);
    if (status === 'CLOSED') throw new DeadlinePassedError(`The round closed at ${round.closesAt}`);
    return { round, sheet: read.sheet, proposal: read.proposal, evaluations: read.evaluations };
  }

  private refigured(
    sheet: EvaluationSheet,
    evaluations: readonly Evaluation[],
    round: EvaluationRound,
    evaluators: EvaluationSheet['evaluators'],
    at: string,
  ): EvaluationSheet {
    return { ...sheet, ...figuresOf(evaluations, round.criteria, round.assignment.rankedAfter), evaluators, version: sheet.version + 1, updatedAt: at };
  }

  /** The round's counters that follow a sheet's figures: ranked proposals and the agreement sums. */
  private deltas(before: SheetFigures, after: SheetFigures, extra: Record<string, number>): Record<string, number> {
    const milli = (value: number | undefined) => (value === undefined ? 0 : Math.round(value * 1000));
    return {
      ...extra,
      [roundCounter.ranked]: Number(after.ranked) - Number(before.ranked),
      [roundCounter.agreementProposals]: Number(after.pairwise !== undefined) - Number(before.pairwise !== undefined),
      [roundCounter.agreementSumMilli]: milli(after.pairwise) - milli(before.pairwise),
    };
  }

  /** Refuses a round that is not open (any more); returns when it is open (its settings changed). */
  private async refuseUnlessOpen(round: EvaluationRound): Promise<void> {
    const latest = await this.store.getRoundConsistent(round.year, round.id);
    const status = latest ? this.ctx.status(latest) : 'CLOSED';
    if (status === 'SCHEDULED') throw new NotOpenError(`The round opens at ${latest?.opensAt ?? round.opensAt}`);
    if (status === 'CLOSED') throw new DeadlinePassedError(`The round closed at ${latest?.closesAt ?? round.closesAt}`);
  }
}
