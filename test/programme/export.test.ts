/**
 * The open-data export of a call's issues with their support counts,
 * through the export Lambda with API Gateway events: counts by group and
 * region, never a supporter's identity, never a withdrawn issue.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/export';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { gql } from '../helpers/api';
import { createPerson } from '../helpers/people';
import { SUPPORT_ISSUE, WITHDRAW_ISSUE, createCall, submitIssue } from './helpers';

async function get(file: string, query = ''): Promise<APIGatewayProxyStructuredResultV2> {
  const path = `/export/issues/${file}`;
  const event = apiGatewayEvent({ method: 'GET', path, routePath: '/export/issues/{file}', query, pathParameters: { file } });
  return (await handler(event, lambdaContext('agora-export'))) as APIGatewayProxyStructuredResultV2;
}

describe('open data: issues with their support counts', () => {
  it('exports the standing issues broadest support first, with counts by group and region and no supporter named', async () => {
    // Prepare
    const { callId, year } = await createCall();
    const author = await createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'AFRICAN' } });
    const [plain, supported, gone] = [
      await submitIssue(author.token, callId),
      await submitIssue(author.token, callId),
      await submitIssue(author.token, callId, { title: 'Withdrawn one' }),
    ];
    const supporter = await createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC' } });
    await gql(SUPPORT_ISSUE, { input: { issueId: supported.id, listed: false } }, supporter.token);
    await gql(WITHDRAW_ISSUE, { input: { id: gone.id, version: 1 } }, author.token);

    // Act
    const jsonl = await get(`${year}.jsonl`);
    const csv = await get(`${year}.csv`, 'limit=1');

    // Assess
    expect(jsonl.statusCode).toBe(200);
    const rows = (jsonl.body ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.issue_id)).toEqual([supported.id, plain.id]);
    expect(rows[0]).toMatchObject({
      supporters: 1,
      breadth: 2,
      backers_government: 1,
      backers_civil_society: 1,
      backers_asia_pacific: 1,
      backers_african: 1,
      status: 'SUBMITTED',
    });
    expect(jsonl.body).not.toContain(supporter.globalId);
    expect(jsonl.body).not.toContain('Withdrawn one');
    expect(csv.headers?.link).toMatch(/rel="next"/);
    expect((csv.body ?? '').split('\r\n')[0]).toMatch(/^issue_id,year,title,/);
  });

  it('answers 404 for a year without a call and 400 for a file that is not <year>.csv or .jsonl', async () => {
    expect((await get('1066.csv')).statusCode).toBe(404);
    expect((await get('issues.txt')).statusCode).toBe(400);
  });
});
