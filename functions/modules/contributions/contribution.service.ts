/**
 * Rules for contributions: submitting (idempotent, with a receipt), editing
 * and withdrawing one's own while the consultation is open, and the MAG's
 * dispositions once it is closed. Talks to its stores and the consultations service;
 * asks the policy module; reads stakeholders through their DataLoader.
 */
import DataLoader from 'dataloader';
import { authorize, can } from '../../core/auth/policy';
import { type Caller } from '../../core/auth/caller';
import {
  BadUserInputError,
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
  NotOpenError,
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
import {
  buildContribution,
  contributionId,
  contributionIdParts,
  revise,
  sha256Hex,
  withdrawn,
  type Answer,
  type Consultation,
  type Contribution,
  type RevisionView,
  type QuestionView,
  contributionRefusal,
  type ConsultationService,
  type ContributionFilter,
  type ContributionReads,
  type ConsultationWithContributions,
} from '../consultations';
import {
  submitInput,
  withdrawInput,
  editInput,
  type SubmitContributionInput,
  type EditContributionInput,
  type DispositionEntryInput,
  type DispositionsInput,
} from './contribution.inputs';
import { AnswerService } from './answer.service';
import { refuseStale, type ContributionStores } from './contribution.stores';

export class ContributionService implements ContributionReads {
  readonly loader: DataLoader<string, Contribution | undefined>;
  private readonly answers: AnswerService;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: ContributionStores,
    private readonly consultations: ConsultationService,
    private readonly stakeholders: StakeholderService,
    /** Other modules' counters of a contribution that a withdrawal moves (its themes'), given at the composition root. */
    private readonly withdrawalWrites: (contribution: Contribution) => Promise<readonly NamedItem[]>,
  ) {
    this.loader = new DataLoader<string, Contribution | undefined>((ids) => stores.contributions.getContributions(ids), { maxBatchSize: 100 });
    this.answers = new AnswerService(caller, now, stores, consultations, this.loader);
  }

  listOfConsultation(consultationId: string, filter: ContributionFilter, first: number, after?: string | null): Promise<Page<Contribution>> {
    return this.stores.contributions.listContributions(consultationId, filter, first, after);
  }

  withConsultation(consultationId: string, filter: ContributionFilter, first: number, withCounts: boolean): Promise<ConsultationWithContributions> {
    return this.stores.contributions.getConsultationWithContributions(consultationId, filter, first, withCounts);
  }

  getMany(ids: readonly string[]): Promise<(Contribution | undefined)[]> {
    return this.stores.contributions.getContributions(ids);
  }

  /** A contribution, if its consultation is visible to the caller. */
  async get(id: string): Promise<Contribution | undefined> {
    const contribution = contributionIdParts(id) ? await this.loader.load(id) : undefined;
    if (!contribution) return undefined;
    return (await this.consultations.get(contribution.consultationId)) ? contribution : undefined;
  }

  async getByGlobalId(globalId: string): Promise<Contribution | undefined> {
    return this.get(internalId(globalId, 'Contribution'));
  }

  async consultationOf(contribution: Contribution): Promise<Consultation> {
    const consultation = await this.consultations.loader.load(contribution.consultationId);
    if (!consultation) throw new Error(`Contribution ${contribution.id} has no consultation`);
    return consultation;
  }

  async question(contribution: Contribution): Promise<QuestionView | null> {
    if (!contribution.questionId) return null;
    const consultation = await this.consultationOf(contribution);
    return this.consultations.questions(consultation).find((q) => q.id === contribution.questionId) ?? null;
  }

  async parent(contribution: Contribution): Promise<Contribution | null> {
    return contribution.parentId ? ((await this.loader.load(contribution.parentId)) ?? null) : null;
  }

  /** The MAG's answer, or null when there is none or the caller may not see it yet (never an error). */
  async answer(contribution: Contribution): Promise<Answer | null> {
    if (!contribution.answer) return null;
    return (await this.consultations.mayReadAnswers(await this.consultationOf(contribution))) ? contribution.answer : null;
  }

  /** The current receipt, with the contribution's salt for its author only (nobody else can confirm a guessed text). */
  async receipt(contribution: Contribution): Promise<Contribution['receipt']> {
    if (!contribution.receiptSalt || this.caller.kind !== 'user') return contribution.receipt;
    const roles = await this.caller.roles();
    return roles?.stakeholderId === contribution.authorId ? { ...contribution.receipt, salt: contribution.receiptSalt } : contribution.receipt;
  }

  /** `updatedAt` and `version` as the caller may see them: without the moves of answers they may not read yet. */
  async stamps(contribution: Contribution): Promise<{ updatedAt: string; version: number }> {
    const { publicUpdatedAt, publicVersion } = contribution;
    if (publicUpdatedAt === undefined || (await this.consultations.mayReadAnswers(await this.consultationOf(contribution)))) {
      return { updatedAt: contribution.updatedAt, version: contribution.version };
    }
    return { updatedAt: publicUpdatedAt, version: publicVersion ?? contribution.version };
  }

  replies(contribution: Contribution, first?: number | null, after?: string | null): Promise<Page<Contribution>> {
    return this.stores.contributions.listReplies(contribution.id, pageSize(first), after);
  }

  /** Revisions; a withdrawn contribution's texts only for its author and the secretariat. */
  async revisions(contribution: Contribution, first?: number | null, after?: string | null): Promise<Page<RevisionView>> {
    const page = await this.stores.contributions.listRevisions(contribution.id, pageSize(first), after);
    const hidden = contribution.status === 'WITHDRAWN' && !(await this.isAuthorOrSecretariat(contribution));
    return { ...page, items: page.items.map((revision) => ({ ...revision, hidden })) };
  }

  private async isAuthorOrSecretariat(contribution: Contribution): Promise<boolean> {
    if (await can(this.caller, { type: 'consultation.manage' })) return true;
    return can(this.caller, { type: 'contribution.change', authorId: contribution.authorId });
  }

  /** The caller's contributions, newest first; empty for a signed-in user who has not registered. */
  async mine(first?: number | null, after?: string | null): Promise<Page<Contribution>> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to list your contributions');
    const size = pageSize(first);
    const roles = await this.caller.roles();
    if (!roles) {
      // Empty until they register: no cursor can belong to this list.
      if (after) throw new BadUserInputError('The cursor belongs to another list', 'after');
      return { items: [], cursors: [], hasNextPage: false, endCursor: null };
    }
    return this.stores.contributions.listByAuthor(roles.stakeholderId, size, after);
  }

  /** Throws the refusal for a consultation that is not open at `now`. */
  private assertOpen(consultation: Consultation): void {
    switch (contributionRefusal(consultation, this.now())) {
      case undefined:
        return;
      case 'notYetOpen':
        throw new NotOpenError(`The consultation opens at ${consultation.opensAt}`);
      case 'closed':
        throw new DeadlinePassedError(`The consultation closed at ${consultation.closesAt}`);
    }
  }

  /** After a write refused by the open-window condition: the refusal the fresh state implies. */
  private async refuseClosedWindow(consultationId: string): Promise<never> {
    const latest = await this.consultations.getConsistent(consultationId);
    if (!latest) throw new NotFoundError('No such consultation');
    this.assertOpen(latest);
    throw new DeadlinePassedError('The consultation is not open');
  }

  async submit(input: SubmitContributionInput): Promise<{ contribution: Contribution; receipt: Contribution['receipt'] }> {
    await authorize(this.caller, { type: 'contribution.submit' });
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to contribute');
    const roles = await this.caller.roles();
    if (!roles) throw new ForbiddenError('Register as a stakeholder first');
    const valid = parseInput(submitInput, input);
    const consultationId = internalId(valid.consultationId, 'Consultation', 'input.consultationId');
    const capacity = valid.capacity ?? 'PERSONAL';
    // An empty id is a malformed id (BAD_USER_INPUT), not an absent one.
    const parentId = valid.parentId != null ? internalId(valid.parentId, 'Contribution', 'input.parentId') : undefined;
    const organisationId = valid.organisationId != null ? internalId(valid.organisationId, 'Stakeholder', 'input.organisationId') : undefined;
    const questionId = valid.questionId ?? undefined;

    // A retry with the same key gets the first result, whatever happened since; other content under the key is a conflict.
    const guardKey = idempotencyGuardKey('submitContribution', roles.stakeholderId, valid.idempotencyKey);
    const requestDigest = sha256Hex(
      JSON.stringify([consultationId, valid.body, valid.language, questionId ?? null, parentId ?? null, capacity, organisationId ?? null]),
    );
    // The guard, the consultation, the author and whether they contributed here before are read together: one
    // round trip instead of three in a row, and a returning contributor's transaction is planned from their markers.
    const contributorId = capacity === 'ON_BEHALF_OF' && organisationId ? organisationId : roles.stakeholderId;
    const [earlier, consultation, author, returning] = await Promise.all([
      this.stores.contributions.findIdempotentContribution(guardKey),
      this.consultations.get(consultationId),
      this.stakeholders.get(roles.stakeholderId),
      this.stores.contributions.hasContributed(consultationId, contributorId),
    ]);
    if (earlier) return this.replay(earlier, requestDigest);

    if (!consultation) throw new NotFoundError('No such consultation');
    this.assertOpen(consultation);
    if (questionId !== undefined && !consultation.questions.some((q) => q.id === questionId)) {
      throw new BadUserInputError('input.questionId: not a question of this consultation', 'input.questionId');
    }
    if (parentId !== undefined) {
      if (contributionIdParts(parentId)?.consultationId !== consultationId) {
        throw new BadUserInputError('input.parentId: not a contribution of this consultation', 'input.parentId');
      }
      const parent = await this.loader.load(parentId);
      if (!parent) throw new BadUserInputError('input.parentId: no such contribution', 'input.parentId');
      if (parent.status === 'WITHDRAWN') throw new BadUserInputError('input.parentId: that contribution was withdrawn', 'input.parentId');
    }
    if (capacity === 'PERSONAL' && organisationId) {
      throw new BadUserInputError('input.organisationId: only with capacity ON_BEHALF_OF', 'input.organisationId');
    }
    if (capacity === 'ON_BEHALF_OF') {
      if (!organisationId) throw new BadUserInputError('input.organisationId: required with capacity ON_BEHALF_OF', 'input.organisationId');
      await authorize(this.caller, { type: 'contribution.submitOnBehalf', organisationId });
    }
    const organisation = organisationId ? await this.stakeholders.get(organisationId) : undefined;
    if (!author) throw new ForbiddenError('Register as a stakeholder first');
    if (organisationId && organisation?.kind !== 'ORGANISATION') {
      throw new BadUserInputError('input.organisationId: no such organisation', 'input.organisationId');
    }
    const now = this.now();
    const id = contributionId(consultationId, newId(now));
    const { contribution, revision } = buildContribution({
      id,
      consultation,
      authorId: author.id,
      capacity,
      organisationId,
      countedFor: organisation ?? author,
      questionId,
      parentId,
      body: valid.body,
      language: valid.language,
      now,
    });
    const receipt = contribution.receipt;
    const outcome = await this.stores.contributions.submitContribution(contribution, revision, { key: guardKey, requestDigest }, now, returning);
    switch (outcome.kind) {
      case 'created':
        this.loader.prime(id, contribution);
        return { contribution, receipt: { ...receipt, salt: contribution.receiptSalt } };
      case 'replayed':
        return this.replay(outcome, requestDigest);
      case 'notOpen':
        return this.refuseClosedWindow(consultationId);
      case 'parentWithdrawn':
        throw new BadUserInputError('input.parentId: that contribution was withdrawn', 'input.parentId');
    }
  }

  private async replay(earlier: { resultId: string; requestDigest: string }, requestDigest: string) {
    if (earlier.requestDigest !== requestDigest) {
      throw new ConflictError('This idempotency key was used for a different contribution', { field: 'input.idempotencyKey' });
    }
    const [contribution] = await this.stores.contributions.getContributions([earlier.resultId]);
    if (!contribution) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
    return { contribution, receipt: { ...contribution.firstReceipt, salt: contribution.receiptSalt } };
  }

  /** The caller's own contribution at the version they change, in an open consultation. */
  private async forAuthorChange(globalId: string, version: number): Promise<{ current: Contribution; consultation: Consultation }> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to change your contribution');
    const id = internalId(globalId, 'Contribution', 'input.id');
    const parts = contributionIdParts(id);
    // The contribution, the caller's roles and the consultation (its id is part of the contribution's) are read
    // together: one round trip instead of three in a row.
    const [[current]] = parts
      ? await Promise.all([this.stores.contributions.getContributions([id]), this.caller.roles(), this.consultations.loader.load(parts.consultationId)])
      : [[undefined]];
    if (!current) throw new NotFoundError('No such contribution');
    await authorize(this.caller, { type: 'contribution.change', authorId: current.authorId });
    const consultation = await this.consultationOf(current);
    this.assertOpen(consultation);
    if (current.status === 'WITHDRAWN') throw new ConflictError('The contribution was withdrawn');
    if (current.version !== version) throw new StaleVersionError('contribution', current.version);
    return { current, consultation };
  }

  async edit(input: EditContributionInput): Promise<{ contribution: Contribution; receipt: Contribution['receipt'] }> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to change your contribution');
    const valid = parseInput(editInput, input);
    const { current } = await this.forAuthorChange(valid.id, valid.version);
    const now = this.now();
    const { next, revision } = revise(current, valid.body, valid.language ?? current.language, now);
    const receipt = { ...next.receipt, salt: next.receiptSalt };
    const outcome = await this.stores.contributions.editContribution(next, revision, current.version, now);
    if (outcome === 'notOpen') return this.refuseClosedWindow(current.consultationId);
    if (outcome === 'stale') return refuseStale(this.stores.contributions, current.id);
    this.loader.clear(next.id).prime(next.id, next);
    return { contribution: next, receipt };
  }

  async withdraw(input: { id: string; version: number }): Promise<Contribution> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to change your contribution');
    const valid = parseInput(withdrawInput, input);
    const { current } = await this.forAuthorChange(valid.id, valid.version);
    const now = this.now();
    const next = withdrawn(current, now);
    const outcome = await this.stores.contributions.withdrawContribution(next, current.version, now, () => this.withdrawalWrites(current));
    if (outcome === 'notOpen') return this.refuseClosedWindow(current.consultationId);
    if (outcome === 'stale') return refuseStale(this.stores.contributions, current.id);
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  /** The MAG's answers (answer.service.ts). */
  setDisposition(input: DispositionEntryInput): Promise<Contribution> {
    return this.answers.setDisposition(input);
  }

  setDispositions(input: DispositionsInput): Promise<Contribution[]> {
    return this.answers.setDispositions(input);
  }

  /** For the meetings module: refuses contributions a decision may not take as subjects. */
  checkDecisionSubjects(ids: readonly string[], consultationIds: readonly string[], field: (index: number) => string): Promise<void> {
    return this.answers.checkDecisionSubjects(ids, consultationIds, field);
  }

  /** For the meetings module: the writes an adopted decision makes to its contribution subjects. */
  decisionWrites(...args: Parameters<AnswerService['decisionWrites']>): Promise<NamedItem[]> {
    return this.answers.decisionWrites(...args);
  }
}
