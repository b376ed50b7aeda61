/**
 * The DynamoDB requests of the programme's benchmarked reads (test/bench/programme-operations.ts, the same
 * documents), asserted exactly: the request targets the benchmark reports (`maxRequests` in test/bench/operations.ts)
 * are these. A change that adds a round trip fails here; timings are the benchmark's business.
 */
import { describe, expect, it } from 'vitest';
import { gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { must } from '../helpers/meetings';
import { createPerson } from '../helpers/people';
import { EVALUATION_QUEUE, PROPOSAL_FUNNEL, PROPOSAL_WITH_SPEAKERS, SCHEDULE_DAY_PAGE } from '../bench/programme-operations';
import { OPERATIONS } from '../bench/operations';
import { at, place, release, scene } from '../schedule/helpers';
import { ASSIGN, createRound, evaluationSetup } from '../sessions/evaluation-helpers';

async function count(query: string, variables: Record<string, unknown>, token?: string) {
  const commands: string[] = [];
  /** The keys of each BatchGetItem, in order. */
  const keys: number[] = [];
  const stop = onDynamoRequest((command, input) => {
    commands.push(command);
    const items = (input as { RequestItems?: Record<string, { Keys: unknown[] }> }).RequestItems;
    if (command === 'BatchGetItemCommand' && items) keys.push(Object.values(items).reduce((n, t) => n + t.Keys.length, 0));
  });
  const result = await gql(query, variables, token).finally(stop);
  expect(result.errors).toBeUndefined();
  return { data: result.data as Record<string, any>, commands, keys };
}

/** The benchmark's request target of the operation that sends `query`. */
const target = (query: string) => OPERATIONS.find((o) => o.query === query)?.maxRequests;

describe('DynamoDB round trips of the programme reads the benchmark measures', { timeout: 120_000 }, () => {
  it('reads a day of the schedule, a selected session with its speakers and the funnel in two requests each', async () => {
    // Prepare: four confirmed sessions of three speakers each in two rooms, released
    const people = await Promise.all(Array.from({ length: 12 }, () => createPerson()));
    const s = await scene(
      Array.from({ length: 4 }, (_, i) => people.slice(3 * i, 3 * i + 3)),
      [100, 60],
    );
    for (let i = 0; i < 4; i++) await place(s, i, i % 2, at(s, 1, i < 2 ? '09:00' : '11:00'));
    must(await release(s));

    // Act (the public)
    const day = await count(SCHEDULE_DAY_PAGE, { year: s.call.year, date: `${s.call.year}-06-24` });
    const session = await count(PROPOSAL_WITH_SPEAKERS, { id: s.sessions[0]!.id });
    const funnel = await count(PROPOSAL_FUNNEL, { year: s.call.year });

    // Assess
    expect(day.data.scheduleDay.slots).toHaveLength(4);
    expect(day.data.scheduleDay.slots.flatMap((slot: { speakers: unknown[] }) => slot.speakers)).toHaveLength(12);
    expect(day.commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(day.keys).toEqual([1, 12]);
    expect(day.commands).toHaveLength(target(SCHEDULE_DAY_PAGE)!);
    expect(session.data.proposal.speakers.map((sp: { stakeholder: { name: string } }) => sp.stakeholder.name)).toEqual(
      people.slice(0, 3).map((p) => p.stakeholder.name),
    );
    expect(session.commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    // The proposal with its call (the diversity rules), then its three speakers.
    expect(session.keys).toEqual([2, 3]);
    expect(session.commands).toHaveLength(target(PROPOSAL_WITH_SPEAKERS)!);
    expect(funnel.data.proposalFunnel.proposals.accepted).toBe(4);
    expect(funnel.data.proposalFunnel.speakerBalance.byTheme.length).toBeGreaterThan(0);
    expect(funnel.commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(funnel.commands).toHaveLength(target(PROPOSAL_FUNNEL)!);
  });

  it("reads a MAG member's evaluation queue in the GetItem of the roles and one Query", async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 4, mag: 6 });
    const round = await createRound(setup);
    must(await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat));

    // Act
    const queue = await count(EVALUATION_QUEUE, { roundId: round.id }, setup.members[0]!.token);

    // Assess
    expect(queue.data.myEvaluationQueue.edges).toHaveLength(4);
    expect(queue.data.myEvaluationQueue.edges.every((e: { node: { mine: boolean } }) => e.node.mine)).toBe(true);
    expect(queue.commands).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(queue.commands).toHaveLength(target(EVALUATION_QUEUE)!);
  });
});
