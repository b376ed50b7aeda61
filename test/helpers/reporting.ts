/**
 * Reporting test helpers: cycles in fresh years (tests share one table and
 * run concurrently, so each picks an unused year), and the operations the
 * tests send.
 */
import { randomInt } from 'node:crypto';
import { toGlobalId } from '../../functions/core/ids';
import { errorCode, gql, secretariatToken } from './api';

export const DAY = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const TEMPLATE = [
  { key: 'summary', title: 'Summary', guidance: 'The year in a paragraph.', required: true, maxLength: 500 },
  { key: 'activities', title: 'Activities', guidance: 'What the organisation did.', required: true, maxLength: 2000 },
  { key: 'challenges', title: 'Challenges', required: false, maxLength: 100 },
];

export const CYCLE_FIELDS = /* GraphQL */ `
  id year opensAt dueAt open version
  sections { key title guidance required maxLength }
  compliance { year requested missing overdue submittedOnTime submittedLate awaitingReview returned returns published }
`;

export const CREATE_CYCLE = /* GraphQL */ `
  mutation Create($input: CreateReportingCycleInput!) {
    createReportingCycle(input: $input) { requested cycle { ${CYCLE_FIELDS} } }
  }
`;

export const REPORT_FIELDS = /* GraphQL */ `
  id year status version revisionCount late overdue submittedAt firstSubmittedAt returnedAt returnReason publishedAt dueAt
  organisation { id name }
  sections { key title required maxLength text }
`;

export const READ_REPORT = /* GraphQL */ `
  query Report($organisation: ID!, $year: Int!) { report(organisation: $organisation, year: $year) { ${REPORT_FIELDS} } }
`;

export const SAVE = /* GraphQL */ `
  mutation Save($input: SaveReportSectionsInput!) {
    saveReportSections(input: $input) { report { ${REPORT_FIELDS} } revision { id number reportVersion changedSections sections { key text } savedBy { id } } }
  }
`;

export const SUBMIT = /* GraphQL */ `
  mutation Submit($input: ReportTransitionInput!) { submitReport(input: $input) { report { ${REPORT_FIELDS} } } }
`;

export const RETURN = /* GraphQL */ `
  mutation Return($input: ReturnReportInput!) { returnReport(input: $input) { report { ${REPORT_FIELDS} } } }
`;

export const PUBLISH = /* GraphQL */ `
  mutation Publish($input: ReportTransitionInput!) { publishReport(input: $input) { report { ${REPORT_FIELDS} } } }
`;

export const COMPLIANCE = /* GraphQL */ `
  query Compliance($year: Int!, $first: Int, $after: String) {
    reportingCycle(year: $year) {
      compliance {
        requested
        missing
        overdue
        submittedOnTime
        submittedLate
        awaitingReview
        returned
        returns
        published
        missingOrganisations(first: $first, after: $after) {
          edges {
            node {
              organisationId
              organisationName
              overdue
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

export const reportGlobalId = (year: number, organisationId: string) => toGlobalId('Report', `${year}.${organisationId}`);

export interface TestCycle {
  readonly year: number;
  readonly opensAt: string;
  readonly dueAt: string;
  readonly requested: number;
  readonly cycle: Record<string, any>;
}

/**
 * Creates a cycle (as the secretariat) in an unused year — or `count`
 * consecutive years, oldest first — open since a day ago and due in 30 days
 * unless told otherwise.
 */
export async function createCycles(count: number, options: { opensAt?: string; dueAt?: string; sections?: unknown[] } = {}): Promise<TestCycle[]> {
  const secretariat = await secretariatToken();
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = randomInt(2100, 9990);
    const cycles: TestCycle[] = [];
    for (let year = first; year < first + count; year++) {
      const input = {
        year,
        opensAt: options.opensAt ?? iso(Date.now() - DAY),
        dueAt: options.dueAt ?? iso(Date.now() + 30 * DAY),
        sections: options.sections ?? TEMPLATE,
      };
      const result = await gql(CREATE_CYCLE, { input }, secretariat);
      if (errorCode(result) === 'CONFLICT') break;
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      const created = result.data?.createReportingCycle;
      cycles.push({ year, opensAt: input.opensAt, dueAt: input.dueAt, requested: created.requested, cycle: created.cycle });
    }
    if (cycles.length === count) return cycles;
  }
  throw new Error('No free years for a test cycle');
}

export async function createCycle(options: { opensAt?: string; dueAt?: string; sections?: unknown[] } = {}): Promise<TestCycle> {
  const [cycle] = await createCycles(1, options);
  return cycle!;
}

/** Saves sections and returns the response. */
export function save(token: string, year: number, organisationId: string, version: number, sections: { key: string; text: string }[]) {
  return gql(SAVE, { input: { reportId: reportGlobalId(year, organisationId), version, sections } }, token);
}

/** Fills the required sections and submits; returns the submitted report. */
export async function fillAndSubmit(token: string, year: number, organisationId: string): Promise<Record<string, any>> {
  const saved = await save(token, year, organisationId, 1, [
    { key: 'summary', text: 'A good year.' },
    { key: 'activities', text: 'We met.\nWe wrote.' },
  ]);
  if (saved.errors) throw new Error(JSON.stringify(saved.errors));
  const version = saved.data?.saveReportSections.report.version as number;
  const submitted = await gql(SUBMIT, { input: { reportId: reportGlobalId(year, organisationId), version } }, token);
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  return submitted.data?.submitReport.report;
}
