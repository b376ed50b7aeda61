/**
 * Merging a duplicate issue into a standing one of the same call (the
 * secretariat): the duplicate becomes MERGED at its version, the call's
 * counters move, and its author is told through the outbox, in one transaction.
 */
import type DataLoader from 'dataloader';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { BadUserInputError, ConflictError, NotFoundError, StaleVersionError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { parseInput } from '../../core/validation';
import { mailEvent } from '../outbox';
import { mergeInput, type MergeIssueInput } from './issue.inputs';
import type * as issues from './issue.store';
import { breadth, callCounter, type Issue } from './programme.model';

export class IssueMergeService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly loader: DataLoader<string, Issue | undefined>,
    private readonly stores: { readonly issues: Pick<typeof issues, 'getIssueConsistent' | 'mergeIssue'> },
  ) {}

  async merge(input: MergeIssueInput): Promise<Issue> {
    await authorize(this.caller, { type: 'programme.manage' });
    const valid = parseInput(mergeInput, input);
    const id = internalId(valid.issueId, 'Issue', 'input.issueId');
    const intoId = internalId(valid.intoIssueId, 'Issue', 'input.intoIssueId');
    if (id === intoId) throw new BadUserInputError('input.intoIssueId: an issue cannot be merged into itself', 'input.intoIssueId');
    const [current, target] = await Promise.all([this.stores.issues.getIssueConsistent(id), this.stores.issues.getIssueConsistent(intoId)]);
    if (!current) throw new NotFoundError('No such issue');
    if (!target) throw new BadUserInputError('input.intoIssueId: no such issue', 'input.intoIssueId');
    if (target.year !== current.year) throw new BadUserInputError('input.intoIssueId: not an issue of the same call', 'input.intoIssueId');
    if (target.status === 'WITHDRAWN' || target.status === 'MERGED') {
      throw new BadUserInputError(`input.intoIssueId: that issue is ${target.status.toLowerCase()}`, 'input.intoIssueId');
    }
    if (current.status !== 'SUBMITTED') throw new ConflictError(`The issue is ${current.status.toLowerCase().replace('_', ' ')}`);
    if (current.version !== valid.version) throw new StaleVersionError('issue', current.version);
    const now = this.now();
    const next: Issue = { ...current, status: 'MERGED', mergedInto: intoId, version: current.version + 1, updatedAt: now.toISOString() };
    const increments = { [callCounter.breadth(breadth(current.support))]: -1, [callCounter.merged]: 1 };
    // The author is told, in the merge's own transaction (the outbox): the duplicate and what it was merged into.
    const mail = mailEvent(
      'ISSUE_MERGED',
      { type: 'stakeholder', stakeholderId: current.authorId },
      { year: current.year, issueTitle: current.title, targetTitle: target.title },
      now,
    );
    const outcome = await this.stores.issues.mergeIssue(current, next, intoId, increments, mail);
    if (outcome === 'targetNotStanding') throw new BadUserInputError('input.intoIssueId: that issue no longer stands', 'input.intoIssueId');
    if (outcome === 'stale') {
      const latest = await this.stores.issues.getIssueConsistent(id);
      if (latest && latest.version === current.version && latest.status === 'SUBMITTED') return this.merge(input);
      throw new StaleVersionError('issue', latest?.version ?? current.version);
    }
    this.loader.clear(id).prime(id, next);
    return next;
  }
}
