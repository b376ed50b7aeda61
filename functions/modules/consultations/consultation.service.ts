/**
 * Rules for consultations: the secretariat's drafts and schedule, the status
 * the clock implies, listing, counters, the synthesis, and who may see the
 * MAG's answers. Talks to its store and, for contributions, to the contributions module; asks the policy module.
 */
import DataLoader from 'dataloader';
import { authorize, can } from '../../core/auth/policy';
import { actingUserId, type Caller } from '../../core/auth/caller';
import { BadUserInputError, ConflictError, DeadlinePassedError, NotFoundError, NotOpenError, StaleVersionError } from '../../core/errors';
import { fromGlobalId, internalId, newId } from '../../core/ids';
import { LookAhead } from '../../core/look-ahead';
import { pageSize } from '../../core/pagination';
import type { Page } from '../../core/dynamodb/query';
import { parseInput } from '../../core/validation';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import {
  DISPOSITIONS,
  contributionIdParts,
  isSecretariatOnly,
  statusAt,
  type Consultation,
  type ConsultationCounts,
  type ConsultationStatus,
  type Contribution,
  type Disposition,
  type ParticipationCountsSource,
  type QuestionView,
} from './consultation.model';
import { contributionsAnsweredMail } from './consultation.mail';
import { ConsultationDates } from './consultation-dates';
import { answersArePublic, datesRefusal, editRefusal, publishRefusal, scheduleRefusal } from './consultation.lifecycle';
import type { consultationStore } from './consultation.store';

/** What the consultations service reads and writes. */
export type ConsultationStore = typeof consultationStore;
import {
  createInput,
  updateInput,
  scheduleInput,
  publishInput,
  type ContributionsArgs,
  type CreateConsultationInput,
  type UpdateConsultationInput,
  type PublishSynthesisInput,
} from './consultation.inputs';
import type { ContributionReads } from './contribution-reads';

/** Mentions of contributions in a synthesis: `contribution:<global id>`. */
const REFERENCE = /contribution:([A-Za-z0-9_-]{8,200})/g;
const MAX_REFERENCES = 100;

export type { ContributionsArgs };

