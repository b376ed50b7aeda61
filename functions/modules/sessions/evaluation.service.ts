/**
 * Rules for the MAG's evaluation of eligible proposals: rounds (secretariat)
 * that open and close by the clock, with their own permissions; balanced
 * assignment of evaluators in term (idempotent, conflicts of interest from
 * the registry excluded, replacements when one declines); evaluations with a
 * reason code for every score of 3 or less, editable at their version until
 * the round closes; the sheet of a proposal as each caller may see it (blind
 * rounds hide who proposes and speaks from everyone but the secretariat;
 * others' scores stay hidden until one's own is in); the ranked board; and
 * the feedback proposers get (medians and reason codes, never single scores).
 * Talks to the evaluation store and the sessions store; reads the registry,
 * programmes and themes through their services; asks the policy.
 */
import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { actingUserId, isSecretariat, type Caller, type StoredRoles } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { BadUserInputError, ConflictError, DeadlinePassedError, ForbiddenError, NotFoundError, NotOpenError, ServiceUnavailableError, StaleVersionError, UnauthenticatedError } from '../../core/errors';
import { findIdempotentResult, idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import { stakeholderKeys, type ItemKey } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput, text } from '../../core/validation';
import type { ProgrammeService } from '../programme';
import { identityKey, rolesFromIdentity, stakeholderFromItem, type Stakeholder, type StakeholderService } from '../stakeholders';
import { planAssignments, type Candidate } from './assignment.model';
import {
  DECLINE_REASONS,
  DEFAULT_ASSIGNMENT_RULES,
  IGF_2018_CRITERIA,
  LOW_SCORE_REASONS,
  SCORERS,
  SCORE_VISIBILITIES,
  figuresOf,
  hasRegistryConflict,
  isActive,
  isDevelopingCountry,
  parseSheetId,
  roundCounter,
  roundStatus,
  scoreProblem,
  weightedScore,
  yearOfRoundId,
  type Affiliated,
  type Evaluation,
  type EvaluationRound,
  type EvaluationRoundStatus,
  type EvaluationRoundWithCounts,
  type EvaluationSheet,
  type SheetFigures,
} from './evaluation.model';
import * as store from './evaluation.store';
import type { ProposalService } from './proposal.service';
import { SESSION_TYPES, SESSION_TYPE_CODES, diversityOf, yearOfProposalId, type Diversity, type Proposal, type ProposalCallWithCounts } from './sessions.model';
import { callFromItem, listProposalsOfProposer, proposalsOfYearInStatus } from './sessions.store';
import { sessionKeys } from './sessions.keys';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const count = (min: number, max: number) => z.number().int().min(min, `must be ${min}..${max}`).max(max, `must be ${min}..${max}`);
const idempotencyKey = z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters');

const criterionInput = z.lazy(() => z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be 2..40 capitals, digits or _'),
  title: text(3, 200),
  weight: z.number().min(0.1, 'must be 0.1..10').max(10, 'must be 0.1..10'),
}));

const createRoundInput = z.lazy(() => z.object({
  programmeId: z.string(),
  title: text(3, 200),
  opensAt: instant,
  closesAt: instant,
  blind: z.boolean().nullish(),
  scorers: z.enum(SCORERS).nullish(),
  scoresVisible: z.enum(SCORE_VISIBILITIES).nullish(),
  criteria: z.array(criterionInput).min(1, 'must list 1..12 criteria').max(12, 'must list 1..12 criteria').nullish(),
  evaluatorsPerProposal: count(1, 12).nullish(),
  minGroups: count(1, 6).nullish(),
  minRegions: count(1, 5).nullish(),
  maxPerGroup: count(1, 12).nullish(),
  rankedAfter: count(1, 12).nullish(),
  types: z.array(z.enum(SESSION_TYPE_CODES)).min(1, 'must name at least one session type').max(SESSION_TYPE_CODES.length).nullish(),
  idempotencyKey,
}));
const roundOnlyInput = z.lazy(() => z.object({ roundId: z.string() }));
const releaseInput = z.lazy(() => z.object({ roundId: z.string(), version: z.number().int().min(1) }));
const scoreInput = z.lazy(() => z.object({ criterion: z.string().max(40, 'must be at most 40 characters'), score: count(1, 5), reason: z.enum(LOW_SCORE_REASONS).nullish() }));
const submitInput = z.lazy(() => z.object({
  sheetId: z.string(),
  version: z.number().int().min(1).nullish(),
  scores: z.array(scoreInput).min(1, 'must score every criterion').max(12, 'must score every criterion once'),
  comment: text(1, 2000).nullish(),
}));
const declineInput = z.lazy(() => z.object({ sheetId: z.string(), version: z.number().int().min(1), reason: z.enum(DECLINE_REASONS), statement: text(5, 2000) }));

