/**
 * Open data: a call for issues' standing issues with their support counts by
 * stakeholder group and region, as CSV or JSON Lines, read page by page
 * through the programme services (so what the API hides stays hidden:
 * withdrawn issues, supporters' identities). Sorted by support breadth, as
 * the call lists them. The same response caps as the contributions export.
 */
import { BadUserInputError, NotFoundError } from '../../core/errors';
import { toGlobalId } from '../../core/ids';
import type { IssueService, ProgrammeService } from '../programme';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import { MAX_RESPONSE_BYTES, MAX_ROWS } from './contributions.export';
import { encodeRows, header, type Column, type ExportFormat } from './export.format';

const PAGE = 100;

/** The services an issues export reads through. */
export interface IssueExportSources {
  readonly programmes: ProgrammeService;
  readonly issues: IssueService;
}

type IssueRow = Awaited<ReturnType<IssueService['list']>>['items'][number];

/** The export's columns (the README's data dictionary lists them). */
export const ISSUE_COLUMNS: readonly Column<IssueRow>[] = [
  { name: 'issue_id', description: 'Global id of the issue (as in the GraphQL API).', value: (i) => toGlobalId('Issue', i.id) },
  { name: 'year', description: 'Year of the programme and its call for issues.', value: (i) => i.year },
  { name: 'title', description: 'Title.', value: (i) => i.title },
  { name: 'description', description: 'What the issue is.', value: (i) => i.description },
  { name: 'categories', description: 'Category codes of the call, separated by `;`.', value: (i) => i.categories.join(';') },
  {
    name: 'development_linkage',
    description: '`DIRECT`, `INDIRECT` or `NONE`: its link to the development dimension.',
    value: (i) => i.developmentDimension.linkage,
  },
  { name: 'development_explanation', description: 'That link in the author’s words.', value: (i) => i.developmentDimension.explanation },
  { name: 'sdgs', description: 'UN Sustainable Development Goals (1..17), separated by `;`.', value: (i) => i.sdgs.join(';') },
  { name: 'discussed_elsewhere', description: 'Where else it is discussed, in the author’s words.', value: (i) => i.discussedElsewhere ?? null },
  { name: 'capacity', description: '`PERSONAL` or `ON_BEHALF_OF` an organisation.', value: (i) => i.capacity },
  { name: 'author_id', description: 'Global id of the person who submitted it.', value: (i) => toGlobalId('Stakeholder', i.authorId) },
  {
    name: 'organisation_id',
    description: 'Global id of the organisation it was submitted on behalf of; empty when personal.',
    value: (i) => (i.organisationId ? toGlobalId('Stakeholder', i.organisationId) : null),
  },
  { name: 'stakeholder_group', description: 'Stakeholder group it counts for (the organisation’s, else the author’s), at submission.', value: (i) => i.group },
  { name: 'region', description: 'UN regional group it counts for (same rule), at submission.', value: (i) => i.region },
  { name: 'status', description: '`SUBMITTED`, `TAKEN_UP` (in an adopted theme) or `NOT_TAKEN_UP` (with a public reason).', value: (i) => i.status },
  { name: 'decline_reason', description: 'For `NOT_TAKEN_UP`: the public reason of the MAG decision.', value: (i) => i.decline?.reason ?? null },
  { name: 'supporters', description: 'Supporters (the author not included). Supporters are counted, not named.', value: (i) => i.support.supporters },
  {
    name: 'breadth',
    description: 'Distinct stakeholder groups among the backers (the author and the supporters), 1..6.',
    value: (i) => STAKEHOLDER_GROUPS.filter((g) => (i.support.byGroup[g] ?? 0) > 0).length,
  },
  ...STAKEHOLDER_GROUPS.map((g): Column<IssueRow> => ({
    name: `backers_${g.toLowerCase()}`,
    description: `Backers of the group ${g}.`,
    value: (i) => i.support.byGroup[g] ?? 0,
  })),
  ...REGIONS.map((r): Column<IssueRow> => ({
    name: `backers_${r.toLowerCase()}`,
    description: `Backers of the region ${r}.`,
    value: (i) => i.support.byRegion[r] ?? 0,
  })),
  { name: 'submitted_at', description: 'When it was submitted (ISO-8601 UTC).', value: (i) => i.createdAt },
  { name: 'updated_at', description: 'When it last changed (a support included).', value: (i) => i.updatedAt },
];

export interface IssueExportRequest {
  /** The year of the programme (its call for issues). */
  readonly year: string;
  readonly format: ExportFormat;
  readonly after?: string | undefined;
  readonly limit?: number | undefined;
}

export class IssueExport {
  constructor(private readonly services: IssueExportSources) {}

  async chunk(request: IssueExportRequest): Promise<{ body: string; rows: number; year: number; next: string | null }> {
    const limit = request.limit ?? MAX_ROWS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS) throw new BadUserInputError(`"limit" must be between 1 and ${MAX_ROWS}`, 'limit');
    const call = /^\d{4}$/.test(request.year) ? await this.services.programmes.call(Number(request.year)) : undefined;
    if (!call) throw new NotFoundError('No call for issues that year');
    const parts: string[] = [request.after ? '' : header(ISSUE_COLUMNS, request.format)];
    let bytes = Buffer.byteLength(parts[0] as string, 'utf8');
    let rows = 0;
    let after = request.after ?? null;
    for (;;) {
      const page = await this.services.issues.list(call, { orderBy: 'SUPPORT_BREADTH', first: Math.min(PAGE, limit - rows), after });
      for (const [i, issue] of page.items.entries()) {
        const encoded = encodeRows(ISSUE_COLUMNS, [issue], request.format);
        const size = Buffer.byteLength(encoded, 'utf8');
        if (rows > 0 && bytes + size > MAX_RESPONSE_BYTES) return { body: parts.join(''), rows, year: call.year, next: after };
        parts.push(encoded);
        bytes += size;
        rows++;
        after = page.cursors[i] as string;
      }
      if (!page.hasNextPage) return { body: parts.join(''), rows, year: call.year, next: null };
      after = page.endCursor;
      if (rows >= limit) return { body: parts.join(''), rows, year: call.year, next: after };
    }
  }
}
