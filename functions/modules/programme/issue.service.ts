/**
 * Rules for issues of a call: submitting (idempotent, within the call's
 * window and the per-person cap, with the required development-dimension
 * answer), withdrawing one's own while the call is open, supporting someone
 * else's (one support per person), merging duplicates (secretariat), and
 * the MAG's decision not to take one up (`declineByDecision`, called by the
 * meetings module; issue-decision.service.ts). Talks to the call, issue and
 * support stores; reads stakeholders through their service; asks the policy
 * module.
 */
import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import {
  BadUserInputError,
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
  NotOpenError,
  ServiceUnavailableError,
  StaleVersionError,
  UnauthenticatedError,
} from '../../core/errors';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { NamedItem } from '../../core/dynamodb/transact';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import type { Page } from '../../core/dynamodb/query';
import { parseInput } from '../../core/validation';
import type { StakeholderService } from '../stakeholders';
import * as calls from './call.store';
import { IssueDecisionService } from './issue-decision.service';
import { IssueMergeService } from './issue-merge.service';
import {
  submitInput,
  supportInput,
  withdrawInput,
  type DeclineIssueInput,
  type IssueListArgs,
  type MergeIssueInput,
  type SubmitIssueInput,
  type SupportIssueInput,
  type WithdrawIssueInput,
} from './issue.inputs';
import * as issues from './issue.store';
import {
  addSupporter,
  callRefusal,
  initialSupport,
  issueIncrements,
  supportIncrements,
  yearOfId,
  type DecisionRef,
  type Issue,
  type IssueField,
  type IssueCall,
  type IssueCallWithCounts,
  type IssueSupportRecord,
} from './programme.model';
import type { ProgrammeService } from './programme.service';
import { callYear } from './programme.service';
import * as supports from './support.store';

/** The stores the issue service works with (index.ts passes the DynamoDB ones; unit tests in-memory fakes). */
export interface IssueStores {
  readonly calls: Pick<typeof calls, 'getCallConsistent'>;
  readonly issues: Omit<typeof issues, 'issueReplace'>;
  readonly supports: Pick<typeof supports, 'supportIssue' | 'getSupport' | 'listListedSupporters'>;
}

/** Concurrent supports of one issue each rewrite its counts: a support computed from stale counts is recomputed. */
const SUPPORT_ATTEMPTS = 6;

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

