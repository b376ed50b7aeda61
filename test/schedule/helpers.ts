/** Builders of schedule tests: confirmed sessions and rooms of a fresh programme, placing, releasing. */
import { gql, unique } from '../helpers/api';
import { must } from '../helpers/meetings';
import { createPerson, type TestPerson } from '../helpers/people';
import { CONFIRM_SESSION, eligibleProposal, select, selectionSetup, session, setBudgets, type SelectionSetup } from '../sessions/selection-helpers';

export const CREATE_ROOM = `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { room { id name capacity version } } }`;
export const PLACE = `mutation ($input: PlaceSessionInput!) { placeSession(input: $input) { slot { id startsAt endsAt room { id } session { id status } } scheduleVersion } }`;
export const MOVE = `mutation ($input: MoveSlotInput!) { moveSlot(input: $input) { slot { id startsAt room { id } } scheduleVersion } }`;
export const REMOVE = `mutation ($input: RemoveSlotInput!) { removeSlot(input: $input) { scheduleVersion } }`;
export const RELEASE_SCHEDULE = `mutation ($input: ReleaseScheduleInput!) { releaseSchedule(input: $input) {
  release { id version releasedAt notifiedSpeakers days changes { slotId change session { id } } warnings { rule slotIds stakeholderId roomId needed have } } } }`;
export const SCHEDULE = `query ($year: Int!, $date: String!) { programme(year: $year) { schedule {
  releasedVersion days
  day(date: $date) { date release rooms { id name } slots { id title type roomId startsAt endsAt speakers { stakeholder { id name } role } } }
  releases { edges { node { id version changes { change } } } }
  workInProgress { version slots { id } refusals { rule } warnings { rule } }
} } }`;

export interface Scene extends SelectionSetup {
  readonly sessions: { id: string; internal: string; speakers: TestPerson[] }[];
  readonly rooms: string[];
  version: number;
}

/** Confirmed workshops (speakers per session as given) and rooms (capacities as given). */
export async function scene(
  panels: TestPerson[][] | number,
  capacities: number[] = [100, 50],
  availability: Record<number, { startsAt: string; endsAt: string }[]> = {},
): Promise<Scene> {
  const setup = await selectionSetup();
  const lists = typeof panels === 'number' ? await Promise.all(Array.from({ length: panels }, async () => [await createPerson()])) : panels;
  await setBudgets(setup.secretariat, setup.call, { WORKSHOP: lists.length + 1, MAIN_SESSION: 1 });
  const proposals = await Promise.all(lists.map((speakers) => eligibleProposal(setup.call, setup.proposer, { speakers })));
  await select(
    setup,
    proposals.map((p) => ({ proposalId: p.id, outcome: 'ACCEPTED' })),
  );
  for (const p of proposals) {
    const version = (await session(p.id)).version;
    must(await gql(CONFIRM_SESSION, { input: { id: p.id, version } }, setup.proposer.token));
  }
  const rooms: string[] = [];
  for (const [i, capacity] of capacities.entries()) {
    const created = must(
      await gql(
        CREATE_ROOM,
        {
          input: { programmeId: setup.call.programmeId, name: `Room ${i + 1}`, capacity, availability: availability[i] ?? [], idempotencyKey: unique('key-') },
        },
        setup.secretariat,
      ),
    );
    rooms.push(created.data?.createRoom.room.id);
  }
  return { ...setup, sessions: proposals.map((p, i) => ({ id: p.id, internal: p.proposal.id, speakers: lists[i] as TestPerson[] })), rooms, version: 0 };
}

export const at = (s: Scene, day: number, time: string) => `${s.call.year}-06-${String(23 + day).padStart(2, '0')}T${time}:00.000Z`;

export async function place(s: Scene, index: number, room: number, startsAt: string, expectedAttendance?: number) {
  const response = must(
    await gql(
      PLACE,
      {
        input: {
          sessionId: s.sessions[index]!.id,
          roomId: s.rooms[room],
          startsAt,
          scheduleVersion: s.version,
          ...(expectedAttendance !== undefined ? { expectedAttendance } : {}),
        },
      },
      s.secretariat,
    ),
  );
  s.version = response.data?.placeSession.scheduleVersion;
  return response.data?.placeSession.slot;
}

export const release = (s: Scene, token = s.secretariat) =>
  gql(RELEASE_SCHEDULE, { input: { programmeId: s.call.programmeId, scheduleVersion: s.version, note: 'Version for the hosts.' } }, token);
