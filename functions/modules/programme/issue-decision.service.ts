/**
 * The MAG's decisions on issues, for the meetings module (through
 * `IssueService`): declining an issue with a public reason once the call has
 * closed — in a transaction of its own or in the decision's — and telling
 * the authors through the outbox. Talks to the issue store.
 */
import type DataLoader from 'dataloader';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import type { NamedItem } from '../../core/dynamodb/transact';
import { BadUserInputError, ConflictError, NotFoundError, NotOpenError, StaleVersionError } from '../../core/errors';
import { parseInput } from '../../core/validation';
import { mailEvent } from '../outbox';
import { declineInput, type DeclineIssueInput } from './issue.inputs';
import type * as issues from './issue.store';
import { callRefusal, yearOfId, type DecisionRef, type Issue, type IssueCallWithCounts } from './programme.model';

/** What the decisions read through the issue service: its loader (primed and cleared here) and an issue's call. */
export interface IssueReads {
  readonly loader: DataLoader<string, Issue | undefined>;
  callOf(issue: Issue): Promise<IssueCallWithCounts>;
}

export class IssueDecisionService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly reads: IssueReads,
    private readonly stores: { readonly issues: Pick<typeof issues, 'getIssueConsistent' | 'decideIssue' | 'issueDecisionItems'> },
  ) {}

  /**
   * For the meetings module: a MAG decision not to take an issue up, with its public reason, in a transaction of
   * its own. The caller is the person recording the decision (MAG member or secretariat); the call must have closed.
   */
  async declineByDecision(input: DeclineIssueInput): Promise<Issue> {
    const valid = parseInput(declineInput, input);
    await authorize(this.caller, { type: 'programme.decide', year: this.now().getUTCFullYear() });
    await this.checkDecisionSubjects([valid.issueId], () => 'input.issueId');
    const [change] = await this.declineChanges([{ issueId: valid.issueId, reason: valid.reason }], valid.decision);
    if (!change) throw new NotFoundError('No such issue');
    if ((await this.stores.issues.decideIssue(change.current, change.next, this.declineMail([change.next.id]))) === 'stale') {
      const latest = await this.stores.issues.getIssueConsistent(change.current.id);
      throw new StaleVersionError('issue', latest?.version ?? change.current.version);
    }
    this.reads.loader.clear(change.next.id).prime(change.next.id, change.next);
    return change.next;
  }

  /**
   * For the meetings module, when a decision names issues to decline (internal ids): the refusals — no such issue
   * (BAD_USER_INPUT naming `field(i)`), the call still open (NOT_OPEN), an issue that is not simply submitted
   * (declined already, taken up, merged, withdrawn: CONFLICT). Nothing is written.
   */
  async checkDecisionSubjects(issueIds: readonly string[], field: (index: number) => string): Promise<void> {
    const issues = await this.reads.loader.loadMany(issueIds.map((id) => (yearOfId(id) !== undefined ? id : '')));
    for (const [i, issue] of issues.entries()) {
      if (!issue || issue instanceof Error) throw new BadUserInputError(`${field(i)}: no such issue`, field(i));
      if (callRefusal(await this.reads.callOf(issue), this.now()) !== 'closed')
        throw new NotOpenError('Decisions on issues are taken once the call for issues has closed');
      if (issue.status === 'NOT_TAKEN_UP') throw new ConflictError('The issue was declined already', { field: field(i) });
      if (issue.status !== 'SUBMITTED') throw new ConflictError(`The issue is ${issue.status.toLowerCase().replaceAll('_', ' ')}`, { field: field(i) });
    }
  }

  private async declineChanges(subjects: readonly { readonly issueId: string; readonly reason: string }[], decision: DecisionRef) {
    const at = this.now().toISOString();
    const current = await Promise.all(subjects.map((s) => this.stores.issues.getIssueConsistent(s.issueId)));
    return subjects.map((subject, i) => {
      const issue = current[i];
      if (!issue || issue.status !== 'SUBMITTED') throw new ConflictError('An issue of the decision changed meanwhile: reload and retry');
      const next: Issue = {
        ...issue,
        status: 'NOT_TAKEN_UP',
        decline: {
          reason: subject.reason,
          meetingId: decision.meetingId,
          decisionId: decision.decisionId,
          decidedAt: new Date(decision.decidedAt).toISOString(),
        },
        version: issue.version + 1,
        updatedAt: at,
      };
      return { current: issue, next };
    });
  }

  /**
   * For the meetings module: the writes of declining these issues with their public reasons, for the decision's
   * own transaction (items named `issueSubject`: a failed one means the issue changed meanwhile).
   */
  async decisionWrites(subjects: readonly { readonly issueId: string; readonly reason: string }[], decision: DecisionRef): Promise<NamedItem[]> {
    if (subjects.length === 0) return [];
    const changes = await this.declineChanges(subjects, decision);
    for (const { next } of changes) this.reads.loader.clear(next.id);
    return this.stores.issues.issueDecisionItems(changes, this.declineMail(changes.map((change) => change.next.id)));
  }

  /** The outbox item that tells the authors of declined issues, with the public reasons (read when the mail is sent). */
  private declineMail(issueIds: readonly string[]) {
    return mailEvent('ISSUE_DECLINED', { type: 'declinedIssues', issueIds }, {}, this.now());
  }
}
