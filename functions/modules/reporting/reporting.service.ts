/**
 * Rules for annual reporting: cycles and their template, who may read and
 * edit which report, the lifecycle DRAFT → SUBMITTED → (RETURNED →
 * SUBMITTED)* → PUBLISHED, revisions and their comparison, compliance, and
 * the representatives' notifications. Talks to the reporting repository;
 * asks the policy module.
 */
import DataLoader from 'dataloader';
import * as z from 'zod';
import { actingUserId, type Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { decodeCursor, encodeCursor } from '../../core/cursor';
import { BadUserInputError, ConflictError, NotFoundError, NotOpenError, StaleVersionError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageInfo, pageSize, toConnection, type Connection } from '../../core/pagination';
import { parseInput, text } from '../../core/validation';
import type { Increments } from '../../core/dynamodb/counters';
import type { StakeholderService } from '../stakeholders';
import {
  EDITABLE_STATUSES,
  isLate,
  isOverdue,
  parseReportId,
  parseRevisionId,
  revisionId,
  type ComplianceCounter,
  type Notification,
  type Report,
  type ReportingCycle,
  type ReportRevision,
  type ReportStatus,
  type SectionTemplate,
} from './reporting.model';
import * as cycleStore from './cycle.store';
import * as notificationStore from './notification.store';
import * as reportStore from './report.store';
import * as reportingItems from './reporting.items';
import { compareSections, type SectionComparison } from './revision-diff';
import { mailEvent } from '../outbox';

const MAX_SECTIONS = 15;
const MAX_SECTION_LENGTH = 20_000;
/** Keeps a report (and each revision, a full copy) well under DynamoDB's 400 KB item limit. */
const MAX_TOTAL_LENGTH = 150_000;

const year = z.number().int().min(2000, 'must be between 2000 and 9999').max(9999, 'must be between 2000 and 9999');
const version = z.number().int().min(1, 'must be a version you read');

const sectionTemplate = z.lazy(() => z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits or dashes, starting with a letter'),
  title: text(1, 200),
  guidance: text(0, 2000).nullish(),
  required: z.boolean(),
  maxLength: z.number().int().min(1, 'must be at least 1').max(MAX_SECTION_LENGTH, `must be at most ${MAX_SECTION_LENGTH}`),
}));

const createCycleInput = z.lazy(() => z
  .object({
    year,
    opensAt: z.string(),
    dueAt: z.string(),
    sections: z.array(sectionTemplate).min(1, 'must list at least one section').max(MAX_SECTIONS, `must list at most ${MAX_SECTIONS} sections`),
  })
  .superRefine((value, ctx) => {
    if (value.dueAt <= value.opensAt) ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'must be after opensAt' });
    const seen = new Set<string>();
    value.sections.forEach((section, i) => {
      if (seen.has(section.key)) ctx.addIssue({ code: 'custom', path: ['sections', i, 'key'], message: `"${section.key}" is used twice` });
      seen.add(section.key);
    });
    const total = value.sections.reduce((sum, s) => sum + s.maxLength, 0);
    if (total > MAX_TOTAL_LENGTH) ctx.addIssue({ code: 'custom', path: ['sections'], message: `the maxLengths must add up to at most ${MAX_TOTAL_LENGTH}` });
  }));
export type CreateCycleInput = z.input<typeof createCycleInput>;

const requestReportsInput = z.lazy(() => z.object({
  year,
  organisationIds: z.array(z.string()).min(1, 'must list at least one organisation').max(100, 'must list at most 100 organisations'),
}));
export type RequestReportsInput = z.input<typeof requestReportsInput>;

const saveSectionsInput = z.lazy(() => z.object({
  reportId: z.string(),
  version,
  sections: z
    .array(z.object({ key: z.string().max(100, 'is not a section key'), text: z.string().max(MAX_SECTION_LENGTH * 2, 'is too long') }))
    .min(1, 'must list at least one section')
    .max(MAX_SECTIONS, `must list at most ${MAX_SECTIONS} sections`),
}));
export type SaveSectionsInput = z.input<typeof saveSectionsInput>;

