/**
 * The DynamoDB requests of the programme's hot reads, asserted exactly: an
 * issue with its support counts (1 request), a page of a call's issues by
 * support breadth (1 Query), the call's counts by group and region (1).
 */
import { describe, expect, it } from 'vitest';
import { STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
// The bench's own documents: what is asserted here is what `npm run bench` measures.
import { CALL_COUNTS_BY_GROUP_AND_REGION, CALL_ISSUES_BY_BREADTH, ISSUE_WITH_SUPPORT } from '../bench/operations';
import { gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createPerson } from '../helpers/people';
import { SUPPORT_ISSUE, createCall, submitIssue } from './helpers';

async function commandsOf<T>(run: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const commands: string[] = [];
  const stop = onDynamoRequest((command) => commands.push(command));
  try {
    return { result: await run(), commands };
  } finally {
    stop();
  }
}

describe('DynamoDB round trips of the programme reads', () => {
  it('reads an issue with its support by group and region in one request, a page by breadth in one Query, the call counts in one', async () => {
    // Prepare: 60 issues, some supported from several groups
    const call = await createCall({ issuesPerPerson: 20 });
    const authors = await Promise.all(Array.from({ length: 3 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i] } })));
    const issues: Record<string, any>[] = [];
    for (let i = 0; i < 60; i++) issues.push(await submitIssue(authors[i % 3]!.token, call.callId));
    const supporters = await Promise.all(STAKEHOLDER_GROUPS.map((group) => createPerson({ stakeholder: { group } })));
    for (const [i, supporter] of supporters.entries()) await gql(SUPPORT_ISSUE, { input: { issueId: issues[i * 7]!.id } }, supporter.token);
    for (const supporter of supporters) await gql(SUPPORT_ISSUE, { input: { issueId: issues[59]!.id } }, supporter.token);

    // Act
    const one = await commandsOf(() => gql(ISSUE_WITH_SUPPORT, { id: issues[59]!.id }));
    const page = await commandsOf(() => gql(CALL_ISSUES_BY_BREADTH, { callId: call.callId }));
    const counts = await commandsOf(() => gql(CALL_COUNTS_BY_GROUP_AND_REGION, { year: call.year }));

    // Assess
    expect(one.result.errors).toBeUndefined();
    expect(one.result.data?.issue.support.breadth).toBe(6);
    expect(one.commands).toEqual(['BatchGetItemCommand']);
    expect(page.result.data?.issues.edges).toHaveLength(50);
    expect(page.result.data?.issues.edges[0].node.id).toBe(issues[59]!.id);
    expect(page.commands).toEqual(['QueryCommand']);
    expect(counts.result.data?.issueCall.counts).toMatchObject({ issues: 60, supports: 12 });
    expect(counts.commands).toEqual(['BatchGetItemCommand']);
  });

  it('maintains the breadth sort key in the transaction of each support: one TransactWriteItems per support', async () => {
    // Prepare
    const call = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, call.callId);
    const supporter = await createPerson({ stakeholder: { group: 'GOVERNMENT' } });

    // Act
    const { commands } = await commandsOf(() => gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, supporter.token));

    // Assess: the reads (identity, supporter, issue, call) and exactly one transaction (the caller's write allowance in it)
    expect(commands.filter((c) => !/^(Get|GetItem|BatchGetItem)Command$/.test(c))).toEqual(['TransactWriteItemsCommand']);
    const page = (await gql(CALL_ISSUES_BY_BREADTH, { callId: call.callId })).data?.issues.edges;
    expect(page[0].node.support).toEqual({ breadth: 2, backers: 2 });
  });
});
