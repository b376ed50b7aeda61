/**
 * Who spoke at a MAG meeting: interventions per agenda item with the
 * speaker's stakeholder group, and the speaking balance measured like the
 * balance of who wrote. Refusals: stable codes, nothing written.
 */
import { describe, expect, it } from 'vitest';
import { errorCode, gql, unique } from '../helpers/api';
import { onDynamoRequest, partition } from '../helpers/db';
import { ATTEND, must, meetingSetup, type MeetingSetup } from '../helpers/meetings';
import { createPerson, type TestPerson } from '../helpers/people';

const RECORD = 'mutation ($input: RecordInterventionsInput!) { recordInterventions(input: $input) { meeting { id } } }';
const SPEAKING = `query ($id: ID!) { meeting(id: $id) { status speaking {
  interventions
  balance { interventions byGroup { total balanceIndex shares { group count } } byRegion { total } minutesByGroup { total } }
  byAgendaItem { agendaItemId number title interventions { speaker { name } group region minutes } balance { interventions byGroup { balanceIndex } } }
} } }`;

/** A held meeting with three people recorded PRESENT (two groups) and one recorded with APOLOGIES. */
async function heldWithSpeakers(): Promise<{
  setup: MeetingSetup;
  items: { id: string }[];
  civil: TestPerson;
  civil2: TestPerson;
  business: TestPerson;
  absent: TestPerson;
}> {
  const setup = await meetingSetup('HELD', 0);
  const [civil, civil2, business, absent] = await Promise.all([
    createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'AFRICAN', name: `Civil ${unique()}` } }),
    createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'ASIA_PACIFIC' } }),
    createPerson({ stakeholder: { group: 'PRIVATE_SECTOR', region: 'AFRICAN' } }),
    createPerson(),
  ]);
  const entry = (p: TestPerson, status: string) => ({ stakeholderId: p.globalId, role: 'OBSERVER', mode: 'ONSITE', status });
  must(
    await gql(
      ATTEND,
      {
        input: {
          meetingId: setup.meetingId,
          entries: [entry(civil, 'PRESENT'), entry(civil2, 'PRESENT'), entry(business, 'PRESENT'), entry(absent, 'APOLOGIES')],
        },
      },
      setup.secretariat,
    ),
  );
  const items = must(await gql('query ($id: ID!) { meeting(id: $id) { agenda { id } } }', { id: setup.meetingId }, setup.secretariat)).data?.meeting.agenda as {
    id: string;
  }[];
  return { setup, items, civil, civil2, business, absent };
}

describe('interventions and the speaking balance', () => {
  it('records who spoke on which agenda item, with their group, and measures the balance per item and for the meeting', async () => {
    // Prepare
    const { setup, items, civil, civil2, business } = await heldWithSpeakers();
    const [first, second] = [items[0]!.id, items[1]!.id];
    const key = unique('key-');
    const input = {
      meetingId: setup.meetingId,
      idempotencyKey: key,
      entries: [
        { agendaItemId: second, speakerId: civil.globalId, minutes: 4 },
        { agendaItemId: second, speakerId: business.globalId, minutes: 2 },
        { agendaItemId: first, speakerId: civil2.globalId },
        { agendaItemId: second, speakerId: civil2.globalId, minutes: 2 },
      ],
    };

    // Act: recorded by the chair, then retried with the same key
    const recorded = await gql(RECORD, { input }, setup.chair.token);
    const retried = await gql(RECORD, { input }, setup.chair.token);
    const asChair = await gql(SPEAKING, { id: setup.meetingId }, setup.chair.token);

    // Assess
    expect(recorded.errors).toBeUndefined();
    expect(retried.errors).toBeUndefined();
    const speaking = asChair.data?.meeting.speaking;
    expect(speaking.interventions).toBe(4);
    // Civil society 3, private sector 1 of six groups: entropy (−¾ln¾ − ¼ln¼) / ln 6
    const index = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(6);
    expect(speaking.balance.byGroup.balanceIndex).toBeCloseTo(index, 9);
    expect(speaking.balance.byGroup.shares.filter((s: any) => s.count > 0)).toEqual([
      { group: 'PRIVATE_SECTOR', count: 1 },
      { group: 'CIVIL_SOCIETY', count: 3 },
    ]);
    expect(speaking.balance.minutesByGroup.total).toBe(8);
    expect(speaking.byAgendaItem.map((i: any) => [i.agendaItemId, i.balance.interventions])).toEqual([
      [first, 1],
      [second, 3],
    ]);
    expect(speaking.byAgendaItem[0].balance.byGroup.balanceIndex).toBe(0);
    expect(speaking.byAgendaItem[1].interventions[0]).toEqual({
      speaker: { name: civil.stakeholder.name },
      group: 'CIVIL_SOCIETY',
      region: 'AFRICAN',
      minutes: 4,
    });
  });

  it('reads the speaking figures of a meeting in one Query besides the meeting page', async () => {
    // Prepare
    const { setup, items, civil, business } = await heldWithSpeakers();
    const entries = [civil, business].map((p) => ({ agendaItemId: items[1]!.id, speakerId: p.globalId }));
    must(await gql(RECORD, { input: { meetingId: setup.meetingId, idempotencyKey: unique('key-'), entries } }, setup.secretariat));
    const commands: string[] = [];
    const stop = onDynamoRequest((command) => commands.push(command));

    // Act
    let result;
    try {
      result = await gql(
        'query ($id: ID!) { meeting(id: $id) { title speaking { interventions balance { byGroup { balanceIndex } } byAgendaItem { number balance { interventions } } } } }',
        { id: setup.meetingId },
        setup.secretariat,
      );
    } finally {
      stop();
    }

    // Assess: the meeting page (one Query of its item collection) and the interventions (one Query of theirs)
    expect(result.data?.meeting.speaking.interventions).toBe(2);
    expect(commands).toEqual(['QueryCommand', 'QueryCommand']);
  });

  it('hides the speaking figures from the public and from non-members until the minutes are published (null, not an error)', async () => {
    const { setup, items, civil } = await heldWithSpeakers();
    must(
      await gql(
        RECORD,
        { input: { meetingId: setup.meetingId, idempotencyKey: unique('key-'), entries: [{ agendaItemId: items[0]!.id, speakerId: civil.globalId }] } },
        setup.secretariat,
      ),
    );
    const stranger = await createPerson();

    const [asPublic, asStranger] = await Promise.all([gql(SPEAKING, { id: setup.meetingId }), gql(SPEAKING, { id: setup.meetingId }, stranger.token)]);

    // A held meeting's page is public (its agenda was adopted); who spoke is not, yet.
    expect(asPublic.errors).toBeUndefined();
    expect(asPublic.data?.meeting.speaking).toBeNull();
    expect(asStranger.data?.meeting.speaking).toBeNull();
  });
});

