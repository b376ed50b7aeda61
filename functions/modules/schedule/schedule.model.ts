/**
 * The programme's rooms and schedule: rooms with capacity and availability, a
 * work-in-progress schedule of slots (internal), and releases in numbered
 * versions — each a snapshot by day, with the slots it changed. The checks a
 * release runs (refusals and warnings) and the diff between releases are pure
 * rules here — no I/O.
 */
import type { Attendance, SessionTypeCode, SpeakerRole } from '../sessions';

export interface Window {
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface Room {
  /** `<year>.<ulid>`. */
  readonly id: string;
  readonly year: number;
  readonly name: string;
  readonly capacity: number;
  /** When the room can be used (empty: always). */
  readonly availability: readonly Window[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A slot of the work-in-progress schedule: one session in one room at one time. */
export interface Slot {
  /** `<year>.<ulid>`. */
  readonly id: string;
  readonly year: number;
  readonly sessionId: string;
  readonly roomId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Expected attendance, compared with the room's capacity (a warning, not a refusal). */
  readonly expectedAttendance?: number | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The schedule's head: the work in progress's version (every edit bumps it) and the last release. */
export interface ScheduleHead {
  readonly year: number;
  readonly version: number;
  readonly releasedVersion: number;
  readonly releasedAt?: string | undefined;
  /** The work in progress's version the last release published (equal to `version`: nothing new to release). */
  readonly releasedAtVersion?: number | undefined;
  readonly updatedAt: string;
}

export interface WorkInProgress {
  readonly head: ScheduleHead;
  readonly slots: readonly Slot[];
  readonly rooms: readonly Room[];
}

export interface ReleasedSpeaker {
  readonly stakeholderId: string;
  readonly role: SpeakerRole;
  readonly attendance: Attendance;
}

/** A slot as released: what a day of the schedule shows without reading the sessions. */
export interface ReleasedSlot {
  readonly id: string;
  readonly sessionId: string;
  readonly title: string;
  readonly type: SessionTypeCode;
  readonly roomId: string;
  readonly roomName: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly speakers: readonly ReleasedSpeaker[];
}

export interface DayView {
  readonly year: number;
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  /** The release this day is from. */
  readonly release: number;
  readonly rooms: readonly Room[];
  readonly slots: readonly ReleasedSlot[];
}

export const SLOT_CHANGES = ['ADDED', 'MOVED', 'REMOVED'] as const;
export type SlotChangeKind = (typeof SLOT_CHANGES)[number];

export interface SlotChange {
  readonly slotId: string;
  readonly sessionId: string;
  readonly change: SlotChangeKind;
}

export const SCHEDULE_RULES = ['SPEAKER_DOUBLE_BOOKED', 'ROOM_DOUBLE_BOOKED', 'SPEAKER_OVER_CAP', 'MAIN_SESSION_UNCONFIRMED_SPEAKER'] as const;
export const SCHEDULE_WARNINGS = ['ROOM_CAPACITY', 'ROOM_UNAVAILABLE', 'SPEAKER_TIGHT_CHANGE'] as const;
export type ScheduleRule = (typeof SCHEDULE_RULES)[number] | (typeof SCHEDULE_WARNINGS)[number];

/** A problem of the schedule: a refusal (SCHEDULE_RULES) or a warning (SCHEDULE_WARNINGS). */
export interface ScheduleIssue {
  readonly rule: ScheduleRule;
  readonly slotIds: readonly string[];
  readonly stakeholderId?: string | undefined;
  readonly roomId?: string | undefined;
  readonly needed?: number | undefined;
  readonly have?: number | undefined;
}

/** The fingerprint of a released slot, kept on the release to diff the next one against. */
export interface SlotPrint {
  readonly id: string;
  readonly sessionId: string;
  readonly roomId: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface Release {
  readonly year: number;
  readonly version: number;
  readonly note?: string | undefined;
  readonly releasedAt: string;
  readonly releasedBy: string;
  readonly changes: readonly SlotChange[];
  readonly warnings: readonly ScheduleIssue[];
  readonly affectedSpeakerIds: readonly string[];
  readonly days: readonly string[];
  readonly slots: readonly SlotPrint[];
}

/** What the checks need of a session. */
export interface SessionForSchedule {
  readonly id: string;
  readonly type: SessionTypeCode;
  readonly title: string;
  readonly speakers: readonly { readonly stakeholderId: string; readonly role: SpeakerRole; readonly attendance: Attendance; readonly status: string }[];
}

/** The minimum gap between one speaker's sessions in different rooms before a warning. */
export const MIN_CHANGE_MINUTES = 10;
export const MAX_ROOMS = 200;
export const MAX_SLOTS = 1000;

const overlaps = (a: Window, b: Window) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** Confirmed speakers of a session, once each (only they attend). */
export const attendingSpeakers = (s: SessionForSchedule) => [...new Set(s.speakers.filter((p) => p.status === 'CONFIRMED').map((p) => p.stakeholderId))];

/**
 * The refusals and warnings of releasing `slots`: a speaker in two overlapping slots, two sessions in one room at
 * once, a speaker over the per-event cap, a main session with an unconfirmed speaker (refusals); a room over
 * capacity, a room used outside its availability, less than MIN_CHANGE_MINUTES between one speaker's sessions in
 * different rooms (warnings).
 */
export function checkSchedule(slots: readonly Slot[], rooms: ReadonlyMap<string, Room>, sessions: ReadonlyMap<string, SessionForSchedule>, speakerCap: number) {
  const refusals: ScheduleIssue[] = [];
  const warnings: ScheduleIssue[] = [];
  const ordered = [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const bySpeaker = new Map<string, Slot[]>();
  for (const slot of ordered) {
    const session = sessions.get(slot.sessionId);
    for (const id of session ? attendingSpeakers(session) : []) bySpeaker.set(id, [...(bySpeaker.get(id) ?? []), slot]);
    if (session?.type === 'MAIN_SESSION') {
      for (const s of session.speakers.filter((p) => p.status === 'INVITED')) {
        refusals.push({ rule: 'MAIN_SESSION_UNCONFIRMED_SPEAKER', slotIds: [slot.id], stakeholderId: s.stakeholderId });
      }
    }
    const room = rooms.get(slot.roomId);
    if (room && slot.expectedAttendance !== undefined && slot.expectedAttendance > room.capacity) {
      warnings.push({ rule: 'ROOM_CAPACITY', slotIds: [slot.id], roomId: room.id, needed: slot.expectedAttendance, have: room.capacity });
    }
    if (room && room.availability.length > 0 && !room.availability.some((w) => w.startsAt <= slot.startsAt && slot.endsAt <= w.endsAt)) {
      warnings.push({ rule: 'ROOM_UNAVAILABLE', slotIds: [slot.id], roomId: room.id });
    }
  }
  for (const [i, a] of ordered.entries()) {
    for (const b of ordered.slice(i + 1)) {
      if (b.startsAt >= a.endsAt) break;
      if (a.roomId === b.roomId) refusals.push({ rule: 'ROOM_DOUBLE_BOOKED', slotIds: [a.id, b.id], roomId: a.roomId });
    }
  }
  for (const [stakeholderId, own] of bySpeaker) {
    if (speakerCap > 0 && own.length > speakerCap)
      refusals.push({ rule: 'SPEAKER_OVER_CAP', slotIds: own.map((s) => s.id), stakeholderId, needed: speakerCap, have: own.length });
    for (const [i, a] of own.entries()) {
      for (const b of own.slice(i + 1)) {
        if (overlaps(a, b)) refusals.push({ rule: 'SPEAKER_DOUBLE_BOOKED', slotIds: [a.id, b.id], stakeholderId });
        else if (a.roomId !== b.roomId && minutesBetween(a.endsAt, b.startsAt) < MIN_CHANGE_MINUTES) {
          warnings.push({
            rule: 'SPEAKER_TIGHT_CHANGE',
            slotIds: [a.id, b.id],
            stakeholderId,
            needed: MIN_CHANGE_MINUTES,
            have: Math.max(0, minutesBetween(a.endsAt, b.startsAt)),
          });
        }
      }
    }
  }
  return { refusals, warnings };
}

/** The slots a release changes against the previous one: added, moved (room or time), removed. */
export function diffSlots(previous: readonly SlotPrint[], next: readonly SlotPrint[]): SlotChange[] {
  const before = new Map(previous.map((s) => [s.id, s]));
  const after = new Map(next.map((s) => [s.id, s]));
  const changes: SlotChange[] = [];
  for (const s of next) {
    const old = before.get(s.id);
    if (!old) changes.push({ slotId: s.id, sessionId: s.sessionId, change: 'ADDED' });
    else if (old.roomId !== s.roomId || old.startsAt !== s.startsAt || old.endsAt !== s.endsAt || old.sessionId !== s.sessionId)
      changes.push({ slotId: s.id, sessionId: s.sessionId, change: 'MOVED' });
  }
  for (const s of previous) if (!after.has(s.id)) changes.push({ slotId: s.id, sessionId: s.sessionId, change: 'REMOVED' });
  return changes;
}

/** The UTC date of an instant. */
export const dayOf = (iso: string) => iso.slice(0, 10);
