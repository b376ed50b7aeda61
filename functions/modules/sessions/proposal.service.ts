/**
 * Rules for the call for session proposals and its proposals: scheduling the
 * call (secretariat), drafting a proposal (idempotent, until the call
 * closes), editing it at its version (every save kept as a version),
 * speakers accepting or declining their invitation, submitting only while
 * the call is open and the panel breaks none of the call's diversity rules.
 * A proposal's diversity is computed from its confirmed speakers on every
 * read. Talks to the sessions store; reads programmes, themes, issues,
 * contributions and stakeholders through their services; asks the policy.
 */
import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import {
  BadUserInputError,
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
  NotOpenError,
  RulesBrokenError,
  ServiceUnavailableError,
  StaleVersionError,
  UnauthenticatedError,
} from '../../core/errors';
import { findIdempotentResult, idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { Page } from '../../core/dynamodb/query';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput, text } from '../../core/validation';
import type { ContributionService } from '../consultations';
import type { IssueService, ProgrammeService, ThemeService } from '../programme';
import { identityKey, rolesFromIdentity, type Stakeholder, type StakeholderService } from '../stakeholders';
import {
  ATTENDANCES,
  DEFAULT_DIVERSITY_RULES,
  MAX_DESCRIPTION_WORDS,
  MAX_ORGANISERS,
  MAX_PROMPTS,
  MAX_SPEAKERS,
  MAX_TITLE_CHARACTERS,
  SESSION_FORMATS,
  SESSION_TYPE_CODES,
  SPEAKER_ROLES,
  diversityOf,
  proposalCallCounter,
  proposalCallStatus,
  sessionType,
  wordCount,
  yearOfProposalId,
  type Diversity,
  type Proposal,
  type ProposalCall,
  type ProposalCallStatus,
  type ProposalCallWithCounts,
  type ProposalVersion,
  type Speaker,
} from './sessions.model';
import { DEFAULT_SCREENING_RULES } from './screening.model';
import { PUBLIC_STATUSES } from './selection.model';
import { ProposalFunnel } from './funnel';
import * as defaultStore from './sessions.store';

type SessionStore = typeof defaultStore;

/** Concurrent answers of a panel's speakers each rewrite the proposal: an answer computed from a stale proposal is recomputed. */
const ANSWER_ATTEMPTS = 6;

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const count = (min: number, max: number) => z.number().int().min(min, `must be ${min}..${max}`).max(max, `must be ${min}..${max}`);

const rulesInput = z.lazy(() => z.object({
  minConfirmedSpeakers: count(0, 12).nullish(),
  genderDiverse: z.boolean().nullish(),
  minGroups: count(0, 6).nullish(),
  minRegions: count(0, 5).nullish(),
  minOnsiteSpeakers: count(0, 12).nullish(),
}));

const screeningRulesInput = z.lazy(() => z.object({
  proposalsPerProposer: count(0, 50).nullish(),
  sessionsPerSpeaker: count(0, 50).nullish(),
  magMembersMayNotPropose: z.boolean().nullish(),
  windowDays: count(1, 90).nullish(),
}));

const scheduleInput = z.lazy(() => z.object({
  programmeId: z.string(),
  version: z.number().int().min(1).nullish(),
  opensAt: instant,
  closesAt: instant,
  rules: rulesInput.nullish(),
  screening: screeningRulesInput.nullish(),
}));

const speakerInput = z.lazy(() => z.object({ stakeholderId: z.string(), role: z.enum(SPEAKER_ROLES), attendance: z.enum(ATTENDANCES) }));
const developmentDimension = z.lazy(() => z.object({ linkage: z.enum(['DIRECT', 'INDIRECT', 'NONE']), explanation: text(10, 2000) }));

