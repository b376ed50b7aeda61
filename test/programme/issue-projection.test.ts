/**
 * A page of issues reads only the attributes its selected fields need (issue.projection.ts): less to transfer
 * and unmarshal for the list a client opens first; a page that shows any other field reads whole items, so every
 * field still answers.
 */
import { describe, expect, it } from 'vitest';
import { gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createPerson } from '../helpers/people';
import { createCall, submitIssue } from './helpers';

/** The answer and the ProjectionExpression of each Query the request sent. */
async function projections(query: string, variables: Record<string, unknown>) {
  const sent: (string | undefined)[] = [];
  const stop = onDynamoRequest((command, input) => {
    if (command === 'QueryCommand') sent.push((input as { ProjectionExpression?: string }).ProjectionExpression);
  });
  const result = await gql(query, variables).finally(stop);
  expect(result.errors).toBeUndefined();
  return { edges: result.data?.issues.edges as { node: Record<string, any> }[], sent };
}

const SLIM = `query ($callId: ID!) { issues(callId: $callId, first: 10) { edges { node { id title support { breadth backers } } } } }`;
const WITH_FRAGMENT = `query ($callId: ID!) { issues(callId: $callId, first: 10) { edges { node { ...Row } } } } fragment Row on Issue { id ... on Issue { title status } }`;
const FULL = `query ($callId: ID!) { issues(callId: $callId, first: 10) { edges { node { id title status description sdgs support { breadth backers } } } } }`;

describe('the attributes a page of issues reads', () => {
  it('projects the page onto what its fields need, through fragments, and reads whole items for any other field', async () => {
    // Prepare
    const call = await createCall();
    const author = await createPerson();
    for (let i = 0; i < 3; i++)
      await submitIssue(author.token, call.callId, { title: `Issue ${i}`, description: `Why issue ${i} matters to the community.`, sdgs: [i + 1] });

    // Act
    const slim = await projections(SLIM, { callId: call.callId });
    const fragment = await projections(WITH_FRAGMENT, { callId: call.callId });
    const full = await projections(FULL, { callId: call.callId });

    // Assess: the same issues and figures either way; only the full page reads the description and the SDGs
    expect(slim.sent).toHaveLength(1);
    expect(slim.sent[0]).toBeDefined();
    expect(fragment.sent[0]).toBeDefined();
    expect(full.sent).toEqual([undefined]);
    expect(full.edges).toHaveLength(3);
    expect(slim.edges).toEqual(full.edges.map(({ node }) => ({ node: { id: node.id, title: node.title, support: node.support } })));
    expect(fragment.edges).toEqual(full.edges.map(({ node }) => ({ node: { id: node.id, title: node.title, status: node.status } })));
    expect(full.edges.map(({ node }) => [node.description, node.sdgs]).sort()).toEqual(
      [0, 1, 2].map((i) => [`Why issue ${i} matters to the community.`, [i + 1]]),
    );
  });
});
