/**
 * The open-data export through its Lambda handler with API Gateway events:
 * CSV and JSON Lines from one column list, public fields only, page by page
 * with a Link header, and its refusals.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/export';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { toGlobalId } from '../../functions/core/ids';
import { withdrawn } from '../../functions/modules/consultations/consultation.model';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { CONTRIBUTION_COLUMNS, ContributionExport } from '../../functions/modules/export/contributions.export';
import { createContext } from '../../functions/graphql/context';
import { PUBLIC_CALLER } from '../../functions/core/auth/caller';
import { gql, secretariatToken } from '../helpers/api';
import { answerDirect, closedConsultation, contributeDirect, openConsultation } from '../helpers/consultations';
import { createOrganisation, createPerson } from '../helpers/people';

async function get(file: string, query = '', headers: Record<string, string> = {}): Promise<APIGatewayProxyStructuredResultV2> {
  const path = `/export/consultations/${file}`;
  const event = apiGatewayEvent({ method: 'GET', path, routePath: '/export/consultations/{file}', query, headers, pathParameters: { file } });
  return (await handler(event, lambdaContext('agora-export'))) as APIGatewayProxyStructuredResultV2;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

const nextLink = (res: APIGatewayProxyStructuredResultV2) => {
  const link = res.headers?.link as string | undefined;
  const match = link ? /^<([^>]+)>; rel="next"$/.exec(link) : null;
  return match ? new URL(match[1] as string, 'http://localhost') : undefined;
};

describe('the consultation export', () => {
  it('gives public fields as CSV: names, group, region, country, capacity, question — no emails, no withdrawn bodies, no dispositions before the synthesis', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson({
      stakeholder: { name: 'Ada "the analyst", Lovelace', country: 'GB', group: 'ACADEMIA', region: 'WESTERN_EUROPEAN_AND_OTHERS' },
    });
    const organisation = await createOrganisation({
      name: 'Open Net Org',
      country: 'BR',
      group: 'TECHNICAL_COMMUNITY',
      region: 'LATIN_AMERICAN_AND_CARIBBEAN',
    });
    const at = new Date(Date.now() - 60_000);
    const question = consultation.questions[0]!;
    await contributeDirect(consultation, author.stakeholder, { at, body: '=SUM(A1:A9) is not a formula here,\nand "quotes" stay', questionId: question.id });
    const second = await contributeDirect(consultation, author.stakeholder, { at, organisation: organisation.stakeholder, body: 'Withdrawn text' });
    await contributionStore.withdrawContribution(withdrawn(second, new Date()), second.version, new Date());
    // Act
    const res = await get(`${globalId}.csv`);
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers?.link).toBeUndefined();
    const [head, ...rows] = parseCsv(res.body ?? '');
    expect(head).toEqual(CONTRIBUTION_COLUMNS.map((c) => c.name));
    expect(rows).toHaveLength(2);
    const record = (row: string[]) => Object.fromEntries(head!.map((name, i) => [name, row[i]]));
    const [personal, onBehalf] = rows.map(record);
    expect(personal).toMatchObject({
      consultation_id: globalId,
      author_name: 'Ada "the analyst", Lovelace',
      capacity: 'PERSONAL',
      stakeholder_group: 'ACADEMIA',
      region: 'WESTERN_EUROPEAN_AND_OTHERS',
      country: 'GB',
      question_id: question.id,
      question: question.text,
      body: `'=SUM(A1:A9) is not a formula here,\nand "quotes" stay`,
      status: 'ACTIVE',
      disposition: '',
      response: '',
    });
    expect(onBehalf).toMatchObject({
      capacity: 'ON_BEHALF_OF',
      organisation_id: organisation.globalId,
      organisation_name: 'Open Net Org',
      stakeholder_group: 'TECHNICAL_COMMUNITY',
      country: 'BR',
      status: 'WITHDRAWN',
      body: '',
    });
    expect(res.body).not.toContain('Withdrawn text');
    // Every text cell is quoted (a ";"-splitting spreadsheet keeps each one cell); numbers are not.
    expect(res.body).toContain(`,"${globalId}",`);
    expect(res.body).toContain(`"'=SUM(A1:A9) is not a formula here,`);
    expect(res.body).not.toContain('@example.test');
    expect(res.body).not.toContain(author.subject);
  });

  it('gives the same rows as JSON Lines, with dispositions and responses once the synthesis is published', async () => {
    // Prepare
    const { consultation, globalId } = await closedConsultation(2);
    const author = await createPerson();
    const made = await contributeDirect(consultation, author.stakeholder);
    await answerDirect([made], 'ADDRESSED', new Date());
    const hidden = await get(`${globalId}.jsonl`);
    const secretariat = await secretariatToken();
    const current = await gql(`query ($id: ID!) { consultation(id: $id) { version } }`, { id: globalId }, secretariat);
    await gql(
      `mutation ($input: PublishSynthesisInput!) { publishSynthesis(input: $input) { consultation { status } } }`,
      { input: { consultationId: globalId, version: current.data?.consultation.version, body: 'Synthesis.' } },
      secretariat,
    );
    // Act
    const res = await get(`${globalId}.jsonl`);
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const before = JSON.parse((hidden.body ?? '').trim());
    const after = JSON.parse((res.body ?? '').trim());
    expect(Object.keys(after)).toEqual(CONTRIBUTION_COLUMNS.map((c) => c.name));
    expect(before).toMatchObject({ contribution_id: toGlobalId('Contribution', made.id), disposition: null, response: null });
    expect(after).toMatchObject({ contribution_id: toGlobalId('Contribution', made.id), disposition: 'ADDRESSED', response: 'Answer: ADDRESSED' });
  });

  it('streams page by page: a Link rel="next" header until the last page, the CSV header only on the first', async () => {
    // Prepare: five contributions, two rows per response.
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    const at = new Date(Date.now() - 60_000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(toGlobalId('Contribution', (await contributeDirect(consultation, author.stakeholder, { at, body: `Row ${i}` })).id));
    // Act
    const bodies: string[] = [];
    let query = 'limit=2';
    for (let guard = 0; guard < 10; guard++) {
      const res = await get(`${consultation.id}.csv`, query);
      expect(res.statusCode).toBe(200);
      bodies.push(res.body ?? '');
      const next = nextLink(res);
      if (!next) break;
      expect(next.pathname).toBe(`/export/consultations/${consultation.id}.csv`);
      query = next.search.slice(1);
    }
    // Assess
    expect(bodies).toHaveLength(3);
    const rows = parseCsv(bodies.join(''));
    expect(rows[0]).toEqual(CONTRIBUTION_COLUMNS.map((c) => c.name));
    expect(rows.slice(1).map((row) => row[0])).toEqual(ids);
    expect(globalId).not.toBe(consultation.id);
  });

  it('caps one response by size and continues after the last row it holds', async () => {
    // Prepare
    const { consultation } = await openConsultation();
    const author = await createPerson();
    const at = new Date(Date.now() - 60_000);
    for (let i = 0; i < 3; i++) await contributeDirect(consultation, author.stakeholder, { at, body: `${'x'.repeat(400)} ${i}` });
    const exporter = new ContributionExport(createContext({ requestId: 'test', caller: PUBLIC_CALLER }).services);
    // Act
    const first = await exporter.chunk({ consultation: consultation.id, format: 'jsonl', maxBytes: 1200 });
    const rest = await exporter.chunk({ consultation: consultation.id, format: 'jsonl', after: first.next ?? undefined, maxBytes: 1200 });
    // Assess
    expect(first.rows).toBe(1);
    expect(first.next).not.toBeNull();
    expect(rest.rows).toBe(1);
    expect(Buffer.byteLength(first.body)).toBeLessThanOrEqual(1200);
  });

  it('gives just the header for a consultation with no contributions', async () => {
    // Prepare
    const { globalId } = await openConsultation();
    // Act
    const csv = await get(`${globalId}.csv`);
    const jsonl = await get(`${globalId}.jsonl`);
    // Assess
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(`${CONTRIBUTION_COLUMNS.map((c) => c.name).join(',')}\r\n`);
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.body).toBe('');
    expect(csv.headers?.link).toBeUndefined();
  });

  it('answers 404 for an unknown consultation, a draft, or another type’s id', async () => {
    // Prepare
    const draft = await openConsultation({ status: 'DRAFT' });
    const person = await createPerson();
    // Act
    const responses = await Promise.all([
      get('no-such-consultation.csv'),
      get(`${draft.globalId}.csv`, '', { authorization: `Bearer ${await secretariatToken()}` }),
      get(`${person.globalId}.jsonl`),
    ]);
    // Assess
    for (const res of responses) {
      expect(res.statusCode).toBe(404);
      expect(JSON.parse(res.body ?? '{}').errors[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('quotes a text cell holding the separator of ";" locales, so no formula gets a cell of its own', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson({ stakeholder: { name: 'Semi;Colon' } });
    await contributeDirect(consultation, author.stakeholder, { body: 'safe;=1+2;@SUM(A1);-3' });
    // Act
    const res = await get(`${globalId}.csv`);
    // Assess
    expect(res.statusCode).toBe(200);
    const lines = (res.body ?? '').split('\r\n');
    expect(lines[1]).toContain('"safe;=1+2;@SUM(A1);-3"');
    expect(lines[1]).toContain('"Semi;Colon"');
    // Split as such a spreadsheet does, outside quotes: no cell starts with a formula character.
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (const char of lines[1] ?? '') {
      if (char === '"') quoted = !quoted;
      if (char === ';' && !quoted) {
        cells.push(cell);
        cell = '';
      } else cell += char;
    }
    cells.push(cell);
    expect(cells.length).toBe(1);
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });

  it('answers 400 for another extension, a bad limit or a forged cursor', async () => {
    // Prepare
    const { globalId } = await openConsultation();
    // Act
    const nonAscii = `${'A'.repeat(40)}.${'é'.repeat(22)}`;
    const responses = await Promise.all([
      get(`${globalId}.xlsx`),
      get(`${globalId}.csv`, 'limit=0'),
      get(`${globalId}.csv`, 'after=forged.cursor'),
      get(`${globalId}.csv`, `after=${encodeURIComponent(nonAscii)}`),
    ]);
    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([400, 400, 400, 400]);
    expect(responses.map((r) => JSON.parse(r.body ?? '{}').errors[0].extensions.code)).toEqual([
      'BAD_REQUEST',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
  });
});