const proposalFields = {
  type: z.enum(SESSION_TYPE_CODES),
  format: z.enum(SESSION_FORMATS),
  durationMinutes: z.number().int(),
  themeId: z.string(),
  policyQuestions: z.array(z.number().int().min(0)).min(1, 'must name 1..3 of the theme\'s policy questions').max(3, 'must name 1..3 of the theme\'s policy questions'),
  title: text(5, MAX_TITLE_CHARACTERS),
  description: text(20, 3000).refine((value) => wordCount(value) <= MAX_DESCRIPTION_WORDS, `must be at most ${MAX_DESCRIPTION_WORDS} words`),
  developmentDimension,
  interactionPlan: text(10, 2000),
  onlineParticipationPlan: text(10, 2000),
  organiserIds: z.array(z.string()).min(1, `must name 1..${MAX_ORGANISERS} organisers`).max(MAX_ORGANISERS, `must name 1..${MAX_ORGANISERS} organisers`),
  speakers: z.array(speakerInput).max(MAX_SPEAKERS, `must list at most ${MAX_SPEAKERS} speakers`),
  contributionIds: z.array(z.string()).max(MAX_PROMPTS, `must name at most ${MAX_PROMPTS}`).nullish(),
  issueIds: z.array(z.string()).max(MAX_PROMPTS, `must name at most ${MAX_PROMPTS}`).nullish(),
};

const createInput = z.lazy(() => z.object({ callId: z.string(), ...proposalFields, idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters') }));
const updateInput = z.lazy(() => z.object({
  id: z.string(),
  version: z.number().int().min(1),
  type: proposalFields.type.nullish(),
  format: proposalFields.format.nullish(),
  durationMinutes: proposalFields.durationMinutes.nullish(),
  themeId: proposalFields.themeId.nullish(),
  policyQuestions: proposalFields.policyQuestions.nullish(),
  title: proposalFields.title.nullish(),
  description: proposalFields.description.nullish(),
  developmentDimension: developmentDimension.nullish(),
  interactionPlan: proposalFields.interactionPlan.nullish(),
  onlineParticipationPlan: proposalFields.onlineParticipationPlan.nullish(),
  organiserIds: proposalFields.organiserIds.nullish(),
  speakers: proposalFields.speakers.nullish(),
  contributionIds: proposalFields.contributionIds,
  issueIds: proposalFields.issueIds,
}));
const submitInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1) }));
const answerInput = z.lazy(() => z.object({ proposalId: z.string(), accept: z.boolean() }));

export type ScheduleProposalCallInput = z.input<typeof scheduleInput>;
export type CreateProposalInput = z.input<typeof createInput>;
export type UpdateProposalInput = z.input<typeof updateInput>;
export type SubmitProposalInput = z.input<typeof submitInput>;
export type AnswerInvitationInput = z.input<typeof answerInput>;

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

