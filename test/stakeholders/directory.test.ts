import { describe, expect, it } from 'vitest';
import { errorCode, gql, token, unique } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createOrganisation, createPerson } from '../helpers/people';

const DIRECTORY = /* GraphQL */ `
  query Directory($filter: StakeholderFilter, $first: Int, $after: String) {
    stakeholders(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          kind
          group
          region
          country
          verification
          relevantOrganisation
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const DIRECTORY_WITH_AFFILIATIONS = /* GraphQL */ `
  query Directory($filter: StakeholderFilter, $first: Int) {
    stakeholders(filter: $filter, first: $first) {
      edges {
        node {
          name
          affiliation {
            name
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;

type Directory = { stakeholders: { edges: { cursor: string; node: Record<string, any> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

const names = (result: { data?: Directory | null }) => result.data?.stakeholders.edges.map((e) => e.node.name as string) ?? [];

/** Counts the DynamoDB requests (by command) that `run` sends. */
async function countRequests<T>(run: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const requests: string[] = [];
  const stop = onDynamoRequest((command) => requests.push(command));
  try {
    return { result: await run(), requests };
  } finally {
    stop();
  }
}

describe('the stakeholder directory', () => {
  it('serves a page of 50 filtered by group in exactly one DynamoDB request, ordered by name, and the next page after it', async () => {
    // Prepare: 55 academia organisations whose names share a unique prefix, created out of order
    const tag = unique('Dir');
    const created = await Promise.all(
      Array.from({ length: 55 }, (_, i) => createOrganisation({ name: `${tag} ${String(54 - i).padStart(2, '0')}`, group: 'ACADEMIA' })),
    );
    const expected = created.map((o) => o.stakeholder.name).sort();
    const filter = { group: 'ACADEMIA', namePrefix: tag };

    // Act
    const first = await countRequests(() => gql<Directory>(DIRECTORY, { filter, first: 50 }));
    const second = await gql<Directory>(DIRECTORY, { filter, first: 50, after: first.result.data?.stakeholders.pageInfo.endCursor });

    // Assess
    expect(first.result.errors).toBeUndefined();
    expect(first.requests).toEqual(['QueryCommand']);
    expect(names(first.result)).toEqual(expected.slice(0, 50));
    expect(first.result.data?.stakeholders.pageInfo.hasNextPage).toBe(true);
    expect(names(second)).toEqual(expected.slice(50));
    expect(second.data?.stakeholders.pageInfo.hasNextPage).toBe(false);
  });

  it('batches the affiliations of a page into one BatchGetItem', async () => {
    const tag = unique('Aff');
    const organisations = await Promise.all([1, 2, 3].map((i) => createOrganisation({ name: `${tag} org ${i}`, group: 'GOVERNMENT' })));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createPerson({
          stakeholder: { name: `${tag} person ${String(i).padStart(2, '0')}`, group: 'GOVERNMENT', affiliationId: organisations[i % 3]?.stakeholder.id },
        }),
      ),
    );

    const { result, requests } = await countRequests(() =>
      gql<Directory>(DIRECTORY_WITH_AFFILIATIONS, { filter: { group: 'GOVERNMENT', namePrefix: `${tag} person` }, first: 50 }),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.stakeholders.edges).toHaveLength(12);
    expect(result.data?.stakeholders.edges[0]?.node.affiliation.name).toBe(`${tag} org 1`);
    expect(requests).toEqual(['QueryCommand', 'BatchGetItemCommand']);
  });

  it('filters by region, country, kind, verification and relevant flag, and fills the page through the filters', async () => {
    // Prepare
    const tag = unique('Flt');
    const make = (suffix: string, overrides: Record<string, unknown>) => createOrganisation({ name: `${tag} ${suffix}`, ...overrides });
    await make('a relevant', { region: 'LATIN_AMERICAN_AND_CARIBBEAN', country: 'BR', relevantOrganisation: true });
    await make('b unverified', { region: 'LATIN_AMERICAN_AND_CARIBBEAN', country: 'MX', verification: 'UNVERIFIED' });
    await make('c other region', { region: 'ASIA_PACIFIC', country: 'JP', relevantOrganisation: true });
    await createPerson({ stakeholder: { name: `${tag} d person`, region: 'LATIN_AMERICAN_AND_CARIBBEAN', country: 'BR' } });

    // Act
    const query = (filter: Record<string, unknown>, first = 20) => gql<Directory>(DIRECTORY, { filter: { namePrefix: tag, ...filter }, first });
    const [region, country, kind, unverified, relevant, notRelevant, regionAndRelevant, firstOne] = await Promise.all([
      query({ region: 'LATIN_AMERICAN_AND_CARIBBEAN' }),
      query({ country: 'BR' }),
      query({ kind: 'PERSON' }),
      query({ verification: 'UNVERIFIED' }),
      query({ relevantOrganisation: true }),
      query({ relevantOrganisation: false }),
      query({ region: 'LATIN_AMERICAN_AND_CARIBBEAN', relevantOrganisation: true, kind: 'ORGANISATION' }),
      query({ verification: 'VERIFIED' }, 1),
    ]);

    // Assess
    expect(names(region)).toEqual([`${tag} a relevant`, `${tag} b unverified`, `${tag} d person`]);
    expect(names(country)).toEqual([`${tag} a relevant`, `${tag} d person`]);
    expect(names(kind)).toEqual([`${tag} d person`]);
    expect(names(unverified)).toEqual([`${tag} b unverified`]);
    expect(names(relevant)).toEqual([`${tag} a relevant`, `${tag} c other region`]);
    expect(names(notRelevant)).toEqual([`${tag} b unverified`, `${tag} d person`]);
    expect(names(regionAndRelevant)).toEqual([`${tag} a relevant`]);
    expect(names(firstOne)).toEqual([`${tag} a relevant`]);
    expect(firstOne.data?.stakeholders.pageInfo.hasNextPage).toBe(true);
  });

  it('matches a name prefix ignoring case and accents', async () => {
    const tag = unique('acc');
    await createPerson({ stakeholder: { name: `Émile ${tag} Zola` } });

    const result = await gql<Directory>(DIRECTORY, { filter: { namePrefix: `EMILE ${tag.toUpperCase()}` } });

    expect(names(result)).toEqual([`Émile ${tag} Zola`]);
  });

  it('reads the same for a signed-in caller as for the public, without private emails', async () => {
    const tag = unique('Pub');
    await createOrganisation({ name: `${tag} one` });
    const viewer = await createPerson();
    const query = /* GraphQL */ `
      query ($f: StakeholderFilter) {
        stakeholders(filter: $f) {
          edges {
            node {
              name
              contactEmail
            }
          }
        }
      }
    `;

    const [anonymous, signedIn] = await Promise.all([gql(query, { f: { namePrefix: tag } }), gql(query, { f: { namePrefix: tag } }, viewer.token)]);

    expect(anonymous.data?.stakeholders.edges).toEqual([{ node: { name: `${tag} one`, contactEmail: null } }]);
    expect(signedIn.data).toEqual(anonymous.data);
  });

  it('refuses an unknown country in the filter naming the field', async () => {
    const result = await gql(DIRECTORY, { filter: { country: 'XX' } });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('filter.country');
  });

  it('refuses a page size above the server maximum', async () => {
    const result = await gql(DIRECTORY, { first: 101 });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('first');
  });

  it('refuses a cursor of another filter', async () => {
    const tag = unique('Cur');
    await Promise.all([1, 2].map((i) => createOrganisation({ name: `${tag} ${i}`, group: 'CIVIL_SOCIETY' })));
    const page = await gql<Directory>(DIRECTORY, { filter: { namePrefix: tag }, first: 1 });

    const result = await gql(DIRECTORY, { filter: { namePrefix: tag, group: 'GOVERNMENT' }, after: page.data?.stakeholders.pageInfo.endCursor });

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('after');
  });

  it('fetches a stakeholder through node(id)', async () => {
    const organisation = await createOrganisation();
    const result = await gql(
      `query($id: ID!) { node(id: $id) { id ... on Stakeholder { name } } }`,
      { id: organisation.globalId },
      await token({ subject: `test|${unique()}` }),
    );
    expect(result.data?.node).toEqual({ id: organisation.globalId, name: organisation.stakeholder.name });
  });
});
