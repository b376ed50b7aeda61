/**
 * The schedule in DynamoDB (the only code of the module that talks to it):
 * rooms, work-in-progress slots, the head that versions the work in progress,
 * releases and the released days. Every edit of the work in progress is one
 * transaction conditional on the head's version; a release writes the head,
 * the release, its days and its mail in one. Outcomes come back as data.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import { changeKeys, type ItemKey } from '../../core/dynamodb/keys';
import { allPages, queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { scheduleKeys as keys } from './schedule.keys';
import type { DayView, Release, Room, ScheduleHead, Slot } from './schedule.model';

const HEAD = 'ScheduleHead';
const ROOM = 'Room';
const SLOT = 'ScheduleSlot';
const RELEASE = 'ScheduleRelease';
const DAY = 'ScheduleDay';
const NOT_DOMAIN = /^(PK|SK|GSI\dPK|GSI\dSK|ChangesPK|ChangesSK|entity)$/;

const domain = <T>(item: Item): T => Object.fromEntries(Object.entries(item).filter(([name]) => !NOT_DOMAIN.test(name))) as T;

const emptyHead = (year: number): ScheduleHead => ({ year, version: 0, releasedVersion: 0, updatedAt: '' });

export async function getHeadConsistent(year: number): Promise<ScheduleHead> {
  const item = await getItemConsistent(keys.head(year));
  return item ? domain<ScheduleHead>(item) : emptyHead(year);
}

export async function getHeads(years: readonly number[]): Promise<ScheduleHead[]> {
  const items = await batchGetItems(years.map((year) => keys.head(year)));
  return years.map((year, i) => (items[i] ? domain<ScheduleHead>(items[i]) : emptyHead(year)));
}

/** The head moved to `next`, conditional on the version read (0: no head yet). */
function headPut(next: ScheduleHead, expected: number): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.head(next.year), entity: HEAD, ...next },
      ConditionExpression: expected === 0 ? 'attribute_not_exists(PK)' : '#v = :v',
      ...(expected === 0 ? {} : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expected } }),
    },
  };
}

// ---------------------------------------------------------------- rooms

export async function getRooms(keysOf: readonly { year: number; id: string }[]): Promise<(Room | undefined)[]> {
  const items = await batchGetItems(keysOf.map((k) => keys.room(k.year, k.id)));
  return items.map((item) => (item?.entity === ROOM ? domain<Room>(item) : undefined));
}

export async function getRoomConsistent(year: number, id: string): Promise<Room | undefined> {
  const item = await getItemConsistent(keys.room(year, id));
  return item?.entity === ROOM ? domain<Room>(item) : undefined;
}

export function listRooms(year: number, first: number, after?: string | null): Promise<Page<Room>> {
  return queryPage({ scope: `rooms:${year}`, pk: keys.partition(year), sk: { beginsWith: keys.roomPrefix }, first, after }, (item) => domain<Room>(item));
}

export const allRooms = (year: number) => allPages((after) => listRooms(year, 100, after));

export async function createRoom(room: Room, guard: { readonly key: ItemKey; readonly requestDigest: string }, now: Date): Promise<'created' | 'replayed'> {
  const outcome = await transactWrite([
    named('guard', idempotencyGuardPut(guard.key, room.id, guard.requestDigest, now)),
    named('room', {
      Put: {
        TableName: tableName(),
        Item: { ...keys.room(room.year, room.id), entity: ROOM, ...changeKeys(ROOM, room.updatedAt, room.id), ...room },
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
        Item: { ...keys.room(next.year, next.id), entity: ROOM, ...changeKeys(ROOM, next.updatedAt, next.id), ...next },
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
  const item = await getItemConsistent(keys.slot(year, id));
  return item?.entity === SLOT ? domain<Slot>(item) : undefined;
}

export async function getSlots(keysOf: readonly { year: number; id: string }[]): Promise<(Slot | undefined)[]> {
  const items = await batchGetItems(keysOf.map((k) => keys.slot(k.year, k.id)));
  return items.map((item) => (item?.entity === SLOT ? domain<Slot>(item) : undefined));
}

export function listSlots(year: number, first: number, after?: string | null, consistentRead = false): Promise<Page<Slot>> {
  return queryPage({ scope: `slots:${year}`, pk: keys.partition(year), sk: { beginsWith: keys.slotPrefix }, first, after, consistentRead }, (item) =>
    domain<Slot>(item),
  );
}

export const allSlots = (year: number) => allPages((after) => listSlots(year, 100, after, true));

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
          Item: { ...keys.slot(edit.put.year, edit.put.id), entity: SLOT, ...edit.put },
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
  const item = await getItemConsistent(keys.release(year, version));
  return item?.entity === RELEASE ? domain<Release>(item) : undefined;
}

export async function getReleases(keysOf: readonly { year: number; version: number }[]): Promise<(Release | undefined)[]> {
  const items = await batchGetItems(keysOf.map((k) => keys.release(k.year, k.version)));
  return items.map((item) => (item?.entity === RELEASE ? domain<Release>(item) : undefined));
}

export function listReleases(year: number, first: number, after?: string | null): Promise<Page<Release>> {
  return queryPage({ scope: `releases:${year}`, pk: keys.partition(year), sk: { beginsWith: keys.releasePrefix }, first, after, forward: false }, (item) =>
    domain<Release>(item),
  );
}

/** A day of the released schedule: one GetItem. */
export async function getDays(keysOf: readonly { year: number; date: string }[]): Promise<(DayView | undefined)[]> {
  const items = await batchGetItems(keysOf.map((k) => keys.day(k.year, k.date)));
  return items.map((item) => (item?.entity === DAY ? domain<DayView>(item) : undefined));
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
        Item: { ...keys.head(head.year), entity: HEAD, ...nextHead },
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
        Item: {
          ...keys.release(head.year, release.version),
          entity: RELEASE,
          id: `${head.year}.${release.version}`,
          ...changeKeys(RELEASE, release.releasedAt, `${head.year}.${release.version}`),
          ...release,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    ...days.map((day) => named('day', { Put: { TableName: tableName(), Item: { ...keys.day(day.year, day.date), entity: DAY, ...day } } }, day.date)),
    ...mail.map((item) => named('mail', item)),
  ]);
  return outcome.ok ? 'released' : 'stale';
}