const transitionInput = z.object({ reportId: z.string(), version });
export type TransitionInput = z.input<typeof transitionInput>;

const returnInput = z.lazy(() => transitionInput.extend({ reason: text(1, 2000) }));
export type ReturnReportInput = z.input<typeof returnInput>;

/** A report owed by an organisation that has not submitted it yet (public: no report content). */
export interface MissingReport {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly year: number;
  readonly dueAt: string;
}

export interface RevisionComparison {
  readonly from: ReportRevision;
  readonly to: ReportRevision;
  readonly sections: readonly SectionComparison[];
}

const reportKey = (k: { year: number; organisationId: string }) => `${k.year}.${k.organisationId}`;

/** Page arguments of a connection field. */
export interface PageArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}

const missingKey = (year: number, args: PageArgs) => `${year}\u0000${args.first ?? ''}\u0000${args.after ?? ''}`;

export class ReportingService {
  /** Pages of missing organisations read together with their cycle, by year and page arguments. */
  private readonly prefetchedMissing = new Map<string, Promise<Connection<MissingReport> | undefined>>();
  readonly cycles = new DataLoader<number, ReportingCycle | undefined>((years) => cycleStore.getCycles(years), { maxBatchSize: 100 });
  readonly reports = new DataLoader<{ year: number; organisationId: string }, Report | undefined, string>((keys) => reportStore.getReports(keys), {
    maxBatchSize: 100,
    cacheKeyFn: reportKey,
  });
  readonly revisionLoader = new DataLoader<{ year: number; organisationId: string; number: number }, ReportRevision | undefined, string>(
    (keys) => reportStore.getRevisions(keys),
    { maxBatchSize: 100, cacheKeyFn: (k) => `${reportKey(k)}.${k.number}` },
  );

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stakeholders: StakeholderService,
  ) {}

  private currentYear(): number {
    return this.now().getUTCFullYear();
  }

  // ------------------------------------------------------------ cycles

  /**
   * The cycle of a year. With `missing` (the arguments of its `missingOrganisations` page when the query
   * asks for it), that page's Query starts at the same time as the cycle's read instead of after it.
   */
  async cycle(yearOf: number, missing?: PageArgs): Promise<ReportingCycle | undefined> {
    if (missing) {
      const key = missingKey(yearOf, missing);
      // A refused or failed prefetch is forgotten: missing() then runs the Query itself and reports the error.
      if (!this.prefetchedMissing.has(key)) this.prefetchedMissing.set(key, this.missingPage(yearOf, missing.first, missing.after).catch(() => undefined));
    }
    return this.cycles.load(yearOf);
  }

  /** The reporting cycles of a span of years, oldest first (public figures, for the reporting-rate trends). One Query. */
  cyclesBetween(fromYear: number, toYear: number): Promise<ReportingCycle[]> {
    return cycleStore.cyclesBetween(fromYear, toYear);
  }

  async listCycles(first: number | null | undefined, after: string | null | undefined): Promise<Connection<ReportingCycle>> {
    return toConnection(await cycleStore.listCycles(pageSize(first), after));
  }

  /** Creates the cycle of a year and requests a report from every relevant organisation. */
  async createCycle(input: CreateCycleInput): Promise<{ cycle: ReportingCycle; requested: number }> {
    await authorize(this.caller, { type: 'reporting.manageCycles' });
    const valid = parseInput(createCycleInput, input);
    const at = this.now().toISOString();
    const sections: SectionTemplate[] = valid.sections.map((s) => ({
      key: s.key,
      title: s.title,
      guidance: s.guidance ?? '',
      required: s.required,
      maxLength: s.maxLength,
    }));
    const organisations = await this.stakeholders.relevantOrganisations();
    const cycle: ReportingCycle = {
      id: String(valid.year),
      year: valid.year,
      opensAt: valid.opensAt,
      dueAt: valid.dueAt,
      sections,
      counts: { requested: 0, missing: 0, submittedOnTime: 0, submittedLate: 0, awaitingReview: 0, returned: 0, returns: 0, published: 0 },
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const outcome = await cycleStore.createCycle(
      cycle,
      organisations.map((o) => reportingItems.newReport(cycle, o, at)),
      (batch) => this.requestedNotices(cycle, batch),
    );
    if (outcome === 'cycleExists') throw new ConflictError(`A reporting cycle for ${cycle.year} already exists`);
    if (outcome === 'reportExists') throw new ConflictError('A report of this cycle already exists');
    const created = { ...cycle, counts: { ...cycle.counts, requested: organisations.length, missing: organisations.length } };
    this.cycles.prime(cycle.year, created);
    return { cycle: created, requested: organisations.length };
  }

  /** Requests reports from more organisations (those already asked are left as they are). */
  async requestReports(input: RequestReportsInput): Promise<{ cycle: ReportingCycle; reports: Report[]; alreadyRequested: number }> {
    await authorize(this.caller, { type: 'reporting.manageCycles' });
    const valid = parseInput(requestReportsInput, input);
    const ids = [...new Set(valid.organisationIds.map((id, i) => internalId(id, 'Stakeholder', `input.organisationIds.${i}`)))];
    const cycle = await cycleStore.getCycleConsistent(valid.year);
    if (!cycle) throw new NotFoundError(`There is no reporting cycle for ${valid.year}`);
    const organisations = await Promise.all(ids.map((id) => this.stakeholders.get(id)));
    organisations.forEach((organisation, i) => {
      if (organisation?.kind !== 'ORGANISATION') {
        throw new BadUserInputError(`input.organisationIds.${i}: no such organisation`, `input.organisationIds.${i}`);
      }
    });
    const at = this.now().toISOString();
    const reports: Report[] = [];
    for (const organisation of organisations) {
      const report = reportingItems.newReport(cycle, organisation!, at);
      const outcome = await cycleStore.requestReport(report, this.requestedNotices(cycle, [report]));
      if (outcome === 'noCycle') throw new ConflictError('The reporting cycle does not exist');
      if (outcome === 'requested') reports.push(report);
    }
    this.cycles.clear(cycle.year);
    const updated = (await cycleStore.getCycleConsistent(valid.year)) ?? cycle;
    return { cycle: updated, reports, alreadyRequested: ids.length - reports.length };
  }

  /** The in-app notification of each requested report and one mail to the representatives of their organisations. */
  private requestedNotices(cycle: ReportingCycle, reports: readonly Report[]) {
    const now = this.now();
    return [
      ...reports.map((report) =>
        reportStore.notificationWrite(this.notice(report, 'REQUESTED', `The secretariat requests your ${cycle.year} report, due at ${cycle.dueAt}`)),
      ),
      reportStore.mailWrite(
        mailEvent('REPORT_REQUESTED', { type: 'representatives', organisationIds: reports.map((r) => r.organisationId) }, { year: cycle.year, dueAt: cycle.dueAt }, now),
      ),
    ];
  }

  // ------------------------------------------------------------ reading reports

  private async visible(report: Report | undefined): Promise<Report | undefined> {
    if (!report) return undefined;
    const allowed = await can(this.caller, {
      type: 'report.read',
      organisationId: report.organisationId,
      published: report.status === 'PUBLISHED',
      currentYear: this.currentYear(),
    });
    return allowed ? report : undefined;
  }

  /** Whether the caller reads every organisation's unpublished reports (secretariat, MAG). */
  private async readsAllInternal(): Promise<boolean> {
    return can(this.caller, { type: 'report.readAllInternal', currentYear: this.currentYear() });
  }

  /** A report if the caller may read it, else undefined (never an error: unpublished reports are simply not there for them). */
  async report(organisationGlobalId: string, yearOf: number): Promise<Report | undefined> {
    const organisationId = internalId(organisationGlobalId, 'Stakeholder', 'organisation');
    return this.visible(await this.reports.load({ year: yearOf, organisationId }));
  }

  async reportById(id: string): Promise<Report | undefined> {
    const key = parseReportId(id);
    return key ? this.visible(await this.reports.load(key)) : undefined;
  }

  async previousReport(report: Report): Promise<Report | undefined> {
    return this.visible(await this.reports.load({ year: report.year - 1, organisationId: report.organisationId }));
  }

  /** An organisation's reports across years, newest first: published ones for everyone, all for those who may read them. */
  async reportsOfOrganisation(organisationId: string, first: number | null | undefined, after: string | null | undefined): Promise<Connection<Report>> {
    const all = await can(this.caller, { type: 'report.read', organisationId, published: false, currentYear: this.currentYear() });
    return toConnection(await reportStore.listReportsOfOrganisation(organisationId, { publishedOnly: !all, first: pageSize(first), after }));
  }

  /** Reports of a cycle by organisation name: all for the secretariat and the MAG, published ones for everyone else. */
  async reportsOfCycle(
    cycle: ReportingCycle,
    status: ReportStatus | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Report>> {
    const size = pageSize(first);
    if (!(await this.readsAllInternal())) {
      if (status && status !== 'PUBLISHED') {
        // Empty for them: no cursor can belong to this list.
        if (after) throw new BadUserInputError('The cursor belongs to another list', 'after');
        return { edges: [], pageInfo: pageInfo([], false) };
      }
      return toConnection(await reportStore.listReportsOfYear(cycle.year, { status: 'PUBLISHED', first: size, after }));
    }
    return toConnection(await reportStore.listReportsOfYear(cycle.year, { status: status ?? undefined, first: size, after }));
  }

  /** Organisations that have not submitted yet, by name: one Query, no other reads (started with the cycle's read when it could be). */
  async missing(cycle: ReportingCycle, first: number | null | undefined, after: string | null | undefined): Promise<Connection<MissingReport>> {
    const prefetched = await this.prefetchedMissing.get(missingKey(cycle.year, { first, after }));
    return prefetched ?? this.missingPage(cycle.year, first, after);
  }

  private async missingPage(year: number, first: number | null | undefined, after: string | null | undefined): Promise<Connection<MissingReport>> {
    return toConnection(await reportStore.listMissingOfYear(year, pageSize(first), after));
  }

  late(report: Report): boolean {
    return isLate(report);
  }

  overdue(report: Report): boolean {
    return isOverdue(report, this.now());
  }

  /** The template's sections with the report's text, in template order. */
  async sections(report: Report): Promise<(SectionTemplate & { text: string | null })[]> {
    const cycle = await this.cycles.load(report.year);
    return (cycle?.sections ?? []).map((s) => ({ ...s, text: report.sections[s.key] || null }));
  }

  // ------------------------------------------------------------ revisions

  private async mayReadHistory(organisationId: string): Promise<boolean> {
    return can(this.caller, { type: 'report.readHistory', organisationId, currentYear: this.currentYear() });
  }

  /** The revisions, oldest first, or null for callers who may not see a report's drafts. */
  async revisions(report: Report, first: number | null | undefined, after: string | null | undefined): Promise<Connection<ReportRevision> | null> {
    if (!(await this.mayReadHistory(report.organisationId))) return null;
    return toConnection(await reportStore.listRevisions(report.year, report.organisationId, pageSize(first), after));
  }

  /**
   * When and why the secretariat returned the report: review history, so
   * internal like the revisions — null for the public once it is published.
   */
  async returned(report: Report): Promise<{ returnedAt: string | null; returnReason: string | null }> {
    if (report.returnedAt === undefined || !(await this.mayReadHistory(report.organisationId))) return { returnedAt: null, returnReason: null };
    return { returnedAt: report.returnedAt, returnReason: report.returnReason ?? null };
  }

  async revisionById(id: string): Promise<ReportRevision | undefined> {
    const key = parseRevisionId(id);
    if (!key || !(await this.mayReadHistory(key.organisationId))) return undefined;
    return this.revisionLoader.load(key);
  }

  /** Section-by-section comparison of two revisions of a report (by number), or null if the caller may not see them. */
  async compare(report: Report, from: number, to: number): Promise<RevisionComparison | null> {
    if (!(await this.mayReadHistory(report.organisationId))) return null;
    const [before, after] = await Promise.all(
      [from, to].map((number, i) => {
        if (!Number.isInteger(number) || number < 1 || number > report.revisionCount) {
          throw new BadUserInputError(`"${i === 0 ? 'from' : 'to'}" must be a revision number between 1 and ${report.revisionCount}`, i === 0 ? 'from' : 'to');
        }
        return this.revisionLoader.load({ year: report.year, organisationId: report.organisationId, number });
      }),
    );
    if (!before || !after) throw new NotFoundError('No such revision');
    const cycle = await this.cycles.load(report.year);
    return { from: before, to: after, sections: compareSections(cycle?.sections ?? [], before.sections, after.sections) };
  }

  // ------------------------------------------------------------ writing reports

  /** Parses the report id and checks the caller may edit it — before anything is read. */
  private async editable(globalId: string): Promise<{ year: number; organisationId: string }> {
    const key = parseReportId(internalId(globalId, 'Report', 'input.reportId'));
    if (!key) throw new BadUserInputError('"input.reportId" is not a valid id', 'input.reportId');
    await authorize(this.caller, { type: 'report.edit', organisationId: key.organisationId });
    return key;
  }

  private async load(key: { year: number; organisationId: string }): Promise<{ report: Report; cycle: ReportingCycle }> {
    const [report, cycle] = await Promise.all([reportStore.getReportConsistent(key.year, key.organisationId), this.cycles.load(key.year)]);
    if (!report || !cycle) throw new NotFoundError('No such report');
    return { report, cycle };
  }

  private static expect(report: Report, statuses: readonly ReportStatus[], versionRead: number, doing: string): void {
    if (!statuses.includes(report.status)) {
      throw new ConflictError(`The report is ${report.status}: you can ${doing} only a report that is ${statuses.join(' or ')}`, {
        status: report.status,
      });
    }
    if (report.version !== versionRead) throw new StaleVersionError('report', report.version);
  }

  /**
   * Writes the report's next state at the version and status read. When a
   * concurrent write got there first, the report is read again and the
   * refusal says what it is now (its status, or its current version).
   */
  private async write(
    next: Report,
    read: Report,
    statuses: readonly ReportStatus[],
    doing: string,
    counts: Increments<ComplianceCounter>,
    extra: Parameters<typeof reportStore.writeReport>[3] = [],
  ): Promise<void> {
    if ((await reportStore.writeReport(next, { version: read.version, statuses }, counts, extra)) === 'saved') return;
    const latest = await reportStore.getReportConsistent(read.year, read.organisationId);
    if (!latest) throw new NotFoundError('No such report');
    ReportingService.expect(latest, statuses, read.version, doing);
    throw new StaleVersionError('report', latest.version);
  }

  /** Saves some sections of a draft (or returned) report: one new version and one new revision, or nothing if nothing changed. */
  async saveSections(input: SaveSectionsInput): Promise<{ report: Report; revision: ReportRevision | null }> {
    const key = await this.editable(input.reportId);
    const valid = parseInput(saveSectionsInput, input);
    const { report, cycle } = await this.load(key);
    const template = new Map(cycle.sections.map((s) => [s.key, s]));
    const seen = new Set<string>();
    const edits = valid.sections.map((section, i) => {
      const definition = template.get(section.key);
      if (!definition) {
        throw new BadUserInputError(`input.sections.${i}.key: "${section.key}" is not a section of the ${cycle.year} template`, `input.sections.${i}.key`, {
          section: section.key,
        });
      }
      if (seen.has(section.key)) throw new BadUserInputError(`input.sections.${i}.key: "${section.key}" is given twice`, `input.sections.${i}.key`);
      seen.add(section.key);
      const value = section.text.trim();
      if (value.length > definition.maxLength) {
        throw new BadUserInputError(
          `input.sections.${i}.text: "${definition.title}" must be at most ${definition.maxLength} characters (got ${value.length})`,
          `input.sections.${i}.text`,
          { section: section.key, maxLength: definition.maxLength },
        );
      }
      return { key: section.key, text: value };
    });
    ReportingService.expect(report, EDITABLE_STATUSES, valid.version, 'edit');
    const sections: Record<string, string> = { ...report.sections };
    const changedKeys: string[] = [];
    for (const edit of edits) {
      if ((sections[edit.key] ?? '') === edit.text) continue;
      changedKeys.push(edit.key);
      if (edit.text === '') delete sections[edit.key];
      else sections[edit.key] = edit.text;
    }
    if (changedKeys.length === 0) return { report, revision: null };
    const at = this.now().toISOString();
    const number = report.revisionCount + 1;
    const next: Report = { ...report, sections, version: report.version + 1, revisionCount: number, updatedAt: at };
    const revision: ReportRevision = {
      id: revisionId(report.id, number),
      reportId: report.id,
      year: report.year,
      organisationId: report.organisationId,
      number,
      reportVersion: next.version,
      sections,
      changedKeys,
      savedBy: await actingUserId(this.caller),
      savedAt: at,
    };
    await this.write(next, report, EDITABLE_STATUSES, 'edit', {}, [reportStore.revisionPut(revision)]);
    this.reports.clear(report).prime(report, next);
    return { report: next, revision };
  }

  /** Submits a draft or returned report: every required section filled, and the cycle open. */
  async submit(input: TransitionInput): Promise<Report> {
    const key = await this.editable(input.reportId);
    const valid = parseInput(transitionInput, input);
    const { report, cycle } = await this.load(key);
    ReportingService.expect(report, EDITABLE_STATUSES, valid.version, 'submit');
    const now = this.now();
    const at = now.toISOString();
    if (at < cycle.opensAt) throw new NotOpenError(`The ${cycle.year} reporting cycle opens at ${cycle.opensAt}; you can save drafts until then`, { opensAt: cycle.opensAt });
    const empty = cycle.sections.filter((s) => s.required && !(report.sections[s.key] ?? '').trim()).map((s) => s.key);
    if (empty.length > 0) {
      throw new BadUserInputError(`Fill in the required sections before submitting: ${empty.join(', ')}`, 'input.reportId', { missingSections: empty });
    }
    const first = report.firstSubmittedAt === undefined;
    const next: Report = {
      ...report,
      status: 'SUBMITTED',
      submittedAt: at,
      firstSubmittedAt: report.firstSubmittedAt ?? at,
      version: report.version + 1,
      updatedAt: at,
    };
    const counts: Increments<ComplianceCounter> = first
      ? { missing: -1, [isLate(next) ? 'submittedLate' : 'submittedOnTime']: 1, awaitingReview: 1 }
      : { returned: report.status === 'RETURNED' ? -1 : 0, awaitingReview: 1 };
    await this.write(next, report, [report.status], 'submit', counts);
    this.reports.clear(report).prime(report, next);
    return next;
  }

  /** The secretariat returns a submitted report with a reason; the representatives edit and resubmit it. */
  async returnReport(input: ReturnReportInput): Promise<Report> {
    await authorize(this.caller, { type: 'report.review' });
    const valid = parseInput(returnInput, input);
    const { report } = await this.load(this.reviewKey(valid.reportId));
    ReportingService.expect(report, ['SUBMITTED'], valid.version, 'return');
    const at = this.now().toISOString();
    const next: Report = { ...report, status: 'RETURNED', returnedAt: at, returnReason: valid.reason, version: report.version + 1, updatedAt: at };
    await this.write(next, report, ['SUBMITTED'], 'return', { awaitingReview: -1, returned: 1, returns: 1 }, [
      reportStore.notificationWrite(this.notice(next, 'RETURNED', `The secretariat returned your ${next.year} report: ${valid.reason}`)),
      reportStore.mailWrite(mailEvent('REPORT_RETURNED', { type: 'representatives', organisationIds: [next.organisationId] }, { year: next.year, reason: valid.reason }, this.now())),
    ]);
    this.reports.clear(report).prime(report, next);
    return next;
  }

  /** The secretariat publishes a submitted report: from then on everyone can read it. */
  async publish(input: TransitionInput): Promise<Report> {
    await authorize(this.caller, { type: 'report.review' });
    const valid = parseInput(transitionInput, input);
    const { report } = await this.load(this.reviewKey(valid.reportId));
    ReportingService.expect(report, ['SUBMITTED'], valid.version, 'publish');
    const at = this.now().toISOString();
    const next: Report = { ...report, status: 'PUBLISHED', publishedAt: at, version: report.version + 1, updatedAt: at };
    await this.write(next, report, ['SUBMITTED'], 'publish', { awaitingReview: -1, published: 1 }, [
      reportStore.notificationWrite(this.notice(next, 'PUBLISHED', `Your ${next.year} report has been published`)),
      reportStore.mailWrite(mailEvent('REPORT_PUBLISHED', { type: 'representatives', organisationIds: [next.organisationId] }, { year: next.year }, this.now())),
    ]);
    this.reports.clear(report).prime(report, next);
    return next;
  }

  private reviewKey(globalId: string): { year: number; organisationId: string } {
    const key = parseReportId(internalId(globalId, 'Report', 'input.reportId'));
    if (!key) throw new BadUserInputError('"input.reportId" is not a valid id', 'input.reportId');
    return key;
  }

  private notice(report: Report, kind: Notification['kind'], message: string): Notification {
    const at = this.now();
    return { id: newId(at), organisationId: report.organisationId, kind, year: report.year, reportId: report.id, message, createdAt: at.toISOString() };
  }

  // ------------------------------------------------------------ notifications

  /**
   * The notifications of every organisation the caller represents, newest
   * first. With several organisations their lists are merged; the cursor
   * holds each list's position.
   */
  async myNotifications(first: number | null | undefined, after: string | null | undefined): Promise<Connection<Notification>> {
    await authorize(this.caller, { type: 'notifications.readOwn' });
    const size = pageSize(first);
    const roles = this.caller.kind === 'user' ? await this.caller.roles() : undefined;
    const organisations = [...new Set(roles?.representativeOf ?? [])].sort();
    const scope = `my-notifications:${organisations.join(',')}`;
    const positions = (after ? decodeCursor(scope, after) : {}) as Record<string, string | null>;
    if (Object.keys(positions).some((organisationId) => !organisations.includes(organisationId))) {
      throw new BadUserInputError('The cursor belongs to another list', 'after');
    }
    const pages = await Promise.all(
      organisations.map(async (organisationId) => {
        const position = positions[organisationId];
        if (position === null) return { organisationId, page: undefined };
        return { organisationId, page: await notificationStore.listNotifications(organisationId, size, position) };
      }),
    );
    const candidates = pages.flatMap(({ organisationId, page }) =>
      (page?.items ?? []).map((item, i) => ({ organisationId, item, cursor: page!.cursors[i] as string, last: i === page!.items.length - 1 && !page!.hasNextPage })),
    );
    candidates.sort((a, b) => (`${b.item.createdAt}#${b.item.id}` < `${a.item.createdAt}#${a.item.id}` ? -1 : 1));
    const taken = candidates.slice(0, size);
    const hasNextPage = candidates.length > size || pages.some(({ page }) => page?.hasNextPage === true);
    // Each edge's cursor records, per organisation, the last notification taken up to it (null: that list is done).
    const position: Record<string, string | null> = { ...positions };
    const cursors = taken.map((c) => {
      position[c.organisationId] = c.last ? null : c.cursor;
      return encodeCursor(scope, position);
    });
    return {
      edges: taken.map((c, i) => ({ node: c.item, cursor: cursors[i] as string })),
      pageInfo: pageInfo(cursors, hasNextPage),
    };
  }
}

