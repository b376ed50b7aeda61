/**
 * The meeting page in DynamoDB: a meeting and its children share one item
 * collection, so the whole page is one Query.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { ACTION_ITEM, actionItemFromItem } from './action-item.store';
import { ATTENDANCE, attendanceFromItem } from './attendance.store';
import { DECISION, decisionFromItem } from './decision.store';
import { meetingKeys } from './meeting.keys';
import type { MeetingPage } from './meeting.model';
import { MEETING, meetingFromItem } from './meeting.store';
import { minutesFromItem } from './minutes.store';

/**
 * The meeting page: the meeting with its agenda, attendance, decisions (each
 * with its first subjects), action items and minutes — one item collection,
 * one Query (paged through if it ever exceeds 1 MB).
 */
export async function getMeetingPage(id: string, consistent = false): Promise<MeetingPage | undefined> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': meetingKeys.partition(id) },
        ...(start ? { ExclusiveStartKey: start } : {}),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    );
    items.push(...((result.Items ?? []) as Item[]));
    start = result.LastEvaluatedKey;
  } while (start);
  const meta = items.find((item) => item.SK === meetingKeys.metaSk && item.entity === MEETING);
  if (!meta) return undefined;
  const minutes = items.find((item) => item.SK === meetingKeys.minutesSk);
  return {
    meeting: meetingFromItem(meta),
    attendance: items.filter((item) => item.entity === ATTENDANCE).map(attendanceFromItem),
    decisions: items
      .filter((item) => item.entity === DECISION)
      .map(decisionFromItem)
      .sort((a, b) => a.number - b.number),
    actionItems: items.filter((item) => item.entity === ACTION_ITEM).map(actionItemFromItem),
    minutes: minutes ? minutesFromItem(minutes) : undefined,
  };
}
