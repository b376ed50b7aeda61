/**
 * The change feed's meeting types: meetings, decisions, action items and
 * minutes appear at their latest change, through the same visibility as
 * node(id) (a planned meeting, a proposed decision and draft minutes only
 * for those who may see them).
 */
import { describe, expect, it } from 'vitest';
import { gql, unique } from '../helpers/api';
import { CREATE_ACTION, DECIDE, DRAFT_MINUTES, RECORD, createMeeting, meetingSetup, must } from '../helpers/meetings';

const FEED = `query ($since: DateTime!, $after: String) {
  changes(since: $since, types: [MEETING, DECISION, ACTION_ITEM, MINUTES], first: 100, after: $after) {
    edges { node { type id action node { id } } } pageInfo { hasNextPage endCursor }
  }
}`;

async function feed(since: string, token?: string): Promise<{ type: string; id: string; action: string }[]> {
  const all: { type: string; id: string; action: string }[] = [];
  let after: string | null = null;
  do {
    const page: any = must(await gql(FEED, { since, after }, token)).data?.changes;
    all.push(...page.edges.map((e: any) => ({ type: e.node.type, id: e.node.id, action: e.node.action })));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return all;
}

describe('the change feed of meetings', () => {
  it('lists meetings, decisions, action items and minutes as they change, hiding what the caller may not see', async () => {
    // Prepare
    const since = new Date(Date.now() - 1000).toISOString();
    const held = await meetingSetup('HELD', 1);
    const planned = await createMeeting(held.secretariat, held.chair, []);
    const adopted = must(await gql(RECORD, { input: { meetingId: held.meetingId, text: 'Adopted.', idempotencyKey: unique('key-') } }, held.chair.token)).data
      ?.recordDecision.decision;
    must(await gql(DECIDE, { input: { decisionId: adopted.id, version: 1, state: 'ADOPTED' } }, held.chair.token));
    const proposed = must(await gql(RECORD, { input: { meetingId: held.meetingId, text: 'Proposed.', idempotencyKey: unique('key-') } }, held.chair.token)).data
      ?.recordDecision.decision;
    const action = must(
      await gql(
        CREATE_ACTION,
        { input: { meetingId: held.meetingId, text: 'Do it.', ownerId: held.chair.globalId, dueAt: '2030-01-01T00:00:00Z' } },
        held.secretariat,
      ),
    ).data?.createActionItem.actionItem;
    const minutes = must(await gql(DRAFT_MINUTES, { input: { meetingId: held.meetingId, version: held.version, body: 'Draft.' } }, held.secretariat)).data
      ?.draftMinutes.minutes;

    // Act
    const [asSecretariat, asPublic] = await Promise.all([feed(since, held.secretariat), feed(since)]);

    // Assess
    const mine = (list: { id: string }[]) => list.filter((c) => [held.meetingId, planned.id, adopted.id, proposed.id, action.id, minutes.id].includes(c.id));
    expect(mine(asSecretariat)).toEqual(
      expect.arrayContaining([
        { type: 'MEETING', id: held.meetingId, action: 'UPDATED' },
        { type: 'MEETING', id: planned.id, action: 'CREATED' },
        { type: 'DECISION', id: adopted.id, action: 'UPDATED' },
        { type: 'DECISION', id: proposed.id, action: 'CREATED' },
        { type: 'ACTION_ITEM', id: action.id, action: 'CREATED' },
        { type: 'MINUTES', id: minutes.id, action: 'CREATED' },
      ]),
    );
    expect(mine(asSecretariat)).toHaveLength(6);
    // Oldest change first: the adopted decision, then the meeting (its minutes drafted last).
    expect(mine(asPublic)).toEqual([
      { type: 'DECISION', id: adopted.id, action: 'UPDATED' },
      { type: 'MEETING', id: held.meetingId, action: 'UPDATED' },
    ]);
  });
});
