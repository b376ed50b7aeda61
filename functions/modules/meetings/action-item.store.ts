/** Action items in DynamoDB: in their meeting's item collection, created while the meeting is held or in draft. */
import { getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { changeKeys } from '../../core/dynamodb/keys';
import { meetingKeys } from './meeting.keys';
import { childIdParts, type ActionItem } from './meeting.model';
import { meetingInStatus, put, transact } from './meeting.store';

export const ACTION_ITEM = 'ActionItem';

function actionItemItem(a: ActionItem): Item {
  const parts = childIdParts(a.id);
  if (!parts) throw new Error(`Malformed action item id ${a.id}`);
  return { ...meetingKeys.actionItem(parts.meetingId, parts.localId), entity: ACTION_ITEM, ...changeKeys(ACTION_ITEM, a.updatedAt, a.id), ...a };
}
export function actionItemFromItem(item: Item): ActionItem {
  return {
    id: item.id as string,
    meetingId: item.meetingId as string,
    text: item.text as string,
    ownerId: item.ownerId as string,
    dueAt: item.dueAt as string,
    status: item.status as ActionItem['status'],
    reviewedAtMeetingId: item.reviewedAtMeetingId as string | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

export async function getActionItemConsistent(id: string): Promise<ActionItem | undefined> {
  const parts = childIdParts(id);
  const item = parts ? await getItemConsistent(meetingKeys.actionItem(parts.meetingId, parts.localId)) : undefined;
  return item?.entity === ACTION_ITEM ? actionItemFromItem(item) : undefined;
}

/** Creates an action item while the meeting is HELD or its minutes are in draft. */
export async function createActionItem(a: ActionItem): Promise<'created' | 'wrongState'> {
  const outcome = await transact([
    meetingInStatus(a.meetingId, ['HELD', 'MINUTES_DRAFT']),
    { name: 'actionItem', item: put(actionItemItem(a), 'attribute_not_exists(PK)') },
  ]);
  return outcome.ok ? 'created' : 'wrongState';
}

export async function saveActionItem(next: ActionItem, expectedVersion: number): Promise<'saved' | 'stale'> {
  const outcome = await transact([{ name: 'actionItem', item: put(actionItemItem(next), 'version = :version', { ':version': expectedVersion }) }]);
  return outcome.ok ? 'saved' : 'stale';
}
