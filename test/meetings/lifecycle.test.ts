/**
 * A MAG meeting from plan to published minutes, through the API against
 * DynamoDB Local: the agenda, attendance, decisions whose adoption writes
 * the dispositions and the processing counters in the same transaction,
 * minutes with their amendment window, approval by a later meeting, and
 * what the public sees at each step.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import * as store from '../../functions/modules/meetings/minutes.store';
import { gql, unique } from '../helpers/api';
import { storedCounts } from '../helpers/consultations';
import { createPerson } from '../helpers/people';
import {
  AMEND,
  ATTEND,
  CIRCULATE,
  CREATE_ACTION,
  DECIDE,
  DRAFT_MINUTES,
  HOLD,
  PUBLISH_MINUTES,
  RECORD,
  REVISE_MINUTES,
  SET_AGENDA,
  ADOPT,
  UPDATE_ACTION,
  contributionGlobalId,
  createMeeting,
  meetingSetup,
  must,
} from '../helpers/meetings';

const MEETING_PAGE = `query ($id: ID!) { meeting(id: $id) {
  id status title chair { name } consultations { id }
  agenda { number title processes { consultation { id } contributions(first: 10) { edges { node { id } } } } items { number } }
  attendance { stakeholder { id } role mode status }
  decisions { number state text subjectCount subjects(first: 5) { edges { node { kind ... on ContributionSubject { contributionId disposition response } ... on MinutesSubject { effect meeting { id } } } } pageInfo { hasNextPage } } }
  actionItems { text status }
  minutes { status body revision corrections { text } }
} }`;

/** Makes circulated minutes' amendment window end now (a week cannot pass in a test). */
async function endAmendmentWindow(meetingInternalId: string): Promise<void> {
  const minutes = await store.getMinutesConsistent(meetingInternalId);
  if (!minutes) throw new Error('no minutes');
  const ended = { ...minutes, amendmentWindowEndsAt: new Date(Date.now() - 1000).toISOString(), version: minutes.version + 1 };
  if ((await store.saveMinutes(ended, minutes.version, ['CIRCULATED'])) !== 'saved') throw new Error('window not moved');
}

