/**
 * The schedule in DynamoDB (the only code of the module that talks to it):
 * rooms, work-in-progress slots, the head that versions the work in progress,
 * releases and the released days. Every edit of the work in progress is one
 * transaction conditional on the head's version; a release writes the head,
 * the release, its days and its mail in one. Outcomes come back as data.
 */
import { tableName } from '../../core/dynamodb/client';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { dayEntity, headEntity, releaseEntity, releaseId, roomEntity, slotEntity } from './schedule.items';
import { scheduleKeys as keys } from './schedule.keys';
import type { DayView, Release, Room, ScheduleHead, Slot } from './schedule.model';

const emptyHead = (year: number): ScheduleHead => ({ year, version: 0, releasedVersion: 0, updatedAt: '' });

export async function getHeadConsistent(year: number): Promise<ScheduleHead> {
  return (await headEntity.getConsistent(keys.head(year))) ?? emptyHead(year);
}

export async function getHeads(years: readonly number[]): Promise<ScheduleHead[]> {
  const heads = await headEntity.getMany(years.map((year) => keys.head(year)));
  return years.map((year, i) => heads[i] ?? emptyHead(year));
}

/** The head moved to `next`, conditional on the version read (0: no head yet). */
function headPut(next: ScheduleHead, expected: number): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: headEntity.item(next),
      ConditionExpression: expected === 0 ? 'attribute_not_exists(PK)' : '#v = :v',
      ...(expected === 0 ? {} : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expected } }),
    },
  };
}

// ---------------------------------------------------------------- rooms

export async function getRooms(keysOf: readonly { year: number; id: string }[]): Promise<(Room | undefined)[]> {
  return roomEntity.getMany(keysOf.map((k) => keys.room(k.year, k.id)));
}

export async function getRoomConsistent(year: number, id: string): Promise<Room | undefined> {
  return roomEntity.getConsistent(keys.room(year, id));
}

export function listRooms(year: number, first: number, after?: string | null): Promise<Page<Room>> {
  return roomEntity.query.ofYear({ year }, { scope: `rooms:${year}`, sk: { beginsWith: keys.roomPrefix }, first, after });
}

export const allRooms = (year: number): Promise<Room[]> => roomEntity.queryAll.ofYear({ year }, { sk: { beginsWith: keys.roomPrefix } });

