/**
 * Rules for evaluation rounds (secretariat): creating one by the clock with
 * its permissions, criteria and assignment rules (idempotent), changing its
 * settings at its version while its state allows, and releasing a closed
 * round's feedback to proposers. Talks to the evaluation store.
 */
import type * as z from 'zod';
import { actingUserId } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import {
  BadUserInputError,
  ConflictError,
  DeadlinePassedError,
  NotFoundError,
  NotOpenError,
  ServiceUnavailableError,
  StaleVersionError,
} from '../../core/errors';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import type { EvaluationContext } from './evaluation.context';
import type { RoundGuards } from './evaluation.store';
import {
  createRoundInput,
  digest,
  releaseInput,
  roundIdOf,
  updateRoundInput,
  type CreateEvaluationRoundInput,
  type UpdateEvaluationRoundInput,
} from './evaluation.inputs';
import {
  DEFAULT_ASSIGNMENT_RULES,
  IGF_2018_CRITERIA,
  roundCounter,
  roundStatus,
  yearOfRoundId,
  type EvaluationRound,
  type EvaluationRoundWithCounts,
} from './evaluation.model';
import { SESSION_TYPES } from './sessions.model';

export class EvaluationRounds {
  private readonly store: EvaluationContext['stores']['evaluation'];

  constructor(private readonly ctx: EvaluationContext) {
    this.store = ctx.stores.evaluation;
  }

  /** A round: public (its settings, counts and agreement). */
  async round(id: string): Promise<EvaluationRoundWithCounts | undefined> {
    return yearOfRoundId(id) === undefined ? undefined : this.ctx.roundLoader.load(id);
  }

  roundByGlobalId(globalId: string): Promise<EvaluationRoundWithCounts | undefined> {
    return this.round(internalId(globalId, 'EvaluationRound'));
  }

  roundsOf(year: number, first?: number | null, after?: string | null): Promise<Page<EvaluationRoundWithCounts>> {
    return this.store.listRounds(year, pageSize(first), after);
  }