export class IssueService {
  readonly loader: DataLoader<string, Issue | undefined>;
  private readonly decisions: IssueDecisionService;
  private readonly merges: IssueMergeService;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly programmes: ProgrammeService,
    private readonly stakeholders: Pick<StakeholderService, 'get'>,
    private readonly stores: IssueStores = { calls, issues, supports },
  ) {
    this.loader = new DataLoader((ids) => stores.issues.getIssues(ids), { maxBatchSize: 100 });
    this.decisions = new IssueDecisionService(caller, now, this, stores);
    this.merges = new IssueMergeService(caller, now, this.loader, stores);
  }

  /** An issue; a withdrawn one only for its author and the secretariat. */
  async get(id: string): Promise<Issue | undefined> {
    const issue = yearOfId(id) !== undefined ? await this.loader.load(id) : undefined;
    if (!issue) return undefined;
    return (await this.visible(issue)) ? issue : undefined;
  }

  getByGlobalId(globalId: string): Promise<Issue | undefined> {
    return this.get(internalId(globalId, 'Issue'));
  }

  private async visible(issue: Issue): Promise<boolean> {
    return issue.status !== 'WITHDRAWN' || can(this.caller, { type: 'issue.readWithdrawn', authorId: issue.authorId });
  }

  async callOf(issue: Issue): Promise<IssueCallWithCounts> {
    const call = await this.programmes.call(issue.year);
    if (!call) throw new Error(`Issue ${issue.id} has no call`);
    return call;
  }

  /** A page of the standing issues of a call given by its global id: one Query, without reading the call. */
  listOfCall(callId: string, args: IssueListArgs, attributes?: readonly IssueField[]): Promise<Page<Issue>> {
    return this.list({ year: callYear(callId, 'callId') }, args, attributes);
  }

  /** A page of a call's standing issues: one Query. */
  list(call: Pick<IssueCall, 'year'>, args: IssueListArgs, attributes?: readonly IssueField[]): Promise<Page<Issue>> {
    const order = args.orderBy ?? 'SUPPORT_BREADTH';
    const breadth = args.breadth ?? undefined;
    if (breadth !== undefined) {
      if (!Number.isInteger(breadth) || breadth < 1 || breadth > 6) throw new BadUserInputError('"breadth" must be 1..6', 'breadth');
      if (order !== 'SUPPORT_BREADTH') throw new BadUserInputError('"breadth" goes with orderBy SUPPORT_BREADTH', 'breadth');
    }
    return this.stores.issues.listIssuesOfCall({ year: call.year, order, breadth, first: pageSize(args.first), after: args.after, attributes });
  }

  /** The caller's issues, newest first, withdrawn and merged ones included (that is how an author learns of a merge). */
  async mine(first?: number | null, after?: string | null): Promise<Page<Issue>> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to list your issues');
    const size = pageSize(first);
    const roles = await this.caller.roles();
    if (!roles) {
      if (after) throw new BadUserInputError('The cursor belongs to another list', 'after');
      return { items: [], cursors: [], hasNextPage: false, endCursor: null };
    }
    return this.stores.issues.listIssuesOfAuthor(roles.stakeholderId, size, after);
  }

  listedSupporters(issue: Issue, first?: number | null, after?: string | null): Promise<Page<IssueSupportRecord>> {
    return this.stores.supports.listListedSupporters(issue.id, pageSize(first), after);
  }

  /** The caller's own support of the issue, or null (public callers and unregistered users have none). */
  async mySupport(issue: Issue): Promise<IssueSupportRecord | null> {
    if (this.caller.kind !== 'user') return null;
    const roles = await this.caller.roles();
    return roles ? ((await this.stores.supports.getSupport(issue.id, roles.stakeholderId)) ?? null) : null;
  }

  /** Whether the supporter of a support may be named to the caller: when they chose to be listed, or to themselves. */
  async supporterShown(support: IssueSupportRecord): Promise<boolean> {
    if (support.listed) return true;
    if (this.caller.kind !== 'user') return false;
    return (await this.caller.roles())?.stakeholderId === support.supporterId;
  }

  private assertOpen(call: IssueCall): void {
    switch (callRefusal(call, this.now())) {
      case undefined:
        return;
      case 'notYetOpen':
        throw new NotOpenError(`The call for issues opens at ${call.opensAt}`);
      case 'closed':
        throw new DeadlinePassedError(`The call for issues closed at ${call.closesAt}`);
    }
  }

  /** After a write refused by the call's window condition: the refusal the fresh state implies. */
  private async refuseClosedCall(year: number): Promise<never> {
    const latest = await this.stores.calls.getCallConsistent(year);
    if (!latest) throw new NotFoundError('No such call for issues');
    this.assertOpen(latest);
    throw new DeadlinePassedError('The call for issues is not open');
  }

  private async registeredCaller(what: string) {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError(`Sign in to ${what}`);
    const roles = await this.caller.roles();
    if (!roles) throw new ForbiddenError('Register as a stakeholder first');
    return roles;
  }

  async submit(input: SubmitIssueInput): Promise<Issue> {
    await authorize(this.caller, { type: 'issue.submit' });
    const roles = await this.registeredCaller('submit an issue');
    const valid = parseInput(submitInput, input);
    const year = callYear(valid.callId, 'input.callId');
    const capacity = valid.capacity ?? 'PERSONAL';
    const organisationId = valid.organisationId != null ? internalId(valid.organisationId, 'Stakeholder', 'input.organisationId') : undefined;
    const sdgs = [...new Set(valid.sdgs ?? [])].sort((a, b) => a - b);
    if (sdgs.length !== (valid.sdgs ?? []).length) throw new BadUserInputError('input.sdgs: each SDG once', 'input.sdgs');
    const categories = valid.categories;
    const repeated = categories.findIndex((code, i) => categories.indexOf(code) !== i);
    if (repeated >= 0) throw new BadUserInputError(`input.categories.${repeated}: listed twice`, `input.categories.${repeated}`);

    const guardKey = idempotencyGuardKey('submitIssue', roles.stakeholderId, valid.idempotencyKey);
    const requestDigest = digest([
      year,
      valid.title,
      valid.description,
      categories,
      valid.developmentDimension,
      sdgs,
      valid.discussedElsewhere ?? null,
      capacity,
      organisationId ?? null,
    ]);
    const earlier = await this.stores.issues.findIdempotentResult(guardKey);
    if (earlier) return this.replay(earlier, requestDigest);

    const call = await this.programmes.call(year);
    if (!call) throw new NotFoundError('No such call for issues');
    this.assertOpen(call);
    const unknown = categories.findIndex((code) => !call.categories.some((c) => c.code === code));
    if (unknown >= 0) throw new BadUserInputError(`input.categories.${unknown}: not a category of this call`, `input.categories.${unknown}`);
    if (capacity === 'PERSONAL' && organisationId) throw new BadUserInputError('input.organisationId: only with capacity ON_BEHALF_OF', 'input.organisationId');
    if (capacity === 'ON_BEHALF_OF') {
      if (!organisationId) throw new BadUserInputError('input.organisationId: required with capacity ON_BEHALF_OF', 'input.organisationId');
      await authorize(this.caller, { type: 'issue.submitOnBehalf', organisationId });
    }
    const [author, organisation] = await Promise.all([
      this.stakeholders.get(roles.stakeholderId),
      organisationId ? this.stakeholders.get(organisationId) : undefined,
    ]);
    if (!author) throw new ForbiddenError('Register as a stakeholder first');
    if (organisationId && organisation?.kind !== 'ORGANISATION')
      throw new BadUserInputError('input.organisationId: no such organisation', 'input.organisationId');
    // The group and region come from the registry at submission (the organisation's, on its behalf), never from the input.
    const countedFor = organisation ?? author;
    const now = this.now();
    const at = now.toISOString();
    const issue: Issue = {
      id: `${year}.${newId(now)}`,
      year,
      title: valid.title,
      description: valid.description,
      categories,
      developmentDimension: valid.developmentDimension,
      sdgs,
      ...(valid.discussedElsewhere ? { discussedElsewhere: valid.discussedElsewhere } : {}),
      capacity,
      authorId: author.id,
      ...(organisationId ? { organisationId } : {}),
      group: countedFor.group,
      region: countedFor.region,
      status: 'SUBMITTED',
      support: initialSupport(countedFor.group, countedFor.region),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const outcome = await this.stores.issues.submitIssue(issue, call.issuesPerPerson, { key: guardKey, requestDigest }, issueIncrements(issue, 1), now);
    switch (outcome.kind) {
      case 'created':
        this.loader.prime(issue.id, issue);
        return issue;
      case 'replayed': {
        const again = await this.stores.issues.findIdempotentResult(guardKey);
        if (!again) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
        return this.replay(again, requestDigest);
      }
      case 'callClosed':
        return this.refuseClosedCall(year);
      case 'overCap':
        throw new ConflictError(`You have submitted ${call.issuesPerPerson} issues to this call, its limit per person`, {
          field: 'input',
          limit: call.issuesPerPerson,
          reason: 'OVER_CAP',
        });
    }
  }

  private async replay(earlier: { resultId: string; requestDigest: string }, requestDigest: string): Promise<Issue> {
    if (earlier.requestDigest !== requestDigest) {
      throw new ConflictError('This idempotency key was used for a different issue', { field: 'input.idempotencyKey' });
    }
    const issue = await this.stores.issues.getIssueConsistent(earlier.resultId);
    if (!issue) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
    return issue;
  }

  async withdraw(input: WithdrawIssueInput): Promise<Issue> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to withdraw your issue');
    const valid = parseInput(withdrawInput, input);
    const id = internalId(valid.id, 'Issue', 'input.id');
    const current = yearOfId(id) !== undefined ? await this.stores.issues.getIssueConsistent(id) : undefined;
    if (!current) throw new NotFoundError('No such issue');
    await authorize(this.caller, { type: 'issue.change', authorId: current.authorId });
    this.assertOpen(await this.callOf(current));
    if (current.status !== 'SUBMITTED') throw new ConflictError(`The issue is ${current.status.toLowerCase().replace('_', ' ')}`);
    if (current.version !== valid.version) throw new StaleVersionError('issue', current.version);
    const now = this.now();
    const next: Issue = { ...current, status: 'WITHDRAWN', version: current.version + 1, updatedAt: now.toISOString() };
    const outcome = await this.stores.issues.withdrawIssue(current, next, issueIncrements(current, -1), now);
    if (outcome === 'callClosed') return this.refuseClosedCall(current.year);
    if (outcome === 'stale') {
      const latest = await this.stores.issues.getIssueConsistent(id);
      if (latest && latest.version === current.version && latest.status === 'SUBMITTED') {
        // Only supports arrived meanwhile: the withdrawal is still what the author asked for at this version.
        return this.withdraw(input);
      }
      if (latest && latest.status !== 'SUBMITTED') throw new ConflictError(`The issue is ${latest.status.toLowerCase().replace('_', ' ')}`);
      throw new StaleVersionError('issue', latest?.version ?? current.version);
    }
    this.loader.clear(id).prime(id, next);
    return next;
  }

  async support(input: SupportIssueInput): Promise<{ issue: Issue; support: IssueSupportRecord }> {
    await authorize(this.caller, { type: 'issue.support' });
    const roles = await this.registeredCaller('support an issue');
    const valid = parseInput(supportInput, input);
    const id = internalId(valid.issueId, 'Issue', 'input.issueId');
    const supporter = await this.stakeholders.get(roles.stakeholderId);
    if (!supporter) throw new ForbiddenError('Register as a stakeholder first');
    for (let attempt = 1; ; attempt++) {
      const current = yearOfId(id) !== undefined ? await this.stores.issues.getIssueConsistent(id) : undefined;
      if (!current || !(await this.visible(current))) throw new NotFoundError('No such issue');
      this.assertOpen(await this.callOf(current));
      if (current.authorId === supporter.id || (current.organisationId !== undefined && roles.representativeOf.includes(current.organisationId))) {
        throw new ForbiddenError("You may not support your own issue (or your organisation's)");
      }
      if (current.status !== 'SUBMITTED') throw new ConflictError(`The issue is ${current.status.toLowerCase().replace('_', ' ')}: it takes no support`);
      const now = this.now();
      const at = now.toISOString();
      const support: IssueSupportRecord = {
        issueId: id,
        supporterId: supporter.id,
        ...(valid.comment ? { comment: valid.comment } : {}),
        listed: valid.listed ?? false,
        group: supporter.group,
        region: supporter.region,
        createdAt: at,
      };
      const counts = addSupporter(current.support, supporter.group, supporter.region);
      const next: Issue = { ...current, support: counts, updatedAt: at };
      const outcome = await this.stores.supports.supportIssue(
        current,
        next,
        support,
        supportIncrements(current.support, counts, supporter.group, supporter.region),
        now,
      );
      switch (outcome) {
        case 'supported':
          this.loader.clear(id).prime(id, next);
          return { issue: next, support };
        case 'alreadySupported':
          throw new ConflictError('You support this issue already (one support per person)');
        case 'callClosed':
          return this.refuseClosedCall(current.year);
        case 'issueChanged':
          // Another support (or a withdrawal, a merge) landed between the read and the write: read again.
          if (attempt >= SUPPORT_ATTEMPTS) throw new ServiceUnavailableError('The issue is busy; retry shortly', { retriable: true });
          continue;
      }
    }
  }

  /** The secretariat merges a duplicate into a standing issue of the same call (issue-merge.service.ts). */
  merge(input: MergeIssueInput): Promise<Issue> {
    return this.merges.merge(input);
  }

  // ── MAG decisions on issues (issue-decision.service.ts), for the meetings module ──

  /** A MAG decision not to take an issue up, with its public reason, in a transaction of its own. */
  declineByDecision(input: DeclineIssueInput): Promise<Issue> {
    return this.decisions.declineByDecision(input);
  }

  /** The refusals of a decision naming issues to decline; nothing is written. */
  checkDecisionSubjects(issueIds: readonly string[], field: (index: number) => string): Promise<void> {
    return this.decisions.checkDecisionSubjects(issueIds, field);
  }

  /** The writes of declining these issues, for the decision's own transaction. */
  decisionWrites(subjects: readonly { readonly issueId: string; readonly reason: string }[], decision: DecisionRef): Promise<NamedItem[]> {
    return this.decisions.decisionWrites(subjects, decision);
  }
}
