/**
 * Test programmes and calls for issues, written straight through the
 * programme and call stores in a year of their own (so concurrent tests never share a
 * call's counters), and the GraphQL documents the programme tests use.
 */
import { randomInt } from 'node:crypto';
import { toGlobalId } from '../../functions/core/ids';
import type { IssueCall, Programme } from '../../functions/modules/programme/programme.model';
import { getCallConsistent, saveCall } from '../../functions/modules/programme/call.store';
import { createProgramme } from '../../functions/modules/programme/programme.store';
import { gql, unique } from '../helpers/api';

const HOUR = 3_600_000;

export const CATEGORIES = [
  { code: 'DATA_GOVERNANCE', title: 'Data governance' },
  { code: 'ACCESS_AND_INCLUSION', title: 'Universal and meaningful access' },
  { code: 'CYBERSECURITY', title: 'Cybersecurity, trust and safety' },
  { code: 'AI_AND_EMERGING_TECH', title: 'AI and emerging technologies' },
];

export interface TestCall {
  readonly year: number;
  readonly programme: Programme;
  readonly call: IssueCall;
  readonly programmeId: string;
  readonly callId: string;
}

/** A programme in a free year with a call open from an hour ago (or as given). */
export async function createCall(options: { opensAt?: Date; closesAt?: Date; issuesPerPerson?: number } = {}): Promise<TestCall> {
  const now = new Date();
  const at = now.toISOString();
  for (;;) {
    // Far from the demo year (the seed test writes the demo programme into the same table).
    const year = randomInt(3000, 10_000);
    const programme: Programme = {
      year,
      title: `IGF ${year}`,
      overarchingTheme: 'Building our multistakeholder digital future',
      hostCountry: 'NO',
      venue: 'Lillestrøm',
      startsAt: `${year}-06-23T00:00:00.000Z`,
      endsAt: `${year}-06-27T00:00:00.000Z`,
      format: 'HYBRID',
      settings: { issuesPerPerson: options.issuesPerPerson ?? 3 },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if ((await createProgramme(programme)) === 'exists') continue;
    const call: IssueCall = {
      year,
      opensAt: (options.opensAt ?? new Date(now.getTime() - HOUR)).toISOString(),
      closesAt: (options.closesAt ?? new Date(now.getTime() + 24 * HOUR)).toISOString(),
      categories: CATEGORIES,
      issuesPerPerson: options.issuesPerPerson ?? 3,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if ((await saveCall(call, undefined)) !== 'saved') throw new Error('call not saved');
    return { year, programme, call, programmeId: toGlobalId('Programme', String(year)), callId: toGlobalId('IssueCall', String(year)) };
  }
}

/** Moves a call's window (e.g. closes it now) at its current version, as a late scheduler or the secretariat would. */
export async function moveWindow(year: number, window: { opensAt?: Date; closesAt?: Date }): Promise<void> {
  const current = await getCallConsistent(year);
  if (!current) throw new Error('no call');
  const next: IssueCall = {
    ...current,
    opensAt: window.opensAt?.toISOString() ?? current.opensAt,
    closesAt: window.closesAt?.toISOString() ?? current.closesAt,
    version: current.version + 1,
  };
  if ((await saveCall(next, current.version)) !== 'saved') throw new Error('call not moved');
}

export const closeCall = (year: number) => moveWindow(year, { closesAt: new Date(Date.now() - 1) });

export const ISSUE_FIELDS = `
  id title status version group region capacity sdgs discussedElsewhere
  developmentDimension { linkage explanation }
  categories { code title }
  mergedInto { id }
  decline { reason decisionId meetingId }
  support { supporters backers breadth balanceIndex byGroup { total shares { group count } } byRegion { total shares { region count } } }
`;

export const SUBMIT_ISSUE = `mutation ($input: SubmitIssueInput!) { submitIssue(input: $input) { issue { ${ISSUE_FIELDS} } } }`;
export const SUPPORT_ISSUE = `mutation ($input: SupportIssueInput!) { supportIssue(input: $input) { issue { ${ISSUE_FIELDS} } support { listed comment group region supporter { id } } } }`;
export const WITHDRAW_ISSUE = `mutation ($input: WithdrawIssueInput!) { withdrawIssue(input: $input) { issue { ${ISSUE_FIELDS} } } }`;
export const MERGE_ISSUE = `mutation ($input: MergeIssueInput!) { mergeIssue(input: $input) { issue { ${ISSUE_FIELDS} } } }`;
export const ISSUE = `query ($id: ID!) { issue(id: $id) { ${ISSUE_FIELDS} } }`;
export const CALL_COUNTS = `query ($year: Int!) { programme(year: $year) { issueCall { status counts {
  issues supports merged issuesBackedByEveryGroup issuesBackedByOneGroup
  byBreadth { breadth issues } byCategory { category { code } issues } byDevelopmentLinkage { linkage count }
  issuesByGroup { total shares { group count } } issuesByRegion { total shares { region count } }
  supportsByGroup { total shares { group count } } supportsByRegion { total shares { region count } }
} } } }`;
export const CALL_ISSUES = `query ($year: Int!, $orderBy: IssueOrder, $breadth: Int, $first: Int, $after: String) {
  programme(year: $year) { issueCall { issues(orderBy: $orderBy, breadth: $breadth, first: $first, after: $after) {
    edges { cursor node { id title status support { breadth backers } } } pageInfo { hasNextPage endCursor } } } } }`;

export function issueInput(callId: string, overrides: Record<string, unknown> = {}) {
  return {
    callId,
    title: 'Meaningful connectivity for rural communities',
    description: 'How can community networks be financed and licensed so that rural areas get affordable access?',
    categories: ['ACCESS_AND_INCLUSION'],
    developmentDimension: { linkage: 'DIRECT', explanation: 'Access is the precondition of digital development.' },
    sdgs: [9, 4],
    discussedElsewhere: 'ITU-D study groups; regional IGFs',
    idempotencyKey: unique('key-'),
    ...overrides,
  };
}

/** Submits an issue through the API and returns it (fails the test on an error). */
export async function submitIssue(token: string, callId: string, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await gql(SUBMIT_ISSUE, { input: issueInput(callId, overrides) }, token);
  if (response.errors) throw new Error(`submitIssue failed: ${JSON.stringify(response.errors)}`);
  return response.data?.submitIssue.issue;
}
