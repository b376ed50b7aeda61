/**
 * The most expensive request the API accepts: the budgets (functions/graphql/cost.ts before execution,
 * functions/core/request-budget.ts while it runs, limits.ts REQUEST_BUDGET) let a document send at most 100
 * DynamoDB requests. This one reaches it: a consultation, a page of 98 contributions, each with its page of
 * replies (nested pages may hold up to 20) and its author. Estimated before it runs at 1 + 1 + 98 = 100
 * requests; it sends one Query for the consultation and its page, 98 Queries of replies and one
 * BatchGetItem of the authors: 100. One more contribution on the page (99) is refused before anything is
 * sent. The benchmark runs it on a consultation whose 98 contributions are 9,000 characters long, the
 * largest round figure for which the page still comes in one Query (DynamoDB returns at most 1 MB a page; a second
 * page would be the 101st request, and the run-time budget would refuse the request).
 */
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { handler as GraphqlHandler } from '../../functions/handlers/graphql';
import { newId, toGlobalId } from '../../functions/core/ids';
import { REQUEST_BUDGET } from '../../functions/core/limits';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { buildContribution, contributionId, type Consultation } from '../../functions/modules/consultations/consultation.model';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { createStakeholder } from '../../functions/modules/stakeholders/stakeholder.store';
import { REGIONS, STAKEHOLDER_GROUPS, type Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';
import { measureUsage } from './instrument';
import { percentile, type Latency } from './latency';

/** Contributions on the page: the request budget's 100 requests less the consultation's Query and the authors' BatchGetItem. */
export const WORST_CASE_PAGE = 98;

export const WORST_CASE = /* GraphQL */ `
  query WorstCase($id: ID!, $first: Int!) {
    consultation(id: $id) {
      title
      status
      contributions(first: $first) {
        edges {
          node {
            id
            body
            createdAt
            author {
              name
              group
              region
            }
            replies(first: 20) {
              edges {
                node {
                  id
                  body
                  author {
                    name
                  }
                }
              }
              pageInfo {
                hasNextPage
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

const DAY = 86_400_000;

/**
 * A closed consultation with `count` contributions of `bodyLength` characters by as many authors (so the
 * authors' BatchGetItem reads one item each), written as of when it was open. Returns its global id.
 */
export async function worstCaseConsultation(prefix: string, count: number, bodyLength: number): Promise<string> {
  const now = Date.now();
  let consultation: Consultation;
  for (;;) {
    consultation = {
      id: newId(),
      year: 9000 + Math.floor(Math.random() * 999),
      sequence: 1 + Math.floor(Math.random() * 3),
      title: `${prefix} the heaviest page`,
      summary: 'A consultation with long contributions.',
      body: 'Answer in general.',
      language: 'en',
      questions: [],
      opensAt: new Date(now - 20 * DAY).toISOString(),
      closesAt: new Date(now - 10 * DAY).toISOString(),
      storedStatus: 'SCHEDULED',
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      version: 1,
    };
    if ((await consultationStore.createConsultation(consultation)) === 'created') break;
  }
  const sentence = 'Affordability remains the first barrier to meaningful connectivity, well before infrastructure. ';
  const body = sentence.repeat(Math.ceil(bodyLength / sentence.length)).slice(0, bodyLength);
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-heavy-${newId()}`;
    const at = new Date(Date.parse(consultation.opensAt) + (i + 1) * 60_000);
    const author: Stakeholder = {
      id,
      kind: 'PERSON',
      name: `Heavy Writer ${i}`,
      group: STAKEHOLDER_GROUPS[i % STAKEHOLDER_GROUPS.length] as Stakeholder['group'],
      region: REGIONS[i % REGIONS.length] as Stakeholder['region'],
      country: 'KE',
      languages: ['en'],
      contactEmail: `${id}@example.net`,
      verification: 'VERIFIED',
      relevantOrganisation: false,
      representativeOf: [],
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      version: 1,
    };
    if ((await createStakeholder(author)) !== 'created') throw new Error('worst-case author not created');
    const { contribution, revision } = buildContribution({
      id: contributionId(consultation.id, newId(at)),
      consultation,
      authorId: author.id,
      capacity: 'PERSONAL',
      countedFor: author,
      body,
      language: 'en',
      now: at,
    });
    const outcome = await contributionStore.submitContribution(
      contribution,
      revision,
      { key: idempotencyGuardKey('submitContribution', author.id, newId()), requestDigest: 'bench' },
      at,
    );
    if (outcome.kind !== 'created') throw new Error(`worst-case contribution not stored: ${outcome.kind}`);
  }
  return toGlobalId('Consultation', consultation.id);
}

export interface WorstCaseFigures {
  readonly requests: number;
  readonly readCapacity: number;
  readonly bodyLength: number;
  readonly handler: Latency;
  readonly budget: { readonly maxRequests: number; readonly maxReadCapacity: number };
  readonly withinBudget: boolean;
}

/** Times the worst case through the handler (`runs` after a warm-up) and counts one run's requests and read capacity. */
export async function measureWorstCase(handler: typeof GraphqlHandler, id: string, bodyLength: number, runs: number): Promise<WorstCaseFigures> {
  const event = apiGatewayEvent({
    method: 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: WORST_CASE, variables: { id, first: WORST_CASE_PAGE } }),
  });
  const run = async () => {
    const response = (await handler(event, lambdaContext('agora-graphql'))) as APIGatewayProxyStructuredResultV2;
    if (response.statusCode !== 200 || (response.body ?? '').includes('"errors"'))
      throw new Error(`worst case refused: ${(response.body ?? '').slice(0, 300)}`);
  };
  for (let i = 0; i < 5; i++) await run();
  const { usage } = await measureUsage(run);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const readCapacity = Math.round(usage.readCapacity * 100) / 100;
  return {
    requests: usage.requests,
    readCapacity,
    bodyLength,
    handler: { p50: percentile(samples, 50), p95: percentile(samples, 95), runs },
    budget: { maxRequests: REQUEST_BUDGET.maxRequests, maxReadCapacity: REQUEST_BUDGET.maxReadCapacity },
    withinBudget: usage.requests <= REQUEST_BUDGET.maxRequests && readCapacity <= REQUEST_BUDGET.maxReadCapacity,
  };
}
