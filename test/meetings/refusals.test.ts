/**
 * Every refusal of the meetings API: a clear error with a stable code, and
 * nothing written (the meeting's partition, its minutes', its decisions'
 * subjects and the consultation's partition are byte-for-byte the same).
 */
import { describe, expect, it } from 'vitest';
import * as store from '../../functions/modules/meetings/minutes.store';
import { errorCode, gql, newUserToken, unique } from '../helpers/api';
import { closedConsultation, contributeDirect } from '../helpers/consultations';
import { createMagMember, createPerson } from '../helpers/people';
import {
  ADOPT,
  AMEND,
  ATTEND,
  CANCEL,
  CIRCULATE,
  CREATE,
  DECIDE,
  DRAFT_MINUTES,
  HOLD,
  PUBLISH_MINUTES,
  RECORD,
  SET_AGENDA,
  contributionGlobalId,
  createMeeting,
  meetingSetup,
  meetingSnapshot,
  must,
  type MeetingSetup,
} from '../helpers/meetings';

/** Runs the refused operation and checks its code and that nothing changed. */
async function expectRefused(setup: MeetingSetup, code: string, run: () => Promise<any>, message?: RegExp): Promise<void> {
  const before = await meetingSnapshot(setup);
  const response = await run();
  expect(errorCode(response), JSON.stringify(response.errors)).toBe(code);
  if (message) expect(response.errors[0].message).toMatch(message);
  expect(await meetingSnapshot(setup)).toBe(before);
}

const subject = (setup: MeetingSetup, i = 0) => ({
  contribution: { contributionId: contributionGlobalId(setup.contributions[i]!), disposition: 'NOTED', response: 'Noted.' },
});
const record = (setup: MeetingSetup, token: string, subjects: unknown[] = [subject(setup)]) =>
  gql(RECORD, { input: { meetingId: setup.meetingId, text: 'A decision.', subjects, idempotencyKey: unique('key-') } }, token);

