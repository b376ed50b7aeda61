/**
 * Rules for reporting cycles: the cycle of a year and its section template,
 * requesting reports from the relevant organisations (with their notices),
 * and the organisations whose report is still missing.
 */
import DataLoader from 'dataloader';
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { LookAhead } from '../../core/look-ahead';
import { pageSize, toConnection, type Connection } from '../../core/pagination';
import { parseInput, text } from '../../core/validation';
import type { StakeholderService } from '../stakeholders';
import { mailEvent } from '../outbox';
import { notice, type MissingReport, type Report, type ReportingCycle, type SectionTemplate } from './reporting.model';
import { mailWrite, notificationWrite } from './report.store';
import * as reportingItems from './reporting.items';
import type { ReportingStores } from './reporting.stores';

const MAX_SECTIONS = 15;
const MAX_SECTION_LENGTH = 20_000;
/** Keeps a report (and each revision, a full copy) well under DynamoDB's 400 KB item limit. */
const MAX_TOTAL_LENGTH = 150_000;

const year = z.number().int().min(2000, 'must be between 2000 and 9999').max(9999, 'must be between 2000 and 9999');

const sectionTemplate = z.lazy(() =>
  z.object({
    key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits or dashes, starting with a letter'),
    title: text(1, 200),
    guidance: text(0, 2000).nullish(),
    required: z.boolean(),
    maxLength: z.number().int().min(1, 'must be at least 1').max(MAX_SECTION_LENGTH, `must be at most ${MAX_SECTION_LENGTH}`),
  }),
);

const createCycleInput = z.lazy(() =>
  z
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
    }),
);
export type CreateCycleInput = z.input<typeof createCycleInput>;

const requestReportsInput = z.lazy(() =>
  z.object({
    year,
    organisationIds: z.array(z.string()).min(1, 'must list at least one organisation').max(100, 'must list at most 100 organisations'),
  }),
);
export type RequestReportsInput = z.input<typeof requestReportsInput>;

/** Page arguments of a connection field. */
export interface PageArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}

export class ReportingCycleService {
  /** Pages of missing organisations read together with their cycle, by year and page arguments. */
  private readonly missingPages = new LookAhead<number, PageArgs, Connection<MissingReport>>(String);
  readonly loader: DataLoader<number, ReportingCycle | undefined>;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: Pick<ReportingStores, 'cycles' | 'reports'>,
    private readonly stakeholders: StakeholderService,
  ) {
    this.loader = new DataLoader<number, ReportingCycle | undefined>((years) => stores.cycles.getCycles(years), { maxBatchSize: 100 });
  }

  /**
   * The cycle of a year. With `missing` (the arguments of its `missingOrganisations` page when the query
   * asks for it), that page's Query starts at the same time as the cycle's read instead of after it.
   */
  async cycle(yearOf: number, missing?: PageArgs): Promise<ReportingCycle | undefined> {
    if (missing) this.missingPages.start(yearOf, missing, this.missingPage(yearOf, missing.first, missing.after));
    return this.loader.load(yearOf);
  }

  /** The reporting cycles of a span of years, oldest first (public figures, for the reporting-rate trends). One Query. */
  cyclesBetween(fromYear: number, toYear: number): Promise<ReportingCycle[]> {
    return this.stores.cycles.cyclesBetween(fromYear, toYear);
  }

  async listCycles(first: number | null | undefined, after: string | null | undefined): Promise<Connection<ReportingCycle>> {
    return toConnection(await this.stores.cycles.listCycles(pageSize(first), after));
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
    const outcome = await this.stores.cycles.createCycle(
      cycle,
      organisations.map((o) => reportingItems.newReport(cycle, o, at)),
      (batch) => this.requestedNotices(cycle, batch),
    );
    if (outcome === 'cycleExists') throw new ConflictError(`A reporting cycle for ${cycle.year} already exists`);
    if (outcome === 'reportExists') throw new ConflictError('A report of this cycle already exists');
    const created = { ...cycle, counts: { ...cycle.counts, requested: organisations.length, missing: organisations.length } };
    this.loader.prime(cycle.year, created);
    return { cycle: created, requested: organisations.length };
  }

  /** Requests reports from more organisations (those already asked are left as they are). */
  async requestReports(input: RequestReportsInput): Promise<{ cycle: ReportingCycle; reports: Report[]; alreadyRequested: number }> {
    await authorize(this.caller, { type: 'reporting.manageCycles' });
    const valid = parseInput(requestReportsInput, input);
    const ids = [...new Set(valid.organisationIds.map((id, i) => internalId(id, 'Stakeholder', `input.organisationIds.${i}`)))];
    const cycle = await this.stores.cycles.getCycleConsistent(valid.year);
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
      const outcome = await this.stores.cycles.requestReport(report, this.requestedNotices(cycle, [report]));
      if (outcome === 'noCycle') throw new ConflictError('The reporting cycle does not exist');
      if (outcome === 'requested') reports.push(report);
    }
    this.loader.clear(cycle.year);
    const updated = (await this.stores.cycles.getCycleConsistent(valid.year)) ?? cycle;
    return { cycle: updated, reports, alreadyRequested: ids.length - reports.length };
  }

  /** The in-app notification of each requested report and one mail to the representatives of their organisations. */
  private requestedNotices(cycle: ReportingCycle, reports: readonly Report[]) {
    const now = this.now();
    return [
      ...reports.map((report) =>
        notificationWrite(notice(report, 'REQUESTED', `The secretariat requests your ${cycle.year} report, due at ${cycle.dueAt}`, now)),
      ),
      mailWrite(
        mailEvent(
          'REPORT_REQUESTED',
          { type: 'representatives', organisationIds: reports.map((r) => r.organisationId) },
          { year: cycle.year, dueAt: cycle.dueAt },
          now,
        ),
      ),
    ];
  }

  /** Organisations that have not submitted yet, by name: one Query, no other reads (started with the cycle's read when it could be). */
  async missing(cycle: ReportingCycle, first: number | null | undefined, after: string | null | undefined): Promise<Connection<MissingReport>> {
    const prefetched = await this.missingPages.take(cycle.year, { first, after });
    return prefetched ?? this.missingPage(cycle.year, first, after);
  }

  private async missingPage(year: number, first: number | null | undefined, after: string | null | undefined): Promise<Connection<MissingReport>> {
    return toConnection(await this.stores.reports.listMissingOfYear(year, pageSize(first), after));
  }
}