export class ConsultationService {
  readonly loader: DataLoader<string, Consultation | undefined>;
  readonly countsLoader: DataLoader<string, ConsultationCounts>;
  /** First pages read together with their consultation (one Query), by consultation and arguments. */
  private readonly firstPages = new LookAhead<string, ContributionsArgs, Page<Contribution>>(String);

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: { readonly consultations: ConsultationStore },
    /** The contributions module's reads, given once it is built (it builds on this module). */
    private readonly contributionReads: () => ContributionReads,
  ) {
    this.loader = new DataLoader<string, Consultation | undefined>((ids) => stores.consultations.getConsultations(ids), { maxBatchSize: 100 });
    this.countsLoader = new DataLoader<string, ConsultationCounts>((ids) => stores.consultations.getCounts(ids), { maxBatchSize: 100 });
  }

  private datesControl: ConsultationDates | undefined;

  /** The secretariat's control of the dates (extend, close early, cancel): consultation-dates.ts. */
  get dates(): ConsultationDates {
    this.datesControl ??= new ConsultationDates(this.caller, this.now, (saved) => this.loader.clear(saved.id).prime(saved.id, saved));
    return this.datesControl;
  }

  status(consultation: Consultation): ConsultationStatus {
    return statusAt(consultation, this.now());
  }

  /** Drafts are the secretariat's; everything else is public. */
  private async visible(consultation: Consultation | undefined): Promise<Consultation | undefined> {
    if (!consultation) return undefined;
    if (isSecretariatOnly(consultation) && !(await can(this.caller, { type: 'consultation.manage' }))) return undefined;
    return consultation;
  }

  async get(id: string): Promise<Consultation | undefined> {
    return this.visible(await this.loader.load(id));
  }

  /**
   * A consultation by global id. With `prefetch` (the arguments of its
   * `contributions` field when the query asks for the first page), the
   * consultation and that page come from one Query (and its counter shards,
   * if asked, from one BatchGetItem sent at the same time); with `withCounts` alone,
   * the consultation and its counter shards come from one BatchGetItem.
   */
  async getByGlobalId(globalId: string, prefetch?: ContributionsArgs, withCounts = false): Promise<Consultation | undefined> {
    const id = internalId(globalId, 'Consultation');
    const request = prefetch && !prefetch.after ? await this.contributionRequest(prefetch).catch(() => undefined) : undefined;
    if (!request && withCounts) {
      // The consultation and its counter shards: one BatchGetItem instead of two reads.
      const read = await this.stores.consultations.getConsultationWithCounts(id);
      this.loader.prime(id, read.consultation);
      this.countsLoader.prime(id, read.counts);
      return this.visible(read.consultation);
    }
    if (!request || !prefetch) return this.get(id);
    const read = await this.contributionReads().withConsultation(id, request.filter, request.first, withCounts);
    this.loader.prime(id, read.consultation);
    if (read.counts) this.countsLoader.prime(id, read.counts);
    this.firstPages.start(id, prefetch, Promise.resolve(read.page));
    return this.visible(read.consultation);
  }

  /** The consultation as stored now (a consistent read), whoever may see it: for the refusal after a lost race. */
  getConsistent(id: string): Promise<Consultation | undefined> {
    return this.stores.consultations.getConsultationConsistent(id);
  }

  async list(filter: { status?: ConsultationStatus | null; year?: number | null } | null | undefined, first?: number | null, after?: string | null) {
    const includeDrafts = await can(this.caller, { type: 'consultation.manage' });
    if (filter?.status === 'DRAFT' && !includeDrafts) await authorize(this.caller, { type: 'consultation.manage' });
    const year = filter?.year ?? undefined;
    if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
      throw new BadUserInputError('filter.year: must be 2000..2100', 'filter.year');
    }
    const page = await this.stores.consultations.listConsultations({
      year,
      status: filter?.status ?? undefined,
      includeDrafts,
      now: this.now(),
      first: pageSize(first),
      after,
    });
    for (const consultation of page.items) this.loader.prime(consultation.id, consultation);
    return page;
  }

  /** The counters of several years (public figures; one BatchGetItem per 100 years), in the order asked. */
  countsOfYears(years: readonly number[]): Promise<ConsultationCounts[]> {
    return this.stores.consultations.getYearCountsMany(years);
  }

  /** Every consultation of a year the caller may see, by closing date (a year holds at most three); for the year's analytics. */
  async ofYear(year: number): Promise<Consultation[]> {
    const includeDrafts = await can(this.caller, { type: 'consultation.manage' });
    const found: Consultation[] = [];
    let after: string | null = null;
    do {
      const page: Page<Consultation> = await this.stores.consultations.listConsultations({ year, includeDrafts, now: this.now(), first: 100, after });
      for (const consultation of page.items) this.loader.prime(consultation.id, consultation);
      found.push(...page.items);
      after = page.hasNextPage ? page.endCursor : null;
    } while (after);
    return found;
  }

  /** Validated arguments of a contributions list (refusing a disposition filter to those who may not see answers). */
  private async contributionRequest(args: ContributionsArgs, consultation?: Consultation) {
    const filter = args.filter ?? {};
    const disposition = filter.disposition ?? undefined;
    if (disposition !== undefined && !DISPOSITIONS.includes(disposition as Disposition)) {
      throw new BadUserInputError('filter.disposition: unknown disposition', 'filter.disposition');
    }
    if (disposition !== undefined && !(consultation && answersArePublic(consultation, this.now()))) {
      await authorize(this.caller, { type: 'contribution.readAnswerEarly', year: this.now().getUTCFullYear() });
    }
    if (filter.group && !STAKEHOLDER_GROUPS.includes(filter.group as never)) throw new BadUserInputError('filter.group: unknown group', 'filter.group');
    if (filter.region && !REGIONS.includes(filter.region as never)) throw new BadUserInputError('filter.region: unknown region', 'filter.region');
    if (filter.questionId && !/^[A-Za-z0-9_.-]{1,80}$/.test(filter.questionId)) {
      throw new BadUserInputError('filter.questionId: not a question id', 'filter.questionId');
    }
    return {
      filter: {
        questionId: filter.questionId ?? undefined,
        group: filter.group ?? undefined,
        region: filter.region ?? undefined,
        disposition: disposition as Disposition | undefined,
      },
      first: pageSize(args.first),
    };
  }

  /** A page of a consultation's contributions, oldest first. */
  async contributions(consultation: Consultation, args: ContributionsArgs): Promise<Page<Contribution>> {
    const prefetched = await this.firstPages.take(consultation.id, args);
    if (prefetched) return prefetched;
    const request = await this.contributionRequest(args, consultation);
    return this.contributionReads().listOfConsultation(consultation.id, request.filter, request.first, args.after);
  }

  questions(consultation: Consultation): QuestionView[] {
    return consultation.questions.map((question, i) => ({ ...question, position: i + 1 }));
  }

  /** Dispositions and responses are public once the synthesis is published; before, MAG members and the secretariat see them. */
  async mayReadAnswers(consultation: Consultation): Promise<boolean> {
    if (answersArePublic(consultation, this.now())) return true;
    return can(this.caller, { type: 'contribution.readAnswerEarly', year: this.now().getUTCFullYear() });
  }

  async counts(consultation: Consultation): Promise<ParticipationCountsSource> {
    const [counts, showDispositions] = await Promise.all([this.countsLoader.load(consultation.id), this.mayReadAnswers(consultation)]);
    return { counts, showDispositions };
  }

  /** The raw counters of a consultation (public processing figures; one read, batched). */
  processingCounts(consultation: Consultation): Promise<ConsultationCounts> {
    return this.countsLoader.load(consultation.id);
  }

  async create(input: CreateConsultationInput): Promise<Consultation> {
    await authorize(this.caller, { type: 'consultation.manage' });
    const valid = parseInput(createInput, input);
    if (datesRefusal(valid, 'DRAFT', this.now())) throw new BadUserInputError('input.closesAt: must be after opensAt', 'input.closesAt');
    const now = this.now();
    const at = now.toISOString();
    const consultation: Consultation = {
      id: newId(now),
      year: valid.year,
      sequence: valid.sequence,
      title: valid.title,
      summary: valid.summary,
      body: valid.body,
      language: valid.language,
      questions: (valid.questions ?? []).map((questionText) => ({ id: newId(now), text: questionText })),
      opensAt: valid.opensAt,
      closesAt: valid.closesAt,
      storedStatus: 'DRAFT',
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if ((await this.stores.consultations.createConsultation(consultation)) === 'sequenceTaken') {
      throw new ConflictError(`Consultation ${valid.sequence} of ${valid.year} already exists`, { field: 'input.sequence' });
    }
    this.loader.prime(consultation.id, consultation);
    return consultation;
  }

  /** The consultation the secretariat is about to change: it must exist and be at the version they edit. */
  private async forChange(globalId: string, field: string, version: number): Promise<Consultation> {
    const current = await this.stores.consultations.getConsultationConsistent(internalId(globalId, 'Consultation', field));
    if (!current) throw new NotFoundError('No such consultation');
    if (current.version !== version) throw new StaleVersionError('consultation', current.version);
    return current;
  }

  /** After a write its condition refused: the consultation moved on, and the error says to which version. */
  private async refuseStale(id: string): Promise<never> {
    const latest = await this.stores.consultations.getConsultationConsistent(id);
    if (!latest) throw new NotFoundError('No such consultation');
    throw new StaleVersionError('consultation', latest.version);
  }

  async update(input: UpdateConsultationInput): Promise<Consultation> {
    await authorize(this.caller, { type: 'consultation.manage' });
    const valid = parseInput(updateInput, input);
    const current = await this.forChange(valid.id, 'input.id', valid.version);
    const now = this.now();
    const status = this.status(current);
    if (status === 'CANCELLED') throw new ConflictError('The consultation was cancelled', { status });
    if (editRefusal(current, now)) throw new DeadlinePassedError('Only drafts and scheduled consultations that have not opened can be edited');
    const next: Consultation = {
      ...current,
      title: valid.title ?? current.title,
      summary: valid.summary ?? current.summary,
      body: valid.body ?? current.body,
      language: valid.language ?? current.language,
      questions: valid.questions ? valid.questions.map((questionText) => ({ id: newId(now), text: questionText })) : current.questions,
      opensAt: valid.opensAt ?? current.opensAt,
      closesAt: valid.closesAt ?? current.closesAt,
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    switch (datesRefusal(next, status, now)) {
      case 'closesBeforeOpening':
        throw new BadUserInputError('input.closesAt: must be after opensAt', 'input.closesAt');
      case 'closesInThePast':
        throw new BadUserInputError('input.closesAt: a scheduled consultation must close in the future', 'input.closesAt');
      case undefined:
        break;
    }
    if (!(await this.stores.consultations.saveConsultation(next, current.version, { kind: 'edit', now }))) {
      const latest = await this.stores.consultations.getConsultationConsistent(current.id);
      if (latest && latest.version === current.version) throw new DeadlinePassedError('The consultation has opened; it can no longer be edited');
      if (!latest) throw new NotFoundError('No such consultation');
      throw new StaleVersionError('consultation', latest.version);
    }
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  async schedule(input: { id: string; version: number }): Promise<Consultation> {
    await authorize(this.caller, { type: 'consultation.manage' });
    const valid = parseInput(scheduleInput, input);
    const current = await this.forChange(valid.id, 'input.id', valid.version);
    const now = this.now();
    switch (scheduleRefusal(current, now)) {
      case 'notADraft':
        throw new ConflictError('Only a draft can be scheduled');
      case 'closesInThePast':
        throw new DeadlinePassedError('The consultation would close in the past; edit its dates first');
      case undefined:
        break;
    }
    const next: Consultation = { ...current, storedStatus: 'SCHEDULED', updatedAt: now.toISOString(), version: current.version + 1 };
    if (!(await this.stores.consultations.saveConsultation(next, current.version, { kind: 'schedule' }))) return this.refuseStale(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  async publishSynthesis(input: PublishSynthesisInput): Promise<Consultation> {
    await authorize(this.caller, { type: 'consultation.publishSynthesis' });
    const valid = parseInput(publishInput, input);
    const current = await this.forChange(valid.consultationId, 'input.consultationId', valid.version);
    switch (publishRefusal(current, this.now())) {
      case 'alreadyPublished':
        throw new ConflictError('The synthesis is already published');
      case 'notClosed':
        throw new NotOpenError('The synthesis can be published once the consultation has closed');
      case undefined:
        break;
    }
    const referenceIds = await this.references(current, valid.body);
    // Every input is answered before the synthesis: the counters say how many are (kept in the answers' transactions).
    const counts = await this.stores.consultations.getCountsConsistent(current.id);
    const unanswered = (counts.contributions ?? 0) - (counts.answered ?? 0);
    if (unanswered > 0) {
      throw new ConflictError(`${unanswered} contribution(s) have no disposition yet; every contribution needs one before the synthesis`, { unanswered });
    }
    const now = this.now();
    const publishedBy = await actingUserId(this.caller);
    const next: Consultation = {
      ...current,
      storedStatus: 'SYNTHESIS_PUBLISHED',
      synthesis: { body: valid.body, publishedAt: now.toISOString(), publishedBy, referenceIds },
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    if (!(await this.stores.consultations.saveConsultation(next, current.version, { kind: 'publish', now }, contributionsAnsweredMail(next, now)))) {
      return this.refuseStale(current.id);
    }
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  /** The contributions a synthesis mentions: each must be a contribution of this consultation. */
  private async references(consultation: Consultation, body: string): Promise<string[]> {
    const mentioned = [...new Set([...body.matchAll(REFERENCE)].map((match) => match[1] as string))];
    if (mentioned.length > MAX_REFERENCES) throw new BadUserInputError(`input.body: at most ${MAX_REFERENCES} contributions may be referenced`, 'input.body');
    const ids = mentioned.map((globalId) => {
      const decoded = (() => {
        try {
          return fromGlobalId(globalId, 'input.body');
        } catch {
          return undefined;
        }
      })();
      const belongs = decoded?.type === 'Contribution' && contributionIdParts(decoded.id)?.consultationId === consultation.id;
      if (!decoded || !belongs) throw new BadUserInputError(`input.body: contribution:${globalId} is not a contribution of this consultation`, 'input.body');
      return decoded.id;
    });
    const found = await this.contributionReads().getMany(ids);
    const missing = ids.find((_, i) => !found[i]);
    if (missing) throw new BadUserInputError('input.body: a referenced contribution does not exist', 'input.body');
    return ids;
  }
}
