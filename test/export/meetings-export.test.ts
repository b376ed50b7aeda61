/**
 * The open data of MAG meetings through the export Lambda: a year's
 * published minutes and decisions as JSON Lines, nothing that is not public.
 */
import { randomInt } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { handler } from '../../functions/handlers/export';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { driveMeeting, publishMinutes } from '../../functions/local/seed/meetings.seed';
import { closedConsultation, contributeDirect } from '../helpers/consultations';
import { createPerson } from '../helpers/people';

async function get(file: string): Promise<APIGatewayProxyStructuredResultV2> {
  const event = apiGatewayEvent({ method: 'GET', path: `/export/meetings/${file}`, routePath: '/export/meetings/{file}', pathParameters: { file } });
  return (await handler(event, lambdaContext('agora-export'))) as APIGatewayProxyStructuredResultV2;
}

describe('the open data of MAG meetings', () => {
  it("exports a year's published minutes and decided decisions, with every subject, as JSON Lines", async () => {
    // Prepare: a meeting deciding 3 contributions, its minutes approved by the next meeting (still held) and published
    const { consultation } = await closedConsultation(90);
    const people = await Promise.all(Array.from({ length: 4 }, () => createPerson()));
    const decided = [];
    for (let i = 0; i < 3; i++) decided.push(await contributeDirect(consultation, people[i]!.stakeholder));
    const year = randomInt(5000, 10_000);
    const startsAt = Date.parse(consultation.closesAt) + 10 * 86_400_000;
    const plan = { year, chairId: people[0]!.stakeholder.id, attendees: people.map((p) => p.stakeholder), number: 1 };
    const meeting = await driveMeeting({
      ...plan,
      key: `export-${consultation.id}`,
      kind: 'IN_PERSON',
      title: 'Exported meeting',
      startsAt,
      consultation,
      decide: decided.map((contribution) => ({ contribution, disposition: 'ADDRESSED' as const, response: 'In the programme.' })),
      until: 'CIRCULATED',
    });
    await driveMeeting({
      ...plan,
      key: `export2-${consultation.id}`,
      kind: 'VIRTUAL',
      title: 'Next',
      startsAt: startsAt + 20 * 86_400_000,
      decide: [],
      approves: [meeting],
      until: 'HELD',
    });
    await publishMinutes(meeting, startsAt + 21 * 86_400_000);

    // Act
    const response = await get(`${year}.jsonl`);

    // Assess: the minutes, the adopted decision with its 3 subjects, the deferred one; not the held meeting's approval
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = (response.body ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.type, l.state ?? null])).toEqual([
      ['minutes', null],
      ['decision', 'ADOPTED'],
      ['decision', 'DEFERRED'],
    ]);
    expect(lines[0]).toMatchObject({ meeting_id: toGlobalId('Meeting', meeting.id), meeting_title: 'Exported meeting', corrections: [] });
    expect(lines[1].subjects).toEqual(
      decided.map((c) => ({
        kind: 'CONTRIBUTION',
        contribution_id: toGlobalId('Contribution', c.id),
        disposition: 'ADDRESSED',
        response: 'In the programme.',
      })),
    );
    expect(response.headers?.['x-export-rows']).toBe('3');
  });

  it('refuses a file that is not <year>.jsonl with 400, and answers an empty year with no lines', async () => {
    expect((await get('next-year.jsonl')).statusCode).toBe(400);
    expect((await get('2026.csv')).statusCode).toBe(400);
    const empty = await get('1999.jsonl');
    expect(empty.statusCode).toBe(400);
    const none = await get('4321.jsonl'); // a year no test uses
    expect(none.statusCode).toBe(200);
    expect(none.body).toBe('');
  });
});
