/**
 * Theme tags on consultations and contributions in DynamoDB: one item per
 * (subject, theme), also indexed under the theme, and the subject's tag head
 * whose revision every change moves; a contribution's re-tagging carries its
 * themes' participation writes (theme-participation.store.ts).
 */
import { tableName } from '../../core/dynamodb/client';
import { named, transactWrite, type NamedItem } from '../../core/dynamodb/transact';
import { themeTagEntity } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import type { TagSubjectType } from './programme.model';
import { PARTICIPATION_ITEM, tagHeadPut, type TagHead } from './theme-participation.store';

/** The theme ids a consultation or contribution is tagged with (one Query of its tag partition). */
export async function tagsOf(type: TagSubjectType, id: string): Promise<string[]> {
  const page = await themeTagEntity.query.ofSubject(
    { subjectType: type, subjectId: id },
    { scope: `tags:${type}:${id}`, sk: { beginsWith: keys.tagPrefix }, first: 100 },
  );
  return page.items.map((tag) => tag.themeId);
}

/**
 * Replaces a subject's tags: removed ones deleted, new ones put (each also indexed under its theme), the tag head
 * at the revision it was read at, and `counted` (the theme participation writes of a contribution's tags) — one
 * transaction. `changed`: the head, the contribution or a marker moved since they were read; read again.
 */
export async function setTags(
  type: TagSubjectType,
  id: string,
  head: TagHead | undefined,
  themeIds: readonly string[],
  now: Date,
  counted: readonly NamedItem[] = [],
): Promise<'saved' | 'changed'> {
  const previous = head?.themeIds ?? [];
  const removed = previous.filter((themeId) => !themeIds.includes(themeId));
  const added = themeIds.filter((themeId) => !previous.includes(themeId));
  const items: NamedItem[] = [
    ...removed.map((themeId) => named('untag', { Delete: { TableName: tableName(), Key: keys.tag(type, id, themeId) } }, themeId)),
    ...added.map((themeId) =>
      named(
        'tag',
        { Put: { TableName: tableName(), Item: themeTagEntity.item({ themeId, subjectType: type, subjectId: id, createdAt: now.toISOString() }) } },
        themeId,
      ),
    ),
    tagHeadPut(type, id, head, themeIds, now),
    ...counted,
  ];
  const outcome = await transactWrite(items);
  if (outcome.ok) return 'saved';
  if (outcome.failed === 'tag' || outcome.failed === 'untag' || outcome.failed === PARTICIPATION_ITEM.counts) {
    throw new Error(`Tags of ${type} ${id} not stored (condition of ${outcome.failed})`);
  }
  return 'changed';
}

/** Ids of the subjects of a type tagged with a theme (up to `first`). */
export async function taggedWith(themeId: string, type: TagSubjectType, first: number): Promise<string[]> {
  const page = await themeTagEntity.query.taggedWith({ themeId }, { scope: `tagged:${themeId}:${type}`, sk: { beginsWith: keys.taggedSort(type, '') }, first });
  return page.items.map((tag) => tag.subjectId);
}
