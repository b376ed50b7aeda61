/**
 * The call for issues through the API, against DynamoDB Local: submitting,
 * supporting across groups, withdrawing, merging, and every refusal — each
 * with a stable code and nothing written.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { programmeKeys } from '../../functions/modules/programme/programme.keys';
import { errorCode, gql, secretariatToken } from '../helpers/api';
import { getItem, partition } from '../helpers/db';
import { createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import {
  CALL_COUNTS,
  CALL_ISSUES,
  ISSUE,
  MERGE_ISSUE,
  SUBMIT_ISSUE,
  SUPPORT_ISSUE,
  WITHDRAW_ISSUE,
  closeCall,
  createCall,
  issueInput,
  moveWindow,
  submitIssue,
} from './helpers';

const internal = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] as string;

describe('submitting issues', () => {
  it('stores an issue with the group and region of the registry and counts it in the call', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson({ stakeholder: { group: 'ACADEMIA', region: 'ASIA_PACIFIC' } });

    // Act
    const issue = await submitIssue(author.token, callId);

    // Assess
    expect(issue).toMatchObject({ status: 'SUBMITTED', version: 1, group: 'ACADEMIA', region: 'ASIA_PACIFIC', capacity: 'PERSONAL', sdgs: [4, 9] });
    expect(issue.categories).toEqual([{ code: 'ACCESS_AND_INCLUSION', title: 'Universal and meaningful access' }]);
    expect(issue.support).toMatchObject({ supporters: 0, backers: 1, breadth: 1, balanceIndex: 0 });
    const counts = (await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts;
    expect(counts).toMatchObject({ issues: 1, supports: 0, issuesBackedByOneGroup: 1, issuesBackedByEveryGroup: 0 });
    expect(counts.issuesByGroup.shares.find((s: any) => s.group === 'ACADEMIA').count).toBe(1);
    expect(counts.issuesByRegion.shares.find((s: any) => s.region === 'ASIA_PACIFIC').count).toBe(1);
    expect(counts.byCategory.find((c: any) => c.category.code === 'ACCESS_AND_INCLUSION').issues).toBe(1);
    expect(counts.byDevelopmentLinkage.find((c: any) => c.linkage === 'DIRECT').count).toBe(1);
  });

  it('counts an issue on behalf of an organisation for the organisation', async () => {
    // Prepare
    const { callId } = await createCall();
    const org = await createOrganisation({ group: 'PRIVATE_SECTOR', region: 'WESTERN_EUROPEAN_AND_OTHERS' });
    const representative = await createRepresentative([org.stakeholder.id]);

    // Act
    const issue = await submitIssue(representative.token, callId, { capacity: 'ON_BEHALF_OF', organisationId: org.globalId });

    // Assess
    expect(issue).toMatchObject({ capacity: 'ON_BEHALF_OF', group: 'PRIVATE_SECTOR', region: 'WESTERN_EUROPEAN_AND_OTHERS' });
  });

  it('creates nothing twice for a retried request with the same idempotency key', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson();
    const input = issueInput(callId);

    // Act
    const first = await gql(SUBMIT_ISSUE, { input }, author.token);
    const again = await gql(SUBMIT_ISSUE, { input }, author.token);

    // Assess
    expect(again.data?.submitIssue.issue.id).toBe(first.data?.submitIssue.issue.id);
    expect((await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts.issues).toBe(1);
  });

  it('refuses the issue over the per-person cap, and writes nothing', async () => {
    // Prepare
    const { callId, year } = await createCall({ issuesPerPerson: 2 });
    const author = await createPerson();
    await submitIssue(author.token, callId);
    await submitIssue(author.token, callId);

    // Act
    const response = await gql(SUBMIT_ISSUE, { input: issueInput(callId) }, author.token);

    // Assess
    expect(errorCode(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.extensions?.reason).toBe('OVER_CAP');
    expect((await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts.issues).toBe(2);
    expect((await getItem(programmeKeys.authorCap(year, author.stakeholder.id)))?.['n:issues']).toBe(2);
  });

  it('frees a place under the cap when the author withdraws an issue', async () => {
    // Prepare
    const { callId } = await createCall({ issuesPerPerson: 1 });
    const author = await createPerson();
    const issue = await submitIssue(author.token, callId);
    await gql(WITHDRAW_ISSUE, { input: { id: issue.id, version: 1 } }, author.token);

    // Act
    const response = await gql(SUBMIT_ISSUE, { input: issueInput(callId) }, author.token);

    // Assess
    expect(response.errors).toBeUndefined();
  });

  it('refuses an issue before the call opens (NOT_OPEN) and after it closes, even with no job run (DEADLINE_PASSED)', async () => {
    // Prepare
    const later = await createCall({ opensAt: new Date(Date.now() + 3_600_000) });
    const past = await createCall();
    await closeCall(past.year);
    const author = await createPerson();

    // Act
    const early = await gql(SUBMIT_ISSUE, { input: issueInput(later.callId) }, author.token);
    const late = await gql(SUBMIT_ISSUE, { input: issueInput(past.callId) }, author.token);

    // Assess
    expect(errorCode(early)).toBe('NOT_OPEN');
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    for (const year of [later.year, past.year]) expect((await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts.issues).toBe(0);
    expect(await getItem(programmeKeys.authorCap(past.year, author.stakeholder.id))).toBeUndefined();
  });

  it.each([
    ['an empty development-dimension explanation', { developmentDimension: { linkage: 'DIRECT', explanation: ' ' } }, 'input.developmentDimension.explanation'],
    ['no category', { categories: [] }, 'input.categories'],
    ['four categories', { categories: ['DATA_GOVERNANCE', 'ACCESS_AND_INCLUSION', 'CYBERSECURITY', 'AI_AND_EMERGING_TECH'] }, 'input.categories'],
    ['a category of no call', { categories: ['NOT_A_CATEGORY'] }, 'input.categories.0'],
    ['an SDG 18', { sdgs: [18] }, 'input.sdgs.0'],
    ['a short title', { title: 'Hi' }, 'input.title'],
    ['an organisation with capacity PERSONAL', { organisationId: toGlobalId('Stakeholder', 'o1') }, 'input.organisationId'],
  ])('refuses %s as BAD_USER_INPUT naming the field, and writes nothing', async (_, overrides, field) => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson();

    // Act
    const response = await gql(SUBMIT_ISSUE, { input: issueInput(callId, overrides) }, author.token);

    // Assess
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect((await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts.issues).toBe(0);
  });

  it('refuses an issue without the development dimension (the schema requires it)', async () => {
    // Prepare
    const { callId } = await createCall();
    const author = await createPerson();
    const { developmentDimension: _, ...input } = issueInput(callId);

    // Act
    const response = await gql(SUBMIT_ISSUE, { input }, author.token);

    // Assess
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.data ?? null).toBeNull();
  });

  it('refuses the public (UNAUTHENTICATED) and a representative of another organisation (FORBIDDEN)', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const org = await createOrganisation();
    const stranger = await createPerson();

    // Act
    const anonymous = await gql(SUBMIT_ISSUE, { input: issueInput(callId) });
    const onBehalf = await gql(SUBMIT_ISSUE, { input: issueInput(callId, { capacity: 'ON_BEHALF_OF', organisationId: org.globalId }) }, stranger.token);

    // Assess
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(errorCode(onBehalf)).toBe('FORBIDDEN');
    expect((await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts.issues).toBe(0);
  });
});

describe('support across stakeholder groups', () => {
  it('counts supports by group and region, with breadth and balance, in the issue and the call', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'AFRICAN' } });
    const issue = await submitIssue(author.token, callId);
    const supporters = await Promise.all(
      (['GOVERNMENT', 'PRIVATE_SECTOR', 'TECHNICAL_COMMUNITY', 'ACADEMIA', 'INTERGOVERNMENTAL_ORGANISATION'] as const).map((group) =>
        createPerson({ stakeholder: { group, region: 'ASIA_PACIFIC' } }),
      ),
    );

    // Act: concurrently, so the transactions race on the issue's counts
    const responses = await Promise.all(supporters.map((s) => gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, s.token)));

    // Assess
    for (const r of responses) expect(r.errors).toBeUndefined();
    const read = (await gql(ISSUE, { id: issue.id })).data?.issue;
    expect(read.support).toMatchObject({ supporters: 5, backers: 6, breadth: 6, balanceIndex: 1 });
    expect(read.support.byRegion.shares.find((s: any) => s.region === 'ASIA_PACIFIC').count).toBe(5);
    expect(read.version).toBe(1);
    const counts = (await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts;
    expect(counts).toMatchObject({ supports: 5, issuesBackedByEveryGroup: 1, issuesBackedByOneGroup: 0 });
    expect(counts.byBreadth.map((b: any) => b.issues)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(counts.supportsByRegion.shares.find((s: any) => s.region === 'ASIA_PACIFIC').count).toBe(5);
  });

  it("lists a call's issues broadest support first, and by one breadth", async () => {
    // Prepare: three issues backed by 1, 3 and 2 groups
    const { callId, year } = await createCall();
    const author = await createPerson({ stakeholder: { group: 'CIVIL_SOCIETY' } });
    const [narrow, broad, middle] = [await submitIssue(author.token, callId), await submitIssue(author.token, callId), await submitIssue(author.token, callId)];
    const gov = await createPerson({ stakeholder: { group: 'GOVERNMENT' } });
    const tech = await createPerson({ stakeholder: { group: 'TECHNICAL_COMMUNITY' } });
    for (const supporter of [gov, tech]) await gql(SUPPORT_ISSUE, { input: { issueId: broad!.id } }, supporter.token);
    await gql(SUPPORT_ISSUE, { input: { issueId: middle!.id } }, gov.token);

    // Act
    const all = (await gql(CALL_ISSUES, { year })).data?.programme.issueCall.issues;
    const onlyOne = (await gql(CALL_ISSUES, { year, breadth: 1 })).data?.programme.issueCall.issues;
    const firstPage = (await gql(CALL_ISSUES, { year, first: 2 })).data?.programme.issueCall.issues;
    const secondPage = (await gql(CALL_ISSUES, { year, first: 2, after: firstPage.pageInfo.endCursor })).data?.programme.issueCall.issues;

    // Assess
    expect(all.edges.map((e: any) => e.node.id)).toEqual([broad!.id, middle!.id, narrow!.id]);
    expect(onlyOne.edges.map((e: any) => e.node.id)).toEqual([narrow!.id]);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(secondPage.edges.map((e: any) => e.node.id)).toEqual([narrow!.id]);
  });

  it('names a supporter only when they chose to be listed; the others count, unnamed', async () => {
    // Prepare
    const { callId } = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, callId);
    const listed = await createPerson();
    const unlisted = await createPerson();
    await gql(SUPPORT_ISSUE, { input: { issueId: issue.id, listed: true, comment: 'Yes, please' } }, listed.token);
    await gql(SUPPORT_ISSUE, { input: { issueId: issue.id, comment: 'Private note' } }, unlisted.token);
    const query = `query ($id: ID!) { issue(id: $id) { support { supporters } listedSupporters { edges { node { supporter { id } comment listed } } } mySupport { supporter { id } comment listed } } }`;

    // Act
    const publicView = (await gql(query, { id: issue.id })).data?.issue;
    const ownView = (await gql(query, { id: issue.id }, unlisted.token)).data?.issue;

    // Assess
    expect(publicView.support.supporters).toBe(2);
    expect(publicView.listedSupporters.edges).toEqual([{ node: { supporter: { id: listed.globalId }, comment: 'Yes, please', listed: true } }]);
    expect(publicView.mySupport).toBeNull();
    expect(ownView.mySupport).toEqual({ supporter: { id: unlisted.globalId }, comment: 'Private note', listed: false });
  });

  it("refuses supporting one's own issue (FORBIDDEN) and supporting twice (CONFLICT), writing nothing", async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, callId);
    const supporter = await createPerson();
    await gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, supporter.token);

    // Act
    const own = await gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, author.token);
    const twice = await gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, supporter.token);

    // Assess
    expect(errorCode(own)).toBe('FORBIDDEN');
    expect(errorCode(twice)).toBe('CONFLICT');
    expect((await gql(ISSUE, { id: issue.id })).data?.issue.support.supporters).toBe(1);
    expect((await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts.supports).toBe(1);
    expect((await partition(`ISSUE#${internal(issue.id)}`)).filter((item) => String(item.SK).startsWith('SUPPORT#'))).toHaveLength(1);
  });

  it('refuses support after the call closed (DEADLINE_PASSED) and from the public (UNAUTHENTICATED), writing nothing', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, callId);
    await closeCall(year);
    const supporter = await createPerson();

    // Act
    const late = await gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, supporter.token);
    const anonymous = await gql(SUPPORT_ISSUE, { input: { issueId: issue.id } });

    // Assess
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect((await gql(ISSUE, { id: issue.id })).data?.issue.support.supporters).toBe(0);
    expect(await getItem(programmeKeys.support(internal(issue.id), supporter.stakeholder.id))).toBeUndefined();
  });
});

describe('withdrawing and merging', () => {
  it('withdraws an issue: out of the lists and counts, hidden from the public, seen by its author', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, callId);
    const supporter = await createPerson({ stakeholder: { group: 'GOVERNMENT' } });
    await gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, supporter.token);

    // Act
    const response = await gql(WITHDRAW_ISSUE, { input: { id: issue.id, version: 1 } }, author.token);

    // Assess
    expect(response.data?.withdrawIssue.issue).toMatchObject({ status: 'WITHDRAWN', version: 2 });
    expect((await gql(ISSUE, { id: issue.id })).data?.issue).toBeNull();
    expect((await gql(ISSUE, { id: issue.id }, author.token)).data?.issue.status).toBe('WITHDRAWN');
    const counts = (await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts;
    expect(counts).toMatchObject({ issues: 0, supports: 0, issuesBackedByOneGroup: 0 });
    expect(counts.byBreadth.every((b: any) => b.issues === 0)).toBe(true);
    expect(counts.supportsByGroup.total).toBe(0);
    expect((await gql(CALL_ISSUES, { year })).data?.programme.issueCall.issues.edges).toEqual([]);
  });

  it("refuses withdrawing someone else's issue (FORBIDDEN), at a stale version (CONFLICT with currentVersion), after the close (DEADLINE_PASSED)", async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, callId);
    const other = await createPerson();

    // Act
    const foreign = await gql(WITHDRAW_ISSUE, { input: { id: issue.id, version: 1 } }, other.token);
    const stale = await gql(WITHDRAW_ISSUE, { input: { id: issue.id, version: 7 } }, author.token);
    await closeCall(year);
    const late = await gql(WITHDRAW_ISSUE, { input: { id: issue.id, version: 1 } }, author.token);

    // Assess
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(1);
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    expect((await gql(ISSUE, { id: issue.id })).data?.issue).toMatchObject({ status: 'SUBMITTED', version: 1 });
  });

  it('merges a duplicate into another issue; the author sees it in myIssues; the inputs stay counted', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson();
    const other = await createPerson({ stakeholder: { group: 'GOVERNMENT' } });
    const duplicate = await submitIssue(author.token, callId);
    const original = await submitIssue(other.token, callId);
    const secretariat = await secretariatToken();

    // Act
    const response = await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 1, intoIssueId: original.id } }, secretariat);

    // Assess
    expect(response.data?.mergeIssue.issue).toMatchObject({ status: 'MERGED', version: 2, mergedInto: { id: original.id } });
    const mine = (await gql(`{ myIssues { edges { node { id status mergedInto { id } } } } }`, {}, author.token)).data?.myIssues.edges;
    expect(mine).toEqual([{ node: { id: duplicate.id, status: 'MERGED', mergedInto: { id: original.id } } }]);
    const counts = (await gql(CALL_COUNTS, { year })).data?.programme.issueCall.counts;
    expect(counts).toMatchObject({ issues: 2, merged: 1, issuesBackedByOneGroup: 1 });
    expect((await gql(CALL_ISSUES, { year })).data?.programme.issueCall.issues.edges.map((e: any) => e.node.id)).toEqual([original.id]);
  });

  it('refuses a merge by a non-secretariat (FORBIDDEN), into itself or across calls (BAD_USER_INPUT), at a stale version (CONFLICT)', async () => {
    // Prepare
    const a = await createCall();
    const b = await createCall();
    const author = await createPerson();
    const duplicate = await submitIssue(author.token, a.callId);
    const sameCall = await submitIssue(author.token, a.callId);
    const otherCall = await submitIssue(author.token, b.callId);
    const secretariat = await secretariatToken();

    // Act
    const byAuthor = await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 1, intoIssueId: sameCall.id } }, author.token);
    const itself = await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 1, intoIssueId: duplicate.id } }, secretariat);
    const across = await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 1, intoIssueId: otherCall.id } }, secretariat);
    const stale = await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 3, intoIssueId: sameCall.id } }, secretariat);

    // Assess
    expect(errorCode(byAuthor)).toBe('FORBIDDEN');
    expect(errorCode(itself)).toBe('BAD_USER_INPUT');
    expect(errorCode(across)).toBe('BAD_USER_INPUT');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect((await gql(ISSUE, { id: duplicate.id })).data?.issue).toMatchObject({ status: 'SUBMITTED', version: 1 });
    expect((await gql(CALL_COUNTS, { year: a.year })).data?.programme.issueCall.counts.merged).toBe(0);
  });

  it('moves the window by the clock: the call is SCHEDULED, OPEN, then CLOSED without any job', async () => {
    // Prepare
    const { year } = await createCall({ opensAt: new Date(Date.now() + 3_600_000), closesAt: new Date(Date.now() + 7_200_000) });
    const status = async () => (await gql(CALL_COUNTS, { year })).data?.programme.issueCall.status;

    // Act / Assess
    expect(await status()).toBe('SCHEDULED');
    await moveWindow(year, { opensAt: new Date(Date.now() - 1000) });
    expect(await status()).toBe('OPEN');
    await closeCall(year);
    expect(await status()).toBe('CLOSED');
  });
});