export function proposalCallYear(globalId: string, field = 'id'): number {
  const id = internalId(globalId, 'ProposalCall', field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

function programmeYearOf(globalId: string, field: string): number {
  const id = internalId(globalId, 'Programme', field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

/** Everyone a proposal names: who may read it before the programme is decided (with the secretariat). */
export const participantsOf = (p: Proposal): string[] => [p.proposerId, ...p.organiserIds, ...p.speakers.map((s) => s.stakeholderId)];

type Fields = {
  -readonly [K in keyof typeof proposalFields]: z.output<(typeof proposalFields)[K]>;
};

export class ProposalService {
  readonly loader: DataLoader<string, Proposal | undefined>;
  readonly callLoader: DataLoader<number, ProposalCallWithCounts | undefined>;
  /** The funnel's counters: every transition of a proposal into a stage counts through it (funnel.ts). */
  readonly funnel: ProposalFunnel;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly programmes: Pick<ProgrammeService, 'get'>,
    private readonly themes: Pick<ThemeService, 'get'>,
    private readonly issues: Pick<IssueService, 'get'>,
    private readonly contributions: Pick<ContributionService, 'get'>,
    private readonly stakeholders: Pick<StakeholderService, 'get' | 'getMany'>,
    private readonly store: SessionStore = defaultStore,
  ) {
    this.callLoader = new DataLoader((years) => store.getCalls(years), { maxBatchSize: 100 });
    this.funnel = new ProposalFunnel(stakeholders);
    // A proposal is read with its call (one BatchGetItem); the call is primed for the diversity. A caller whose
    // roles are not read yet gets them in the same request (the read decides who may see the proposal).
    this.loader = new DataLoader(
      async (ids) => {
        const withRoles = caller.kind === 'user' && caller.primeRoles !== undefined && caller.rolesRequested?.() === false;
        const { proposals, calls, extra } = await store.getProposalsWithCalls(ids, yearOfProposalId, withRoles ? [identityKey(caller.subject)] : []);
        if (withRoles) caller.primeRoles?.(rolesFromIdentity(extra[0]));
        for (const call of calls) this.callLoader.clear(call.year).prime(call.year, call);
        return proposals;
      },
      { maxBatchSize: 50 },
    );
  }

  // ── the call ──

  /** A call for proposals, public once scheduled. */
  async call(year: number): Promise<ProposalCallWithCounts | undefined> {
    return Number.isInteger(year) && year >= 0 && year <= 9999 ? this.callLoader.load(year) : undefined;
  }

  callStatus(call: ProposalCall): ProposalCallStatus {
    return proposalCallStatus(call, this.now());
  }

  async scheduleCall(input: ScheduleProposalCallInput): Promise<ProposalCallWithCounts> {
    await authorize(this.caller, { type: 'programme.manage' });
    const valid = parseInput(scheduleInput, input);
    const year = programmeYearOf(valid.programmeId, 'input.programmeId');
    if (valid.closesAt <= valid.opensAt) throw new BadUserInputError('input.closesAt: must be after opensAt', 'input.closesAt');
    const programme = await this.programmes.get(year);
    if (!programme) throw new NotFoundError('No such programme');
    const current = await this.store.getCallConsistent(year);
    const now = this.now();
    const at = now.toISOString();
    if (current) {
      if (valid.version == null) throw new ConflictError('The call is scheduled already: pass its version to reschedule it', { field: 'input.version' });
      if (current.version !== valid.version) throw new StaleVersionError('call for proposals', current.version);
      const status = proposalCallStatus(current, now);
      if (status === 'CLOSED') throw new DeadlinePassedError(`The call closed at ${current.closesAt}`);
      if (status === 'OPEN') {
        if (valid.opensAt !== current.opensAt) throw new ConflictError('The opening cannot move once the call has opened', { field: 'input.opensAt' });
        if (valid.closesAt <= at) throw new BadUserInputError('input.closesAt: must be in the future', 'input.closesAt');
      }
    } else if (valid.version != null) {
      throw new NotFoundError('The call is not scheduled yet: omit the version to schedule it');
    }
    const base = current?.rules ?? DEFAULT_DIVERSITY_RULES;
    const rules = valid.rules ?? {};
    const screeningBase = current?.screening ?? DEFAULT_SCREENING_RULES;
    const screening = valid.screening ?? {};
    const call: ProposalCall = {
      year,
      opensAt: valid.opensAt,
      closesAt: valid.closesAt,
      hybrid: programme.format === 'HYBRID',
      rules: {
        minConfirmedSpeakers: rules.minConfirmedSpeakers ?? base.minConfirmedSpeakers,
        genderDiverse: rules.genderDiverse ?? base.genderDiverse,
        minGroups: rules.minGroups ?? base.minGroups,
        minRegions: rules.minRegions ?? base.minRegions,
        minOnsiteSpeakers: rules.minOnsiteSpeakers ?? base.minOnsiteSpeakers,
      },
      screening: {
        proposalsPerProposer: screening.proposalsPerProposer ?? screeningBase.proposalsPerProposer,
        sessionsPerSpeaker: screening.sessionsPerSpeaker ?? screeningBase.sessionsPerSpeaker,
        magMembersMayNotPropose: screening.magMembersMayNotPropose ?? screeningBase.magMembersMayNotPropose,
        windowDays: screening.windowDays ?? screeningBase.windowDays,
      },
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? at,
      updatedAt: at,
    };
    const outcome = await this.store.saveCall(call, current?.version);
    if (outcome === 'exists') throw new ConflictError('The call was scheduled meanwhile: reload it', { field: 'input.version' });
    if (outcome === 'stale') {
      const latest = await this.store.getCallConsistent(year);
      throw new StaleVersionError('call for proposals', latest?.version ?? call.version);
    }
    const saved = { ...call, counts: current?.counts ?? {} };
    this.callLoader.clear(year).prime(year, saved);
    return saved;
  }

  // ── reads ──

  /** A proposal, for its proposer, organisers, speakers and the secretariat; undefined for anyone else. */
  async get(id: string): Promise<Proposal | undefined> {
    const proposal = yearOfProposalId(id) !== undefined ? await this.loader.load(id) : undefined;
    if (!proposal) return undefined;
    // Once selected, a session is part of the programme: public (selection.model.ts).
    if (PUBLIC_STATUSES.has(proposal.status)) return proposal;
    // A main session's design is internal to the MAG and the secretariat until a decision approves it.
    if (proposal.type === 'MAIN_SESSION' && (await can(this.caller, { type: 'session.design', year: proposal.year }))) return proposal;
    return (await can(this.caller, { type: 'proposal.read', participantIds: participantsOf(proposal) })) ? proposal : undefined;
  }

  getByGlobalId(globalId: string): Promise<Proposal | undefined> {
    return this.get(internalId(globalId, 'Proposal'));
  }

  async callOf(proposal: Pick<Proposal, 'year'>): Promise<ProposalCallWithCounts> {
    const call = await this.call(proposal.year);
    if (!call) throw new Error(`No call for proposals in ${proposal.year}`);
    return call;
  }

  /** The live diversity of the proposal's panel under its call's rules. */
  async diversity(proposal: Proposal): Promise<Diversity> {
    const call = await this.callOf(proposal);
    return diversityOf(proposal.speakers, call.rules, call.hybrid);
  }

  versions(proposal: Proposal, first?: number | null, after?: string | null): Promise<Page<ProposalVersion>> {
    return this.store.listVersions(proposal.id, pageSize(first), after);
  }

  async mine(first?: number | null, after?: string | null): Promise<Page<Proposal>> {
    const id = await this.stakeholderIdOrNone(after);
    return id ? this.store.listProposalsOfProposer(id, pageSize(first), after) : { items: [], cursors: [], hasNextPage: false, endCursor: null };
  }

  /** The proposals the caller is invited to speak on, newest invitation first. */
  async invitations(first?: number | null, after?: string | null): Promise<Page<Proposal>> {
    const id = await this.stakeholderIdOrNone(after);
    if (!id) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
    const page = await this.store.listInvitations(id, pageSize(first), after);
    const proposals = await this.loader.loadMany(page.items);
    return {
      ...page,
      items: proposals.map((p, i) => {
        if (!p || p instanceof Error) throw new Error(`Invitation to a missing proposal ${page.items[i]}`);
        return p;
      }),
    };
  }

  private async stakeholderIdOrNone(after: string | null | undefined): Promise<string | undefined> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to list your proposals and invitations');
    const roles = await this.caller.roles();
    if (!roles && after) throw new BadUserInputError('The cursor belongs to another list', 'after');
    return roles?.stakeholderId;
  }

  // ── writes ──

  async create(input: CreateProposalInput): Promise<Proposal> {
    await authorize(this.caller, { type: 'proposal.create' });
    const proposerId = await this.stakeholderId();
    const valid = parseInput(createInput, input);
    const year = proposalCallYear(valid.callId, 'input.callId');
    const guardKey = idempotencyGuardKey('createProposal', proposerId, valid.idempotencyKey);
    const requestDigest = digest(valid);
    const replay = await this.replay(guardKey, requestDigest);
    if (replay) return replay;
    const call = await this.store.getCallConsistent(year);
    if (!call) throw new NotFoundError('No such call for proposals');
    this.assertNotClosed(call);
    const now = this.now();
    const at = now.toISOString();
    const fields = await this.checkedFields(valid, year, undefined, proposerId);
    const proposal: Proposal = {
      id: `${String(year).padStart(4, '0')}.${newId(now)}`,
      year,
      ...fields,
      proposerId,
      status: 'DRAFT',
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const outcome = await this.store.createProposal(proposal, { key: guardKey, requestDigest }, now);
    if (outcome === 'replayed') {
      const again = await this.replay(guardKey, requestDigest);
      if (again) return again;
      throw new ServiceUnavailableError('The earlier request with this idempotency key is still being processed; retry shortly', { retriable: true });
    }
    if (outcome === 'callClosed') return this.refuseClosed(year);
    this.loader.prime(proposal.id, proposal);
    return proposal;
  }

  async update(input: UpdateProposalInput): Promise<Proposal> {
    const valid = parseInput(updateInput, input);
    const current = await this.ownProposal(valid.id, 'input.id');
    if (current.version !== valid.version) throw new StaleVersionError('proposal', current.version);
    const call = await this.callOf(current);
    this.assertNotClosed(call);
    if (current.status !== 'DRAFT' && current.status !== 'SUBMITTED') throw new ConflictError('A screened proposal cannot be edited');
    const merged = {
      type: valid.type ?? current.type,
      format: valid.format ?? current.format,
      durationMinutes: valid.durationMinutes ?? current.durationMinutes,
      themeId: valid.themeId ?? current.themeId,
      policyQuestions: valid.policyQuestions ?? undefined,
      title: valid.title ?? current.title,
      description: valid.description ?? current.description,
      developmentDimension: valid.developmentDimension ?? current.developmentDimension,
      interactionPlan: valid.interactionPlan ?? current.interactionPlan,
      onlineParticipationPlan: valid.onlineParticipationPlan ?? current.onlineParticipationPlan,
      organiserIds: valid.organiserIds ?? undefined,
      speakers: valid.speakers ?? undefined,
      contributionIds: valid.contributionIds === undefined ? undefined : (valid.contributionIds ?? []),
      issueIds: valid.issueIds === undefined ? undefined : (valid.issueIds ?? []),
    };
    if (merged.themeId !== current.themeId && !merged.policyQuestions) {
      throw new BadUserInputError('input.policyQuestions: name the new theme\'s policy questions', 'input.policyQuestions');
    }
    const fields = await this.checkedFields(merged, current.year, current, current.proposerId);
    const now = this.now();
    const next: Proposal = { ...current, ...fields, version: current.version + 1, updatedAt: now.toISOString() };
    // A submitted proposal stays submittable: an edit may not break the panel's rules.
    if (current.status === 'SUBMITTED') this.assertNoViolations(next, call);
    // A submitted proposal's linkage is counted in the call's development coverage: an edit moves it, in its transaction.
    const [was, is] = [current.developmentDimension.linkage, next.developmentDimension.linkage];
    const increments = current.status === 'SUBMITTED' && was !== is ? { [proposalCallCounter.submittedByLinkage(was)]: -1, [proposalCallCounter.submittedByLinkage(is)]: 1 } : {};
    const outcome = await this.store.updateProposal(current, next, current.proposerId, now, increments);
    if (outcome === 'callClosed') return this.refuseClosed(current.year);
    if (outcome === 'stale') return this.refuseStale(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  async submit(input: SubmitProposalInput): Promise<Proposal> {
    const valid = parseInput(submitInput, input);
    const current = await this.ownProposal(valid.id, 'input.id');
    if (current.version !== valid.version) throw new StaleVersionError('proposal', current.version);
    const call = await this.callOf(current);
    this.assertOpen(call);
    if (current.status !== 'DRAFT') throw new ConflictError('The proposal is submitted already');
    this.assertNoViolations(current, call);
    const now = this.now();
    const at = now.toISOString();
    const entry = await this.funnel.enter('SUBMITTED', [current], at);
    const next: Proposal = entry.stamp({ ...current, status: 'SUBMITTED', submittedAt: at, version: current.version + 1, updatedAt: at });
    const increments = {
      [proposalCallCounter.submitted]: 1,
      [proposalCallCounter.submittedByType(next.type)]: 1,
      [proposalCallCounter.submittedByLinkage(next.developmentDimension.linkage)]: 1,
    };
    const outcome = await this.store.submitProposal(current, next, increments, now, entry.items());
    if (outcome === 'callNotOpen') {
      const latest = await this.store.getCallConsistent(current.year);
      if (latest) this.assertOpen(latest);
      throw new DeadlinePassedError('The call for proposals is not open');
    }
    if (outcome === 'stale') return this.refuseStale(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    this.callLoader.clear(next.year);
    return next;
  }

  /** An invited speaker accepts or declines; only confirmed speakers count in the diversity. Answering again changes the answer. */
  async answer(input: AnswerInvitationInput): Promise<Proposal> {
    const valid = parseInput(answerInput, input);
    const proposalId = internalId(valid.proposalId, 'Proposal', 'input.proposalId');
    const speakerId = await this.stakeholderId();
    const person = await this.stakeholders.get(speakerId);
    if (!person) throw new ForbiddenError('Register as a stakeholder first');
    for (let attempt = 1; attempt <= ANSWER_ATTEMPTS; attempt++) {
      const current = yearOfProposalId(proposalId) !== undefined ? await this.store.getProposalConsistent(proposalId) : undefined;
      if (!current) throw new NotFoundError('No such proposal');
      if (!current.speakers.some((s) => s.stakeholderId === speakerId)) throw new ForbiddenError('You are not invited to speak on this proposal');
      const status: Speaker['status'] = valid.accept ? 'CONFIRMED' : 'DECLINED';
      const at = this.now().toISOString();
      const speakers = current.speakers.map((s) =>
        // The registry's current group, region and gender are taken with the answer.
        s.stakeholderId === speakerId ? { ...s, status, group: person.group, region: person.region, gender: person.gender, respondedAt: at } : s,
      );
      if (current.speakers.every((s, i) => s.stakeholderId !== speakerId || (s.status === status && speakers[i]?.group === s.group && speakers[i]?.region === s.region && speakers[i]?.gender === s.gender))) {
        return current;
      }
      const next: Proposal = { ...current, speakers, version: current.version + 1, updatedAt: at };
      if ((await this.store.saveAnswer(current, next)) === 'saved') {
        this.loader.clear(next.id).prime(next.id, next);
        return next;
      }
    }
    throw new ServiceUnavailableError('The proposal is changing; retry shortly', { retriable: true });
  }

  // ── helpers ──

  private async stakeholderId(): Promise<string> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in first');
    const roles = await this.caller.roles();
    if (!roles) throw new ForbiddenError('Register as a stakeholder first');
    return roles.stakeholderId;
  }

  private async ownProposal(globalId: string, field: string): Promise<Proposal> {
    const id = internalId(globalId, 'Proposal', field);
    const proposal = yearOfProposalId(id) !== undefined ? await this.store.getProposalConsistent(id) : undefined;
    if (!proposal) throw new NotFoundError('No such proposal');
    await authorize(this.caller, { type: 'proposal.edit', proposerId: proposal.proposerId });
    return proposal;
  }

  private async replay(key: ReturnType<typeof idempotencyGuardKey>, requestDigest: string): Promise<Proposal | undefined> {
    const earlier = await findIdempotentResult(key);
    if (!earlier) return undefined;
    if (earlier.requestDigest !== requestDigest) {
      throw new ConflictError('This idempotency key was used for a different request', { field: 'input.idempotencyKey' });
    }
    const proposal = await this.store.getProposalConsistent(earlier.resultId);
    if (!proposal) throw new ServiceUnavailableError('The earlier request is still being processed; retry shortly', { retriable: true });
    return proposal;
  }

  private assertNotClosed(call: ProposalCall): void {
    if (proposalCallStatus(call, this.now()) === 'CLOSED') throw new DeadlinePassedError(`The call for proposals closed at ${call.closesAt}`);
  }

  private assertOpen(call: ProposalCall): void {
    switch (proposalCallStatus(call, this.now())) {
      case 'SCHEDULED':
        throw new NotOpenError(`The call for proposals opens at ${call.opensAt}`);
      case 'CLOSED':
        throw new DeadlinePassedError(`The call for proposals closed at ${call.closesAt}`);
      case 'OPEN':
        return;
    }
  }

  private assertNoViolations(proposal: Proposal, call: ProposalCall): void {
    const { violations } = diversityOf(proposal.speakers, call.rules, call.hybrid);
    if (violations.length > 0) {
      throw new RulesBrokenError(`The panel breaks ${violations.length} of the call's diversity rules: ${violations.map((v) => `${v.rule} (needs ${v.needed}, has ${v.have})`).join(', ')}`, {
        violations,
      });
    }
  }

  private async refuseClosed(year: number): Promise<never> {
    const latest = await this.store.getCallConsistent(year);
    if (latest) this.assertNotClosed(latest);
    throw new DeadlinePassedError('The call for proposals is closed');
  }

  private async refuseStale(id: string): Promise<never> {
    const latest = await this.store.getProposalConsistent(id);
    throw new StaleVersionError('proposal', latest?.version ?? 0);
  }

  /** The proposal's fields, checked against the session types, the theme, the registry and the prompting items. */
  private async checkedFields(
    valid: Omit<Fields, 'policyQuestions' | 'organiserIds' | 'speakers' | 'contributionIds' | 'issueIds'> & {
      policyQuestions?: number[] | undefined;
      organiserIds?: string[] | undefined;
      speakers?: z.output<typeof speakerInput>[] | undefined;
      contributionIds?: string[] | null | undefined;
      issueIds?: string[] | null | undefined;
    },
    year: number,
    current: Proposal | undefined,
    proposerId: string,
  ): Promise<Omit<Proposal, 'id' | 'year' | 'proposerId' | 'status' | 'submittedAt' | 'version' | 'createdAt' | 'updatedAt'>> {
    const type = sessionType(valid.type);
    if (!type.proposable) throw new BadUserInputError(`input.type: ${type.title} sessions are designed by the MAG, not proposed`, 'input.type');
    if (!type.formats.includes(valid.format)) throw new BadUserInputError(`input.format: a ${type.title} is one of ${type.formats.join(', ')}`, 'input.format');
    if (!type.durations.includes(valid.durationMinutes)) {
      throw new BadUserInputError(`input.durationMinutes: a ${type.title} lasts ${type.durations.join(' or ')} minutes`, 'input.durationMinutes');
    }
    // The theme: adopted, of this programme; the policy questions are 1..3 of its own.
    const themeId = current && valid.themeId === current.themeId ? current.themeId : internalId(valid.themeId, 'Theme', 'input.themeId');
    let policyQuestions = current?.policyQuestions ?? [];
    if (valid.policyQuestions || !current || themeId !== current.themeId) {
      const theme = await this.themes.get(themeId);
      if (!theme || theme.year !== year || theme.status !== 'ADOPTED') throw new BadUserInputError('input.themeId: must be an adopted theme of this programme', 'input.themeId');
      const positions = valid.policyQuestions ?? [];
      if (new Set(positions).size !== positions.length) throw new BadUserInputError('input.policyQuestions: a question is named twice', 'input.policyQuestions');
      policyQuestions = positions.map((position, i) => {
        const question = theme.policyQuestions[position];
        if (question === undefined) throw new BadUserInputError(`input.policyQuestions.${i}: the theme has ${theme.policyQuestions.length} policy questions`, `input.policyQuestions.${i}`);
        return question;
      });
    }
    const organiserIds = valid.organiserIds ? [...new Set(valid.organiserIds.map((id, i) => internalId(id, 'Stakeholder', `input.organiserIds.${i}`)))] : (current?.organiserIds ?? []);
    if (valid.organiserIds) {
      const found = await this.stakeholders.getMany(organiserIds);
      const missing = organiserIds.findIndex((id) => !found.some((s) => s.id === id));
      if (missing >= 0) throw new BadUserInputError(`input.organiserIds.${missing}: no such stakeholder`, `input.organiserIds.${missing}`);
    }
    const speakers = valid.speakers ? await this.checkedSpeakers(valid.speakers, current, proposerId) : (current?.speakers ?? []);
    const contributionIds = await this.checkedPrompts(valid.contributionIds, current?.contributionIds, 'Contribution', 'contributionIds', (id) => this.contributions.get(id));
    const issueIds = await this.checkedPrompts(valid.issueIds, current?.issueIds, 'Issue', 'issueIds', (id) => this.issues.get(id));
    return {
      type: valid.type,
      format: valid.format,
      durationMinutes: valid.durationMinutes,
      themeId,
      policyQuestions,
      title: valid.title,
      description: valid.description,
      developmentDimension: valid.developmentDimension,
      interactionPlan: valid.interactionPlan,
      onlineParticipationPlan: valid.onlineParticipationPlan,
      organiserIds,
      speakers,
      contributionIds,
      issueIds,
    };
  }

  private async checkedSpeakers(input: readonly z.output<typeof speakerInput>[], current: Proposal | undefined, proposerId: string): Promise<Speaker[]> {
    const ids = input.map((s, i) => internalId(s.stakeholderId, 'Stakeholder', `input.speakers.${i}.stakeholderId`));
    const seen = new Set<string>();
    input.forEach((s, i) => {
      const key = `${ids[i]}#${s.role}`;
      if (seen.has(key)) throw new BadUserInputError(`input.speakers.${i}: listed twice in the same role`, `input.speakers.${i}`);
      seen.add(key);
    });
    const people = new Map((await this.stakeholders.getMany([...new Set(ids)])).map((s): [string, Stakeholder] => [s.id, s]));
    return input.map((s, i) => {
      const id = ids[i] as string;
      const person = people.get(id);
      if (!person || person.kind !== 'PERSON') throw new BadUserInputError(`input.speakers.${i}.stakeholderId: must be a registered person`, `input.speakers.${i}.stakeholderId`);
      // A speaker keeps their answer through edits; the proposer listing themself confirms at once.
      const earlier = current?.speakers.find((c) => c.stakeholderId === id);
      const status = earlier?.status ?? (id === proposerId ? 'CONFIRMED' : 'INVITED');
      return {
        stakeholderId: id,
        role: s.role,
        attendance: s.attendance,
        status,
        group: earlier?.group ?? person.group,
        region: earlier?.region ?? person.region,
        gender: earlier ? earlier.gender : person.gender,
        respondedAt: earlier?.respondedAt,
      };
    });
  }

  private async checkedPrompts(
    globalIds: readonly string[] | null | undefined,
    current: readonly string[] | undefined,
    type: 'Contribution' | 'Issue',
    field: string,
    get: (id: string) => Promise<object | undefined>,
  ): Promise<string[]> {
    if (globalIds === undefined) return [...(current ?? [])];
    const ids = [...new Set((globalIds ?? []).map((id, i) => internalId(id, type, `input.${field}.${i}`)))];
    const found = await Promise.all(ids.map((id) => get(id)));
    const missing = found.findIndex((f) => !f);
    if (missing >= 0) throw new BadUserInputError(`input.${field}.${missing}: no such ${type.toLowerCase()}`, `input.${field}.${missing}`);
    return ids;
  }
}
