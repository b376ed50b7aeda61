/**
 * The schedule's items, declared once (core/dynamodb/entity.ts): how the head,
 * a room, a work-in-progress slot, a release and a released day become items
 * of the programme's `SCHEDULE#<year>` partition, and how they are read back.
 * The schedule store builds and parses items only here.
 */
import { attr, defineEntity } from '../../core/dynamodb/entity';
import { ATTENDANCES, SESSION_TYPE_CODES, SPEAKER_ROLES } from '../sessions';
import { scheduleKeys as keys } from './schedule.keys';
import {
  SCHEDULE_RULES,
  SCHEDULE_WARNINGS,
  SLOT_CHANGES,
  type DayView,
  type Release,
  type ReleasedSlot,
  type ReleasedSpeaker,
  type Room,
  type ScheduleHead,
  type ScheduleIssue,
  type Slot,
  type SlotChange,
  type SlotPrint,
  type Window,
} from './schedule.model';

/** What a query of the schedule's partition needs to know. */
type OfYear = { readonly year: number };
const ofYear = { pk: (p: OfYear) => keys.partition(p.year) };

export const headEntity = defineEntity<ScheduleHead>()({
  name: 'ScheduleHead',
  attributes: {
    year: attr.number,
    version: attr.number,
    releasedVersion: attr.number,
    releasedAt: attr.optional(attr.string),
    releasedAtVersion: attr.optional(attr.number),
    updatedAt: attr.string,
  },
  key: (head) => keys.head(head.year),
  patterns: {},
});

const window = attr.object<Window>({ startsAt: attr.string, endsAt: attr.string });

const roomFields = {
  id: attr.string,
  year: attr.number,
  name: attr.string,
  capacity: attr.number,
  availability: attr.list(window),
  version: attr.number,
  createdAt: attr.string,
  updatedAt: attr.string,
};

export const roomEntity = defineEntity<Room>()({
  name: 'Room',
  attributes: roomFields,
  key: (room) => keys.room(room.year, room.id),
  changes: (room) => [room.updatedAt, room.id],
  /** The programme's rooms: its partition, `begins_with(SK, ROOM#)`. */
  patterns: { ofYear },
});

export const slotEntity = defineEntity<Slot>()({
  name: 'ScheduleSlot',
  attributes: {
    id: attr.string,
    year: attr.number,
    sessionId: attr.string,
    roomId: attr.string,
    startsAt: attr.string,
    endsAt: attr.string,
    expectedAttendance: attr.optional(attr.number),
    createdAt: attr.string,
    updatedAt: attr.string,
  },
  key: (slot) => keys.slot(slot.year, slot.id),
  /** The work in progress's slots: the partition, `begins_with(SK, SLOT#)`. */
  patterns: { ofYear },
});

const issue = attr.object<ScheduleIssue>({
  rule: attr.oneOf([...SCHEDULE_RULES, ...SCHEDULE_WARNINGS]),
  slotIds: attr.list(attr.string),
  stakeholderId: attr.optional(attr.string),
  roomId: attr.optional(attr.string),
  needed: attr.optional(attr.number),
  have: attr.optional(attr.number),
});

const slotPrint = attr.object<SlotPrint>({ id: attr.string, sessionId: attr.string, roomId: attr.string, startsAt: attr.string, endsAt: attr.string });

/** A release's id in the change feed and in global ids: `<year>.<version>`. */
export const releaseId = (release: Pick<Release, 'year' | 'version'>) => `${release.year}.${release.version}`;

/** A release as stored: with its id, which the change feed reads. */
export type StoredRelease = Release & { readonly id: string };

export const releaseEntity = defineEntity<StoredRelease>()({
  name: 'ScheduleRelease',
  attributes: {
    id: attr.string,
    year: attr.number,
    version: attr.number,
    note: attr.optional(attr.string),
    releasedAt: attr.string,
    releasedBy: attr.string,
    changes: attr.list(attr.object<SlotChange>({ slotId: attr.string, sessionId: attr.string, change: attr.oneOf(SLOT_CHANGES) })),
    warnings: attr.list(issue),
    affectedSpeakerIds: attr.list(attr.string),
    days: attr.list(attr.string),
    slots: attr.list(slotPrint),
  },
  key: (release) => keys.release(release.year, release.version),
  changes: (release) => [release.releasedAt, release.id],
  /** The releases: the partition, `begins_with(SK, RELEASE#)`, newest first. */
  patterns: { ofYear },
});

const speaker = attr.object<ReleasedSpeaker>({ stakeholderId: attr.string, role: attr.oneOf(SPEAKER_ROLES), attendance: attr.oneOf(ATTENDANCES) });

const releasedSlot = attr.object<ReleasedSlot>({
  id: attr.string,
  sessionId: attr.string,
  title: attr.string,
  type: attr.oneOf(SESSION_TYPE_CODES),
  roomId: attr.string,
  roomName: attr.string,
  startsAt: attr.string,
  endsAt: attr.string,
  speakers: attr.list(speaker),
});

/** A day of the released schedule: its rooms and slots as released (one GetItem serves the day). */
export const dayEntity = defineEntity<DayView>()({
  name: 'ScheduleDay',
  attributes: {
    year: attr.number,
    date: attr.string,
    release: attr.number,
    rooms: attr.list(attr.object<Room>(roomFields)),
    slots: attr.list(releasedSlot),
  },
  key: (day) => keys.day(day.year, day.date),
  patterns: {},
});
