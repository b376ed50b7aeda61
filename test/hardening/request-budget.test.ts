/**
 * The request budget (functions/core/limits.ts REQUEST_BUDGET): documents
 * that fan out are refused before they run, whether their page sizes come
 * from literals, variables or defaults; a request that goes over its budget
 * while running stops with COST_LIMIT_EXCEEDED and writes nothing; the
 * project's documented operations fit with room to spare.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userCaller } from '../../functions/core/auth/caller';
import { createContext } from '../../functions/graphql/context';
import { REQUEST_BUDGET } from '../../functions/core/limits';
import { RequestBudget, runWithBudget } from '../../functions/core/request-budget';
import { createApolloServer } from '../../functions/graphql/server';
import { getRoles } from '../../functions/modules/stakeholders/stakeholder.store';
import { STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import { errorCode, gql, unique } from '../helpers/api';
import { contributeDirect, openConsultation, snapshot } from '../helpers/consultations';
import { onDynamoRequest } from '../helpers/db';
import { createPerson } from '../helpers/people';

/** The issue's document: a page of consultations, of their contributions, of their replies and revisions. */
const FAN_OUT = /* GraphQL */ `
  query ($n: Int) {
    consultations(first: $n) {
      edges {
        node {
          contributions(first: $n) {
            edges {
              node {
                replies(first: $n) {
                  pageInfo {
                    hasNextPage
                  }
                }
                revisions(first: $n) {
                  pageInfo {
                    hasNextPage
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

/** The same without any `first`: default page sizes. */
const FAN_OUT_DEFAULTS = /* GraphQL */ `
  {
    consultations {
      edges {
        node {
          contributions {
            edges {
              node {
                replies {
                  pageInfo {
                    hasNextPage
                  }
                }
                revisions {
                  pageInfo {
                    hasNextPage
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

/** Aliases and author edges: each alias a page of contributions with their authors' reports. */
const ALIASED = /* GraphQL */ `
  query ($n: Int, $id: ID!) {
    ${['a', 'b', 'c', 'd'].map((a) => `${a}: consultation(id: $id) { contributions(first: $n) { edges { node { author { reports(first: $n) { pageInfo { hasNextPage } } } replies(first: 5) { pageInfo { hasNextPage } } } } } }`).join('\n')}
  }`;

/** README, "A consultation from draft to published synthesis", step 4: the heaviest documented read. */
const DOCUMENTED_PAGE = /* GraphQL */ `
  query ($id: ID!) {
    consultation(id: $id) {
      title
      status
      closesAt
      questions {
        id
        text
      }
      counts {
        contributions
        contributors
        byGroup {
          group
          contributions
          contributors
        }
        byRegion {
          region
          contributions
        }
      }
      contributions(first: 50) {
        edges {
          node {
            id
            body
            status
            author {
              name
              group
              region
            }
            question {
              text
            }
            replies(first: 5) {
              edges {
                node {
                  body
                }
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
  }
`;

let commands: string[] = [];
let stop: () => void = () => undefined;
beforeEach(() => {
  commands = [];
  stop = onDynamoRequest((command) => commands.push(command));
});
afterEach(() => stop());

describe('the static estimate sees variables, defaults and aliases', () => {
  it('refuses the fan-out document with first = 100 as a variable: nested lists take at most 20', async () => {
    const result = await gql(FAN_OUT, { n: 100 });

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('first');
    expect(result.errors?.[0]?.message).toContain(String(REQUEST_BUDGET.maxNestedPageSize));
    expect(commands).toEqual([]);
  });

  it('refuses it with first = 20 as a variable, before sending a single DynamoDB request', async () => {
    const result = await gql(FAN_OUT, { n: 20 });

    expect(errorCode(result)).toBe('COST_LIMIT_EXCEEDED');
    // 1 (consultations) + 20 (contributions of each) + 20 × 20 × 2 (replies and revisions of each)
    expect(result.errors?.[0]?.extensions?.estimatedRequests).toBe(821);
    expect(result.data ?? null).toBeNull();
    expect(commands).toEqual([]);
  });

  it('refuses it with no `first` at all, counting the default page sizes', async () => {
    const result = await gql(FAN_OUT_DEFAULTS);

    expect(errorCode(result)).toBe('COST_LIMIT_EXCEEDED');
    expect(result.errors?.[0]?.extensions?.estimatedRequests).toBe(821);
    expect(commands).toEqual([]);
  });

  it('refuses aliased pages with author edges, counting every alias', async () => {
    const result = await gql(ALIASED, { n: 12, id: 'Q29uc3VsdGF0aW9uOng' });

    expect(errorCode(result)).toBe('COST_LIMIT_EXCEEDED');
    // 4 × (1 consultation + 1 contributions + 12 × (1 reports + 1 replies))
    expect(result.errors?.[0]?.extensions?.estimatedRequests).toBe(104);
    expect(commands).toEqual([]);
  }, 30_000);

  it('refuses the same shapes expanded through fragments', async () => {
    const query = `query ($n: Int) { consultations(first: $n) { ...C } }
      fragment C on ConsultationConnection { edges { node { contributions(first: $n) { ...K } } } }
      fragment K on ContributionConnection { edges { node { replies(first: $n) { pageInfo { hasNextPage } } } } }`;

    const result = await gql(query, { n: 15 });

    expect(errorCode(result)).toBe('COST_LIMIT_EXCEEDED');
    expect(result.errors?.[0]?.extensions?.estimatedRequests).toBe(1 + 15 + 15 * 15);
    expect(commands).toEqual([]);
  });
});

describe('documented operations fit their budget', () => {
  it('serves the README consultation page (50 contributions with 5 replies each) in 53 requests, about half the budget', async () => {
    // Prepare: 60 contributions from 10 people of every group, two of them with replies
    const { consultation, globalId } = await openConsultation();
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6] } })));
    const contributions = [];
    for (let i = 0; i < 60; i++) contributions.push(await contributeDirect(consultation, people[i % 10]!.stakeholder, { at: new Date() }));
    commands = [];

    // Act
    const result = await gql(DOCUMENTED_PAGE, { id: globalId });

    // Assess: one Query (consultation and page), one BatchGetItem (its counter shards), one BatchGetItem (authors),
    // one Query per contribution (replies)
    expect(result.errors).toBeUndefined();
    expect(result.data?.consultation.contributions.edges).toHaveLength(50);
    expect(commands.filter((c) => c === 'QueryCommand')).toHaveLength(51);
    expect(commands.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(2);
    expect(commands).toHaveLength(53);
    expect(commands.length).toBeLessThanOrEqual(REQUEST_BUDGET.maxRequests * 0.6);
  }, 60_000);
});

describe('the run-time budget', () => {
  it('stops a request whose reads go over the read capacity budget, with one error and no partial data', async () => {
    // Prepare: 60 contributions of 20,000 two-byte characters (about 40 KB each): a page of 50 is ~250 RCU
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    for (let i = 0; i < 60; i++) await contributeDirect(consultation, author.stakeholder, { at: new Date(), body: 'é'.repeat(20_000) });
    commands = [];
    const pages = ['a', 'b', 'c', 'd'].map((a) => `${a}: consultation(id: $id) { contributions(first: 50) { edges { node { id body } } } }`).join(' ');

    // Act: the estimate (8 requests) is well under the budget; the capacity is not
    const result = await gql(`query ($id: ID!) { ${pages} }`, { id: globalId });

    // Assess
    expect(errorCode(result)).toBe('COST_LIMIT_EXCEEDED');
    expect(result.errors).toHaveLength(1);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/read capacity/);
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.length).toBeLessThanOrEqual(REQUEST_BUDGET.maxRequests);
  }, 120_000);

  it('does not send the write of a mutation that ran out of budget: nothing is stored', async () => {
    // Prepare: an open consultation and a registered author; a budget of two requests (roles, consultation)
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    const before = await snapshot(consultation);
    const server = createApolloServer();
    await server.start();
    const budget = new RequestBudget({ maxRequests: 2, maxReadCapacity: 500 });
    commands = [];

    // Act
    const response = await runWithBudget(budget, () =>
      server.executeOperation(
        {
          query: 'mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id } } }',
          variables: { input: { consultationId: globalId, body: 'Over budget', language: 'en', idempotencyKey: unique() } },
        },
        { contextValue: createContext({ requestId: 'budget-test', caller: userCaller(author.subject, [], getRoles) }) },
      ),
    );
    await server.stop();

    // Assess
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(body?.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    expect(body?.data ?? null).toBeNull();
    expect(budget.requests).toBe(2);
    expect(commands).toHaveLength(2);
    expect(commands).not.toContain('TransactWriteItemsCommand');
    expect(await snapshot(consultation)).toBe(before);
  });
});