export type CreateEvaluationRoundInput = z.input<typeof createRoundInput>;
export type SubmitEvaluationInput = z.input<typeof submitInput>;
export type DeclineEvaluationInput = z.input<typeof declineInput>;

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

/** A proposal in a round as one caller may see it: what the sheet's field resolvers read. */
export interface SheetView {
  readonly round: EvaluationRoundWithCounts;
  readonly sheet: EvaluationSheet;
  readonly proposal: Proposal;
  readonly diversity: Diversity;
  /** The evaluations the caller may see (their own always; others' once allowed; all for the secretariat). */
  readonly evaluations: readonly Evaluation[];
  readonly viewerId: string | undefined;
  /** Whether proposers' and speakers' identities show (never in a blind round, but to the secretariat). */
  readonly identities: boolean;
  /** Whether the figures and others' scores show. */
  readonly othersVisible: boolean;
  /** Whether the evaluators, conflicts and abstentions show (secretariat). */
  readonly internal: boolean;
}

export interface AssignmentResult {
  readonly roundId: string;
  readonly proposals: number;
  readonly assigned: number;
  readonly shortfalls: readonly { readonly proposalId: string; readonly missing: number; readonly groups: number; readonly regions: number }[];
}

export interface EvaluationFeedback {
  readonly round: EvaluationRoundWithCounts;
  readonly figures: SheetFigures;
}

/** Concurrent evaluations of one proposal each rewrite its sheet: one computed from a stale sheet is recomputed. */
const WRITE_ATTEMPTS = 6;
const CONCURRENT_READS = 16;

async function inBatches<T, R>(values: readonly T[], size: number, each: (value: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < values.length; start += size) results.push(...(await Promise.all(values.slice(start, start + size).map(each))));
  return results;
}

export function roundIdOf(globalId: string, field = 'roundId'): { year: number; id: string } {
  const id = internalId(globalId, 'EvaluationRound', field);
  const year = yearOfRoundId(id);
  if (year === undefined) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return { year, id };
}

function sheetIdOf(globalId: string, field = 'input.sheetId'): { roundId: string; proposalId: string; year: number } {
  const parsed = parseSheetId(internalId(globalId, 'EvaluationSheet', field));
  if (!parsed) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return { ...parsed, year: yearOfRoundId(parsed.roundId)! };
}

