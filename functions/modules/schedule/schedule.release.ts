/**
 * A release of the schedule as data: the numbered release record (what
 * changed, the warnings, the speakers affected) and the public day views it
 * publishes, from the work in progress and the previous release. Pure.
 */
import { ConflictError } from '../../core/errors';
import type { Session } from '../sessions';
import { dayOf, type DayView, type Release, type ReleasedSlot, type Room, type ScheduleIssue, type Slot, type SlotPrint } from './schedule.model';

export interface ReleaseParts {
  readonly year: number;
  readonly version: number;
  readonly note: string | undefined;
  readonly at: string;
  readonly releasedBy: string;
  readonly slots: readonly Slot[];
  readonly sessions: ReadonlyMap<string, Session>;
  readonly rooms: readonly Room[];
  readonly previous: Pick<Release, 'days'> | undefined;
  readonly changes: Release['changes'];
  readonly warnings: readonly ScheduleIssue[];
  readonly affected: readonly string[];
  readonly prints: readonly SlotPrint[];
}

/** The release record and its day views (days emptied since the previous release published empty). */
export function releaseRecord(parts: ReleaseParts): { release: Release; days: DayView[] } {
  const { year, version, at, slots, sessions, rooms, previous, changes, warnings, affected, prints } = parts;
  const roomMap = new Map(rooms.map((r) => [r.id, r]));
  const byDay = new Map<string, ReleasedSlot[]>();
  for (const slot of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.roomId.localeCompare(b.roomId))) {
    const session = sessions.get(slot.sessionId);
    if (!session) throw new ConflictError(`A slot's session is gone (${slot.sessionId}); remove the slot`);
    const released: ReleasedSlot = {
      id: slot.id,
      sessionId: slot.sessionId,
      title: session.title,
      type: session.type,
      roomId: slot.roomId,
      roomName: roomMap.get(slot.roomId)?.name ?? '',
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      speakers: session.speakers
        .filter((s) => s.status === 'CONFIRMED')
        .map((s) => ({ stakeholderId: s.stakeholderId, role: s.role, attendance: s.attendance })),
    };
    byDay.set(dayOf(slot.startsAt), [...(byDay.get(dayOf(slot.startsAt)) ?? []), released]);
  }
  const emptied = (previous?.days ?? []).filter((d) => !byDay.has(d));
  const days: DayView[] = [
    ...[...byDay].map(([date, daySlots]) => ({
      year,
      date,
      release: version,
      rooms: rooms.filter((r) => daySlots.some((s) => s.roomId === r.id)),
      slots: daySlots,
    })),
    ...emptied.map((date) => ({ year, date, release: version, rooms: [], slots: [] })),
  ];
  if (days.length > 90) throw new ConflictError('A release covers at most 90 days');
  const release: Release = {
    year,
    version,
    ...(parts.note ? { note: parts.note } : {}),
    releasedAt: at,
    releasedBy: parts.releasedBy,
    changes,
    warnings: [...warnings],
    affectedSpeakerIds: [...affected],
    days: [...byDay.keys()].sort(),
    slots: [...prints],
  };
  return { release, days };
}
