/**
 * The programme's types in the change feed: programmes, calls for issues,
 * issues (a support, a merge, a decline change them) and themes — each at its
 * latest change, with what the caller may not see skipped (draft themes for
 * the public, withdrawn issues for all but their author and the secretariat).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { userCaller } from '../../functions/core/auth/caller';
import { toGlobalId } from '../../functions/core/ids';
import { createContext } from '../../functions/graphql/context';
import { getRoles } from '../../functions/modules/stakeholders';
import { gql, secretariatToken, unique } from '../helpers/api';
import { createMagMember, createPerson, type TestPerson } from '../helpers/people';
import { MERGE_ISSUE, SUPPORT_ISSUE, WITHDRAW_ISSUE, closeCall, createCall, submitIssue } from '../programme/helpers';

const CHANGES = /* GraphQL */ `
  query ($since: DateTime!, $types: [ChangeType!], $after: String) {
    changes(since: $since, types: $types, first: 100, after: $after) {
      edges {
        node {
          type
          id
          action
          node {
            id
            ... on Issue {
              status
            }
            ... on Theme {
              themeStatus: status
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const servicesOf = (person: TestPerson) => createContext({ requestId: randomUUID(), caller: userCaller(person.subject, [], getRoles) }).services;

/** This test's changes (others write concurrently): every page since `since`, kept when the id is one of `ids`. */
async function changesOf(since: string, ids: string[], token?: string) {
  const found: { type: string; id: string; action: string; status?: string }[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const res: any = await gql(CHANGES, { since, types: ['PROGRAMME', 'ISSUE_CALL', 'ISSUE', 'THEME'], after }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    for (const { node } of res.data.changes.edges) {
      if (ids.includes(node.id)) found.push({ type: node.type, id: node.id, action: node.action, status: node.node.status ?? node.node.themeStatus });
    }
    if (!res.data.changes.pageInfo.hasNextPage) return found.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    after = res.data.changes.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

describe('the programme in the change feed', () => {
  it('lists programmes, calls, issues and themes at their latest change, skipping draft themes for the public', async () => {
    // Prepare
    const since = new Date(Date.now() - 1).toISOString();
    const call = await createCall();
    const author = await createPerson();
    const supporter = await createPerson({ stakeholder: { group: 'GOVERNMENT' } });
    const [plain, supported, duplicate, fromAnother] = [
      await submitIssue(author.token, call.callId),
      await submitIssue(author.token, call.callId),
      await submitIssue(author.token, call.callId),
      await submitIssue((await createPerson()).token, call.callId),
    ];
    const secretariat = await secretariatToken();

    // Act
    await gql(SUPPORT_ISSUE, { input: { issueId: supported.id } }, supporter.token);
    await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 1, intoIssueId: supported.id } }, secretariat);
    await closeCall(call.year);
    const mag = await createMagMember();
    const theme = await servicesOf(mag).themes.create({
      programmeId: call.programmeId,
      title: 'Universal and meaningful access',
      narrative: 'Connecting the next billions.',
      developmentDimension: { linkage: 'DIRECT', explanation: 'Access underpins every development goal.' },
      policyQuestions: ['How can community networks be financed?'],
      issueIds: [plain.id],
      idempotencyKey: unique('key-'),
    });
    const themeId = toGlobalId('Theme', theme.id);
    const ids = [call.programmeId, call.callId, plain.id, supported.id, duplicate.id, fromAnother.id, themeId];
    const publicBeforeAdoption = await changesOf(since, ids);
    const magBeforeAdoption = await changesOf(since, ids, mag.token);
    await servicesOf(mag).themes.adoptByDecision({
      themeId: theme.id,
      version: 1,
      decision: { meetingId: unique('m-'), decisionId: unique('d-'), decidedAt: new Date().toISOString() },
    });

    // Assess
    expect(publicBeforeAdoption).toEqual([
      { type: 'PROGRAMME', id: call.programmeId, action: 'CREATED' },
      { type: 'ISSUE_CALL', id: call.callId, action: 'UPDATED' },
      { type: 'ISSUE', id: plain.id, action: 'CREATED', status: 'SUBMITTED' },
      { type: 'ISSUE', id: supported.id, action: 'UPDATED', status: 'SUBMITTED' },
      { type: 'ISSUE', id: duplicate.id, action: 'UPDATED', status: 'MERGED' },
      { type: 'ISSUE', id: fromAnother.id, action: 'CREATED', status: 'SUBMITTED' },
    ]);
    expect(magBeforeAdoption.at(-1)).toEqual({ type: 'THEME', id: themeId, action: 'CREATED', status: 'DRAFT' });
    expect(await changesOf(since, ids)).toEqual(
      [
        ...publicBeforeAdoption.filter((c) => c.id !== plain.id),
        { type: 'ISSUE', id: plain.id, action: 'UPDATED', status: 'TAKEN_UP' },
        { type: 'THEME', id: themeId, action: 'UPDATED', status: 'ADOPTED' },
      ].sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)),
    );
  });

  it('shows a withdrawn issue as WITHDRAWN to its author only', async () => {
    // Prepare
    const since = new Date(Date.now() - 1).toISOString();
    const call = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, call.callId);

    // Act
    await gql(WITHDRAW_ISSUE, { input: { id: issue.id, version: 1 } }, author.token);

    // Assess
    expect(await changesOf(since, [issue.id])).toEqual([]);
    expect(await changesOf(since, [issue.id], author.token)).toEqual([{ type: 'ISSUE', id: issue.id, action: 'WITHDRAWN', status: 'WITHDRAWN' }]);
  });
});
