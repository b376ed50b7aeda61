/**
 * The contributions module's items, declared once (core/dynamodb/entity.ts): a contribution (in its
 * consultation's item collection, on the author and reply indexes and in the change feed), its revisions (in
 * the contribution's own partition) and the distinct-contributor markers. The stores build and parse these
 * items only here.
 */
import type { Item } from '../../core/dynamodb/batch';
import { attr, defineEntity, type Attr } from '../../core/dynamodb/entity';
import { consultationKeys, type ItemKey } from '../../core/dynamodb/keys';
import { GSI } from '../../core/dynamodb/table';
import { CAPACITIES, DISPOSITIONS, contributionIdParts, type Answer, type Contribution, type ContributionRevision } from '../consultations';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';

/** Every status, named once (a status added to the model does not compile until it is listed here). */
const STATUSES: { readonly [S in Contribution['status']]: S } = { ACTIVE: 'ACTIVE', WITHDRAWN: 'WITHDRAWN' };

/** A contribution's key, from its id alone (`<consultationId>.<local id>`); undefined for an id of another shape. */
export function contributionKey(id: string): ItemKey | undefined {
  const parts = contributionIdParts(id);
  return parts ? consultationKeys.contribution(parts.consultationId, parts.localId) : undefined;
}

/** The salt is given to the author in answers only, never stored in a receipt: a stored one is not read back. */
const neverStored: Attr<undefined> = { parse: () => undefined };

const receipt = attr.object<Contribution['receipt']>({ receivedAt: attr.string, digest: attr.string, revision: attr.number, salt: neverStored });

const answer = attr.object<Answer>({
  disposition: attr.oneOf(DISPOSITIONS),
  response: attr.string,
  answeredAt: attr.string,
  answeredBy: attr.string,
  firstAnsweredAt: attr.string,
});

const byTime = (c: Pick<Contribution, 'createdAt' | 'id'>) => consultationKeys.byTime(c.createdAt, c.id);

const declared = defineEntity<Contribution>()({
  name: 'Contribution',
  attributes: {
    id: attr.string,
    consultationId: attr.string,
    year: attr.number,
    closesAt: attr.string,
    authorId: attr.string,
    capacity: attr.oneOf(CAPACITIES),
    organisationId: attr.optional(attr.string),
    contributorId: attr.string,
    group: attr.oneOf(STAKEHOLDER_GROUPS),
    region: attr.oneOf(REGIONS),
    questionId: attr.optional(attr.string),
    parentId: attr.optional(attr.string),
    status: attr.oneOf(Object.values(STATUSES)),
    // Withdrawn: the text is gone (stored as null).
    body: attr.orElse<string | null>(attr.string, null),
    language: attr.string,
    receipt,
    // Until the first edit the first receipt is the receipt, and is not stored twice (see contributionEntity below).
    firstReceipt: attr.orStored('receipt', receipt),
    revision: attr.number,
    answer: attr.optional(answer),
    processedBy: attr.optional(attr.list(attr.string)),
    firstProcessedAt: attr.optional(attr.string),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
    publicUpdatedAt: attr.optional(attr.string),
    publicVersion: attr.optional(attr.number),
    receiptSalt: attr.optional(attr.string),
  },
  key: (c) => {
    const key = contributionKey(c.id);
    if (!key) throw new Error(`Malformed contribution id ${c.id}`);
    return key;
  },
  // A private answer does not move the contribution in the public change feed.
  changes: (c) => [c.publicUpdatedAt ?? c.updatedAt, c.id],
  patterns: {
    /** A consultation's contributions, oldest first (its item collection, between `C#` and `C$`). */
    ofConsultation: { pk: (p: Pick<Contribution, 'consultationId'>) => consultationKeys.partition(p.consultationId) },
    /** A stakeholder's contributions (read newest first). */
    byAuthor: { index: 'gsi1', pk: (p: Pick<Contribution, 'authorId'>) => consultationKeys.byAuthor(p.authorId), sk: byTime },
    /** The replies to a contribution (`id` is the parent's), oldest first; only replies fill the slot (below). */
    replies: { index: 'gsi2', pk: (parent: Pick<Contribution, 'id'>) => consultationKeys.replies(parent.id) },
  },
});

/** The replies slot (GSI2) of a reply; a top-level contribution leaves it empty, so the index holds replies only. */
function replySlot(c: Contribution): Record<string, string> {
  return c.parentId ? { [GSI.gsi2.partitionKey]: consultationKeys.replies(c.parentId), [GSI.gsi2.sortKey]: byTime(c) } : {};
}

/**
 * A contribution: its declaration, with the replies slot filled for a reply only (a sparse index), and its first
 * receipt stored only once it differs from the receipt (a submission's write units grow by the KB, and the
 * consultation's partition takes every submission's: see docs/performance.md).
 */
export const contributionEntity: typeof declared = {
  ...declared,
  item: (c) => {
    const { firstReceipt, ...item } = { ...declared.item(c), ...replySlot(c) };
    return c.revision === 1 ? item : { ...item, firstReceipt };
  },
  indexKeys: (c) => ({ ...declared.indexKeys(c), ...replySlot(c) }),
};

/** A revision of a contribution (its text as it was), kept forever in the contribution's own partition. */
export const revisionEntity = defineEntity<ContributionRevision>()({
  name: 'ContributionRevision',
  attributes: { contributionId: attr.string, revision: attr.number, body: attr.string, language: attr.string, receipt },
  key: (r) => consultationKeys.revision(r.contributionId, r.revision),
  patterns: {
    /** A contribution's revisions in order (`REV#` and the zero-padded number). */
    ofContribution: { pk: (p: Pick<ContributionRevision, 'contributionId'>) => consultationKeys.revisionsPartition(p.contributionId) },
  },
});

/**
 * A distinct-contributor marker: how many active contributions a contributor has in a consultation, or in
 * a consultation year. Its key is the partition it counts in (the consultation's or the year's), which the
 * write names.
 */
export interface ContributorMarker {
  readonly contributorId: string;
  readonly group: Contribution['group'];
  readonly region: Contribution['region'];
  readonly active: number;
}

const MARKER = 'ContributorMarker';

/** A new marker's item at `key`. */
export function markerItem(key: ItemKey, marker: ContributorMarker): Item {
  return { ...key, entity: MARKER, ...marker };
}

/**
 * What a marker item counts (refused with MalformedItemError when not a number). Only `active` is read: a
 * marker a withdrawal had to create (`ADD active -1` on no item, see participation.store.ts) has nothing else.
 */
const markerActive = attr.object<Pick<ContributorMarker, 'active'>>({ active: attr.number });

export const activeOfMarker = (item: Item): number => markerActive.parse(item, MARKER).active;
