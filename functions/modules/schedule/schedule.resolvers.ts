/** Rooms and the schedule: thin adapters over the schedule service. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';

export const scheduleResolvers: Resolvers = {
  Query: {
    room: (_, { id }, { services }) => services.schedule.roomByGlobalId(id).then((r) => r ?? null),
    scheduleDay: (_, { year, date }, { services }) => services.schedule.day(year, date).then((d) => d ?? null),
  },
  Mutation: {
    createRoom: async (_, { input }, { services }) => ({ room: await services.schedule.createRoom(input) }),
    updateRoom: async (_, { input }, { services }) => ({ room: await services.schedule.updateRoom(input) }),
    placeSession: async (_, { input }, { services }) => {
      const { slot, head } = await services.schedule.placeSession(input);
      return { slot, scheduleVersion: head.version };
    },
    moveSlot: async (_, { input }, { services }) => {
      const { slot, head } = await services.schedule.moveSlot(input);
      return { slot, scheduleVersion: head.version };
    },
    removeSlot: async (_, { input }, { services }) => ({ scheduleVersion: (await services.schedule.removeSlot(input)).version }),
    releaseSchedule: async (_, { input }, { services }) => ({ release: (await services.schedule.releaseWorkInProgress(input)).release }),
  },
  Programme: {
    rooms: async (p, { first, after }, { services }) => toConnection(await services.schedule.rooms(p.year, first, after)),
    schedule: (p, _, { services }) => services.schedule.head(p.year),
  },
  Schedule: {
    releasedAt: (h) => h.releasedAt ?? null,
    days: async (h, _, { services }) => [...((await services.schedule.latestRelease(h))?.days ?? [])],
    day: (h, { date }, { services }) => services.schedule.day(h.year, date).then((d) => d ?? null),
    releases: async (h, { first, after }, { services }) => toConnection(await services.schedule.releases(h.year, first, after)),
    workInProgress: (h, _, { services }) => services.schedule.workInProgress(h.year).then((w) => w ?? null),
  },
  ScheduleWorkInProgress: {
    version: (w) => w.head.version,
    slots: (w) => [...w.slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id)),
    refusals: async (w, _, { services }) => (await services.schedule.issues(w)).refusals,
    warnings: async (w, _, { services }) => (await services.schedule.issues(w)).warnings,
  },
  Room: {
    id: (r) => toGlobalId('Room', r.id),
    availability: (r) => [...r.availability],
  },
  ScheduleSlot: {
    id: (s) => toGlobalId('ScheduleSlot', s.id),
    session: (s, _, { services }) => services.proposals.get(s.sessionId).then((p) => p ?? null),
    room: (s, _, { services }) => services.schedule.room(s.roomId).then((r) => r ?? null),
    expectedAttendance: (s) => s.expectedAttendance ?? null,
  },
  ScheduleIssue: {
    slotIds: (i) => i.slotIds.map((id) => toGlobalId('ScheduleSlot', id)),
    stakeholderId: (i) => (i.stakeholderId ? toGlobalId('Stakeholder', i.stakeholderId) : null),
    roomId: (i) => (i.roomId ? toGlobalId('Room', i.roomId) : null),
    needed: (i) => i.needed ?? null,
    have: (i) => i.have ?? null,
  },
  ScheduleRelease: {
    id: (r) => toGlobalId('ScheduleRelease', `${r.year}.${r.version}`),
    note: (r) => r.note ?? null,
    changes: (r) => [...r.changes],
    warnings: (r) => [...r.warnings],
    notifiedSpeakers: (r) => r.affectedSpeakerIds.length,
    days: (r) => [...r.days],
  },
  SlotChange: {
    slotId: (c) => toGlobalId('ScheduleSlot', c.slotId),
    session: (c, _, { services }) => services.proposals.get(c.sessionId).then((p) => p ?? null),
  },
  ScheduleDay: {
    rooms: (d) => [...d.rooms],
    slots: (d) => [...d.slots],
  },
  ReleasedSlot: {
    id: (s) => toGlobalId('ScheduleSlot', s.id),
    roomId: (s) => toGlobalId('Room', s.roomId),
    session: (s, _, { services }) => services.proposals.get(s.sessionId).then((p) => p ?? null),
    speakers: (s) => [...s.speakers],
  },
  ReleasedSpeaker: {
    stakeholder: (s, _, { services }) => services.stakeholders.get(s.stakeholderId).then((p) => p ?? null),
  },
};