export class EvaluationService {
  readonly roundLoader: DataLoader<string, EvaluationRoundWithCounts | undefined>;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly proposals: ProposalService,
    private readonly stakeholders: Pick<StakeholderService, 'get' | 'getMany' | 'magMembersOf' | 'loader'>,
    private readonly programmes: Pick<ProgrammeService, 'get'>,
  ) {
    // A caller whose roles are not read yet gets them in the rounds' request (a board or a sheet decides on them).
    this.roundLoader = new DataLoader(
      async (ids) => {
        const withRoles = caller.kind === 'user' && caller.primeRoles !== undefined && caller.rolesRequested?.() === false;
        const rounds = ids.map((id) => ({ id, year: yearOfRoundId(id) ?? 0 }));
        const { rounds: found, extra } = await store.getRoundsWith(rounds, withRoles && caller.kind === 'user' ? [identityKey(caller.subject)] : [], withRoles);
        if (withRoles && caller.kind === 'user') caller.primeRoles?.(rolesFromIdentity(extra[0]));
        return found;
      },
      { maxBatchSize: 99 },
    );
  }

  // ── rounds ──

  /** A round: public (its settings, counts and agreement). */
  async round(id: string): Promise<EvaluationRoundWithCounts | undefined> {
    return yearOfRoundId(id) === undefined ? undefined : this.roundLoader.load(id);
  }

  roundByGlobalId(globalId: string): Promise<EvaluationRoundWithCounts | undefined> {
    return this.round(internalId(globalId, 'EvaluationRound'));
  }

  status(round: EvaluationRound): EvaluationRoundStatus {
    return roundStatus(round, this.now());
  }

  roundsOf(year: number, first?: number | null, after?: string | null): Promise<Page<EvaluationRoundWithCounts>> {
    return store.listRounds(year, pageSize(first), after);
  }

  async createRound(input: CreateEvaluationRoundInput): Promise<EvaluationRoundWithCounts> {
    await authorize(this.caller, { type: 'evaluation.manage' });
    const valid = parseInput(createRoundInput, input);
    const yearText = internalId(valid.programmeId, 'Programme', 'input.programmeId');
    if (!/^\d{4}$/.test(yearText)) throw new BadUserInputError('"input.programmeId" is not a valid id', 'input.programmeId');
    const year = Number(yearText);
    const now = this.now();
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
    for (const [field, value] of [['minGroups', assignment.minGroups], ['minRegions', assignment.minRegions], ['rankedAfter', assignment.rankedAfter]] as const) {
      if (value > assignment.evaluatorsPerProposal) throw new BadUserInputError(`input.${field}: must be at most evaluatorsPerProposal`, `input.${field}`);
    }
    if (assignment.maxPerGroup * assignment.minGroups < assignment.evaluatorsPerProposal && assignment.maxPerGroup * 6 < assignment.evaluatorsPerProposal) {
      throw new BadUserInputError('input.maxPerGroup: six groups cannot fill the evaluators per proposal', 'input.maxPerGroup');
    }
    const actor = await actingUserId(this.caller);
    const guardKey = idempotencyGuardKey('createEvaluationRound', actor, valid.idempotencyKey);
    const requestDigest = digest(valid);
    const replay = await this.replayRound(guardKey, requestDigest, year);
    if (replay) return replay;
    const programme = await this.programmes.get(year);
    if (!programme) throw new NotFoundError('No such programme');
    const call = await this.proposals.call(year);
    if (!call) throw new ConflictError('The programme has no call for proposals to evaluate', { field: 'input.programmeId' });
    if (valid.opensAt < call.closesAt) throw new BadUserInputError(`input.opensAt: the round opens after the call for proposals closes (${call.closesAt})`, 'input.opensAt');
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
    if ((await store.createRound(round, { key: guardKey, requestDigest }, now)) === 'replayed') {
      const again = await this.replayRound(guardKey, requestDigest, year);
      if (again) return again;
      throw new ServiceUnavailableError('The earlier request with this idempotency key is still being processed; retry shortly', { retriable: true });
    }
    const created = { ...round, counts: {} };
    this.roundLoader.prime(round.id, created);
    return created;
  }

  /** After the round closes, the secretariat releases the per-criterion medians and reason codes to proposers. */
  async releaseFeedback(input: z.input<typeof releaseInput>): Promise<EvaluationRoundWithCounts> {
    await authorize(this.caller, { type: 'evaluation.manage' });
    const valid = parseInput(releaseInput, input);
    const { year, id } = roundIdOf(valid.roundId, 'input.roundId');
    const current = await store.getRoundConsistent(year, id);
    if (!current) throw new NotFoundError('No such evaluation round');
    if (current.version !== valid.version) throw new StaleVersionError('evaluation round', current.version);
    if (this.status(current) !== 'CLOSED') throw new NotOpenError(`Feedback is released after the round closes at ${current.closesAt}`);
    if (current.feedbackReleasedAt) throw new ConflictError('The feedback of this round is released already');
    const at = this.now().toISOString();
    const { counts, ...settings } = current;
    const next: EvaluationRound = { ...settings, feedbackReleasedAt: at, version: current.version + 1, updatedAt: at };
    if ((await store.saveRound(next, current.version)) === 'stale') {
      const latest = await store.getRoundConsistent(year, id);
      throw new StaleVersionError('evaluation round', latest?.version ?? current.version);
    }
    const saved = { ...next, counts };
    this.roundLoader.clear(id).prime(id, saved);
    return saved;
  }

  // ── assignment ──

  /**
   * Gives every eligible proposal of the round's types its quota of evaluators (balanced, no conflicts of
   * interest, the workload even). Idempotent: proposals that have their quota get nobody new.
   */
  async assign(input: z.input<typeof roundOnlyInput>): Promise<AssignmentResult> {
    await authorize(this.caller, { type: 'evaluation.manage' });
    const valid = parseInput(roundOnlyInput, input);
    const { year, id } = roundIdOf(valid.roundId, 'input.roundId');
    const round = await store.getRoundConsistent(year, id);
    if (!round) throw new NotFoundError('No such evaluation round');
    if (this.status(round) === 'CLOSED') throw new DeadlinePassedError(`The round closed at ${round.closesAt}`);
    const [eligible, sheets, roster] = await Promise.all([proposalsOfYearInStatus(year, 'ELIGIBLE'), store.allSheets(id), this.stakeholders.magMembersOf(year)]);
    const proposals = eligible.filter((p) => round.types.includes(p.type));
    const bySheet = new Map(sheets.map((s) => [s.proposalId, s]));
    const people = await this.affiliated([...new Set([...roster.map((m) => m.stakeholderId), ...proposals.flatMap((p) => this.involved(p))])]);
    const members: Candidate[] = roster.map((m) => ({ id: m.stakeholderId, group: m.group, region: m.region }));
    const conflictsOf = (p: Proposal) => members.filter((m) => {
      const person = people.get(m.id);
      return person !== undefined && hasRegistryConflict(person, p, people);
    }).map((m) => m.id);
    const loads = new Map(members.map((m) => [m.id, round.counts[roundCounter.load(m.id)] ?? 0]));
    const plan = planAssignments(
      proposals.map((p) => {
        const sheet = bySheet.get(p.id);
        return {
          proposalId: p.id,
          active: (sheet?.evaluators ?? []).filter(isActive).map((e) => ({ id: e.evaluatorId, group: e.group, region: e.region })),
          excluded: new Set((sheet?.evaluators ?? []).map((e) => e.evaluatorId)),
          conflicted: new Set(conflictsOf(p)),
        };
      }),
      members,
      round.assignment,
      loads,
    );
    const fresh = proposals.filter((p) => !bySheet.has(p.id));
    const firstTime = new Map(await inBatches([...new Set(fresh.map((p) => p.proposerId))], CONCURRENT_READS, async (proposerId) => [proposerId, await this.isFirstTimeProposer(proposerId, year)] as const));
    const at = this.now().toISOString();
    const changes: store.SheetChange[] = [];
    for (const p of proposals) {
      const current = bySheet.get(p.id);
      const picked = plan.assignments.get(p.id) ?? [];
      if (current && picked.length === 0) continue;
      const added: Evaluation[] = picked.map((m) => ({
        roundId: id,
        proposalId: p.id,
        evaluatorId: m.id,
        evaluatorGroup: m.group,
        evaluatorRegion: m.region,
        status: 'ASSIGNED',
        assigned: true,
        assignedAt: at,
        title: p.title,
        type: p.type,
        themeId: p.themeId,
        version: 1,
        updatedAt: at,
      }));
      const evaluators = [...(current?.evaluators ?? []), ...picked.map((m) => ({ evaluatorId: m.id, group: m.group, region: m.region, status: 'ASSIGNED' as const }))];
      const proposer = people.get(p.proposerId) as (Affiliated & { country?: string }) | undefined;
      const next: EvaluationSheet = current
        ? { ...current, evaluators, conflicted: conflictsOf(p), version: current.version + 1, updatedAt: at }
        : {
            roundId: id,
            proposalId: p.id,
            year,
            title: p.title,
            type: p.type,
            themeId: p.themeId,
            equity: { firstTimeProposer: firstTime.get(p.proposerId) ?? true, developingCountryProposer: proposer?.country !== undefined && isDevelopingCountry(proposer.country) },
            blind: round.blind,
            evaluators,
            conflicted: conflictsOf(p),
            ...figuresOf([], round.criteria, round.assignment.rankedAfter),
            version: 1,
            updatedAt: at,
          };
      changes.push({ current, next, added });
    }
    const increments = (chunk: readonly store.SheetChange[]) => {
      const counts: Record<string, number> = {};
      for (const c of chunk) {
        for (const e of c.added) {
          counts[roundCounter.assigned] = (counts[roundCounter.assigned] ?? 0) + 1;
          counts[roundCounter.load(e.evaluatorId)] = (counts[roundCounter.load(e.evaluatorId)] ?? 0) + 1;
        }
      }
      return counts;
    };
    const outcome = await store.saveAssignments(round, changes, increments, this.now());
    if (outcome === 'closed') throw new DeadlinePassedError(`The round closed at ${round.closesAt}`);
    if (outcome === 'stale') throw new ConflictError('A proposal’s evaluators changed during assignment; assign again (assignments made are kept)');
    this.roundLoader.clear(id);
    return { roundId: id, proposals: proposals.length, assigned: changes.reduce((n, c) => n + c.added.length, 0), shortfalls: plan.shortfalls };
  }

  // ── the sheet of a proposal ──

  getSheetByGlobalId(globalId: string): Promise<SheetView | undefined> {
    return this.getSheetByInternalId(internalId(globalId, 'EvaluationSheet'));
  }

  getSheetByInternalId(id: string): Promise<SheetView | undefined> {
    const parsed = parseSheetId(id);
    return parsed ? this.sheet(parsed.roundId, parsed.proposalId) : Promise.resolve(undefined);
  }

  /**
   * A proposal in a round as the caller may see it, in two requests: one Query of the proposal's item collection
   * (the proposal, its sheet and evaluations), then one BatchGetItem of the round, the call (the diversity rules),
   * the caller's roles and — only where names may show — the panel's people.
   */
  async sheet(roundId: string, proposalId: string): Promise<SheetView | undefined> {
    const year = yearOfRoundId(roundId);
    if (year === undefined || yearOfProposalId(proposalId) === undefined) return undefined;
    const read = await store.getSheet(roundId, proposalId);
    if (!read.sheet || !read.proposal) return undefined;
    const { proposal, sheet } = read;
    const mayShowNames = !sheet.blind || isSecretariat(this.caller);
    const withRoles = this.caller.kind === 'user' && this.caller.primeRoles !== undefined && this.caller.rolesRequested?.() === false;
    const extra: ItemKey[] = [
      sessionKeys.call(proposal.year),
      ...(withRoles && this.caller.kind === 'user' ? [identityKey(this.caller.subject)] : []),
      // Names are fetched only where they may show: a blind round's evaluators never cause a read of the people.
      ...(mayShowNames ? this.involved(proposal).map((pid) => stakeholderKeys.item(pid)) : []),
    ];
    const { rounds, extra: items } = await store.getRoundsWith([{ year, id: roundId }], extra, withRoles);
    const [callItem, ...rest] = items;
    const call = callItem ? callFromItem(callItem) : undefined;
    if (call) this.proposals.callLoader.clear(call.year).prime(call.year, call);
    if (withRoles && this.caller.kind === 'user') this.caller.primeRoles?.(rolesFromIdentity(rest.shift()));
    for (const item of rest) {
      if (item?.entity === 'Stakeholder') {
        const person = stakeholderFromItem(item);
        this.stakeholders.loader.clear(person.id).prime(person.id, person);
      }
    }
    const round = rounds[0];
    if (!round || !call) return undefined;
    this.roundLoader.clear(roundId).prime(roundId, round);
    return this.view(round, sheet, proposal, read.evaluations, call);
  }

  private async view(round: EvaluationRoundWithCounts, sheet: EvaluationSheet, proposal: Proposal, evaluations: readonly Evaluation[], call: ProposalCallWithCounts): Promise<SheetView | undefined> {
    const active = sheet.evaluators.filter(isActive).map((e) => e.evaluatorId);
    const allowed = await can(this.caller, {
      type: 'evaluation.readSheet',
      year: round.year,
      evaluatorIds: active,
      openToMag: round.scorers === 'MAG_MEMBERS',
      conflictedIds: sheet.conflicted,
    });
    if (!allowed) return undefined;
    const viewerId = this.caller.kind === 'user' ? (await this.caller.roles())?.stakeholderId : undefined;
    const mine = evaluations.find((e) => e.evaluatorId === viewerId);
    const closed = this.status(round) === 'CLOSED';
    const othersVisible = await can(this.caller, { type: 'evaluation.readOthersScores', ownSubmitted: mine?.status === 'SUBMITTED', visibility: round.scoresVisible, closed });
    const internal = await can(this.caller, { type: 'evaluation.readConflicts' });
    const identities = await can(this.caller, { type: 'evaluation.readIdentities', blind: round.blind });
    const visible = internal ? evaluations : othersVisible ? evaluations.filter((e) => e.status === 'SUBMITTED' || e.evaluatorId === viewerId) : mine ? [mine] : [];
    return {
      round,
      sheet,
      proposal,
      diversity: diversityOf(proposal.speakers, call.rules, call.hybrid),
      evaluations: visible,
      viewerId,
      identities,
      othersVisible,
      internal,
    };
  }

  // ── evaluating ──

  async submit(input: SubmitEvaluationInput): Promise<SheetView> {
    const valid = parseInput(submitInput, input);
    const { roundId, proposalId, year } = sheetIdOf(valid.sheetId);
    await authorize(this.caller, { type: 'evaluation.score', year });
    const me = await this.me();
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
      await this.refuseConflicted(me.stakeholderId, proposal);
      const problem = scoreProblem(valid.scores.map((s) => ({ criterion: s.criterion, score: s.score, reason: s.reason ?? undefined })), round.criteria);
      if (problem) throw new BadUserInputError(`input.scores.${problem.index}: ${problem.message}`, `input.scores.${problem.index}`);
      const person = current ? undefined : await this.stakeholders.get(me.stakeholderId);
      const at = this.now().toISOString();
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
      const increments = this.deltas(sheet, nextSheet, { [roundCounter.submitted]: current?.status === 'SUBMITTED' ? 0 : 1, ...(current ? {} : { [roundCounter.load(me.stakeholderId)]: 1 }) });
      const outcome = await store.saveEvaluation(round, { current, next }, { current: sheet, next: nextSheet }, [], increments, this.now());
      if (outcome === 'notOpen') return this.refuseClosedRound(round);
      if (outcome === 'saved') {
        this.roundLoader.clear(roundId);
        const view = await this.sheet(roundId, proposalId);
        if (!view) throw new Error('An evaluator lost sight of the sheet they evaluated');
        return view;
      }
      // A stale sheet (another evaluator wrote meanwhile) is recomputed; a stale evaluation is the caller's.
      const latest = (await store.getSheet(roundId, proposalId, true)).evaluations.find((e) => e.evaluatorId === me.stakeholderId);
      if ((latest?.version ?? 0) !== (current?.version ?? 0)) throw new StaleVersionError('evaluation', latest?.version ?? 0);
    }
    throw new ServiceUnavailableError('The proposal’s evaluation is changing; retry shortly', { retriable: true });
  }

  /** An evaluator declares a conflict of interest or abstains; a replacement is assigned in the same transaction. */
  async decline(input: DeclineEvaluationInput): Promise<{ evaluation: Evaluation; replacementAssigned: boolean }> {
    const valid = parseInput(declineInput, input);
    const { roundId, proposalId, year } = sheetIdOf(valid.sheetId);
    await authorize(this.caller, { type: 'evaluation.score', year });
    const me = await this.me();
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const { round, sheet, proposal, evaluations } = await this.writable(roundId, proposalId, year);
      const current = evaluations.find((e) => e.evaluatorId === me.stakeholderId);
      if (!current || !isActive(current)) throw new ForbiddenError('You are not evaluating this proposal');
      if (valid.version !== current.version) throw new StaleVersionError('evaluation', current.version);
      const at = this.now().toISOString();
      const next: Evaluation = {
        ...current,
        status: valid.reason === 'CONFLICT_OF_INTEREST' ? 'CONFLICT' : 'ABSTAINED',
        declined: { reason: valid.reason, statement: valid.statement, at },
        version: current.version + 1,
        updatedAt: at,
      };
      let added: Evaluation[] = [];
      if (current.assigned) {
        const roster = await this.stakeholders.magMembersOf(year);
        const people = await this.affiliated([...new Set([...roster.map((m) => m.stakeholderId), ...this.involved(proposal)])]);
        const members: Candidate[] = roster.map((m) => ({ id: m.stakeholderId, group: m.group, region: m.region }));
        const stillActive = sheet.evaluators.filter((e) => isActive(e) && e.evaluatorId !== me.stakeholderId);
        const plan = planAssignments(
          [
            {
              proposalId,
              active: stillActive.map((e) => ({ id: e.evaluatorId, group: e.group, region: e.region })),
              excluded: new Set(sheet.evaluators.map((e) => e.evaluatorId)),
              conflicted: new Set(members.filter((m) => { const p = people.get(m.id); return p !== undefined && hasRegistryConflict(p, proposal, people); }).map((m) => m.id)),
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
      const outcome = await store.saveEvaluation(round, { current, next }, { current: sheet, next: nextSheet }, added, this.deltas(sheet, nextSheet, extra), this.now());
      if (outcome === 'notOpen') return this.refuseClosedRound(round);
      if (outcome === 'saved') {
        this.roundLoader.clear(roundId);
        return { evaluation: next, replacementAssigned: added.length > 0 };
      }
      const latest = (await store.getSheet(roundId, proposalId, true)).evaluations.find((e) => e.evaluatorId === me.stakeholderId);
      if (latest?.version !== current.version) throw new StaleVersionError('evaluation', latest?.version ?? 0);
    }
    throw new ServiceUnavailableError('The proposal’s evaluation is changing; retry shortly', { retriable: true });
  }

  // ── lists ──

  /** The caller's queue in a round: to do first (roles, then one Query; the queue shows what the items hold). */
  async queue(roundGlobalId: string, first?: number | null, after?: string | null): Promise<Page<Evaluation>> {
    const { id } = roundIdOf(roundGlobalId);
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to see your evaluation queue');
    const roles = await this.caller.roles();
    if (!roles) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
    return store.listQueue(id, roles.stakeholderId, pageSize(first), after);
  }

  /** A page of the ranked board (the round and the caller's roles in one BatchGetItem, then one Query). */
  async board(roundGlobalId: string, filter: { themeId?: string | null; type?: string | null }, first?: number | null, after?: string | null): Promise<Page<EvaluationSheet>> {
    const { year, id } = roundIdOf(roundGlobalId);
    const round = await this.roundWithRoles(id);
    if (!round) throw new NotFoundError('No such evaluation round');
    await authorize(this.caller, { type: 'evaluation.readBoard', year, closed: this.status(round) === 'CLOSED' });
    const themeId = filter.themeId ? internalId(filter.themeId, 'Theme', 'themeId') : undefined;
    return store.listBoard(id, { themeId, type: filter.type ?? undefined }, pageSize(first), after);
  }

  /** What a proposal's proposer and organisers see of its evaluation, per round, once released: medians and reason codes. */
  async feedback(proposal: Proposal): Promise<EvaluationFeedback[]> {
    const rounds = await store.listRounds(proposal.year, 20);
    const released = rounds.items.filter((r) => r.feedbackReleasedAt);
    const readers = [proposal.proposerId, ...proposal.organiserIds];
    const result: EvaluationFeedback[] = [];
    for (const round of released) {
      if (!(await can(this.caller, { type: 'evaluation.readFeedback', readerIds: readers, released: true }))) continue;
      const { sheet, evaluations } = await store.getSheet(round.id, proposal.id);
      if (sheet) result.push({ round, figures: figuresOf(evaluations, round.criteria, round.assignment.rankedAfter) });
    }
    return result;
  }

  // ── helpers ──

  private async me(): Promise<StoredRoles> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in first');
    const roles = await this.caller.roles();
    if (!roles) throw new ForbiddenError('Register as a stakeholder first');
    return roles;
  }

  private involved(p: Proposal): string[] {
    return [...new Set([p.proposerId, ...p.organiserIds, ...p.speakers.map((s) => s.stakeholderId)])];
  }

  private async affiliated(ids: readonly string[]): Promise<Map<string, Affiliated & { country: string }>> {
    const found: Stakeholder[] = [];
    for (let start = 0; start < ids.length; start += 100) found.push(...(await this.stakeholders.getMany(ids.slice(start, start + 100))));
    return new Map(found.map((s) => [s.id, { id: s.id, kind: s.kind, affiliationId: s.affiliationId, representativeOf: s.representativeOf, country: s.country }]));
  }

  /** A proposer is first-time when none of their proposals of an earlier programme was submitted. */
  private async isFirstTimeProposer(proposerId: string, year: number): Promise<boolean> {
    let after: string | null = null;
    do {
      const page: Page<Proposal> = await listProposalsOfProposer(proposerId, 100, after);
      if (page.items.some((p) => p.year < year && p.status !== 'DRAFT')) return false;
      after = page.hasNextPage ? page.endCursor : null;
    } while (after);
    return true;
  }

  private async refuseConflicted(memberId: string, proposal: Proposal): Promise<void> {
    const people = await this.affiliated([...new Set([memberId, ...this.involved(proposal)])]);
    const member = people.get(memberId);
    if (member && hasRegistryConflict(member, proposal, people)) {
      throw new ForbiddenError('You have a conflict of interest with this proposal (you, or your organisation, organise or speak on it)');
    }
  }

  /** The round, sheet, proposal and evaluations for a write, read consistently; refuses a round that is not open. */
  private async writable(roundId: string, proposalId: string, year: number) {
    const [round, read] = await Promise.all([store.getRoundConsistent(year, roundId), store.getSheet(roundId, proposalId, true)]);
    if (!round || !read.sheet || !read.proposal) throw new NotFoundError('No such proposal in this evaluation round');
    const status = this.status(round);
    if (status === 'SCHEDULED') throw new NotOpenError(`The round opens at ${round.opensAt}`);
    if (status === 'CLOSED') throw new DeadlinePassedError(`The round closed at ${round.closesAt}`);
    return { round, sheet: read.sheet, proposal: read.proposal, evaluations: read.evaluations };
  }

  private refigured(sheet: EvaluationSheet, evaluations: readonly Evaluation[], round: EvaluationRound, evaluators: EvaluationSheet['evaluators'], at: string): EvaluationSheet {
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

  private async refuseClosedRound(round: EvaluationRound): Promise<never> {
    const latest = await store.getRoundConsistent(round.year, round.id);
    const status = latest ? this.status(latest) : 'CLOSED';
    if (status === 'SCHEDULED') throw new NotOpenError(`The round opens at ${round.opensAt}`);
    throw new DeadlinePassedError(`The round closed at ${latest?.closesAt ?? round.closesAt}`);
  }

  /** The round; the loader reads the caller's roles in the same request when they are not read yet. */
  private roundWithRoles(id: string): Promise<EvaluationRoundWithCounts | undefined> {
    return this.round(id);
  }

  private async replayRound(key: ItemKey, requestDigest: string, year: number): Promise<EvaluationRoundWithCounts | undefined> {
    const earlier = await findIdempotentResult(key);
    if (!earlier) return undefined;
    if (earlier.requestDigest !== requestDigest) throw new ConflictError('This idempotency key was used for a different request', { field: 'input.idempotencyKey' });
    return store.getRoundConsistent(year, earlier.resultId);
  }
}

