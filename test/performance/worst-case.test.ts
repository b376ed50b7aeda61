/**
 * The most expensive request the API accepts (test/bench/worst-case.ts): its DynamoDB requests asserted
 * exactly, at the request budget and not over it, and its read capacity within the budget; one more item
 * on its page is refused before anything is sent. `npm run bench` times it.
 */
import { describe, expect, it } from 'vitest';
import { REQUEST_BUDGET } from '../../functions/core/limits';
import { measureUsage } from '../bench/instrument';
import { WORST_CASE, WORST_CASE_PAGE, worstCaseConsultation } from '../bench/worst-case';
import { errorCode, gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';

describe('the most expensive accepted request', () => {
  it('reads a consultation, 98 contributions with their replies and their 98 authors in exactly the budget of 100 requests', async () => {
    // Prepare: 98 contributions of 2,000 characters by 98 people
    const id = await worstCaseConsultation('wc', WORST_CASE_PAGE, 2_000);
    const commands: string[] = [];
    const stop = onDynamoRequest((command) => commands.push(command));

    // Act
    const { result, usage } = await measureUsage(() => gql(WORST_CASE, { id, first: WORST_CASE_PAGE })).finally(stop);

    // Assess: one Query of the consultation and its page, then the 98 replies Queries and one BatchGetItem of the authors
    expect(result.errors).toBeUndefined();
    expect(result.data?.consultation.contributions.edges).toHaveLength(WORST_CASE_PAGE);
    expect(new Set(result.data?.consultation.contributions.edges.map((e: any) => e.node.author.name)).size).toBe(WORST_CASE_PAGE);
    expect(commands[0]).toBe('QueryCommand');
    expect([...commands.slice(1)].sort()).toEqual(['BatchGetItemCommand', ...Array.from({ length: WORST_CASE_PAGE }, () => 'QueryCommand')]);
    expect(commands).toHaveLength(REQUEST_BUDGET.maxRequests);
    expect(usage.requests).toBe(REQUEST_BUDGET.maxRequests);
    // 98 items of ~2.5 KB in one Query (~31 RCU), 98 empty replies Queries and 98 authors (0.5 each at most)
    expect(usage.readCapacity).toBeGreaterThan(31);
    expect(usage.readCapacity).toBeLessThanOrEqual(REQUEST_BUDGET.maxReadCapacity);
  });

  it('refuses the same request with one more contribution on the page before sending anything', async () => {
    // Prepare
    const id = await worstCaseConsultation('wc', 3, 100);
    const commands: string[] = [];
    const stop = onDynamoRequest((command) => commands.push(command));

    // Act
    const result = await gql(WORST_CASE, { id, first: WORST_CASE_PAGE + 1 }).finally(stop);

    // Assess
    expect(errorCode(result)).toBe('COST_LIMIT_EXCEEDED');
    expect(result.errors?.[0]?.extensions?.estimatedRequests).toBe(REQUEST_BUDGET.maxRequests + 1);
    expect(commands).toEqual([]);
  });
});
