/**
 * Rules for themes: drafting them from the call's issues (secretariat and
 * MAG), their adoption by a decision of a held MAG meeting
 * (`adoptByDecision`, called by the meetings module), and theme tags on
 * consultations and contributions. Talks to the theme, theme tag and
 * participation stores; reads issues through the issue service and
 * consultations through theirs.
 */
import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  NotOpenError,
  ServiceUnavailableError,
  StaleVersionError,
  UnauthenticatedError,
} from '../../core/errors';
import type { Counts } from '../../core/dynamodb/counters';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { NamedItem } from '../../core/dynamodb/transact';
import { fromGlobalId, internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import type { Page } from '../../core/dynamodb/query';
import { parseInput } from '../../core/validation';
import type { Consultation, ConsultationService, Contribution } from '../consultations';
import type { ContributionService } from '../contributions';
import type { IssueService } from './issue.service';
import * as issueStore from './issue.store';
import { callRefusal, yearOfId, type DecisionRef, type Issue, type Theme } from './programme.model';
import type { ProgrammeService } from './programme.service';
import { programmeYear } from './programme.service';
import * as tags from './theme-tag.store';
import * as participation from './theme-participation.store';
import {
  adoptInput,
  createInput,
  tagInput,
  updateInput,
  type AdoptThemeInput,
  type CreateThemeInput,
  type TagWithThemesInput,
  type UpdateThemeInput,
} from './theme.inputs';
import * as themes from './theme.store';

/** The stores the theme service works with (index.ts passes the DynamoDB ones). */
export interface ThemeStores {
  readonly themes: typeof themes;
  readonly tags: typeof tags;
  readonly participation: typeof participation;
  readonly issues: Pick<typeof issueStore, 'getIssueConsistent'>;
}

/** Consultations listed under a theme: bounded (one Query, one BatchGetItem). */
const MAX_TAGGED_CONSULTATIONS = 100;
/** Tag writes re-planned after a concurrent change (another tagging, a withdrawal, a marker moved). */
const MAX_TAG_REPLANS = 8;

export class ThemeService {
  readonly loader: DataLoader<string, Theme | undefined>;
  private readonly countsLoader: DataLoader<string, Counts>;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly programmes: ProgrammeService,
    private readonly issues: IssueService,
    private readonly consultations: Pick<ConsultationService, 'get'>,
    private readonly contributions: Pick<ContributionService, 'get' | 'loader'>,
    private readonly stores: ThemeStores = { themes, tags, participation, issues: issueStore },
  ) {
    this.loader = new DataLoader((ids) => stores.themes.getThemes(ids), { maxBatchSize: 100 });
    this.countsLoader = new DataLoader((ids) => stores.participation.getThemeCounts(ids), { maxBatchSize: 100 });
  }

  private mayManage(): Promise<boolean> {
    return can(this.caller, { type: 'theme.manage', year: this.now().getUTCFullYear() });
  }

  /** A theme: adopted ones for everyone, drafts for the secretariat and the MAG. */
  async get(id: string): Promise<Theme | undefined> {
    const theme = yearOfId(id) !== undefined ? await this.loader.load(id) : undefined;
    if (!theme) return undefined;
    return theme.status === 'ADOPTED' || (await this.mayManage()) ? theme : undefined;
  }

  getByGlobalId(globalId: string): Promise<Theme | undefined> {
    return this.get(internalId(globalId, 'Theme'));
  }

  async list(year: number, first?: number | null, after?: string | null): Promise<Page<Theme>> {
    return this.stores.themes.listThemes(year, !(await this.mayManage()), pageSize(first), after);
  }

  /** The theme's source issues the caller may see (withdrawn ones are hidden as anywhere else). */
  async sourceIssues(theme: Theme): Promise<Issue[]> {
    const found = await Promise.all(theme.issueIds.map((id) => this.issues.get(id)));
    return found.filter((issue) => issue !== undefined);
  }

  /** Checks source issue ids: of the programme's call, existing, standing. */
  private async checkIssues(year: number, globalIds: readonly string[], field: string): Promise<string[]> {
    const ids = globalIds.map((globalId, i) => internalId(globalId, 'Issue', `${field}.${i}`));
    const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (repeated >= 0) throw new BadUserInputError(`${field}.${repeated}: listed twice`, `${field}.${repeated}`);
    const found = await this.issues.loader.loadMany(ids);
    ids.forEach((id, i) => {
      const issue = found[i];
      if (!issue || issue instanceof Error || issue.year !== year)
        throw new BadUserInputError(`${field}.${i}: not an issue of this programme's call`, `${field}.${i}`);
      if (issue.status === 'WITHDRAWN' || issue.status === 'MERGED' || issue.status === 'NOT_TAKEN_UP') {
        throw new BadUserInputError(`${field}.${i}: that issue is ${issue.status.toLowerCase().replaceAll('_', ' ')}`, `${field}.${i}`);
      }
      void id;
    });
    return ids;
  }

  async create(input: CreateThemeInput): Promise<Theme> {
    await authorize(this.caller, { type: 'theme.manage', year: this.now().getUTCFullYear() });
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to draft a theme');
    const valid = parseInput(createInput, input);
    const year = programmeYear(valid.programmeId, 'input.programmeId');
    const createdBy = (await this.caller.roles())?.stakeholderId ?? `subject:${this.caller.subject}`;
    const guardKey = idempotencyGuardKey('createTheme', createdBy, valid.idempotencyKey);
    const requestDigest = createHash('sha256')
      .update(JSON.stringify([year, valid.title, valid.narrative, valid.developmentDimension, valid.policyQuestions, valid.issueIds]))
      .digest('hex');
    const earlier = await this.stores.themes.findIdempotentResult(guardKey);
    if (earlier) return this.replay(earlier, requestDigest);
    if (!(await this.programmes.call(year))) throw new NotFoundError('The programme has no call for issues to draw themes from');
    const ids = await this.checkIssues(year, valid.issueIds, 'input.issueIds');
    const now = this.now();
    const at = now.toISOString();
    const theme: Theme = {
      id: `${year}.${newId(now)}`,
      year,
      title: valid.title,
      narrative: valid.narrative,
      developmentDimension: valid.developmentDimension,
      policyQuestions: valid.policyQuestions,
      issueIds: ids,
      status: 'DRAFT',
      createdBy,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const outcome = await this.stores.themes.createTheme(theme, { key: guardKey, requestDigest }, now);
    if (outcome === 'noCall') throw new NotFoundError('The programme has no call for issues to draw themes from');
    if (outcome === 'replayed') {
      const again = await this.stores.themes.findIdempotentResult(guardKey);
      if (!again) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
      return this.replay(again, requestDigest);
    }
    this.loader.prime(theme.id, theme);
    return theme;
  }

  private async replay(earlier: { resultId: string; requestDigest: string }, requestDigest: string): Promise<Theme> {
    if (earlier.requestDigest !== requestDigest)
      throw new ConflictError('This idempotency key was used for a different theme', { field: 'input.idempotencyKey' });
    const theme = await this.stores.themes.getThemeConsistent(earlier.resultId);
    if (!theme) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
    return theme;
  }

  private async draftAt(globalOrInternalId: string, version: number, isGlobal: boolean): Promise<Theme> {
    const id = isGlobal ? internalId(globalOrInternalId, 'Theme', 'input.id') : globalOrInternalId;
    const current = yearOfId(id) !== undefined ? await this.stores.themes.getThemeConsistent(id) : undefined;
    if (!current) throw new NotFoundError('No such theme');
    if (current.status !== 'DRAFT') throw new ConflictError('The theme was adopted: it no longer changes');
    if (current.version !== version) throw new StaleVersionError('theme', current.version);
    return current;
  }

  private async refuseStale(id: string): Promise<never> {
    const latest = await this.stores.themes.getThemeConsistent(id);
    if (latest?.status === 'ADOPTED') throw new ConflictError('The theme was adopted: it no longer changes');
    throw new StaleVersionError('theme', latest?.version ?? 0);
  }

  async update(input: UpdateThemeInput): Promise<Theme> {
    await authorize(this.caller, { type: 'theme.manage', year: this.now().getUTCFullYear() });
    const valid = parseInput(updateInput, input);
    const current = await this.draftAt(valid.id, valid.version, true);
    const ids = valid.issueIds ? await this.checkIssues(current.year, valid.issueIds, 'input.issueIds') : current.issueIds;
    const next: Theme = {
      ...current,
      title: valid.title ?? current.title,
      narrative: valid.narrative ?? current.narrative,
      developmentDimension: valid.developmentDimension ?? current.developmentDimension,
      policyQuestions: valid.policyQuestions ?? current.policyQuestions,
      issueIds: ids,
      version: current.version + 1,
      updatedAt: this.now().toISOString(),
    };
    if ((await this.stores.themes.updateTheme(current, next)) === 'stale') return this.refuseStale(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  /**
   * For the meetings module: a decision of a held MAG meeting adopts a draft theme, in a transaction of its own.
   * The theme becomes public, its source issues are taken up, and the call's theme counters move. The caller is
   * the person recording the decision; the meetings module vouches that `decision` belongs to a held meeting.
   */
  async adoptByDecision(input: AdoptThemeInput): Promise<Theme> {
    await authorize(this.caller, { type: 'programme.decide', year: this.now().getUTCFullYear() });
    const valid = parseInput(adoptInput, input);
    const current = await this.draftAt(valid.themeId, valid.version, false);
    await this.checkAdoptable(current, 'input.themeId');
    const { themes, issues } = await this.adoptionChanges([current], valid.decision);
    const [change] = themes;
    if (!change) throw new Error('No theme to adopt');
    const outcome = await this.stores.themes.adoptTheme(change.current, change.next, issues);
    if (outcome.kind === 'stale') return this.refuseStale(current.id);
    if (outcome.kind === 'issueChanged') throw new ConflictError('A source issue changed meanwhile: retry');
    this.primeAdopted(themes, issues);
    return change.next;
  }

  /** Refusals for adopting a theme now: the call must have closed; the theme must draw on issues that stand. */
  private async checkAdoptable(theme: Theme, field: string): Promise<void> {
    const call = await this.programmes.call(theme.year);
    if (!call || callRefusal(call, this.now()) !== 'closed') throw new NotOpenError('Themes are adopted once the call for issues has closed');
    const issues = await this.issues.loader.loadMany(theme.issueIds);
    for (const [i, issue] of issues.entries()) {
      if (!issue || issue instanceof Error) throw new ConflictError(`Source issue ${i + 1} of "${theme.title}" no longer exists`, { field });
      if (issue.status !== 'SUBMITTED' && issue.status !== 'TAKEN_UP') {
        throw new ConflictError(`Source issue "${issue.title}" is ${issue.status.toLowerCase().replaceAll('_', ' ')}: update the theme first`, { field });
      }
    }
  }

  /** The next states of adopted themes and of their source issues (each issue once), read fresh. */
  private async adoptionChanges(themes: readonly Theme[], decision: DecisionRef) {
    const at = this.now().toISOString();
    const adoptedAt = new Date(decision.decidedAt).toISOString();
    const issueIds = [...new Set(themes.flatMap((theme) => theme.issueIds))];
    const fresh = await Promise.all(issueIds.map((id) => this.stores.issues.getIssueConsistent(id)));
    const issues = fresh
      .filter((issue) => issue !== undefined)
      .filter((issue) => issue.status === 'SUBMITTED')
      .map((issue) => ({ current: issue, next: { ...issue, status: 'TAKEN_UP' as const, version: issue.version + 1, updatedAt: at } }));
    if (fresh.some((issue) => issue === undefined || (issue.status !== 'SUBMITTED' && issue.status !== 'TAKEN_UP'))) {
      throw new ConflictError('A source issue changed meanwhile (merged, withdrawn or declined): update the theme first');
    }
    return {
      themes: themes.map((current) => ({
        current,
        next: {
          ...current,
          status: 'ADOPTED' as const,
          adoption: { meetingId: decision.meetingId, decisionId: decision.decisionId, adoptedAt },
          version: current.version + 1,
          updatedAt: at,
        },
      })),
      issues,
    };
  }

  private primeAdopted(themes: readonly { next: Theme }[], issues: readonly { next: Issue }[]): void {
    for (const { next } of themes) {
      this.loader.clear(next.id).prime(next.id, next);
      this.programmes.callLoader.clear(next.year);
    }
    for (const { next } of issues) this.issues.loader.clear(next.id).prime(next.id, next);
  }

  /**
   * For the meetings module, when a decision names themes to adopt (internal ids): the refusals — no such theme
   * (BAD_USER_INPUT naming `field(i)`), adopted already (CONFLICT), the call still open (NOT_OPEN), a source issue
   * that no longer stands (CONFLICT). Nothing is written.
   */
  async checkDecisionSubjects(themeIds: readonly string[], field: (index: number) => string): Promise<void> {
    const themes = await this.loader.loadMany(themeIds);
    for (const [i, theme] of themes.entries()) {
      if (!theme || theme instanceof Error) throw new BadUserInputError(`${field(i)}: no such theme`, field(i));
      if (theme.status !== 'DRAFT') throw new ConflictError('The theme was adopted already', { field: field(i) });
      await this.checkAdoptable(theme, field(i));
    }
  }

  /**
   * For the meetings module: the writes of adopting these themes, for the decision's own transaction (items named
   * `themeSubject`, `issueSubject`, `themeCall`: a failed one means the theme or an issue changed meanwhile).
   */
  async decisionWrites(themeIds: readonly string[], decision: DecisionRef): Promise<NamedItem[]> {
    if (themeIds.length === 0) return [];
    const current = await Promise.all(themeIds.map((id) => this.stores.themes.getThemeConsistent(id)));
    const drafts = current.map((theme) => {
      if (!theme || theme.status !== 'DRAFT') throw new ConflictError('A theme of the decision was adopted or removed meanwhile');
      return theme;
    });
    const { themes, issues } = await this.adoptionChanges(drafts, decision);
    for (const { next } of themes) this.loader.clear(next.id);
    for (const { next } of issues) this.issues.loader.clear(next.id);
    return this.stores.themes.themeAdoptionItems(themes, issues);
  }

  // ── Theme tags on consultations and contributions ──

  private static subjectType(type: string): 'Consultation' | 'Contribution' | undefined {
    return type === 'Consultation' || type === 'Contribution' ? type : undefined;
  }

  /** The themes a consultation or contribution is tagged with, as the caller may see them. */
  async themesOf(type: 'Consultation' | 'Contribution', id: string): Promise<Theme[]> {
    const ids = await this.stores.tags.tagsOf(type, id);
    const themes = await Promise.all(ids.map((themeId) => this.get(themeId)));
    return themes.filter((theme) => theme !== undefined);
  }

  async tag(input: TagWithThemesInput): Promise<Theme[]> {
    await authorize(this.caller, { type: 'theme.manage', year: this.now().getUTCFullYear() });
    const valid = parseInput(tagInput, input);
    const decoded = fromGlobalId(valid.subjectId, 'input.subjectId');
    const type = ThemeService.subjectType(decoded.type);
    if (!type) throw new BadUserInputError('"input.subjectId" is not a consultation or contribution id', 'input.subjectId');
    const subject = type === 'Consultation' ? await this.consultations.get(decoded.id) : await this.contributions.get(decoded.id);
    if (!subject) throw new NotFoundError(`No such ${type.toLowerCase()}`);
    const themeIds = valid.themeIds.map((globalId, i) => internalId(globalId, 'Theme', `input.themeIds.${i}`));
    const repeated = themeIds.findIndex((id, i) => themeIds.indexOf(id) !== i);
    if (repeated >= 0) throw new BadUserInputError(`input.themeIds.${repeated}: listed twice`, `input.themeIds.${repeated}`);
    const themes = await Promise.all(themeIds.map((id) => this.get(id)));
    const missing = themes.findIndex((theme) => theme === undefined);
    if (missing >= 0) throw new BadUserInputError(`input.themeIds.${missing}: no such theme`, `input.themeIds.${missing}`);
    for (let attempt = 0; attempt < MAX_TAG_REPLANS; attempt++) {
      const head = await this.stores.participation.tagHeadOf(type, decoded.id);
      const previous = head?.themeIds ?? [];
      if (previous.length === themeIds.length && previous.every((id) => themeIds.includes(id))) return themes as Theme[];
      const counted = type === 'Contribution' ? await this.countedTagWrites(decoded.id, previous, themeIds, attempt > 0) : [];
      if ((await this.stores.tags.setTags(type, decoded.id, head, themeIds, this.now(), counted)) === 'saved') {
        for (const id of [...previous, ...themeIds]) this.countsLoader.clear(id);
        return themes as Theme[];
      }
    }
    throw new ServiceUnavailableError('The tags are changing; retry shortly', { retriable: true });
  }

  /**
   * The participation writes of re-tagging a contribution from `previous` to `next`: conditional on its status
   * (an active one counts in each theme it carries, a withdrawn one in none) and on each marker read.
   */
  private async countedTagWrites(id: string, previous: readonly string[], next: readonly string[], reread: boolean) {
    if (reread) this.contributions.loader.clear(id);
    const contribution = await this.contributions.loader.load(id);
    if (!contribution) throw new NotFoundError('No such contribution');
    const checks = [this.stores.participation.contributionInStatus(contribution)];
    if (contribution.status !== 'ACTIVE') return checks;
    const leaving = previous.filter((themeId) => !next.includes(themeId));
    const joining = next.filter((themeId) => !previous.includes(themeId));
    const states = await this.stores.participation.readThemeMarkers([...leaving, ...joining], contribution.contributorId);
    const moves = [...leaving.map((themeId) => ({ themeId, by: -1 as const })), ...joining.map((themeId) => ({ themeId, by: 1 as const }))];
    return [
      ...checks,
      ...this.stores.participation.themeParticipationItems(
        contribution,
        moves.map((move, i) => ({ ...move, state: states[i] ?? 'absent' })),
      ),
    ];
  }

  /**
   * For the consultations module (wired at the composition root): the writes that take a contribution being
   * withdrawn out of its themes' participation, for the withdrawal's own transaction — conditional on its tags
   * not changing meanwhile (a tagging in between fails the withdrawal, which is then re-planned).
   */
  async contributionWithdrawalWrites(contribution: Contribution): Promise<NamedItem[]> {
    const head = await this.stores.participation.tagHeadOf('Contribution', contribution.id);
    const themeIds = head?.themeIds ?? [];
    const states = themeIds.length ? await this.stores.participation.readThemeMarkers(themeIds, contribution.contributorId) : [];
    for (const id of themeIds) this.countsLoader.clear(id);
    return [
      this.stores.participation.tagHeadUnchanged('Contribution', contribution.id, head),
      ...this.stores.participation.themeParticipationItems(
        contribution,
        themeIds.map((themeId, i) => ({ themeId, by: -1 as const, state: states[i] ?? 'absent' })),
      ),
    ];
  }

  /** The consultations tagged with a theme (up to 100), as the caller may see them. */
  async consultationsOf(theme: Theme): Promise<Consultation[]> {
    const ids = await this.stores.tags.taggedWith(theme.id, 'Consultation', MAX_TAGGED_CONSULTATIONS);
    const found = await Promise.all(ids.map((id) => this.consultations.get(id)));
    return found.filter((c) => c !== undefined);
  }

  /** The participation counters of a theme (its tagged active contributions): one GetItem, batched with other themes'. */
  participationCounts(theme: Theme): Promise<Counts> {
    return this.countsLoader.load(theme.id);
  }
}
