/** Action items in DynamoDB: in their meeting's item collection (meeting.items.ts), created while the meeting is held or in draft. */
import { actionItemEntity, actionItemKey } from './meeting.items';
import type { ActionItem } from './meeting.model';
import { meetingInStatus, put, transact } from './meeting.store';

export async function getActionItemConsistent(id: string): Promise<ActionItem | undefined> {
  const key = actionItemKey(id);
  return key ? actionItemEntity.getConsistent(key) : undefined;
}

/** Creates an action item while the meeting is HELD or its minutes are in draft. */
export async function createActionItem(a: ActionItem): Promise<'created' | 'wrongState'> {
  const outcome = await transact([
    meetingInStatus(a.meetingId, ['HELD', 'MINUTES_DRAFT']),
    { name: 'actionItem', item: put(actionItemEntity.item(a), 'attribute_not_exists(PK)') },
  ]);
  return outcome.ok ? 'created' : 'wrongState';
}

export async function saveActionItem(next: ActionItem, expectedVersion: number): Promise<'saved' | 'stale'> {
  const outcome = await transact([{ name: 'actionItem', item: put(actionItemEntity.item(next), 'version = :version', { ':version': expectedVersion }) }]);
  return outcome.ok ? 'saved' : 'stale';
}