  async createRound(input: CreateEvaluationRoundInput): Promise<EvaluationRoundWithCounts> {
    await authorize(this.ctx.caller, { type: 'evaluation.manage' });
    const valid = parseInput(createRoundInput, input);
    const yearText = internalId(valid.programmeId, 'Programme', 'input.programmeId');
    if (!/^\d{4}$/.test(yearText)) throw new BadUserInputError('"input.programmeId" is not a valid id', 'input.programmeId');
    const year = Number(yearText);
    const now = this.ctx.now();
    if (valid.closesAt <= valid.opensAt) throw new BadUserInputError('input.closesAt: must be after opensAt', 'input.closesAt');
    if (valid.closesAt <= now.toISOString()) throw new BadUserInputError('input.closesAt: must be in the future', 'input.closesAt');
    const criteria = valid.criteria ?? IGF_2018_CRITERIA;
    const codes = new Set(criteria.map((c) => c.code));
    if (codes.size !== criteria.length) throw new BadUserInputError('input.criteria: a criterion code is used twice', 'input.criteria');
    const assignment = {
      evaluatorsPerProposal: valid.evaluatorsPerProposal ?? DEFAULT_ASSIGNMENT_RULES.evaluatorsPerProposal,
      minGroups: valid.minGroups ?? DEFAULT_ASSIGNMENT_RULES.minGroups,
      minRegions: valid.minRegions ?? DEFAULT_ASSIGNMENT_RULES.minRegions,
      maxPerGroup: valid.maxPerGroup ?? DEFAULT_ASSIGNMENT_RULES.maxPerGroup,
      rankedAfter: valid.rankedAfter ?? DEFAULT_ASSIGNMENT_RULES.rankedAfter,
    };
    for (const [field, value] of [
      ['minGroups', assignment.minGroups],
      ['minRegions', assignment.minRegions],
      ['rankedAfter', assignment.rankedAfter],
    ] as const) {
      if (value > assignment.evaluatorsPerProposal) throw new BadUserInputError(`input.${field}: must be at most evaluatorsPerProposal`, `input.${field}`);
    }
    if (assignment.maxPerGroup * assignment.minGroups < assignment.evaluatorsPerProposal && assignment.maxPerGroup * 6 < assignment.evaluatorsPerProposal) {
      throw new BadUserInputError('input.maxPerGroup: six groups cannot fill the evaluators per proposal', 'input.maxPerGroup');
    }
    const actor = await actingUserId(this.ctx.caller);
    const guardKey = idempotencyGuardKey('createEvaluationRound', actor, valid.idempotencyKey);
    const requestDigest = digest(valid);
    const replay = await this.replayRound(guardKey, requestDigest, year);
    if (replay) return replay;
    const programme = await this.ctx.programmes.get(year);
    if (!programme) throw new NotFoundError('No such programme');
    const call = await this.ctx.proposals.call(year);
    if (!call) throw new ConflictError('The programme has no call for proposals to evaluate', { field: 'input.programmeId' });
    if (valid.opensAt < call.closesAt)
      throw new BadUserInputError(`input.opensAt: the round opens after the call for proposals closes (${call.closesAt})`, 'input.opensAt');
    const at = now.toISOString();
    const round: EvaluationRound = {
      id: `${year}.${newId(now)}`,
      year,
      title: valid.title,
      opensAt: valid.opensAt,
      closesAt: valid.closesAt,
      blind: valid.blind ?? true,
      scorers: valid.scorers ?? 'ASSIGNED_EVALUATORS',
      scoresVisible: valid.scoresVisible ?? 'AFTER_OWN_EVALUATION',
      criteria: criteria.map((c) => ({ code: c.code, title: c.title, weight: c.weight })),
      assignment,
      types: valid.types ? [...new Set(valid.types)] : SESSION_TYPES.filter((t) => t.competitive).map((t) => t.code),
      createdBy: actor,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if ((await this.store.createRound(round, { key: guardKey, requestDigest }, now)) === 'replayed') {
      const again = await this.replayRound(guardKey, requestDigest, year);
      if (again) return again;
      throw new ServiceUnavailableError('The earlier request with this idempotency key is still being processed; retry shortly', { retriable: true });
    }
    const created = { ...round, counts: {} };
    this.ctx.roundLoader.prime(round.id, created);
    return created;
  }

  /**
   * Changes a round's settings at its version: its title and closing any time before it closes; its opening before
   * it opens; who sees others' scores, any time before it closes; its blindness before any evaluator is assigned
   * (every sheet carries it); its criteria and weights before any evaluation is in. The state is checked in the
   * write itself, so a concurrent assignment or evaluation either comes first (and the change is refused) or
   * comes after (and is computed again on the new settings).
   */
  async updateRound(input: UpdateEvaluationRoundInput): Promise<EvaluationRoundWithCounts> {
    await authorize(this.ctx.caller, { type: 'evaluation.manage' });
    const valid = parseInput(updateRoundInput, input);
    const { year, id } = roundIdOf(valid.roundId, 'input.roundId');
    const changes = {
      title: valid.title,
      opensAt: valid.opensAt,
      closesAt: valid.closesAt,
      blind: valid.blind,
      scoresVisible: valid.scoresVisible,
      criteria: valid.criteria,
    };
    if (Object.values(changes).every((v) => v == null)) throw new BadUserInputError('input: name at least one setting to change', 'input');
    const criteria = valid.criteria?.map((c) => ({ code: c.code, title: c.title, weight: c.weight }));
    if (criteria && new Set(criteria.map((c) => c.code)).size !== criteria.length)
      throw new BadUserInputError('input.criteria: a criterion code is used twice', 'input.criteria');
    const current = await this.store.getRoundConsistent(year, id);
    if (!current) throw new NotFoundError('No such evaluation round');
    if (current.version !== valid.version) throw new StaleVersionError('evaluation round', current.version);
    const now = this.ctx.now();
    const { counts, ...settings } = current;
    const next: EvaluationRound = {
      ...settings,
      ...(valid.title != null ? { title: valid.title } : {}),
      ...(valid.opensAt != null ? { opensAt: valid.opensAt } : {}),
      ...(valid.closesAt != null ? { closesAt: valid.closesAt } : {}),
      ...(valid.blind != null ? { blind: valid.blind } : {}),
      ...(valid.scoresVisible != null ? { scoresVisible: valid.scoresVisible } : {}),
      ...(criteria ? { criteria } : {}),
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    const guards = {
      openAt: now,
      scheduled: next.opensAt !== current.opensAt,
      noEvaluations: criteria !== undefined && JSON.stringify(criteria) !== JSON.stringify(current.criteria),
      noAssignments: next.blind !== current.blind,
    };
    // The input first (as in createEvaluationRound), then the state.
    if (next.closesAt <= next.opensAt)
      throw new BadUserInputError('input.closesAt: must be after opensAt', valid.closesAt != null ? 'input.closesAt' : 'input.opensAt');
    if (valid.closesAt != null && next.closesAt <= now.toISOString()) throw new BadUserInputError('input.closesAt: must be in the future', 'input.closesAt');
    if (guards.scheduled) {
      const call = await this.ctx.proposals.call(year);
      if (call && next.opensAt < call.closesAt)
        throw new BadUserInputError(`input.opensAt: the round opens after the call for proposals closes (${call.closesAt})`, 'input.opensAt');
    }
    this.refuseInState(current, guards, counts);
    if ((await this.store.updateRoundSettings(next, current.version, guards)) === 'refused') {
      // Someone wrote first: say what changed (the version, the clock, an assignment or an evaluation).
      const latest = await this.store.getRoundConsistent(year, id);
      if (!latest) throw new NotFoundError('No such evaluation round');
      if (latest.version !== current.version) throw new StaleVersionError('evaluation round', latest.version);
      this.refuseInState(latest, { ...guards, openAt: this.ctx.now() }, latest.counts);
      throw new StaleVersionError('evaluation round', latest.version);
    }
    const saved = { ...next, counts };
    this.ctx.roundLoader.clear(id).prime(id, saved);
    return saved;
  }

  /** The refusals of a settings change by the round's state: closed; opened (its opening); assigned (its blindness); evaluated (its criteria). */
  private refuseInState(round: EvaluationRound, guards: RoundGuards, counts: Readonly<Record<string, number>>): void {
    const status = roundStatus(round, guards.openAt);
    if (status === 'CLOSED') throw new DeadlinePassedError(`The round closed at ${round.closesAt}: its settings are final`);
    if (guards.scheduled && status !== 'SCHEDULED')
      throw new ConflictError(`The round opened at ${round.opensAt}: its opening can no longer move`, { field: 'input.opensAt' });
    if (guards.noAssignments && (counts[roundCounter.assigned] ?? 0) > 0) {
      throw new ConflictError('Evaluators are assigned already: the round’s blindness can no longer change', { field: 'input.blind' });
    }
    if (guards.noEvaluations && (counts[roundCounter.submitted] ?? 0) > 0) {
      throw new ConflictError('Evaluations are in already: the round’s criteria and weights can no longer change', { field: 'input.criteria' });
    }
  }

  /** After the round closes, the secretariat releases the per-criterion medians and reason codes to proposers. */
  async releaseFeedback(input: z.input<typeof releaseInput>): Promise<EvaluationRoundWithCounts> {
    await authorize(this.ctx.caller, { type: 'evaluation.manage' });
    const valid = parseInput(releaseInput, input);
    const { year, id } = roundIdOf(valid.roundId, 'input.roundId');
    const current = await this.store.getRoundConsistent(year, id);
    if (!current) throw new NotFoundError('No such evaluation round');
    if (current.version !== valid.version) throw new StaleVersionError('evaluation round', current.version);
    if (this.ctx.status(current) !== 'CLOSED') throw new NotOpenError(`Feedback is released after the round closes at ${current.closesAt}`);
    if (current.feedbackReleasedAt) throw new ConflictError('The feedback of this round is released already');
    const at = this.ctx.now().toISOString();
    const { counts, ...settings } = current;
    const next: EvaluationRound = { ...settings, feedbackReleasedAt: at, version: current.version + 1, updatedAt: at };
    if ((await this.store.saveRound(next, current.version)) === 'stale') {
      const latest = await this.store.getRoundConsistent(year, id);
      throw new StaleVersionError('evaluation round', latest?.version ?? current.version);
    }
    const saved = { ...next, counts };
    this.ctx.roundLoader.clear(id).prime(id, saved);
    return saved;
  }

  private async replayRound(key: ItemKey, requestDigest: string, year: number): Promise<EvaluationRoundWithCounts | undefined> {
    const earlier = await this.store.findIdempotentResult(key);
    if (!earlier) return undefined;
    if (earlier.requestDigest !== requestDigest)
      throw new ConflictError('This idempotency key was used for a different request', { field: 'input.idempotencyKey' });
    return this.store.getRoundConsistent(year, earlier.resultId);
  }
}
