/**
 * What the MAG's evaluation shows, and to whom: the sheet of a proposal in a
 * round as each caller may see it (blind rounds hide who proposes and speaks
 * from everyone but the secretariat; others' scores stay hidden until one's
 * own is in), an evaluator's queue, the ranked board, and the feedback
 * proposers get (medians and reason codes, never single scores).
 */
import { isSecretariat } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { NotFoundError, UnauthenticatedError } from '../../core/errors';
import { stakeholderKeys, type ItemKey } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { internalId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { identityKey, rolesFromIdentity, stakeholderFromItem } from '../stakeholders';
import type { EvaluationContext } from './evaluation.context';
import { roundIdOf } from './evaluation.inputs';
import {
  figuresOf,
  isActive,
  parseSheetId,
  yearOfRoundId,
  type Evaluation,
  type EvaluationRoundWithCounts,
  type EvaluationSheet,
  type SheetFigures,
} from './evaluation.model';
import { diversityOf, yearOfProposalId, type Diversity, type Proposal, type ProposalCallWithCounts } from './sessions.model';
import { sessionKeys } from './sessions.keys';

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

export interface EvaluationFeedback {
  readonly round: EvaluationRoundWithCounts;
  readonly figures: SheetFigures;
}

export class EvaluationSheets {
  private readonly store: EvaluationContext['stores']['evaluation'];

  constructor(private readonly ctx: EvaluationContext) {
    this.store = ctx.stores.evaluation;
  }

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
    const { caller } = this.ctx;
    const year = yearOfRoundId(roundId);
    if (year === undefined || yearOfProposalId(proposalId) === undefined) return undefined;
    const read = await this.store.getSheet(roundId, proposalId);
    if (!read.sheet || !read.proposal) return undefined;
    const { proposal, sheet } = read;
    const mayShowNames = !sheet.blind || isSecretariat(caller);
    const withRoles = caller.kind === 'user' && caller.primeRoles !== undefined && caller.rolesRequested?.() === false;
    const extra: ItemKey[] = [
      sessionKeys.call(proposal.year),
      ...(withRoles && caller.kind === 'user' ? [identityKey(caller.subject)] : []),
      // Names are fetched only where they may show: a blind round's evaluators never cause a read of the people.
      ...(mayShowNames ? this.ctx.involved(proposal).map((pid) => stakeholderKeys.item(pid)) : []),
    ];
    const { rounds, extra: items } = await this.store.getRoundsWith([{ year, id: roundId }], extra, withRoles);
    const [callItem, ...rest] = items;
    const call = callItem ? this.ctx.stores.sessions.callFromItem(callItem) : undefined;
    if (call) this.ctx.proposals.callLoader.clear(call.year).prime(call.year, call);
    if (withRoles && caller.kind === 'user') caller.primeRoles?.(rolesFromIdentity(rest.shift()));
    for (const item of rest) {
      if (item?.entity === 'Stakeholder') {
        const person = stakeholderFromItem(item);
        this.ctx.stakeholders.loader.clear(person.id).prime(person.id, person);
      }
    }
    const round = rounds[0];
    if (!round || !call) return undefined;
    this.ctx.roundLoader.clear(roundId).prime(roundId, round);
    return this.view(round, sheet, proposal, read.evaluations, call);
  }

  private async view(
    round: EvaluationRoundWithCounts,
    sheet: EvaluationSheet,
    proposal: Proposal,
    evaluations: readonly Evaluation[],
    call: ProposalCallWithCounts,
  ): Promise<SheetView | undefined> {
    const { caller } = this.ctx;
    const active = sheet.evaluators.filter(isActive).map((e) => e.evaluatorId);
    const allowed = await can(caller, {
      type: 'evaluation.readSheet',
      year: round.year,
      evaluatorIds: active,
      openToMag: round.scorers === 'MAG_MEMBERS',
      conflictedIds: sheet.conflicted,
    });
    if (!allowed) return undefined;
    const viewerId = caller.kind === 'user' ? (await caller.roles())?.stakeholderId : undefined;
    const mine = evaluations.find((e) => e.evaluatorId === viewerId);
    const closed = this.ctx.status(round) === 'CLOSED';
    const othersVisible = await can(caller, {
      type: 'evaluation.readOthersScores',
      ownSubmitted: mine?.status === 'SUBMITTED',
      visibility: round.scoresVisible,
      closed,
    });
    const internal = await can(caller, { type: 'evaluation.readConflicts' });
    const identities = await can(caller, { type: 'evaluation.readIdentities', blind: round.blind });
    const visible = internal
      ? evaluations
      : othersVisible
        ? evaluations.filter((e) => e.status === 'SUBMITTED' || e.evaluatorId === viewerId)
        : mine
          ? [mine]
          : [];
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

  /** The caller's queue in a round: to do first (roles, then one Query; the queue shows what the items hold). */
  async queue(roundGlobalId: string, first?: number | null, after?: string | null): Promise<Page<Evaluation>> {
    const { caller } = this.ctx;
    const { id } = roundIdOf(roundGlobalId);
    if (caller.kind !== 'user') throw new UnauthenticatedError('Sign in to see your evaluation queue');
    const roles = await caller.roles();
    if (!roles) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
    return this.store.listQueue(id, roles.stakeholderId, pageSize(first), after);
  }

  /** A page of the ranked board (the round and the caller's roles in one BatchGetItem, then one Query). */
  async board(
    roundGlobalId: string,
    filter: { themeId?: string | null; type?: string | null },
    first?: number | null,
    after?: string | null,
  ): Promise<Page<EvaluationSheet>> {
    const { year, id } = roundIdOf(roundGlobalId);
    // The loader reads the caller's roles in the same request when they are not read yet.
    const round = await this.ctx.roundLoader.load(id);
    if (!round) throw new NotFoundError('No such evaluation round');
    await authorize(this.ctx.caller, { type: 'evaluation.readBoard', year, closed: this.ctx.status(round) === 'CLOSED' });
    const themeId = filter.themeId ? internalId(filter.themeId, 'Theme', 'themeId') : undefined;
    return this.store.listBoard(id, { themeId, type: filter.type ?? undefined }, pageSize(first), after);
  }

  /** What a proposal's proposer and organisers see of its evaluation, per round, once released: medians and reason codes. */
  async feedback(proposal: Proposal): Promise<EvaluationFeedback[]> {
    const rounds = await this.store.listRounds(proposal.year, 20);
    const released = rounds.items.filter((r) => r.feedbackReleasedAt);
    const readers = [proposal.proposerId, ...proposal.organiserIds];
    const result: EvaluationFeedback[] = [];
    for (const round of released) {
      if (!(await can(this.ctx.caller, { type: 'evaluation.readFeedback', readerIds: readers, released: true }))) continue;
      const { sheet, evaluations } = await this.store.getSheet(round.id, proposal.id);
      if (sheet) result.push({ round, figures: figuresOf(evaluations, round.criteria, round.assignment.rankedAfter) });
    }
    return result;
  }
}