export async function createRoom(room: Room, guard: { readonly key: ItemKey; readonly requestDigest: string }, now: Date): Promise<'created' | 'replayed'> {
  const outcome = await transactWrite([
    named('guard', idempotencyGuardPut(guard.key, room.id, guard.requestDigest, now)),
    named('room', {
      Put: {
        TableName: tableName(),
        Item: roomEntity.item(room),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
  ]);
  return outcome.ok ? 'created' : 'replayed';
}

export async function saveRoom(next: Room, expectedVersion: number): Promise<'saved' | 'stale'> {
  const outcome = await transactWrite([
    named('room', {
      Put: {
        TableName: tableName(),
        Item: roomEntity.item(next),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
    }),
  ]);
  return outcome.ok ? 'saved' : 'stale';
}

// ---------------------------------------------------------------- the work in progress

export async function getSlotConsistent(year: number, id: string): Promise<Slot | undefined> {
  return slotEntity.getConsistent(keys.slot(year, id));
}

export async function getSlots(keysOf: readonly { year: number; id: string }[]): Promise<(Slot | undefined)[]> {
  return slotEntity.getMany(keysOf.map((k) => keys.slot(k.year, k.id)));
}

export function listSlots(year: number, first: number, after?: string | null, consistentRead = false): Promise<Page<Slot>> {
  return slotEntity.query.ofYear({ year }, { scope: `slots:${year}`, sk: { beginsWith: keys.slotPrefix }, first, after, consistentRead });
}

/** The work in progress's slots, read consistently (the read of an edit or a release). */
export const allSlots = (year: number): Promise<Slot[]> => slotEntity.queryAll.ofYear({ year }, { sk: { beginsWith: keys.slotPrefix }, consistentRead: true });

export type EditOutcome = { ok: true } | { ok: false; failed: string };

/**
 * One edit of the work in progress: the slot put (or deleted), the session's placement, the head's version bumped —
 * one transaction, conditional on the head's version read.
 */
export async function editSlot(
  head: ScheduleHead,
  edit: { put?: Slot; deleteId?: string; creating?: boolean },
  session: NamedItem,
  at: string,
): Promise<EditOutcome> {
  const items: NamedItem[] = [named('head', headPut({ ...head, version: head.version + 1, updatedAt: at }, head.version)), session];
  if (edit.put) {
    items.push(
      named('slot', {
        Put: {
          TableName: tableName(),
          Item: slotEntity.item(edit.put),
          ...(edit.creating ? { ConditionExpression: 'attribute_not_exists(PK)' } : { ConditionExpression: 'attribute_exists(PK)' }),
        },
      }),
    );
  }
  if (edit.deleteId)
    items.push(named('slot', { Delete: { TableName: tableName(), Key: keys.slot(head.year, edit.deleteId), ConditionExpression: 'attribute_exists(PK)' } }));
  const outcome = await transactWrite(items);
  return outcome.ok ? { ok: true } : { ok: false, failed: outcome.failed };
}

// ---------------------------------------------------------------- releases

export async function getReleaseConsistent(year: number, version: number): Promise<Release | undefined> {
  if (version < 1) return undefined;
  return releaseEntity.getConsistent(keys.release(year, version));
}

export async function getReleases(keysOf: readonly { year: number; version: number }[]): Promise<(Release | undefined)[]> {
  return releaseEntity.getMany(keysOf.map((k) => keys.release(k.year, k.version)));
}

export function listReleases(year: number, first: number, after?: string | null): Promise<Page<Release>> {
  return releaseEntity.query.ofYear({ year }, { scope: `releases:${year}`, sk: { beginsWith: keys.releasePrefix }, first, after, forward: false });
}

/** A day of the released schedule: one GetItem. */
export async function getDays(keysOf: readonly { year: number; date: string }[]): Promise<(DayView | undefined)[]> {
  return dayEntity.getMany(keysOf.map((k) => keys.day(k.year, k.date)));
}

/**
 * A release: the head (conditional on the work in progress's version read and on the release number), the release
 * item, each day's snapshot (days the release empties are written empty) and the mail to the affected speakers.
 */
export async function saveRelease(
  head: ScheduleHead,
  release: Release,
  days: readonly DayView[],
  mail: readonly TransactItem[],
): Promise<'released' | 'stale'> {
  const nextHead: ScheduleHead = {
    ...head,
    releasedVersion: release.version,
    releasedAt: release.releasedAt,
    releasedAtVersion: head.version,
    updatedAt: release.releasedAt,
  };
  const outcome = await transactWrite([
    named('head', {
      Put: {
        TableName: tableName(),
        Item: headEntity.item(nextHead),
        ConditionExpression: head.version === 0 && head.releasedVersion === 0 ? 'attribute_not_exists(PK)' : '#v = :v AND #r = :r',
        ...(head.version === 0 && head.releasedVersion === 0
          ? {}
          : {
              ExpressionAttributeNames: { '#v': 'version', '#r': 'releasedVersion' },
              ExpressionAttributeValues: { ':v': head.version, ':r': head.releasedVersion },
            }),
      },
    }),
    named('release', {
      Put: {
        TableName: tableName(),
        Item: releaseEntity.item({ ...release, year: head.year, id: releaseId({ year: head.year, version: release.version }) }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    ...days.map((day) => named('day', { Put: { TableName: tableName(), Item: dayEntity.item(day) } }, day.date)),
    ...mail.map((item) => named('mail', item)),
  ]);
  return outcome.ok ? 'released' : 'stale';
}

/** A retry's earlier result (the guard written with the first request), for the service to give back. */
export { findIdempotentResult } from '../../core/dynamodb/idempotency';