// Each test drives one or two meetings through the API before its refusals: minutes, not seconds, on a loaded machine.
describe('refusals of the meetings API', { timeout: 120_000 }, () => {
  it('refuses the wrong role: the public, a stakeholder, the secretariat adopting the agenda, a MAG member who is not the chair', async () => {
    const setup = await meetingSetup('PLANNED', 1);
    const [stakeholder, otherMag] = await Promise.all([createPerson(), createMagMember()]);
    await expectRefused(setup, 'UNAUTHENTICATED', () => gql(CANCEL, { input: { meetingId: setup.meetingId, version: setup.version, reason: 'No reason.' } }));
    await expectRefused(setup, 'FORBIDDEN', () =>
      gql(CANCEL, { input: { meetingId: setup.meetingId, version: setup.version, reason: 'No reason.' } }, stakeholder.token),
    );
    await expectRefused(setup, 'FORBIDDEN', () =>
      gql(SET_AGENDA, { input: { meetingId: setup.meetingId, version: setup.version, items: [{ title: 'Mine' }] } }, otherMag.token),
    );
    await expectRefused(setup, 'FORBIDDEN', () => gql(ADOPT, { input: { meetingId: setup.meetingId, version: setup.version } }, setup.secretariat));
    const created = await gql(
      CREATE,
      {
        input: {
          year: 2030,
          kind: 'VIRTUAL',
          number: 1,
          title: 'Not mine',
          startsAt: '2030-01-01T10:00:00Z',
          format: 'ONLINE',
          onlineLink: 'https://x.example',
          chairId: otherMag.globalId,
          idempotencyKey: unique('key-'),
        },
      },
      otherMag.token,
    );
    expect(errorCode(created)).toBe('FORBIDDEN');

    const held = await meetingSetup('HELD', 1);
    await expectRefused(held, 'FORBIDDEN', () => record(held, otherMag.token));
    await expectRefused(held, 'FORBIDDEN', () =>
      gql(DRAFT_MINUTES, { input: { meetingId: held.meetingId, version: held.version, body: 'x' } }, held.chair.token),
    );
  });

  it('refuses the wrong state: holding before adoption, an agenda after it, a decision on a meeting that is not HELD, cancelling a held meeting', async () => {
    const planned = await meetingSetup('PLANNED', 1);
    await expectRefused(
      planned,
      'CONFLICT',
      () => gql(HOLD, { input: { meetingId: planned.meetingId, version: planned.version } }, planned.chair.token),
      /after its agenda is adopted/,
    );
    await expectRefused(planned, 'CONFLICT', () => record(planned, planned.chair.token), /while the meeting is HELD/);
    await expectRefused(
      planned,
      'CONFLICT',
      () => gql(ADOPT, { input: { meetingId: planned.meetingId, version: planned.version } }, planned.chair.token),
      /agenda is empty/,
    );

    const adopted = await meetingSetup('AGENDA_ADOPTED', 1);
    await expectRefused(adopted, 'CONFLICT', () =>
      gql(SET_AGENDA, { input: { meetingId: adopted.meetingId, version: adopted.version, items: [{ title: 'Late item' }] } }, adopted.secretariat),
    );
    await expectRefused(adopted, 'CONFLICT', () => record(adopted, adopted.chair.token), /while the meeting is HELD/);

    const held = await meetingSetup('HELD', 1);
    await expectRefused(held, 'CONFLICT', () =>
      gql(CANCEL, { input: { meetingId: held.meetingId, version: held.version, reason: 'Too late.' } }, held.secretariat),
    );
    await expectRefused(
      held,
      'NOT_FOUND',
      () => gql(PUBLISH_MINUTES, { input: { meetingId: held.meetingId, version: 1 } }, held.secretariat),
      /no minutes yet/,
    );
  });

  it('refuses adopting an agenda without an item about a consultation the meeting processes, and before the start', async () => {
    const setup = await meetingSetup('PLANNED', 1);
    const version = must(
      await gql(SET_AGENDA, { input: { meetingId: setup.meetingId, version: setup.version, items: [{ title: 'Other business' }] } }, setup.secretariat),
    ).data?.setAgenda.meeting.version;
    await expectRefused(
      { ...setup, version },
      'CONFLICT',
      () => gql(ADOPT, { input: { meetingId: setup.meetingId, version } }, setup.chair.token),
      /at least one agenda item/,
    );

    const later = await createMeeting(setup.secretariat, setup.chair, [], { startsAt: new Date(Date.now() + 3 * 3_600_000).toISOString() });
    const v = must(await gql(SET_AGENDA, { input: { meetingId: later.id, version: later.version, items: [{ title: 'Item' }] } }, setup.secretariat)).data
      ?.setAgenda.meeting.version;
    const early = await gql(ADOPT, { input: { meetingId: later.id, version: v } }, setup.chair.token);
    expect(errorCode(early)).toBe('NOT_OPEN');
  });

  it('refuses a stale version with the current one, for meetings, decisions and minutes', async () => {
    const setup = await meetingSetup('HELD', 1);
    await expectRefused(setup, 'CONFLICT', () =>
      gql(DRAFT_MINUTES, { input: { meetingId: setup.meetingId, version: setup.version - 1, body: 'x' } }, setup.secretariat),
    );
    const stale = await gql(DRAFT_MINUTES, { input: { meetingId: setup.meetingId, version: setup.version - 1, body: 'x' } }, setup.secretariat);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(setup.version);

    const decision = must(await record(setup, setup.chair.token)).data?.recordDecision.decision;
    await expectRefused(setup, 'CONFLICT', () => gql(DECIDE, { input: { decisionId: decision.id, version: 2, state: 'ADOPTED' } }, setup.chair.token));
    must(await gql(DECIDE, { input: { decisionId: decision.id, version: 1, state: 'DEFERRED' } }, setup.chair.token));
    await expectRefused(
      setup,
      'CONFLICT',
      () => gql(DECIDE, { input: { decisionId: decision.id, version: 2, state: 'ADOPTED' } }, setup.chair.token),
      /already DEFERRED/,
    );

    must(await gql(DRAFT_MINUTES, { input: { meetingId: setup.meetingId, version: setup.version, body: 'Draft.' } }, setup.secretariat));
    await expectRefused(setup, 'CONFLICT', () => gql(CIRCULATE, { input: { meetingId: setup.meetingId, version: 7 } }, setup.secretariat));
  });

  it('refuses subjects from another consultation, unknown ones, a subject twice, and a subject without exactly one kind', async () => {
    const setup = await meetingSetup('HELD', 2);
    const [{ consultation: other }, author] = await Promise.all([closedConsultation(1), createPerson()]);
    const foreign = await contributeDirect(other, author.stakeholder);
    const foreignSubject = { contribution: { contributionId: contributionGlobalId(foreign), disposition: 'NOTED', response: 'r' } };
    await expectRefused(
      setup,
      'BAD_USER_INPUT',
      () => record(setup, setup.chair.token, [subject(setup), foreignSubject]),
      /not a contribution of a consultation this meeting processes/,
    );
    const refused = await record(setup, setup.chair.token, [subject(setup), foreignSubject]);
    expect(refused.errors?.[0]?.extensions?.field).toBe('input.subjects.1.contribution.contributionId');
    await expectRefused(setup, 'BAD_USER_INPUT', () => record(setup, setup.chair.token, [subject(setup), subject(setup)]), /listed twice/);
    const unknown = Buffer.from(`Contribution:${setup.consultation.id}.01ARZ3NDEKTSV4RRFFQ69G5FAV`).toString('base64url');
    await expectRefused(
      setup,
      'BAD_USER_INPUT',
      () => record(setup, setup.chair.token, [{ contribution: { contributionId: unknown, disposition: 'NOTED', response: 'r' } }]),
      /no such contribution/,
    );
    await expectRefused(setup, 'BAD_USER_INPUT', () => record(setup, setup.chair.token, [{}]), /exactly one of/);
    await expectRefused(
      setup,
      'BAD_USER_INPUT',
      () => record(setup, setup.chair.token, [{ ...subject(setup), minutes: { meetingId: setup.meetingId, effect: 'APPROVE' } }]),
      /exactly one of/,
    );
    await expectRefused(
      setup,
      'BAD_USER_INPUT',
      () => record(setup, setup.chair.token, [{ minutes: { meetingId: setup.meetingId, effect: 'APPROVE' } }]),
      /later meeting/,
    );
  });

  it('refuses an amendment from someone not PRESENT, outside the window, or before circulation', async () => {
    const setup = await meetingSetup('HELD', 1);
    const [present, excused, absentee] = await Promise.all([createPerson(), createPerson(), createPerson()]);
    const unregistered = await newUserToken();
    must(
      await gql(
        ATTEND,
        {
          input: {
            meetingId: setup.meetingId,
            entries: [
              { stakeholderId: present.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'PRESENT' },
              { stakeholderId: excused.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'APOLOGIES' },
            ],
          },
        },
        setup.secretariat,
      ),
    );
    must(await gql(DRAFT_MINUTES, { input: { meetingId: setup.meetingId, version: setup.version, body: 'Draft.' } }, setup.secretariat));
    const amend = (token?: string) => gql(AMEND, { input: { meetingId: setup.meetingId, text: 'A change.' } }, token);
    await expectRefused(setup, 'CONFLICT', () => amend(present.token), /while the minutes are circulated/);
    must(await gql(CIRCULATE, { input: { meetingId: setup.meetingId, version: 1 } }, setup.secretariat));
    await expectRefused(setup, 'FORBIDDEN', () => amend(excused.token), /recorded as PRESENT/);
    await expectRefused(setup, 'FORBIDDEN', () => amend(absentee.token), /recorded as PRESENT/);
    await expectRefused(setup, 'FORBIDDEN', () => amend(unregistered.token));
    await expectRefused(setup, 'UNAUTHENTICATED', () => amend());
    must(await amend(present.token));

    const minutes = await store.getMinutesConsistent(setup.internalId);
    if (!minutes) throw new Error('no minutes');
    await store.saveMinutes({ ...minutes, amendmentWindowEndsAt: new Date(Date.now() - 1000).toISOString(), version: minutes.version + 1 }, minutes.version, [
      'CIRCULATED',
    ]);
    await expectRefused(setup, 'DEADLINE_PASSED', () => amend(present.token), /window closed/);
    await expectRefused(
      setup,
      'CONFLICT',
      () => gql(PUBLISH_MINUTES, { input: { meetingId: setup.meetingId, version: minutes.version + 1 } }, setup.secretariat),
      /approved/,
    );
  });

  it('refuses bad input with the field named: venue, ids, agenda references, attendance twice', async () => {
    const setup = await meetingSetup('PLANNED', 1);
    const { consultation: other } = await closedConsultation(1);
    const otherId = Buffer.from(`Consultation:${other.id}`).toString('base64url');
    const cases: [Record<string, unknown>, string][] = [
      [
        { meetingId: setup.meetingId, version: setup.version, items: [{ title: 'Item x', processes: { consultationId: otherId } }] },
        'input.items.0.processes.consultationId',
      ],
      [
        {
          meetingId: setup.meetingId,
          version: setup.version,
          items: [{ title: 'Item x', processes: { consultationId: setup.consultationId, questionIds: ['nope'] } }],
        },
        'input.items.0.processes.questionIds',
      ],
      [
        { meetingId: setup.meetingId, version: setup.version, items: [{ title: 'Item x', items: [{ title: 'Item y', items: [{ title: 'Item z' }] }] }] },
        'input.items.0.items.0.items',
      ],
      [{ meetingId: setup.meetingId, version: setup.version, items: [{ title: 'Item x', documents: ['ftp://no'] }] }, 'input.items.0.documents.0'],
    ];
    for (const [input, field] of cases) {
      await expectRefused(setup, 'BAD_USER_INPUT', () => gql(SET_AGENDA, { input }, setup.secretariat));
      expect((await gql(SET_AGENDA, { input }, setup.secretariat)).errors?.[0]?.extensions?.field).toBe(field);
    }
    await expectRefused(setup, 'BAD_USER_INPUT', () =>
      gql(
        ATTEND,
        {
          input: {
            meetingId: setup.meetingId,
            entries: [1, 2].map(() => ({ stakeholderId: setup.chair.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'PRESENT' })),
          },
        },
        setup.secretariat,
      ),
    );
    const venue = await gql(
      CREATE,
      {
        input: {
          year: 2030,
          kind: 'IN_PERSON',
          number: 1,
          title: 'No place',
          startsAt: '2030-01-01T10:00:00Z',
          format: 'ONSITE',
          chairId: setup.chair.globalId,
          idempotencyKey: unique('key-'),
        },
      },
      setup.secretariat,
    );
    expect(venue.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.place' });
  });

  it('creates nothing twice for a retried request, and refuses a second meeting with the same number', async () => {
    const setup = await meetingSetup('PLANNED', 0);
    const input = {
      year: 2099,
      kind: 'VIRTUAL',
      number: 0,
      title: 'Retried',
      startsAt: '2099-01-01T10:00:00Z',
      format: 'ONLINE',
      onlineLink: 'https://x.example',
      chairId: setup.chair.globalId,
      idempotencyKey: unique('key-'),
    };
    let first: any;
    for (let number = 1; number < 100 && !first; number++) {
      const result = await gql(CREATE, { input: { ...input, number } }, setup.secretariat);
      if (!result.errors) first = { result: result.data?.createMeeting.meeting, number };
    }
    const retried = await gql(CREATE, { input: { ...input, number: first.number } }, setup.secretariat);
    expect(retried.data?.createMeeting.meeting.id).toBe(first.result.id);
    const sameNumber = await gql(CREATE, { input: { ...input, number: first.number, idempotencyKey: unique('key-') } }, setup.secretariat);
    expect(sameNumber.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.number' });
  });
});
