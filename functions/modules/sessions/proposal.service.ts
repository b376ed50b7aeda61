/**
 * Rules for the call for session proposals and its proposals: scheduling the
 * call (secretariat), drafting a proposal (idempotent, until the call
 * closes), editing it at its version (every save kept as a version),
 * submitting only while the call is open and the panel breaks none of the
 * call's diversity rules; speakers' answers (proposal-answers.ts) and the
 * checks of a proposal's fields (proposal-fields.ts) are their own parts, the
 * inputs are in proposal.inputs.ts. A proposal's diversity is computed from
 * its confirmed speakers on every read. Talks to the sessions store; reads
 * programmes through their service; asks the policy.
 */
import DataLoader from 'dataloader';
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { BadUserInputError, ConflictError, DeadlinePassedError, ForbiddenError, NotFoundError, NotOpenError } from '../../core/errors';
import { RulesBrokenError, ServiceUnavailableError, StaleVersionError, UnauthenticatedError } from '../../core/errors';
import { checkReschedule, refuseUnsaved } from '../../core/call-schedule';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { Page } from '../../core/dynamodb/query';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import type { ContributionService } from '../contributions';
import type { IssueService, ProgrammeService, ThemeService } from '../programme';
import { identityKey, rolesFromIdentity, type StakeholderService } from '../stakeholders';
import {
  DEFAULT_DIVERSITY_RULES,
  diversityOf,
  proposalCallCounter,
  proposalCallStatus,
  yearOfProposalId,
  type Diversity,
  type Proposal,
  type ProposalCall,
  type ProposalCallStatus,
  type ProposalCallWithCounts,
  type ProposalVersion,
} from './sessions.model';
import { DEFAULT_SCREENING_RULES } from './screening.model';
import { publicPanelGenders } from './gender-suppression';
import { PUBLIC_STATUSES } from './selection.model';
import { ProposalFunnel } from './funnel';
import { SpeakerAnswers } from './proposal-answers';
import { ProposalFieldChecks } from './proposal-fields';
import {
  createInput,
  digest,
  participantsOf,
  proposalCallYear,
  programmeYearOf,
  scheduleInput,
  submitInput,
  updateInput,
  type AnswerInvitationInput,
  type CreateProposalInput,
  type ScheduleProposalCallInput,
  type SubmitProposalInput,
  type UpdateProposalInput,
} from './proposal.inputs';
import type { SessionStores } from './sessions.stores';

export class ProposalService {
  readonly loader: DataLoader<string, Proposal | undefined>;
  readonly callLoader: DataLoader<number, ProposalCallWithCounts | undefined>;
  /** The funnel's counters: every transition of a proposal into a stage counts through it (funnel.ts). */
  readonly funnel: ProposalFunnel;
  private readonly checks: ProposalFieldChecks;
  private readonly answers: SpeakerAnswers;
  private readonly store: SessionStores['sessions'];

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly programmes: Pick<ProgrammeService, 'get'>,
    themes: Pick<ThemeService, 'get'>,
    issues: Pick<IssueService, 'get'>,
    contributions: Pick<ContributionService, 'get'>,
    stakeholders: Pick<StakeholderService, 'get' | 'getMany'>,
    stores: Pick<SessionStores, 'sessions' | 'funnel'>,
  ) {
    const store = stores.sessions;
    this.store = store;
    this.callLoader = new DataLoader((years) => store.getCalls(years), { maxBatchSize: 100 });
    this.funnel = new ProposalFunnel(stakeholders, stores.funnel);
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
    this.checks = new ProposalFieldChecks(themes, issues, contributions, stakeholders);
    this.answers = new SpeakerAnswers(now, stakeholders, store, this.loader);
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
    checkReschedule('call for proposals', current, valid, current && proposalCallStatus(current, now), now);
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
        earlierReportsRequired: screening.earlierReportsRequired ?? screeningBase.earlierReportsRequired,
        windowDays: screening.windowDays ?? screeningBase.windowDays,
      },
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? at,
      updatedAt: at,
    };
    const outcome = await this.store.saveCall(call, current?.version);
    await refuseUnsaved('call for proposals', outcome, async () => (await this.store.getCallConsistent(year))?.version, call.version);
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

  /** The panel's live diversity under its call's rules; small gender counts only for insiders (gender-suppression.ts). */
  async diversity(proposal: Proposal): Promise<Diversity> {
    const call = await this.callOf(proposal);
    const diversity = diversityOf(proposal.speakers, call.rules, call.hybrid);
    const insider =
      (await can(this.caller, { type: 'proposal.read', participantIds: participantsOf(proposal) })) ||
      (proposal.type === 'MAIN_SESSION' && (await can(this.caller, { type: 'session.design', year: proposal.year })));
    return insider ? diversity : { ...diversity, byGender: publicPanelGenders(diversity.byGender) };
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
    const fields = await this.checks.fields(valid, year, undefined, proposerId);
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
      throw new BadUserInputError("input.policyQuestions: name the new theme's policy questions", 'input.policyQuestions');
    }
    const fields = await this.checks.fields(merged, current.year, current, current.proposerId);
    const now = this.now();
    const next: Proposal = { ...current, ...fields, version: current.version + 1, updatedAt: now.toISOString() };
    // A submitted proposal stays submittable: an edit may not break the panel's rules.
    if (current.status === 'SUBMITTED') this.assertNoViolations(next, call);
    // A submitted proposal's linkage is counted in the call's development coverage: an edit moves it, in its transaction.
    const [was, is] = [current.developmentDimension.linkage, next.developmentDimension.linkage];
    const increments =
      current.status === 'SUBMITTED' && was !== is
        ? { [proposalCallCounter.submittedByLinkage(was)]: -1, [proposalCallCounter.submittedByLinkage(is)]: 1 }
        : {};
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

  /** An invited speaker accepts or declines (proposal-answers.ts). */
  async answer(input: AnswerInvitationInput): Promise<Proposal> {
    return this.answers.answer(input, await this.stakeholderId());
  }

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
    const earlier = await this.store.findIdempotentResult(key);
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
      throw new RulesBrokenError(
        `The panel breaks ${violations.length} of the call's diversity rules: ${violations.map((v) => `${v.rule} (needs ${v.needed}, has ${v.have})`).join(', ')}`,
        {
          violations,
        },
      );
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
}