describe('a MAG meeting', { timeout: 120_000 }, () => {
  it('goes from plan to published minutes; adopting a decision writes dispositions and processing counters in one transaction', async () => {
    // Prepare: a held meeting processing a closed consultation with 3 contributions (3 groups)
    const setup = await meetingSetup('HELD', 3);
    const { secretariat, chair, meetingId, contributions } = setup;
    const [present, excused] = await Promise.all([createPerson(), createPerson()]);
    must(
      await gql(
        ATTEND,
        {
          input: {
            meetingId,
            entries: [
              { stakeholderId: chair.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'PRESENT' },
              { stakeholderId: present.globalId, role: 'OBSERVER', mode: 'ONLINE', status: 'PRESENT' },
              { stakeholderId: excused.globalId, role: 'MAG_MEMBER', mode: 'ONLINE', status: 'APOLOGIES' },
            ],
          },
        },
        secretariat,
      ),
    );

    // Act: a decision with the three contributions as subjects, adopted by consensus
    const recorded = must(
      await gql(
        RECORD,
        {
          input: {
            meetingId,
            text: 'The inputs on access are addressed in the programme.',
            subjects: contributions.map((c, i) => ({
              contribution: { contributionId: contributionGlobalId(c), disposition: i === 0 ? 'ADDRESSED' : 'NOTED', response: `Response ${i}` },
            })),
            idempotencyKey: unique('key-'),
          },
        },
        chair.token,
      ),
    ).data?.recordDecision.decision;
    expect(recorded).toMatchObject({ number: 1, state: 'PROPOSED', version: 1, subjectCount: 3 });
    // Proposed: nothing written to the contributions yet
    expect((await storedCounts(setup.consultation.id)).answered).toBeUndefined();
    const adopted = must(
      await gql(DECIDE, { input: { decisionId: recorded.id, version: 1, state: 'ADOPTED', objections: ['One member asked for more time.'] } }, chair.token),
    ).data?.decide.decision;

    // Assess: the decision, the contributions' answers, the counters
    expect(adopted).toMatchObject({ state: 'ADOPTED', version: 2, objections: ['One member asked for more time.'] });
    const contribution = must(
      await gql(
        `query ($id: ID!) { contribution(id: $id) { answer { disposition response } decisions { id state } } }`,
        { id: contributionGlobalId(contributions[0]!) },
        secretariat,
      ),
    ).data?.contribution;
    expect(contribution).toEqual({ answer: { disposition: 'ADDRESSED', response: 'Response 0' }, decisions: [{ id: recorded.id, state: 'ADOPTED' }] });
    const counts = await storedCounts(setup.consultation.id);
    expect(counts).toMatchObject({
      answered: 3,
      processed: 3,
      'disposition.ADDRESSED': 1,
      'disposition.NOTED': 2,
      'processed.group.CIVIL_SOCIETY': 1,
      'processed.group.GOVERNMENT': 1,
    });
    expect(counts.processedDays).toBe(6); // closed two days ago: 2 days × 3 contributions
    const coverage = must(
      await gql(
        `query ($id: ID!) { consultation(id: $id) { processingCoverage { contributions processed coverage answered meanDaysToProcess byGroup { group processed coverage } } } }`,
        { id: setup.consultationId },
      ),
    ).data?.consultation.processingCoverage;
    expect(coverage).toMatchObject({ contributions: 3, processed: 3, coverage: 1, answered: 3, meanDaysToProcess: 2 });
    expect(coverage.byGroup.find((g: any) => g.group === 'PRIVATE_SECTOR')).toEqual({ group: 'PRIVATE_SECTOR', processed: 1, coverage: 1 });

    // Act: an action item, then the minutes: draft, revise, circulate, an amendment from someone present
    const action = must(
      await gql(
        CREATE_ACTION,
        { input: { meetingId, text: 'Write to the contributors.', ownerId: chair.globalId, dueAt: '2030-01-01T00:00:00Z' } },
        secretariat,
      ),
    ).data?.createActionItem.actionItem;
    expect(action).toMatchObject({ status: 'OPEN', version: 1 });
    const meetingVersion = must(await gql(`query ($id: ID!) { meeting(id: $id) { version } }`, { id: meetingId }, secretariat)).data?.meeting.version;
    const drafted = must(await gql(DRAFT_MINUTES, { input: { meetingId, version: meetingVersion, body: 'Minutes, first draft.' } }, secretariat)).data
      ?.draftMinutes.minutes;
    expect(drafted).toMatchObject({ status: 'DRAFT', version: 1, revision: 1 });
    const revised = must(await gql(REVISE_MINUTES, { input: { meetingId, version: 1, body: 'Minutes, second draft.' } }, secretariat)).data?.reviseMinutes
      .minutes;
    expect(revised).toMatchObject({ status: 'DRAFT', version: 2, revision: 2, body: 'Minutes, second draft.' });
    const circulated = must(await gql(CIRCULATE, { input: { meetingId, version: 2, amendmentDays: 7 } }, secretariat)).data?.circulateMinutes.minutes;
    expect(circulated.status).toBe('CIRCULATED');
    expect(Date.parse(circulated.amendmentWindowEndsAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    must(await gql(AMEND, { input: { meetingId, text: 'Add that the observer spoke on item 2.' } }, present.token));

    // Assess: the public sees the meeting and its decision, not the attendance, the action items or the draft minutes
    const publicView = must(await gql(MEETING_PAGE, { id: meetingId })).data?.meeting;
    expect(publicView).toMatchObject({ status: 'MINUTES_DRAFT', attendance: null, actionItems: null, minutes: null });
    expect(publicView.decisions).toHaveLength(1);
    expect(publicView.decisions[0].subjects.edges[0].node).toEqual({
      kind: 'CONTRIBUTION',
      contributionId: contributionGlobalId(contributions[0]!),
      disposition: 'ADDRESSED',
      response: 'Response 0',
    });
    const internal = must(
      await gql(
        `query ($id: ID!) { meeting(id: $id) { attendance { status } minutes { status revisions { edges { node { revision body } } } amendments { edges { node { text author { id } } } } } } }`,
        { id: meetingId },
        chair.token,
      ),
    ).data?.meeting;
    expect(internal.attendance.map((a: any) => a.status).sort()).toEqual(['APOLOGIES', 'PRESENT', 'PRESENT']);
    expect(internal.minutes.revisions.edges.map((e: any) => e.node.revision)).toEqual([1, 2]);
    expect(internal.minutes.amendments.edges).toEqual([{ node: { text: 'Add that the observer spoke on item 2.', author: { id: present.globalId } } }]);

    // Act: the window ends; the next meeting approves the minutes by a decision; the secretariat publishes them
    await endAmendmentWindow(setup.internalId);
    const next = await createMeeting(secretariat, chair, [], { startsAt: new Date(Date.now() - 30_000).toISOString() });
    let version = must(
      await gql(SET_AGENDA, { input: { meetingId: next.id, version: next.version, items: [{ title: 'Minutes of the last meeting' }] } }, secretariat),
    ).data?.setAgenda.meeting.version;
    version = must(await gql(ADOPT, { input: { meetingId: next.id, version } }, chair.token)).data?.adoptAgenda.meeting.version;
    must(await gql(HOLD, { input: { meetingId: next.id, version } }, chair.token));
    const approval = must(
      await gql(
        RECORD,
        {
          input: {
            meetingId: next.id,
            text: 'The minutes are approved.',
            subjects: [{ minutes: { meetingId, effect: 'APPROVE' } }],
            idempotencyKey: unique('key-'),
          },
        },
        chair.token,
      ),
    ).data?.recordDecision.decision;
    must(await gql(DECIDE, { input: { decisionId: approval.id, version: 1, state: 'ADOPTED' } }, secretariat));
    const approved = must(await gql(`query ($id: ID!) { meeting(id: $id) { minutes { status version approvedBy { id } } } }`, { id: meetingId }, secretariat))
      .data?.meeting.minutes;
    expect(approved).toMatchObject({ status: 'APPROVED', approvedBy: { id: approval.id } });
    const published = must(await gql(PUBLISH_MINUTES, { input: { meetingId, version: approved.version } }, secretariat)).data?.publishMinutes.minutes;
    expect(published.status).toBe('PUBLISHED');

    // Assess: closed; the public now sees attendance, action items and minutes
    const closed = must(await gql(MEETING_PAGE, { id: meetingId })).data?.meeting;
    expect(closed).toMatchObject({ status: 'CLOSED', minutes: { status: 'PUBLISHED', body: 'Minutes, second draft.', revision: 2, corrections: [] } });
    expect(closed.attendance).toHaveLength(3);
    expect(closed.actionItems).toEqual([{ text: 'Write to the contributors.', status: 'OPEN' }]);

    // Act: the action item is reviewed at the next meeting; a later decision corrects the published minutes
    const reviewed = must(await gql(UPDATE_ACTION, { input: { id: action.id, version: 1, status: 'DONE', reviewedAtMeetingId: next.id } }, secretariat)).data
      ?.updateActionItem.actionItem;
    expect(reviewed).toMatchObject({ status: 'DONE', version: 2, reviewedAt: { id: next.id } });
    const correction = must(
      await gql(
        RECORD,
        {
          input: {
            meetingId: next.id,
            text: 'Item 2: the observer spoke first.',
            subjects: [{ minutes: { meetingId, effect: 'CORRECT' } }],
            idempotencyKey: unique('key-'),
          },
        },
        chair.token,
      ),
    ).data?.recordDecision.decision;
    expect(correction.number).toBe(2);
    must(await gql(DECIDE, { input: { decisionId: correction.id, version: 1, state: 'ADOPTED' } }, chair.token));
    const corrected = must(await gql(`query ($id: ID!) { meeting(id: $id) { minutes { body corrections { text decision { id } } } } }`, { id: meetingId })).data
      ?.meeting.minutes;
    expect(corrected).toEqual({
      body: 'Minutes, second draft.',
      corrections: [{ text: 'Item 2: the observer spoke first.', decision: { id: correction.id } }],
    });
  });

  it('shows a planned meeting and proposed decisions only to MAG members, its chair and the secretariat', async () => {
    // Prepare
    const planned = await meetingSetup('PLANNED', 0);
    const held = await meetingSetup('HELD', 1);
    const recorded = must(
      await gql(
        RECORD,
        {
          input: {
            meetingId: held.meetingId,
            text: 'Undecided text.',
            subjects: [{ contribution: { contributionId: contributionGlobalId(held.contributions[0]!), disposition: 'NOTED', response: 'r' } }],
            idempotencyKey: unique('key-'),
          },
        },
        held.chair.token,
      ),
    ).data?.recordDecision.decision;
    const outsider = await createPerson();

    // Act
    const [publicPlanned, outsiderPlanned, chairPlanned, publicHeld, outsiderDecision, node] = await Promise.all([
      gql(`query ($id: ID!) { meeting(id: $id) { id } }`, { id: planned.meetingId }),
      gql(`query ($id: ID!) { meeting(id: $id) { id } }`, { id: planned.meetingId }, outsider.token),
      gql(`query ($id: ID!) { meeting(id: $id) { id status } }`, { id: planned.meetingId }, planned.chair.token),
      gql(`query ($id: ID!) { meeting(id: $id) { status decisions { id } } }`, { id: held.meetingId }),
      gql(`query ($id: ID!) { decision(id: $id) { text } }`, { id: recorded.id }, outsider.token),
      gql(`query ($id: ID!) { node(id: $id) { ... on Decision { text } } }`, { id: recorded.id }, held.chair.token),
    ]);

    // Assess
    expect(publicPlanned.data?.meeting).toBeNull();
    expect(outsiderPlanned.data?.meeting).toBeNull();
    expect(chairPlanned.data?.meeting).toEqual({ id: planned.meetingId, status: 'PLANNED' });
    expect(publicHeld.data?.meeting).toEqual({ status: 'HELD', decisions: [] });
    expect(outsiderDecision.data?.decision).toBeNull();
    expect(node.data?.node).toEqual({ text: 'Undecided text.' });
  });

  it('refuses the synthesis until every contribution has a disposition, and allows it once a decision gave them one', async () => {
    // Prepare: a held meeting with two contributions, a decision about one of them
    const setup = await meetingSetup('HELD', 2);
    const publish = (version: number) =>
      gql(
        `mutation ($input: PublishSynthesisInput!) { publishSynthesis(input: $input) { consultation { status } } }`,
        { input: { consultationId: setup.consultationId, version, body: 'Synthesis.' } },
        setup.secretariat,
      );
    const decideAbout = async (contribution: (typeof setup.contributions)[number]) => {
      const d = must(
        await gql(
          RECORD,
          {
            input: {
              meetingId: setup.meetingId,
              text: 'Noted.',
              subjects: [{ contribution: { contributionId: contributionGlobalId(contribution), disposition: 'NOTED', response: 'Noted.' } }],
              idempotencyKey: unique('key-'),
            },
          },
          setup.chair.token,
        ),
      ).data?.recordDecision.decision;
      must(await gql(DECIDE, { input: { decisionId: d.id, version: 1, state: 'ADOPTED' } }, setup.chair.token));
    };
    await decideAbout(setup.contributions[0]!);

    // Act
    const refused = await publish(setup.consultation.version);
    await decideAbout(setup.contributions[1]!);
    const published = await publish(setup.consultation.version);

    // Assess
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/1 contribution\(s\) have no disposition/);
    expect(published.data?.publishSynthesis.consultation.status).toBe('SYNTHESIS_PUBLISHED');
  });

  it('lists the meetings of a consultation, and of a year, with the agenda selection of contributions', async () => {
    // Prepare
    const setup = await meetingSetup('AGENDA_ADOPTED', 2);

    // Act
    const [ofConsultation, ofYear, agenda] = await Promise.all([
      gql(`query ($id: ID!) { consultation(id: $id) { meetings { id status } } }`, { id: setup.consultationId }),
      gql(`query ($year: Int) { meetings(filter: { year: $year, status: AGENDA_ADOPTED }, first: 100) { edges { node { id } } } }`, {
        year: new Date().getUTCFullYear(),
      }),
      gql(
        `query ($id: ID!) { meeting(id: $id) { agenda { number processes { contributions(first: 1) { edges { node { id } } pageInfo { hasNextPage } } } } } }`,
        { id: setup.meetingId },
      ),
    ]);

    // Assess
    expect(ofConsultation.data?.consultation.meetings).toEqual([{ id: setup.meetingId, status: 'AGENDA_ADOPTED' }]);
    expect(ofYear.data?.meetings.edges.map((e: any) => e.node.id)).toContain(setup.meetingId);
    expect(agenda.data?.meeting.agenda[1]).toEqual({
      number: '2',
      processes: { contributions: { edges: [{ node: { id: contributionGlobalId(setup.contributions[0]!) } }], pageInfo: { hasNextPage: true } } },
    });
    expect(toGlobalId('Meeting', setup.internalId)).toBe(setup.meetingId);
  });
});
