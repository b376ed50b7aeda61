/**
 * The DynamoDB requests of the benchmark's five operations (test/bench/operations.ts, the same documents),
 * asserted exactly: the counts are deterministic, so a change that adds a round trip (an N+1, a read
 * that could have joined another) fails here. Timings are the benchmark's business (`npm run bench`).
 */
import { describe, expect, it } from 'vitest';
import { STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import {
  CONSULTATION_PAGE,
  DIRECTORY_PAGE,
  MEETING_PAGE,
  MY_CONTRIBUTIONS,
  PARTICIPATION_BALANCE,
  PROCESSING_FIGURES,
  REPORTING_COMPLIANCE,
} from '../bench/operations';
import { randomInt } from 'node:crypto';
import { toGlobalId } from '../../functions/core/ids';
import { driveMeeting, publishMinutes } from '../../functions/local/seed/meetings.seed';
import { errorCode, gql } from '../helpers/api';
import { closedConsultation, contributeDirect, openConsultation } from '../helpers/consultations';
import { onDynamoRequest } from '../helpers/db';
import { createOrganisation, createPerson } from '../helpers/people';
import { createCycle } from '../helpers/reporting';

/** The commands the DynamoDB client sends while `run` runs, in order. */
async function commandsOf<T>(run: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const commands: string[] = [];
  const stop = onDynamoRequest((command) => commands.push(command));
  try {
    return { result: await run(), commands };
  } finally {
    stop();
  }
}

describe('DynamoDB round trips of the benchmarked operations', () => {
  it('reads a consultation, its counters, a page of 50 contributions and their 30 authors in a Query and a BatchGetItem sent together, then one BatchGetItem', async () => {
    // Prepare: 60 contributions from 30 people of every group
    const { consultation, globalId } = await openConsultation();
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6] } })));
    // One at a time: concurrent writes to one consultation only retry on its counter item.
    for (let i = 0; i < 60; i++) await contributeDirect(consultation, people[i % 30]!.stakeholder, { at: new Date() });

    // Act
    const { result, commands } = await commandsOf(() => gql(CONSULTATION_PAGE, { id: globalId }));

    // Assess
    expect(result.errors).toBeUndefined();
    const edges = result.data?.consultation.contributions.edges;
    expect(edges).toHaveLength(50);
    expect(new Set(edges.map((e: any) => e.node.author.name)).size).toBe(30);
    // The consultation with its page, and its counter shards (partitions of their own), at the same time; then the authors.
    expect([...commands.slice(0, 2)].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
    expect(commands.slice(2)).toEqual(['BatchGetItemCommand']);
  });

  it('reads a directory page of 50 filtered by group in one Query', async () => {
    // Prepare: more than a page in one group (the test table is shared, so there may be more)
    await Promise.all(Array.from({ length: 51 }, () => createOrganisation({ group: 'INTERGOVERNMENTAL_ORGANISATION' })));

    // Act
    const { result, commands } = await commandsOf(() => gql(DIRECTORY_PAGE, { group: 'INTERGOVERNMENTAL_ORGANISATION' }));

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.stakeholders.edges).toHaveLength(50);
    expect(result.data?.stakeholders.pageInfo.hasNextPage).toBe(true);
    expect(commands).toEqual(['QueryCommand']);
  });

  it("reads a consultation's participation balance in one BatchGetItem (the consultation and its counter shards)", async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const [a, b] = await Promise.all([createPerson({ stakeholder: { group: 'ACADEMIA' } }), createPerson({ stakeholder: { group: 'GOVERNMENT' } })]);
    await Promise.all([contributeDirect(consultation, a!.stakeholder), contributeDirect(consultation, b!.stakeholder)]);

    // Act
    const { result, commands } = await commandsOf(() => gql(PARTICIPATION_BALANCE, { id: globalId }));

    // Assess
    expect(result.errors).toBeUndefined();
    const participation = result.data?.consultation.analytics.participation;
    expect(participation).toMatchObject({ contributions: 2, contributors: 2 });
    expect(participation.contributorsByGroup.shares.find((g: any) => g.group === 'ACADEMIA')).toEqual({ group: 'ACADEMIA', count: 1, share: 0.5 });
    expect(commands).toEqual(['BatchGetItemCommand']);
  });

  it("reads a year's reporting compliance and its missing organisations in one BatchGetItem and one Query, sent together", async () => {
    // Prepare
    await createOrganisation({ relevantOrganisation: true });
    const { year } = await createCycle();

    // Act
    const { result, commands } = await commandsOf(() => gql(REPORTING_COMPLIANCE, { year }));

    // Assess
    expect(result.errors).toBeUndefined();
    const compliance = result.data?.reportingCycle.compliance;
    expect(compliance.missingOrganisations.edges.length).toBe(Math.min(50, compliance.missing));
    // Sent at the same time (the page's Query does not wait for the cycle), so in either order.
    expect([...commands].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
  });

  it('still answers null for a year without a cycle, and refuses a bad cursor, when the page is read alongside the cycle', async () => {
    // Prepare
    const { year } = await createCycle();
    const withCursor = REPORTING_COMPLIANCE.replace('missingOrganisations(first: 50)', 'missingOrganisations(first: 50, after: $after)').replace(
      '($year: Int!)',
      '($year: Int!, $after: String)',
    );

    // Act
    const none = await gql(withCursor, {
      year: year + 5000,
      after: 'not-a-cursor',
    });
    const refused = await gql(withCursor, {
      year,
      after: 'not-a-cursor',
    });

    // Assess
    expect(none).toEqual({ data: { reportingCycle: null } });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
  });

  it("reads a stakeholder's own contributions page in one GetItem (the caller's roles) and one Query", async () => {
    // Prepare: 25 contributions, more than the page of 20
    const { consultation } = await openConsultation();
    const person = await createPerson();
    for (let i = 0; i < 25; i++) await contributeDirect(consultation, person.stakeholder, { at: new Date() });

    // Act
    const { result, commands } = await commandsOf(() => gql(MY_CONTRIBUTIONS, {}, person.token));

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.myContributions.edges).toHaveLength(20);
    expect(result.data?.myContributions.edges[0].node.id).toMatch(/./);
    expect(result.data?.myContributions.pageInfo.hasNextPage).toBe(true);
    expect(commands).toEqual(['GetItemCommand', 'QueryCommand']);
  });

  it('reads a meeting page (agenda, 14 attendees, decisions with their first subjects, minutes) in one Query and one BatchGetItem', async () => {
    // Prepare: a meeting after a closed consultation, 12 of its contributions decided, minutes approved by the next meeting and published
    const { consultation, globalId } = await closedConsultation(120);
    const people = await Promise.all(Array.from({ length: 15 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6] } })));
    const decided = [];
    for (let i = 0; i < 12; i++) decided.push(await contributeDirect(consultation, people[i]!.stakeholder));
    const year = randomInt(5000, 10_000);
    const startsAt = Date.parse(consultation.closesAt) + 14 * 86_400_000;
    const plan = { year, chairId: people[0]!.stakeholder.id, attendees: people.slice(0, 14).map((p) => p.stakeholder) };
    const meeting = await driveMeeting({
      ...plan,
      key: `rt-${consultation.id}`,
      kind: 'IN_PERSON',
      number: 1,
      title: 'Round trips',
      startsAt,
      consultation,
      decide: decided.map((contribution) => ({ contribution, disposition: 'NOTED' as const, response: 'Noted.' })),
      until: 'CIRCULATED',
    });
    await driveMeeting({
      ...plan,
      key: `rt2-${consultation.id}`,
      kind: 'VIRTUAL',
      number: 1,
      title: 'Next',
      startsAt: startsAt + 30 * 86_400_000,
      decide: [],
      approves: [meeting],
      until: 'HELD',
    });
    await publishMinutes(meeting, startsAt + 31 * 86_400_000);

    // Act
    const page = await commandsOf(() => gql(MEETING_PAGE, { id: toGlobalId('Meeting', meeting.id) }));
    const figures = await commandsOf(() => gql(PROCESSING_FIGURES, { id: globalId }));

    // Assess
    expect(page.result.errors).toBeUndefined();
    const shown = page.result.data?.meeting;
    expect(shown.status).toBe('CLOSED');
    expect(shown.attendance).toHaveLength(14);
    expect(shown.decisions.map((d: any) => [d.subjectCount, d.subjects.edges.length, d.subjects.pageInfo.hasNextPage])).toEqual([
      [12, 5, true],
      [0, 0, false],
    ]);
    expect(shown.minutes.status).toBe('PUBLISHED');
    expect(page.commands).toEqual(['QueryCommand', 'BatchGetItemCommand']);
    expect(figures.result.data?.consultation.processingCoverage).toMatchObject({
      contributions: 12,
      processed: 12,
      coverage: 1,
      answered: 12,
      meanDaysToProcess: 14,
    });
    expect(figures.commands).toEqual(['BatchGetItemCommand']);
  });
});
