/**
 * The open-data export of the proposal funnel, through the export Lambda with
 * API Gateway events: aggregates by population, dimension and category, per
 * programme and theme — never a proposal, a title or a person.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/export';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { PROPOSAL_FUNNEL_COLUMNS } from '../../functions/modules/export/proposals.export';
import { dataDictionary } from '../../functions/modules/export/export.format';
import { gql } from '../helpers/api';
import { createPerson } from '../helpers/people';
import { SUBMIT_PROPOSAL, answer, createProposalCall, diversePanel, draftProposal, proposalInput } from '../sessions/helpers';

async function get(file: string): Promise<APIGatewayProxyStructuredResultV2> {
  const path = `/export/proposals/${file}`;
  const event = apiGatewayEvent({ method: 'GET', path, routePath: '/export/proposals/{file}', query: '', pathParameters: { file } });
  return (await handler(event, lambdaContext('agora-export'))) as APIGatewayProxyStructuredResultV2;
}

describe('open data: the proposal funnel', () => {
  it('exports the funnel of a programme and of each theme as aggregates, naming no proposal and no person', async () => {
    // Prepare: one submitted proposal with three confirmed speakers
    const call = await createProposalCall();
    const proposer = await createPerson({ stakeholder: { group: 'ACADEMIA', region: 'EASTERN_EUROPEAN', country: 'PL', gender: 'WOMAN' } });
    const panel = await diversePanel();
    const draft = await draftProposal(
      proposer.token,
      proposalInput(
        call,
        [proposer.globalId],
        panel.map((p) => ({ id: p.globalId })),
      ),
    );
    let version = draft.version;
    for (const p of panel) version = (await answer(p.token, draft.id)).version;
    expect((await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version } }, proposer.token)).errors).toBeUndefined();

    // Act
    const jsonl = await get(`${call.year}.jsonl`);
    const csv = await get(`${call.year}.csv`);

    // Assess
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.headers?.['x-export-rows']).toBe(String(1 + 6 + 2 * 21 + 18));
    const rows = (jsonl.body ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows[0]).toEqual({
      year: call.year,
      theme_id: null,
      theme_title: null,
      population: 'PROPOSALS',
      dimension: 'ALL',
      category: 'ALL',
      submitted: 1,
      eligible: 0,
      accepted: 0,
      held: 0,
      eligibility_rate: 0,
      acceptance_rate: 0,
      selection_rate: null,
      held_rate: null,
      suppressed: false,
    });
    const find = (population: string, dimension: string, category: string, themeId: string | null = null) =>
      rows.find((r) => r.population === population && r.dimension === dimension && r.category === category && r.theme_id === themeId);
    // One woman organiser would be singled out: her count is left empty and the row flagged.
    expect(find('ORGANISERS', 'GENDER', 'WOMAN')).toMatchObject({ submitted: null, eligible: 0, eligibility_rate: null, suppressed: true });
    expect(find('ORGANISERS', 'GENDER', 'MAN')).toMatchObject({ submitted: 0, suppressed: false });
    expect(rows.filter((r) => r.dimension === 'GENDER' && r.theme_id === call.themeId).every((r) => r.submitted === 0 || r.submitted === null)).toBe(true);
    expect(find('ORGANISERS', 'DEVELOPING_COUNTRY', 'NO')).toMatchObject({ submitted: 1 });
    expect(find('SPEAKERS', 'ALL', 'ALL')).toMatchObject({ submitted: 3 });
    expect(find('SPEAKERS', 'REGION', 'ASIA_PACIFIC', call.themeId)).toMatchObject({ theme_title: 'Digital inclusion', submitted: 1 });
    for (const person of [proposer, ...panel]) {
      expect(jsonl.body).not.toContain(person.stakeholder.id);
      expect(jsonl.body).not.toContain(person.stakeholder.name);
    }
    expect(jsonl.body).not.toContain('Financing community networks');
    expect(csv.headers?.['content-type']).toMatch(/^text\/csv/);
    expect((csv.body ?? '').split('\r\n')[0]).toBe(PROPOSAL_FUNNEL_COLUMNS.map((c) => c.name).join(','));
    expect((csv.body ?? '').split('\r\n').filter(Boolean)).toHaveLength(rows.length + 1);
  });

  it('answers 404 for a year without a programme and 400 for a file that is not <year>.csv or .jsonl', async () => {
    expect((await get('1066.csv')).statusCode).toBe(404);
    expect((await get('proposals.txt')).statusCode).toBe(400);
    expect((await get('2026.xml')).statusCode).toBe(400);
  });

  it('has its data dictionary in docs/api/analytics.md', () => {
    const documentation = readFileSync(join(import.meta.dirname, '../../docs/api/analytics.md'), 'utf8');
    const documented = /<!-- proposal-funnel-dictionary:start -->\n([\s\S]*?)\n<!-- proposal-funnel-dictionary:end -->/.exec(documentation)?.[1];
    expect(documented).toBe(dataDictionary(PROPOSAL_FUNNEL_COLUMNS));
  });
});
