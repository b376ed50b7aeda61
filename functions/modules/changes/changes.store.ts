/**
 * The change feed in DynamoDB: every entity item carries `ChangesPK =
 * CHANGES#<type>` and `ChangesSK = <updatedAt>#<id>` (keys.ts, written with
 * the item on every create and update), so the `Changes` index lists each
 * item once, at its latest change, in time order.
 */
import { attr } from '../../core/dynamodb/entity';
import { changesPartition } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import type { NodeType } from '../../core/ids';

export type ChangeAction = 'CREATED' | 'UPDATED' | 'WITHDRAWN';

export interface ChangeRecord {
  readonly type: NodeType;
  /** Internal id of the changed item. */
  readonly id: string;
  /** When it last changed. */
  readonly changedAt: string;
  /** Its sort key in the index: where a reader of this type stands after it. */
  readonly position: string;
  readonly action: ChangeAction;
}

/** What the change was, from the item's state: a withdrawn contribution, a first version, or a later one. */
export function actionOf(type: NodeType, item: Record<string, unknown>): ChangeAction {
  if (type === 'ReportRevision' || type === 'ScheduleRelease') return 'CREATED';
  if ((type === 'Contribution' || type === 'Issue') && item.status === 'WITHDRAWN') return 'WITHDRAWN';
  // An issue's supports change its counts without a new version: a supported issue is an update.
  if (type === 'Issue' && item.updatedAt !== item.createdAt) return 'UPDATED';
  // A contribution's public version: a private answer (before the synthesis) does not count as a change.
  return (item.publicVersion ?? item.version) === 1 ? 'CREATED' : 'UPDATED';
}

/** What the feed reads of any entity's item: its id and its position in the feed. */
const changed = attr.object<{ readonly ChangesSK: string; readonly id: string }>({ ChangesSK: attr.string, id: attr.string });

/** Changes of one type strictly after `position` (an ISO instant or a previous `position`), oldest first. */
export function changesAfter(type: NodeType, position: string, first: number): Promise<Page<ChangeRecord>> {
  return queryPage({ scope: `changes-of:${type}`, index: 'changes', pk: changesPartition(type), sk: { gt: position }, first }, (item) => {
    const { ChangesSK: sk, id } = changed.parse(item, type);
    return { type, id, changedAt: sk.slice(0, sk.indexOf('#')), position: sk, action: actionOf(type, item) };
  });
}
