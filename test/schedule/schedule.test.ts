/**
 * Rooms and the schedule: the work in progress (internal) placing confirmed
 * sessions, releases in numbered versions that name the slots they changed and
 * mail the affected speakers, the refusals and warnings of a release, and a
 * session held and reported once its slot has started.
 */
import { describe, expect, it } from 'vitest';
import { getFunnels } from '../../functions/modules/sessions/funnel.store';
import { scheduleKeys } from '../../functions/modules/schedule/schedule.keys';
import { errorCode, gql, unique } from '../helpers/api';
import { MOVE, PLACE, RELEASE_SCHEDULE, REMOVE, SCHEDULE, at, place, release, scene } from './helpers';
import { getItem, partition } from '../helpers/db';
import { mailTo, runSender, concerning } from '../helpers/mail';
import { createPerson } from '../helpers/people';
import { must } from '../helpers/meetings';
import { answer } from '../sessions/helpers';
import {
  CONFIRM_SESSION,
  DESIGN_MAIN_SESSION,
  HOLD_SESSION,
  REPORT_SESSION,
  eligibleProposal,
  moveProgrammeDays,
  select,
  session,
} from '../sessions/selection-helpers';

describe('the schedule', { timeout: 120_000 }, () => {
  it('releases the work in progress as numbered versions that name the slots they changed and mail the affected speakers', async () => {
    // Prepare: three confirmed sessions, two rooms; the first session has two speakers.
    const startedAt = new Date().toISOString();
    const [p1, p2, p3, p4] = await Promise.all([createPerson(), createPerson(), createPerson(), createPerson()]);
    const s = await scene([[p1!, p2!], [p3!], [p4!]]);
    const year = s.call.year;
    const term = { startYear: year, endYear: year };
    const mag = await createPerson({ roles: { magTerm: term }, stakeholder: { magTerm: term } });
    // Act: place them (the sessions become SCHEDULED), then release.
    const first = await place(s, 0, 0, at(s, 1, '09:00'));
    expect(first).toMatchObject({ endsAt: at(s, 1, '10:00'), session: { status: 'SCHEDULED' } });
    await place(s, 1, 1, at(s, 1, '09:00'));
    const third = await place(s, 2, 0, at(s, 1, '11:00'));
    // The work in progress is internal.
    expect((await gql(SCHEDULE, { year, date: `${year}-06-24` })).data?.programme.schedule).toMatchObject({
      releasedVersion: 0,
      workInProgress: null,
      day: null,
    });
    expect((await gql(SCHEDULE, { year, date: `${year}-06-24` }, mag.token)).data?.programme.schedule.workInProgress).toMatchObject({
      version: 3,
      refusals: [],
      warnings: [],
    });
    const v1 = must(await release(s)).data?.releaseSchedule.release;
    // Assess
    expect(v1).toMatchObject({ version: 1, notifiedSpeakers: 4, days: [`${year}-06-24`] });
    expect(v1.changes.map((c: { change: string }) => c.change)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    const day = (await gql(SCHEDULE, { year, date: `${year}-06-24` })).data?.programme.schedule;
    expect(day.releasedVersion).toBe(1);
    // By start, then room.
    expect(day.day.slots.map((slot: { roomId: string; startsAt: string }) => slot.startsAt)).toEqual([at(s, 1, '09:00'), at(s, 1, '09:00'), at(s, 1, '11:00')]);
    expect(new Set(day.day.slots.slice(0, 2).map((slot: { roomId: string }) => slot.roomId))).toEqual(new Set(s.rooms));
    expect(day.day.slots.find((slot: { id: string }) => slot.id === first.id).speakers.map((sp: { stakeholder: { id: string } }) => sp.stakeholder.id)).toEqual(
      [p1!.globalId, p2!.globalId],
    );
    // Nothing changed: nothing to release.
    expect(errorCode(await release(s))).toBe('CONFLICT');
    // A move: the next release names that slot only and mails its speaker only.
    s.version = must(await gql(MOVE, { input: { slotId: third.id, roomId: s.rooms[1], scheduleVersion: s.version } }, s.secretariat)).data?.moveSlot
      .scheduleVersion;
    const v2 = must(await release(s)).data?.releaseSchedule.release;
    expect(v2).toMatchObject({ version: 2, notifiedSpeakers: 1, changes: [{ slotId: third.id, change: 'MOVED', session: { id: s.sessions[2]!.id } }] });
    await runSender(new Date(), { accept: concerning(p1!.stakeholder.id, p4!.stakeholder.id) });
    expect((await mailTo(p4!.stakeholder.contactEmail!)).map((m) => m.subject)).toEqual([
      `The ${year} programme schedule changed (version 1)`,
      `The ${year} programme schedule changed (version 2)`,
    ]);
    expect((await mailTo(p1!.stakeholder.contactEmail!)).map((m) => m.subject)).toEqual([`The ${year} programme schedule changed (version 1)`]);
    // Removing a slot makes its session CONFIRMED again; the release names it REMOVED.
    s.version = must(await gql(REMOVE, { input: { slotId: third.id, scheduleVersion: s.version } }, s.secretariat)).data?.removeSlot.scheduleVersion;
    expect((await session(s.sessions[2]!.id)).status).toBe('CONFIRMED');
    const v3 = must(await release(s)).data?.releaseSchedule.release;
    expect(v3.changes).toEqual([{ slotId: third.id, change: 'REMOVED', session: { id: s.sessions[2]!.id } }]);
    const releases = (await gql(SCHEDULE, { year, date: `${year}-06-24` })).data?.programme.schedule.releases.edges;
    expect(releases.map((e: { node: { version: number } }) => e.node.version)).toEqual([3, 2, 1]);
    // The change feed lists the releases and rooms (never the work in progress).
    const CHANGES = `query ($since: DateTime!, $after: String) { changes(since: $since, types: [SCHEDULE_RELEASE, ROOM], first: 100, after: $after) {
      edges { node { type action node { id } } } pageInfo { hasNextPage endCursor } } }`;
    const changes: { type: string; action: string; node: { id: string } }[] = [];
    for (let after: string | null = null, page = 0; page < 50; page++) {
      const result: { edges: { node: (typeof changes)[number] }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await gql(CHANGES, { since: startedAt, after })
      ).data?.changes;
      changes.push(...result.edges.map((e) => e.node));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(changes.filter((c) => c.type === 'ROOM' && s.rooms.includes(c.node.id))).toHaveLength(2);
    const ids = new Set(releases.map((e: { node: { id: string } }) => e.node.id));
    expect(changes.filter((c) => c.type === 'SCHEDULE_RELEASE' && ids.has(c.node.id)).map((c) => c.action)).toEqual(['CREATED', 'CREATED', 'CREATED']);
  });

  it('refuses a release while a speaker is double-booked, a room is shared, a speaker is over the cap or a main session has an unconfirmed speaker — writing nothing', async () => {
    // Prepare: p is in sessions 0..3 (over the cap of 3) and 0 and 1 overlap; sessions 2 and 3 share a room at once.
    const p = await createPerson();
    const others = await Promise.all([createPerson(), createPerson(), createPerson(), createPerson()]);
    const s = await scene([[p, others[0]!], [p], [p, others[1]!], [p, others[2]!]]);
    await place(s, 0, 0, at(s, 1, '09:00'));
    await place(s, 1, 1, at(s, 1, '09:30'));
    await place(s, 2, 0, at(s, 2, '09:00'));
    await place(s, 3, 0, at(s, 2, '09:30'));
    const before = await partition(scheduleKeys.partition(s.call.year));
    // Act
    const refused = await release(s);
    // Assess
    expect(errorCode(refused)).toBe('RULES_BROKEN');
    const rules = (refused.errors?.[0]?.extensions?.violations as { rule: string }[]).map((v) => v.rule).sort();
    expect(rules).toEqual(['ROOM_DOUBLE_BOOKED', 'SPEAKER_DOUBLE_BOOKED', 'SPEAKER_DOUBLE_BOOKED', 'SPEAKER_OVER_CAP']);
    expect(await partition(scheduleKeys.partition(s.call.year))).toEqual(before);
    expect(await getItem(scheduleKeys.release(s.call.year, 1))).toBeUndefined();
  });

  it('refuses a main session whose speakers have not all confirmed, and releases it once they have', async () => {
    const s = await scene(0, [300]);
    const year = s.call.year;
    const term = { startYear: year, endYear: year };
    const [mag, speaker] = await Promise.all([createPerson({ roles: { magTerm: term }, stakeholder: { magTerm: term } }), createPerson()]);
    const main = must(
      await gql(
        DESIGN_MAIN_SESSION,
        {
          input: {
            themeId: s.call.themeId,
            format: 'PANEL',
            durationMinutes: 90,
            policyQuestions: [0],
            title: 'Main session on inclusion',
            description: 'The MAG working group brings the inclusion workshops together.',
            workingGroupIds: [mag.globalId],
            speakers: [{ stakeholderId: speaker.globalId, role: 'SPEAKER', attendance: 'ONSITE' }],
            idempotencyKey: unique('key-'),
          },
        },
        mag.token,
      ),
    ).data?.designMainSession.proposal;
    await select(s, [{ proposalId: main.id, outcome: 'ACCEPTED' }]);
    must(await gql(CONFIRM_SESSION, { input: { id: main.id, version: (await session(main.id)).version } }, mag.token));
    s.sessions.push({ id: main.id, internal: '', speakers: [speaker] });
    await place(s, 0, 0, at(s, 0, '10:00'));
    const refused = await release(s);
    expect(errorCode(refused)).toBe('RULES_BROKEN');
    expect(refused.errors?.[0]?.extensions?.violations).toEqual([
      { rule: 'MAIN_SESSION_UNCONFIRMED_SPEAKER', slotIds: expect.any(Array), stakeholderId: speaker.stakeholder.id },
    ]);
    await answer(speaker.token, main.id, true);
    expect(must(await release(s)).data?.releaseSchedule.release).toMatchObject({ version: 1, notifiedSpeakers: 1 });
  });

  it('warns without refusing about room capacity, availability and a tight change between rooms', async () => {
    const p = await createPerson();
    const s = await scene([[p], [p]], [100, 50], { 1: [{ startsAt: '2000-01-01T00:00:00Z', endsAt: '2000-01-02T00:00:00Z' }] });
    await place(s, 0, 0, at(s, 1, '09:00'), 150);
    await place(s, 1, 1, at(s, 1, '10:05'));
    const released = must(await release(s)).data?.releaseSchedule.release;
    expect(released.warnings.map((w: { rule: string }) => w.rule).sort()).toEqual(['ROOM_CAPACITY', 'ROOM_UNAVAILABLE', 'SPEAKER_TIGHT_CHANGE']);
    expect(released.warnings.find((w: { rule: string }) => w.rule === 'ROOM_CAPACITY')).toMatchObject({ needed: 150, have: 100, roomId: s.rooms[0] });
    expect(released.warnings.find((w: { rule: string }) => w.rule === 'SPEAKER_TIGHT_CHANGE')).toMatchObject({
      stakeholderId: p.globalId,
      needed: 10,
      have: 5,
    });
  });

  it('refuses edits by anyone but the secretariat, at a stale version, of sessions not confirmed and outside the programme’s days', async () => {
    const s = await scene(1);
    const stranger = await createPerson();
    const input = { sessionId: s.sessions[0]!.id, roomId: s.rooms[0], startsAt: at(s, 1, '09:00'), scheduleVersion: 0 };
    expect(errorCode(await gql(PLACE, { input }, stranger.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(PLACE, { input }))).toBe('UNAUTHENTICATED');
    const outside = await gql(PLACE, { input: { ...input, startsAt: `${s.call.year}-07-01T09:00:00Z` } }, s.secretariat);
    expect([errorCode(outside), outside.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.startsAt']);
    await place(s, 0, 0, at(s, 1, '09:00'));
    const stale = await gql(PLACE, { input }, s.secretariat);
    expect([errorCode(stale), stale.errors?.[0]?.extensions?.currentVersion]).toEqual(['CONFLICT', 1]);
    const twice = await gql(PLACE, { input: { ...input, scheduleVersion: 1 } }, s.secretariat);
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(errorCode(await release(s, stranger.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(RELEASE_SCHEDULE, { input: { programmeId: s.call.programmeId, scheduleVersion: 0 } }, s.secretariat))).toBe('CONFLICT');
    const accepted = await eligibleProposal(s.call, s.proposer);
    await select(s, [{ proposalId: accepted.id, outcome: 'ACCEPTED' }]);
    const notConfirmed = await gql(PLACE, { input: { ...input, sessionId: accepted.id, scheduleVersion: 1 } }, s.secretariat);
    expect([errorCode(notConfirmed), notConfirmed.errors?.[0]?.extensions?.field]).toEqual(['CONFLICT', 'input.sessionId']);
    expect((await partition(scheduleKeys.partition(s.call.year))).filter((item) => String(item.SK).startsWith('SLOT#'))).toHaveLength(1);
  });

  it('marks a session held once its slot has started and takes its report, counted in the funnel', async () => {
    // Prepare: the programme runs from yesterday to tomorrow.
    const s = await scene(2);
    await moveProgrammeDays(s.call.year, new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000));
    const stranger = await createPerson();
    await place(s, 0, 0, new Date(Date.now() - 30 * 60_000).toISOString());
    await place(s, 1, 0, new Date(Date.now() + 3 * 3_600_000).toISOString());
    const [started, later] = [s.sessions[0]!.id, s.sessions[1]!.id];
    // Act + Assess
    expect(errorCode(await gql(HOLD_SESSION, { input: { id: later, version: (await session(later)).version } }, s.secretariat))).toBe('NOT_OPEN');
    expect(errorCode(await gql(HOLD_SESSION, { input: { id: started, version: (await session(started)).version } }, stranger.token))).toBe('FORBIDDEN');
    const held = must(await gql(HOLD_SESSION, { input: { id: started, version: (await session(started)).version } }, s.secretariat)).data?.holdSession.proposal;
    expect(held.status).toBe('HELD');
    expect((await getFunnels([s.call.year]))[0]!.stages.HELD).toMatchObject({ proposals: 1 });
    const report = {
      id: started,
      version: held.version,
      keyTakeaways: ['Community networks need spectrum.'],
      callsToAction: ['Regulators should license community networks.'],
      participantsByGroup: [
        { group: 'CIVIL_SOCIETY', count: 30 },
        { group: 'GOVERNMENT', count: 10 },
      ],
      onsiteParticipants: 35,
      onlineParticipants: 20,
      womenParticipants: 28,
      genderNarrative: 'Half of the speakers were women; gender gaps in access were discussed.',
    };
    expect(errorCode(await gql(REPORT_SESSION, { input: report }, s.secretariat))).toBe('FORBIDDEN');
    const tooMany = await gql(REPORT_SESSION, { input: { ...report, womenParticipants: 56 } }, s.proposer.token);
    expect([errorCode(tooMany), tooMany.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.womenParticipants']);
    const reported = must(await gql(REPORT_SESSION, { input: report }, s.proposer.token)).data?.reportSession.proposal;
    expect(reported).toMatchObject({
      status: 'REPORTED',
      report: {
        participantsByGroup: [
          { group: 'GOVERNMENT', count: 10 },
          { group: 'CIVIL_SOCIETY', count: 30 },
        ],
        womenParticipants: 28,
      },
    });
  });
});
