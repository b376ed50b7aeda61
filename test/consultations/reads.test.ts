import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { gql, secretariatToken } from '../helpers/api';
import { createOrganisation, createPerson } from '../helpers/people';
import { closedConsultation, contributeDirect, createConsultationDirect, openConsultation, privateYear } from '../helpers/consultations';
import { onDynamoRequest } from '../helpers/db';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';

async function countRequests<T>(run: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const requests: string[] = [];
  const stop = onDynamoRequest((command) => requests.push(command));
  try {
    return { result: await run(), requests };
  } finally {
    stop();
  }
}

const PAGE = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String, $filter: ContributionFilter) {
    consultation(id: $id) {
      title
      status
      counts {
        contributions
      }
      contributions(first: $first, after: $after, filter: $filter) {
        edges {
          node {
            id
            body
            author {
              name
              group
              region
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

describe('reading consultations and contributions', () => {
  it('reads a consultation, its counters, a page of 50 contributions and their authors in 2 round trips (3 DynamoDB requests)', async () => {
    // Prepare: 60 contributions from 30 people
    const { consultation, globalId } = await openConsultation();
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6] } })));
    for (let i = 0; i < 60; i += 10) {
      await Promise.all(people.slice(0, 10).map((_, j) => contributeDirect(consultation, people[(i + j) % 30]!.stakeholder, { at: new Date() })));
    }

    // Act
    const { result, requests } = await countRequests(() => gql(PAGE, { id: globalId, first: 50 }));

    // Assess
    expect(result.errors).toBeUndefined();
    const page = result.data?.consultation.contributions;
    expect(page.edges).toHaveLength(50);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.every((e: any) => typeof e.node.author.name === 'string' && e.node.author.group && e.node.author.region)).toBe(true);
    expect(result.data?.consultation.counts.contributions).toBe(60);
    // The consultation with its page and its counter shards (partitions of their own) sent together, then the authors.
    expect([...requests.slice(0, 2)].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
    expect(requests.slice(2)).toEqual(['BatchGetItemCommand']);
  });

  it('continues with the next page from the cursor, oldest first, without repeating or skipping', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await contributeDirect(consultation, person.stakeholder, { at: new Date(), body: `n${i}` }));

    // Act
    const first = await gql(PAGE, { id: globalId, first: 3 });
    const second = await gql(PAGE, { id: globalId, first: 3, after: first.data?.consultation.contributions.pageInfo.endCursor });
    const third = await gql(PAGE, { id: globalId, first: 3, after: second.data?.consultation.contributions.pageInfo.endCursor });

    // Assess
    const bodies = [first, second, third].flatMap((r) => r.data?.consultation.contributions.edges.map((e: any) => e.node.body));
    expect(bodies).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    expect(third.data?.consultation.contributions.pageInfo.hasNextPage).toBe(false);
  });

  it('filters contributions by group, region and question, in the one-Query read too', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const questionId = consultation.questions[1]!.id;
    const academic = await createPerson({ stakeholder: { group: 'ACADEMIA', region: 'ASIA_PACIFIC' } });
    const official = await createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'AFRICAN' } });
    const org = await createOrganisation({ group: 'TECHNICAL_COMMUNITY', region: 'AFRICAN' });
    await contributeDirect(consultation, academic.stakeholder, { at: new Date(), body: 'a1', questionId });
    await contributeDirect(consultation, official.stakeholder, { at: new Date(), body: 'g1' });
    await contributeDirect(consultation, academic.stakeholder, { at: new Date(), body: 'a2' });
    await contributeDirect(consultation, official.stakeholder, { at: new Date(), body: 'o1', organisation: org.stakeholder, questionId });

    // Act
    const byGroup = await gql(PAGE, { id: globalId, filter: { group: 'ACADEMIA' } });
    const byRegion = await gql(PAGE, { id: globalId, filter: { region: 'AFRICAN' } });
    const byQuestion = await gql(PAGE, { id: globalId, filter: { questionId } });
    const byOrgGroup = await gql(PAGE, { id: globalId, filter: { group: 'TECHNICAL_COMMUNITY', region: 'AFRICAN' } });

    // Assess
    const bodies = (r: any) => r.data?.consultation.contributions.edges.map((e: any) => e.node.body);
    expect(bodies(byGroup)).toEqual(['a1', 'a2']);
    expect(bodies(byRegion)).toEqual(['g1', 'o1']);
    expect(bodies(byQuestion)).toEqual(['a1', 'o1']);
    expect(bodies(byOrgGroup)).toEqual(['o1']);
  });

  it('lists my contributions newest first in at most 2 DynamoDB requests', async () => {
    // Prepare
    const { consultation } = await openConsultation();
    const person = await createPerson();
    for (const body of ['old', 'middle', 'new']) await contributeDirect(consultation, person.stakeholder, { at: new Date(), body });

    // Act
    const { result, requests } = await countRequests(() =>
      gql(`{ myContributions(first: 10) { edges { node { id body status createdAt receipt { digest } } } pageInfo { hasNextPage } } }`, {}, person.token),
    );

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.myContributions.edges.map((e: any) => e.node.body)).toEqual(['new', 'middle', 'old']);
    expect(requests.length).toBeLessThanOrEqual(2);
  });

  it('lists consultations by closing date, filtered by the status the clock implies and by year', async () => {
    // Prepare: one year, three consultations in different states (the job has persisted none of them)
    const year = 2000 + (privateYear() % 101);
    const now = Date.now();
    const DAY = 86_400_000;
    const made = await Promise.all([
      closedConsultation(3, { year, sequence: 91 }),
      createConsultationDirect({ year, sequence: 92, opensAt: new Date(now - DAY), closesAt: new Date(now + DAY) }),
      createConsultationDirect({ year, sequence: 93, opensAt: new Date(now + DAY), closesAt: new Date(now + 2 * DAY) }),
      createConsultationDirect({ year, sequence: 94, status: 'DRAFT', opensAt: new Date(now + DAY), closesAt: new Date(now + 3 * DAY) }),
    ]);
    const ids = made.map((m) => m.globalId);
    const LIST = `query ($filter: ConsultationFilter) { consultations(filter: $filter, first: 100) { edges { node { id status } } } }`;
    const mine = (r: any) => r.data?.consultations.edges.map((e: any) => e.node).filter((n: any) => ids.includes(n.id));

    // Act
    const all = await gql(LIST, { filter: { year } });
    const open = await gql(LIST, { filter: { year, status: 'OPEN' } });
    const closed = await gql(LIST, { filter: { status: 'CLOSED' } });
    const asSecretariat = await gql(LIST, { filter: { year } }, await secretariatToken());

    // Assess
    expect(mine(all)).toEqual([
      { id: ids[0], status: 'CLOSED' },
      { id: ids[1], status: 'OPEN' },
      { id: ids[2], status: 'SCHEDULED' },
    ]);
    expect(mine(open)).toEqual([{ id: ids[1], status: 'OPEN' }]);
    expect(mine(closed)).toEqual([{ id: ids[0], status: 'CLOSED' }]);
    expect(mine(asSecretariat).map((n: any) => n.status)).toEqual(['CLOSED', 'OPEN', 'SCHEDULED', 'DRAFT']);
  });

  it('reads a contribution through node(id) with its consultation', async () => {
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson({ stakeholder: { region: REGIONS[2] } });
    const made = await contributeDirect(consultation, person.stakeholder, { at: new Date(), body: 'hello' });

    const result = await gql(`query ($id: ID!) { node(id: $id) { ... on Contribution { body region consultation { id } } } }`, {
      id: toGlobalId('Contribution', made.id),
    });

    expect(result.data?.node).toEqual({ body: 'hello', region: REGIONS[2], consultation: { id: globalId } });
  });
});
