/**
 * Rules for contributions: submitting (idempotent, with a receipt), editing
 * and withdrawing one's own while the consultation is open, and the MAG's
 * dispositions once it is closed. Talks to the consultation repository;
 * asks the policy module; reads stakeholders through their DataLoader.
 */
import DataLoader from 'dataloader';
import * as z from 'zod';
import { authorize, can } from '../../core/auth/policy';
import { actingUserId, type Caller } from '../../core/auth/caller';
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
import { findIdempotentResult, idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { NamedItem } from '../../core/dynamodb/transact';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import type { Page } from '../../core/dynamodb/query';
import { languageTag, parseInput, text } from '../../core/validation';
import type { StakeholderService } from '../stakeholders';
import {
  CAPACITIES,
  DISPOSITIONS,
  answered,
  buildContribution,
  processingIncrements,
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
} from './consultation.model';
import { answerRefusal, contributionRefusal } from './consultation.lifecycle';
import * as consultationStore from './consultation.store';
import * as answerStore from './contribution-answers.store';
import * as contributionStore from './contribution.store';
import type { ConsultationService } from './consultation.service';

/** Bodies are NFC-normalised so the same text always digests the same. */
const body = text(1, 20_000).transform((value) => value.normalize('NFC'));

const submitInput = z.lazy(() => z.object({
  consultationId: z.string(),
  body,
  language: languageTag,
  questionId: z.string().nullish(),
  parentId: z.string().nullish(),
  capacity: z.enum(CAPACITIES).nullish(),
  organisationId: z.string().nullish(),
  idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
}));

const withdrawInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1) }));
const editInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1), body, language: languageTag.nullish() }));

const entry = z.lazy(() => z.object({
  contributionId: z.string(),
  version: z.number().int().min(1),
  disposition: z.enum(DISPOSITIONS),
  response: text(1, 5000),
}));

const dispositionsInput = z.lazy(() => z.object({
  consultationId: z.string(),
  entries: z.array(entry).min(1, 'must have 1..100 entries').max(100, 'must have 1..100 entries'),
}));

export type SubmitContributionInput = z.input<typeof submitInput>;
export type EditContributionInput = z.input<typeof editInput>;
export type DispositionEntryInput = z.input<typeof entry>;

