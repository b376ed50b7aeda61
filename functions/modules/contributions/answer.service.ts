/**
 * The MAG's answers to contributions: dispositions and responses recorded
 * once a consultation has closed (one or up to 100 at once, all or nothing),
 * and contributions as the subjects of MAG decisions (for the meetings
 * module, through the contributions service).
 */
import type DataLoader from 'dataloader';
import type * as z from 'zod';
import { actingUserId, type Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { BadUserInputError, ConflictError, NotFoundError, NotOpenError, StaleVersionError, UnauthenticatedError } from '../../core/errors';
import type { NamedItem } from '../../core/dynamodb/transact';
import { internalId } from '../../core/ids';
import { parseInput } from '../../core/validation';
import { answerRefusal, answered, contributionIdParts, processingIncrements, type Answer, type ConsultationService, type Contribution } from '../consultations';
import { dispositionsInput, entry, type DispositionEntryInput, type DispositionsInput } from './contribution.inputs';
import { refuseStale, type ContributionStores } from './contribution.stores';

export class AnswerService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: ContributionStores,
    private readonly consultations: ConsultationService,
    private readonly loader: DataLoader<string, Contribution | undefined>,
  ) {}

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
  async setDispositions(input: DispositionsInput): Promise<Contribution[]> {
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
    const current = await this.stores.contributions.getContributions(ids);
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
    const outcome = await this.stores.answers.saveAnswers(changes, now, consultation.closesAt);
    if (outcome.kind === 'notClosed') {
      // The consultation item refused: not closed after all (extended meanwhile), or closed at another time than read.
      const latest = await this.consultations.getConsistent(valid.consultationId);
      if (!latest || answerRefusal(latest, this.now())) throw new NotOpenError('Dispositions can be recorded once the consultation has closed');
      throw new ConflictError("The consultation's closing time changed meanwhile; retry");
    }
    if (outcome.kind === 'stale')
      return refuseStale(this.stores.contributions, outcome.contributionId, { field: field(ids.indexOf(outcome.contributionId), 'version') });
    for (const { next } of changes) this.loader.clear(next.id).prime(next.id, next);
    return changes.map(({ next }) => next);
  }

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
      throw new BadUserInputError(
        `${field(ids.length - 1)}: too many contributions for one decision across ${subjectConsultations.size} consultations; split the decision`,
        field(ids.length - 1),
      );
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
    const read = await this.stores.answers.getContributionsWithConsultations(
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
    return this.stores.answers.decisionAnswerWrites(changes, closesAtOf, now);
  }
}