describe('refusals of interventions, each with a stable code and nothing written', () => {
  const cases: [string, (s: Awaited<ReturnType<typeof heldWithSpeakers>>) => { token: string | undefined; entries: unknown[] }, string, string?][] = [
    ['signed out', (s) => ({ token: undefined, entries: [{ agendaItemId: s.items[0]!.id, speakerId: s.civil.globalId }] }), 'UNAUTHENTICATED'],
    [
      'by someone who is neither the chair nor the secretariat',
      (s) => ({ token: s.civil.token, entries: [{ agendaItemId: s.items[0]!.id, speakerId: s.civil.globalId }] }),
      'FORBIDDEN',
    ],
    [
      'a speaker not recorded PRESENT',
      (s) => ({
        token: s.setup.secretariat,
        entries: [
          { agendaItemId: s.items[0]!.id, speakerId: s.civil.globalId },
          { agendaItemId: s.items[0]!.id, speakerId: s.absent.globalId },
        ],
      }),
      'BAD_USER_INPUT',
      'input.entries.1.speakerId',
    ],
    [
      'an agenda item of no meeting',
      (s) => ({ token: s.setup.secretariat, entries: [{ agendaItemId: 'not-an-item', speakerId: s.civil.globalId }] }),
      'BAD_USER_INPUT',
      'input.entries.0.agendaItemId',
    ],
    [
      'a speaking time over 240 minutes',
      (s) => ({ token: s.setup.secretariat, entries: [{ agendaItemId: s.items[0]!.id, speakerId: s.civil.globalId, minutes: 241 }] }),
      'BAD_USER_INPUT',
    ],
  ];

  it.each(cases)('refuses interventions %s', async (_, make, code, field) => {
    // Prepare
    const s = await heldWithSpeakers();
    const { token, entries } = make(s);
    const before = JSON.stringify(await partition(`INTERVENTIONS#${s.setup.internalId}`));

    // Act
    const result = await gql(RECORD, { input: { meetingId: s.setup.meetingId, idempotencyKey: unique('key-'), entries } }, token);

    // Assess
    expect(errorCode(result)).toBe(code);
    if (field) expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(JSON.stringify(await partition(`INTERVENTIONS#${s.setup.internalId}`))).toBe(before);
  });

  it('refuses interventions at a meeting not held yet (CONFLICT with its status), and a reused key with other content', async () => {
    const planned = await meetingSetup('AGENDA_ADOPTED', 0);
    const s = await heldWithSpeakers();
    const key = unique('key-');
    must(
      await gql(
        RECORD,
        { input: { meetingId: s.setup.meetingId, idempotencyKey: key, entries: [{ agendaItemId: s.items[0]!.id, speakerId: s.civil.globalId }] } },
        s.setup.secretariat,
      ),
    );
    const before = JSON.stringify(await partition(`INTERVENTIONS#${s.setup.internalId}`));

    const notHeld = await gql(
      RECORD,
      { input: { meetingId: planned.meetingId, idempotencyKey: unique('key-'), entries: [{ agendaItemId: 'x', speakerId: s.civil.globalId }] } },
      planned.secretariat,
    );
    const reused = await gql(
      RECORD,
      { input: { meetingId: s.setup.meetingId, idempotencyKey: key, entries: [{ agendaItemId: s.items[1]!.id, speakerId: s.civil.globalId }] } },
      s.setup.secretariat,
    );

    expect(errorCode(notHeld)).toBe('CONFLICT');
    expect(notHeld.errors?.[0]?.extensions?.status).toBe('AGENDA_ADOPTED');
    expect(errorCode(reused)).toBe('CONFLICT');
    expect(reused.errors?.[0]?.extensions?.field).toBe('input.idempotencyKey');
    expect(JSON.stringify(await partition(`INTERVENTIONS#${s.setup.internalId}`))).toBe(before);
  });
});
