/** Attendance at meetings in DynamoDB: one item per attendee in the meeting's item collection. */
import type { Item } from '../../core/dynamodb/batch';
import { meetingKeys } from './meeting.keys';
import type { Attendance } from './meeting.model';
import { meetingInStatus, put, transact } from './meeting.store';

export const ATTENDANCE = 'Attendance';

function attendanceItem(a: Attendance): Item {
  return { ...meetingKeys.attendance(a.meetingId, a.stakeholderId), entity: ATTENDANCE, ...a };
}

export function attendanceFromItem(item: Item): Attendance {
  return {
    meetingId: item.meetingId as string,
    stakeholderId: item.stakeholderId as string,
    role: item.role as Attendance['role'],
    mode: item.mode as Attendance['mode'],
    status: item.status as Attendance['status'],
    recordedAt: item.recordedAt as string,
  };
}

/** Records attendance entries while the meeting is neither closed nor cancelled. */
export async function recordAttendance(meetingId: string, entries: readonly Attendance[]): Promise<'saved' | 'wrongState'> {
  const outcome = await transact([
    meetingInStatus(meetingId, ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT']),
    ...entries.map((entry) => ({ name: `attendance:${entry.stakeholderId}`, item: put(attendanceItem(entry)) })),
  ]);
  return outcome.ok ? 'saved' : 'wrongState';
}
