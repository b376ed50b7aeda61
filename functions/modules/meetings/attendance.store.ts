/** Attendance at meetings in DynamoDB: one item per attendee in the meeting's item collection (meeting.items.ts). */
import type { Attendance } from './meeting.model';
import { attendanceEntity } from './meeting.items';
import { meetingInStatus, put, transact } from './meeting.store';

/** Records attendance entries while the meeting is neither closed nor cancelled. */
export async function recordAttendance(meetingId: string, entries: readonly Attendance[]): Promise<'saved' | 'wrongState'> {
  const outcome = await transact([
    meetingInStatus(meetingId, ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT']),
    ...entries.map((entry) => ({ name: `attendance:${entry.stakeholderId}`, item: put(attendanceEntity.item(entry)) })),
  ]);
  return outcome.ok ? 'saved' : 'wrongState';
}