export class ContributionService {
  readonly loader = new DataLoader<string, Contribution | undefined>((ids) => contributionStore.getContributions(ids), { maxBatchSize: 100 });

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly consultations: ConsultationService,
    private readonly stakeholders: StakeholderService,
    /** Other modules' counters of a contribution that a withdrawal moves (its themes'), given at the composition root. */
    private readonly withdrawalWrites: (contribution: Contribution) => Promise<readonly NamedItem[]>,
  ) {}

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
    return contributionStore.listReplies(contribution.id, pageSize(first), after);
  }

  /** Revisions; a withdrawn contribution's texts only for its author and the secretariat. */
  async revisions(contribution: Contribution, first?: number | null, after?: string | null): Promise<Page<RevisionView>> {
    const page = await contributionStore.listRevisions(contribution.id, pageSize(first), after);
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
    return contributionStore.listByAuthor(roles.stakeholderId, size, after);
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
    const latest = await consultationStore.getConsultationConsistent(consultationId);
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
      findIdempotentResult(guardKey),
      this.consultations.get(consultationId),
      this.stakeholders.get(roles.stakeholderId),
      contributionStore.hasContributed(consultationId, contributorId),
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
    const outcome = await contributionStore.submitContribution(contribution, revision, { key: guardKey, requestDigest }, now, returning);
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
    const [contribution] = await contributionStore.getContributions([earlier.resultId]);
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
      ? await Promise.all([contributionStore.getContributions([id]), this.caller.roles(), this.consultations.loader.load(parts.consultationId)])
      : [[undefined]];
    if (!current) throw new NotFoundError('No such contribution');
    await authorize(this.caller, { type: 'contribution.change', authorId: current.authorId });
    const consultation = await this.consultationOf(current);
    this.assertOpen(consultation);
    if (current.status === 'WITHDRAWN') throw new ConflictError('The contribution was withdrawn');
    if (current.version !== version) throw new StaleVersionError('contribution', current.version);
    return { current, consultation };
  }

  /** After a write its condition refused: withdrawn meanwhile, or at another version (which the error names). */
  private async refuseStale(id: string, details: Record<string, unknown> = {}): Promise<never> {
    const latest = await contributionStore.getContributionConsistent(id);
    if (!latest) throw new NotFoundError('No such contribution');
    if (latest.status === 'WITHDRAWN') throw new ConflictError('The contribution was withdrawn', details);
    throw new StaleVersionError('contribution', latest.version, details);
  }

  async edit(input: EditContributionInput): Promise<{ contribution: Contribution; receipt: Contribution['receipt'] }> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to change your contribution');
    const valid = parseInput(editInput, input);
    const { current } = await this.forAuthorChange(valid.id, valid.version);
    const now = this.now();
    const { next, revision } = revise(current, valid.body, valid.language ?? current.language, now);
    const receipt = { ...next.receipt, salt: next.receiptSalt };
    const outcome = await contributionStore.editContribution(next, revision, current.version, now);
    if (outcome === 'notOpen') return this.refuseClosedWindow(current.consultationId);
    if (outcome === 'stale') return this.refuseStale(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    return { contribution: next, receipt };
  }

  async withdraw(input: { id: string; version: number }): Promise<Contribution> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to change your contribution');
    const valid = parseInput(withdrawInput, input);
    const { current } = await this.forAuthorChange(valid.id, valid.version);
    const now = this.now();
    const next = withdrawn(current, now);
    const outcome = await contributionStore.withdrawContribution(next, current.version, now, () => this.withdrawalWrites(current));
    if (outcome === 'notOpen') return this.refuseClosedWindow(current.consultationId);
    if (outcome === 'stale') return this.refuseStale(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  async setDisposition(input: DispositionEntryInput): Promise<Contribution> {
    await authorize(this.caller, { type: 'contribution.answer', year: this.now().getUTCFullYear() });
    const valid = parseInput(entry, input);
    const id = internalId(valid.contributionId, 'Contribution', 'input.contributionId');
    const consultationId = contributionIdParts(id)?.consultationId;
    if (!consultationId) throw new NotFoundError('No such contribution');
    const [answered] = await this.recordAnswers(consultationId, [valid], (_, name) => `input.${name}`);
    return answered as Contribution;
  }

  /** Records up to 100 dispositions of one consultation's contributions, all or nothing. */
  async setDispositions(input: z.input<typeof dispositionsInput>): Promise<Contribution[]> {
    await authorize(this.caller, { type: 'contribution.answer', year: this.now().getUTCFullYear() });
    const valid = parseInput(dispositionsInput, input);
    const consultationId = internalId(valid.consultationId, 'Consultation', 'input.consultationId');
    return this.recordAnswers(consultationId, valid.entries, (i, name) => `input.entries.${i}.${name}`);
  }

  private async recordAnswers(
    consultationId: string,
    entries: readonly z.output<typeof entry>[],
    field: (index: number, name: string) => string,
  ): Promise<Contribution[]> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to record dispositions');
    const valid = { consultationId, entries };
    const ids = valid.entries.map((e, i) => {
      const id = internalId(e.contributionId, 'Contribution', field(i, 'contributionId'));
      if (contributionIdParts(id)?.consultationId !== valid.consultationId) {
        throw new BadUserInputError(`${field(i, 'contributionId')}: not a contribution of this consultation`, field(i, 'contributionId'));
      }
      return id;
    });
    const duplicate = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (duplicate >= 0) throw new BadUserInputError(`${field(duplicate, 'contributionId')}: listed twice`, field(duplicate, 'contributionId'));

    const consultation = await this.consultations.get(valid.consultationId);
    if (!consultation) throw new NotFoundError('No such consultation');
    if (answerRefusal(consultation, this.now()) === 'notClosed') throw new NotOpenError('Dispositions can be recorded once the consultation has closed');
    const current = await contributionStore.getContributions(ids);
    const answeredBy = await actingUserId(this.caller);
    const now = this.now();
    // After the synthesis an answer is public at once; before, it moves nothing public (consultation.model.ts).
    const published = this.consultations.status(consultation) === 'SYNTHESIS_PUBLISHED';
    const changes = valid.entries.map((e, i) => {
      const previous = current[i];
      if (!previous) throw new NotFoundError(`No such contribution (${field(i, 'contributionId')})`, { field: field(i, 'contributionId') });
      if (previous.status === 'WITHDRAWN') {
        throw new BadUserInputError(`${field(i, 'contributionId')}: the contribution was withdrawn`, field(i, 'contributionId'));
      }
      if (previous.version !== e.version) {
        throw new StaleVersionError('contribution', previous.version, { field: field(i, 'version') });
      }
      return { previous, next: answered(previous, e.disposition, e.response, answeredBy, now, published) };
    });
    const outcome = await answerStore.saveAnswers(changes, now, consultation.closesAt);
    if (outcome.kind === 'notClosed') {
      // The consultation item refused: not closed after all (extended meanwhile), or closed at another time than read.
      const latest = await consultationStore.getConsultationConsistent(valid.consultationId);
      if (!latest || answerRefusal(latest, this.now())) throw new NotOpenError('Dispositions can be recorded once the consultation has closed');
      throw new ConflictError("The consultation's closing time changed meanwhile; retry");
    }
    if (outcome.kind === 'stale') return this.refuseStale(outcome.contributionId, { field: field(ids.indexOf(outcome.contributionId), 'version') });
    for (const { next } of changes) this.loader.clear(next.id).prime(next.id, next);
    return changes.map(({ next }) => next);
  }

  // ── For the meetings module: contributions as subjects of MAG decisions ──

  /**
   * Refuses contributions a decision may not take as subjects: not of one of
   * the consultations the meeting processes, missing, withdrawn, or of a
   * consultation not yet closed. `field(i)` names the input field.
   */
  async checkDecisionSubjects(ids: readonly string[], consultationIds: readonly string[], field: (index: number) => string): Promise<void> {
    ids.forEach((id, i) => {
      const consultationId = contributionIdParts(id)?.consultationId;
      if (!consultationId || !consultationIds.includes(consultationId)) {
        throw new BadUserInputError(`${field(i)}: not a contribution of a consultation this meeting processes`, field(i));
      }
    });
    const found = await this.loader.loadMany(ids);
    for (const [i, contribution] of found.entries()) {
      if (!contribution || contribution instanceof Error) throw new BadUserInputError(`${field(i)}: no such contribution`, field(i));
      if (contribution.status === 'WITHDRAWN') throw new BadUserInputError(`${field(i)}: the contribution was withdrawn`, field(i));
    }
    const subjectConsultations = new Set(ids.map((id) => contributionIdParts(id)?.consultationId as string));
    const years = new Set(found.map((c) => (c instanceof Error ? 0 : (c?.year ?? 0))));
    // Adoption writes each contribution, 2 items per consultation and 1 per year, with the meeting and the decision: ≤ 100.
    if (ids.length + 2 * subjectConsultations.size + years.size > 98) {
      throw new BadUserInputError(`${field(ids.length - 1)}: too many contributions for one decision across ${subjectConsultations.size} consultations; split the decision`, field(ids.length - 1));
    }
    for (const consultationId of subjectConsultations) {
      const consultation = await this.consultations.loader.load(consultationId);
      const status = consultation ? this.consultations.status(consultation) : undefined;
      if (status !== 'CLOSED' && status !== 'SYNTHESIS_PUBLISHED') {
        throw new NotOpenError('Contributions are processed once their consultation has closed');
      }
    }
  }

  /**
   * The writes an adopted decision makes to its contribution subjects (for
   * the decision's transaction): each gets the decision's disposition and
   * response, the decision in `processedBy`, and its consultation's counters
   * move (dispositions; processing the first time). The contributions are
   * read fresh; a change before the write fails the transaction by name.
   */
  async decisionWrites(
    subjects: readonly { readonly contributionId: string; readonly disposition: Answer['disposition']; readonly response: string }[],
    decisionId: string,
    decidedBy: string,
    now: Date,
  ): Promise<NamedItem[]> {
    if (subjects.length === 0) return [];
    // The contributions and their consultations in one read: the time to process is measured from each
    // consultation's actual close (the secretariat may have closed it early), checked again in the transaction.
    const consultationIds = [...new Set(subjects.map((s) => contributionIdParts(s.contributionId)?.consultationId as string))];
    const read = await answerStore.getContributionsWithConsultations(
      subjects.map((s) => s.contributionId),
      consultationIds,
    );
    const closesAtOf = new Map<string, string>();
    read.consultations.forEach((consultation, i) => {
      if (!consultation || answerRefusal(consultation, now)) throw new NotOpenError('Contributions are processed once their consultation has closed');
      closesAtOf.set(consultationIds[i] as string, consultation.closesAt);
    });
    const changes = subjects.map((subject, i) => {
      const previous = read.contributions[i];
      if (!previous || previous.status === 'WITHDRAWN') throw new ConflictError('A contribution of the decision was withdrawn or removed');
      const first = !previous.processedBy?.length;
      const next: Contribution = {
        ...answered(previous, subject.disposition, subject.response, decidedBy, now),
        processedBy: [...(previous.processedBy ?? []), decisionId],
        firstProcessedAt: previous.firstProcessedAt ?? now.toISOString(),
      };
      const closesAt = closesAtOf.get(previous.consultationId) as string;
      return { previous, next, processing: first ? processingIncrements({ ...previous, closesAt }, now) : {} };
    });
    for (const { next } of changes) this.loader.clear(next.id);
    return answerStore.decisionAnswerWrites(changes, closesAtOf, now);
  }
}
