/**
 * Rules for reports and their revisions: who may read and edit which report,
 * the lifecycle DRAFT → SUBMITTED → (RETURNED → SUBMITTED)* → PUBLISHED,
 * every save kept as a revision, and the comparison of two revisions.
 */
import DataLoader from 'dataloader';
import * as z from 'zod';
import { actingUserId, type Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { BadUserInputError, ConflictError, NotFoundError, NotOpenError, StaleVersionError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { pageInfo, pageSize, toConnection, type Connection } from '../../core/pagination';
import { parseInput, text } from '../../core/validation';
import type { Increments } from '../../core/dynamodb/counters';
import { mailEvent } from '../outbox';
import {
  EDITABLE_STATUSES,
  isLate,
  isOverdue,
  notice,
  parseReportId,
  parseRevisionId,
  revisionId,
  type ComplianceCounter,
  type Report,
  type ReportingCycle,
  type ReportRevision,
  type ReportStatus,
  type SectionTemplate,
} from './reporting.model';
import type { ReportingCycleService } from './cycle.service';
import { mailWrite, notificationWrite, revisionPut } from './report.store';
import type { ReportingStores, ReportStore } from './reporting.stores';
import { compareSections, type RevisionComparison } from './revision-diff';

const MAX_SECTIONS = 15;
const MAX_SECTION_LENGTH = 20_000;

const version = z.number().int().min(1, 'must be a version you read');

const saveSectionsInput = z.lazy(() =>
  z.object({
    reportId: z.string(),
    version,
    sections: z
      .array(z.object({ key: z.string().max(100, 'is not a section key'), text: z.string().max(MAX_SECTION_LENGTH * 2, 'is too long') }))
      .min(1, 'must list at least one section')
      .max(MAX_SECTIONS, `must list at most ${MAX_SECTIONS} sections`),
  }),
);
export type SaveSectionsInput = z.input<typeof saveSectionsInput>;

const transitionInput = z.object({ reportId: z.string(), version });
export type TransitionInput = z.input<typeof transitionInput>;

const returnInput = transitionInput.extend({ reason: text(1, 2000) });
export type ReturnReportInput = z.input<typeof returnInput>;

const reportKey = (k: { year: number; organisationId: string }) => `${k.year}.${k.organisationId}`;

export class ReportService {
  readonly reports: DataLoader<{ year: number; organisationId: string }, Report | undefined, string>;
  readonly revisionLoader: DataLoader<{ year: number; organisationId: string; number: number }, ReportRevision | undefined, string>;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: Pick<ReportingStores, 'reports'>,
    private readonly cycles: ReportingCycleService,
  ) {
    this.reports = new DataLoader((keys) => stores.reports.getReports(keys), { maxBatchSize: 100, cacheKeyFn: reportKey });
    this.revisionLoader = new DataLoader((keys) => stores.reports.getRevisions(keys), {
      maxBatchSize: 100,
      cacheKeyFn: (k) => `${reportKey(k)}.${k.number}`,
    });
  }

  private currentYear(): number {
    return this.now().getUTCFullYear();
  }

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
    return toConnection(await this.stores.reports.listReportsOfOrganisation(organisationId, { publishedOnly: !all, first: pageSize(first), after }));
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
      return toConnection(await this.stores.reports.listReportsOfYear(cycle.year, { status: 'PUBLISHED', first: size, after }));
    }
    return toConnection(await this.stores.reports.listReportsOfYear(cycle.year, { status: status ?? undefined, first: size, after }));
  }

  late(report: Report): boolean {
    return isLate(report);
  }

  overdue(report: Report): boolean {
    return isOverdue(report, this.now());
  }

  /** The template's sections with the report's text, in template order. */
  async sections(report: Report): Promise<(SectionTemplate & { text: string | null })[]> {
    const cycle = await this.cycles.loader.load(report.year);
    return (cycle?.sections ?? []).map((s) => ({ ...s, text: report.sections[s.key] || null }));
  }

  // ------------------------------------------------------------ revisions

  private async mayReadHistory(organisationId: string): Promise<boolean> {
    return can(this.caller, { type: 'report.readHistory', organisationId, currentYear: this.currentYear() });
  }

  /** The revisions, oldest first, or null for callers who may not see a report's drafts. */
  async revisions(report: Report, first: number | null | undefined, after: string | null | undefined): Promise<Connection<ReportRevision> | null> {
    if (!(await this.mayReadHistory(report.organisationId))) return null;
    return toConnection(await this.stores.reports.listRevisions(report.year, report.organisationId, pageSize(first), after));
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
    const cycle = await this.cycles.loader.load(report.year);
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
    const [report, cycle] = await Promise.all([this.stores.reports.getReportConsistent(key.year, key.organisationId), this.cycles.loader.load(key.year)]);
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
    extra: Parameters<ReportStore['writeReport']>[3] = [],
  ): Promise<void> {
    if ((await this.stores.reports.writeReport(next, { version: read.version, statuses }, counts, extra)) === 'saved') return;
    const latest = await this.stores.reports.getReportConsistent(read.year, read.organisationId);
    if (!latest) throw new NotFoundError('No such report');
    ReportService.expect(latest, statuses, read.version, doing);
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
    ReportService.expect(report, EDITABLE_STATUSES, valid.version, 'edit');
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
    await this.write(next, report, EDITABLE_STATUSES, 'edit', {}, [revisionPut(revision)]);
    this.reports.clear(report).prime(report, next);
    return { report: next, revision };
  }

  /** Submits a draft or returned report: every required section filled, and the cycle open. */
  async submit(input: TransitionInput): Promise<Report> {
    const key = await this.editable(input.reportId);
    const valid = parseInput(transitionInput, input);
    const { report, cycle } = await this.load(key);
    ReportService.expect(report, EDITABLE_STATUSES, valid.version, 'submit');
    const now = this.now();
    const at = now.toISOString();
    if (at < cycle.opensAt)
      throw new NotOpenError(`The ${cycle.year} reporting cycle opens at ${cycle.opensAt}; you can save drafts until then`, { opensAt: cycle.opensAt });
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
    ReportService.expect(report, ['SUBMITTED'], valid.version, 'return');
    const at = this.now().toISOString();
    const next: Report = { ...report, status: 'RETURNED', returnedAt: at, returnReason: valid.reason, version: report.version + 1, updatedAt: at };
    await this.write(next, report, ['SUBMITTED'], 'return', { awaitingReview: -1, returned: 1, returns: 1 }, [
      notificationWrite(notice(next, 'RETURNED', `The secretariat returned your ${next.year} report: ${valid.reason}`, this.now())),
      mailWrite(
        mailEvent(
          'REPORT_RETURNED',
          { type: 'representatives', organisationIds: [next.organisationId] },
          { year: next.year, reason: valid.reason },
          this.now(),
        ),
      ),
    ]);
    this.reports.clear(report).prime(report, next);
    return next;
  }

  /** The secretariat publishes a submitted report: from then on everyone can read it. */
  async publish(input: TransitionInput): Promise<Report> {
    await authorize(this.caller, { type: 'report.review' });
    const valid = parseInput(transitionInput, input);
    const { report } = await this.load(this.reviewKey(valid.reportId));
    ReportService.expect(report, ['SUBMITTED'], valid.version, 'publish');
    const at = this.now().toISOString();
    const next: Report = { ...report, status: 'PUBLISHED', publishedAt: at, version: report.version + 1, updatedAt: at };
    await this.write(next, report, ['SUBMITTED'], 'publish', { awaitingReview: -1, published: 1 }, [
      notificationWrite(notice(next, 'PUBLISHED', `Your ${next.year} report has been published`, this.now())),
      mailWrite(mailEvent('REPORT_PUBLISHED', { type: 'representatives', organisationIds: [next.organisationId] }, { year: next.year }, this.now())),
    ]);
    this.reports.clear(report).prime(report, next);
    return next;
  }

  private reviewKey(globalId: string): { year: number; organisationId: string } {
    const key = parseReportId(internalId(globalId, 'Report', 'input.reportId'));
    if (!key) throw new BadUserInputError('"input.reportId" is not a valid id', 'input.reportId');
    return key;
  }
}
