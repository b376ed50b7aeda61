/**
 * A theme's participation in DynamoDB: the theme's counter item (active
 * contributions tagged with it, and their distinct contributors, by group
 * and region) and a marker per (theme, contributor) holding how many of the
 * contributor's active contributions carry the theme. They move only inside
 * the transaction of the write that changes what they count: tagging or
 * re-tagging a contribution, and withdrawing a tagged one (the
 * consultations module adds these items to its withdrawal). Each write
 * states what it read — the subject's tag head revision, the contribution's
 * status, each marker — as its condition, so a concurrent change fails the
 * transaction and the write is re-planned: the counters never drift.
 */
import { batchGetItems } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, readCounts, type Counts } from '../../core/dynamodb/counters';
import { consultationKeys } from '../../core/dynamodb/keys';
import { named, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { contributionIdParts, type Contribution } from '../consultations';
import { markerEntity, tagHeadEntity } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import type { TagSubjectType } from './programme.model';

/** What the counters count of a contribution. */
export type CountedContribution = Pick<Contribution, 'id' | 'contributorId' | 'group' | 'region' | 'status'>;

/** The tags of a consultation or contribution as one item, with a revision every tag change moves. */
export interface TagHead {
  readonly themeIds: readonly string[];
  readonly rev: number;
}

/** Transaction item names of these writes (a failed one means: read again and re-plan). */
export const PARTICIPATION_ITEM = { head: 'tagHead', subject: 'taggedSubject', marker: 'themeMarker', counts: 'themeCounts' } as const;

export async function tagHeadOf(type: TagSubjectType, id: string): Promise<TagHead | undefined> {
  const head = await tagHeadEntity.getConsistent(keys.tagHead(type, id));
  return head ? { themeIds: head.themeIds, rev: head.rev } : undefined;
}

/** The head's next state, conditional on the revision it was read at (absent: not yet written). */
export function tagHeadPut(type: TagSubjectType, id: string, read: TagHead | undefined, themeIds: readonly string[], now: Date): NamedItem {
  return named(PARTICIPATION_ITEM.head, {
    Put: {
      TableName: tableName(),
      Item: tagHeadEntity.item({ subjectType: type, subjectId: id, themeIds, rev: (read?.rev ?? 0) + 1, updatedAt: now.toISOString() }),
      ...(read ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': read.rev } } : { ConditionExpression: 'attribute_not_exists(PK)' }),
    },
  });
}

/** The head unchanged since it was read (a withdrawal counts the tags it read, and no others). */
export function tagHeadUnchanged(type: TagSubjectType, id: string, read: TagHead | undefined): NamedItem {
  return named(PARTICIPATION_ITEM.head, {
    ConditionCheck: {
      TableName: tableName(),
      Key: keys.tagHead(type, id),
      ...(read ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': read.rev } } : { ConditionExpression: 'attribute_not_exists(PK)' }),
    },
  });
}

/** The contribution still in the status its tags were counted for (active: counted; withdrawn: not). */
export function contributionInStatus(c: CountedContribution): NamedItem {
  const parts = contributionIdParts(c.id);
  if (!parts) throw new Error(`Not a contribution id: ${c.id}`);
  return named(PARTICIPATION_ITEM.subject, {
    ConditionCheck: {
      TableName: tableName(),
      Key: consultationKeys.contribution(parts.consultationId, parts.localId),
      ConditionExpression: '#status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': c.status },
    },
  });
}

/** How many active tagged contributions a marker holds, as the write that moves it believes. */
export type MarkerState = 'absent' | 'zero' | 'one' | 'many';

export async function readThemeMarkers(themeIds: readonly string[], contributorId: string): Promise<MarkerState[]> {
  return Promise.all(
    themeIds.map(async (themeId): Promise<MarkerState> => {
      const marker = await markerEntity.getConsistent(keys.themeContributor(themeId, contributorId));
      if (!marker) return 'absent';
      return marker.active <= 0 ? 'zero' : marker.active === 1 ? 'one' : 'many';
    }),
  );
}

/** The marker write for one more (+1) or one less (−1) tagged active contribution, and the distinct-contributor change it means. */
function markerWrite(themeId: string, state: MarkerState, by: 1 | -1, c: CountedContribution): { item: TransactItem; distinct: 1 | -1 | 0 } {
  const key = keys.themeContributor(themeId, c.contributorId);
  if (by === 1 && state === 'absent') {
    return {
      item: {
        Put: {
          TableName: tableName(),
          Item: markerEntity.item({ themeId, contributorId: c.contributorId, group: c.group, region: c.region, active: 1 }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      distinct: 1,
    };
  }
  const condition = state === 'absent' ? 'attribute_not_exists(PK)' : state === 'zero' ? 'active = :zero' : state === 'one' ? 'active = :one' : 'active > :one';
  const values: Record<string, number> = { ':by': by };
  if (state === 'zero') values[':zero'] = 0;
  if (state === 'one' || state === 'many') values[':one'] = 1;
  const distinct = by === 1 ? (state === 'zero' ? 1 : 0) : state === 'one' ? -1 : 0;
  return {
    item: {
      Update: { TableName: tableName(), Key: key, UpdateExpression: 'ADD active :by', ConditionExpression: condition, ExpressionAttributeValues: values },
    },
    distinct,
  };
}

/** Counter names of a theme: those of the participation balance (analytics reads them the same way). */
function themeIncrements(c: CountedContribution, by: 1 | -1, distinct: 1 | -1 | 0): Record<string, number> {
  return {
    contributions: by,
    [`contributions.group.${c.group}`]: by,
    [`contributions.region.${c.region}`]: by,
    ...(distinct ? { contributors: distinct, [`contributors.group.${c.group}`]: distinct, [`contributors.region.${c.region}`]: distinct } : {}),
  };
}

/** The marker and counter writes of an active contribution joining (+1) or leaving (−1) themes. */
export function themeParticipationItems(
  c: CountedContribution,
  moves: readonly { readonly themeId: string; readonly by: 1 | -1; readonly state: MarkerState }[],
): NamedItem[] {
  return moves.flatMap(({ themeId, by, state }) => {
    const marker = markerWrite(themeId, state, by, c);
    return [
      named(PARTICIPATION_ITEM.marker, marker.item, themeId),
      named(
        PARTICIPATION_ITEM.counts,
        counterUpdate(tableName(), keys.themeCounts(themeId), themeIncrements(c, by, marker.distinct), { entity: 'ThemeCounts', themeId }),
        themeId,
      ),
    ];
  });
}

/** The participation counters of themes: one BatchGetItem. */
export async function getThemeCounts(themeIds: readonly string[]): Promise<Counts[]> {
  const items = await batchGetItems(themeIds.map((id) => keys.themeCounts(id)));
  return items.map((item) => readCounts(item));
}
