/**
 * The meeting page in DynamoDB: a meeting and its children share one item
 * collection, so the whole page is one Query.
 */
import type { Item } from '../../core/dynamodb/batch';
import { queryAll } from '../../core/dynamodb/query';
import { actionItemEntity, attendanceEntity, decisionEntity, meetingEntity, minutesEntity } from './meeting.items';
import type { MeetingPage } from './meeting.model';

/**
 * The meeting page: the meeting with its agenda, attendance, decisions (each
 * with its first subjects), action items and minutes — one item collection,
 * one Query (paged through if it ever exceeds 1 MB). Each item is parsed by
 * its entity's declaration; the collection's other items (its consultation
 * links) are left out.
 */
export async function getMeetingPage(id: string, consistent = false): Promise<MeetingPage | undefined> {
  const items = await queryAll({ ...meetingEntity.at.collection({ id }), ...(consistent ? { consistentRead: true } : {}) }, (item) => item);
  const meta = items.find((item) => item.entity === meetingEntity.name);
  if (!meta) return undefined;
  const minutes = items.find((item) => item.entity === minutesEntity.name);
  const of = <T>(entity: { readonly name: string; parse: (item: Item) => T }) => items.filter((item) => item.entity === entity.name).map(entity.parse);
  return {
    meeting: meetingEntity.parse(meta),
    attendance: of(attendanceEntity),
    decisions: of(decisionEntity).sort((a, b) => a.number - b.number),
    actionItems: of(actionItemEntity),
    minutes: minutes ? minutesEntity.parse(minutes) : undefined,
  };
}
