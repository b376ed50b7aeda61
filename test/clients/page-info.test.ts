/** Every connection answers Relay's whole PageInfo: startCursor and hasPreviousPage too. */
import { describe, expect, it } from 'vitest';
import { gql } from '../helpers/api';
import { contributeDirect, openConsultation } from '../helpers/consultations';
import { createPerson } from '../helpers/people';

const PAGE = `query ($id: ID!, $after: String) {
  node(id: $id) { ... on Consultation {
    contributions(first: 2, after: $after) {
      edges { cursor }
      pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
    }
  } }
}`;

type Page = { edges: { cursor: string }[]; pageInfo: { startCursor: string | null; endCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean } };

describe('PageInfo', () => {
  it('names the first and last cursor of each page and never a previous page (lists page forward only)', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    for (let i = 0; i < 3; i++) await contributeDirect(consultation, author.stakeholder, { at: new Date(Date.parse(consultation.opensAt) + (i + 1) * 60_000) });

    // Act
    const first = (await gql<{ node: { contributions: Page } }>(PAGE, { id: globalId })).data?.node.contributions;
    const second = (await gql<{ node: { contributions: Page } }>(PAGE, { id: globalId, after: first?.pageInfo.endCursor })).data?.node.contributions;

    // Assess
    expect(first?.pageInfo).toEqual({ startCursor: first?.edges[0]?.cursor, endCursor: first?.edges[1]?.cursor, hasNextPage: true, hasPreviousPage: false });
    expect(second?.edges).toHaveLength(1);
    expect(second?.pageInfo).toEqual({
      startCursor: second?.edges[0]?.cursor,
      endCursor: second?.edges[0]?.cursor,
      hasNextPage: false,
      hasPreviousPage: false,
    });
  });

  it('has no start cursor on an empty page', async () => {
    const { globalId } = await openConsultation();

    const page = (await gql<{ node: { contributions: Page } }>(PAGE, { id: globalId })).data?.node.contributions;

    expect(page?.pageInfo).toEqual({ startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: false });
  });
});
