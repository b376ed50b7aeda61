/** A contribution's item and its revisions' as stored: their keys (author and reply indexes, change feed) and their parsing. */
import type { Item } from '../../core/dynamodb/batch';
import { changeKeys, consultationKeys, type ItemKey } from '../../core/dynamodb/keys';
import { contributionIdParts, type Answer, type Contribution, type ContributionRevision } from '../consultations';

export const CONTRIBUTION = 'Contribution';
const REVISION = 'ContributionRevision';

export function contributionItem(c: Contribution): Item {
  const parts = contributionIdParts(c.id);
  if (!parts) throw new Error(`Malformed contribution id ${c.id}`);
  const byTime = consultationKeys.byTime(c.createdAt, c.id);
  // Until the first edit the first receipt is the receipt: not stored twice (a submission's write units grow by
  // the KB, and the consultation's partition takes every submission's: see docs/performance.md).
  const { firstReceipt, ...stored } = c;
  return {
    ...consultationKeys.contribution(parts.consultationId, parts.localId),
    entity: CONTRIBUTION,
    GSI1PK: consultationKeys.byAuthor(c.authorId),
    GSI1SK: byTime,
    ...(c.parentId ? { GSI2PK: consultationKeys.replies(c.parentId), GSI2SK: byTime } : {}),
    // A private answer does not move the contribution in the public change feed.
    ...changeKeys(CONTRIBUTION, c.publicUpdatedAt ?? c.updatedAt, c.id),
    ...stored,
    ...(c.revision === 1 ? {} : { firstReceipt }),
  };
}

export function contributionFromItem(item: Item): Contribution {
  return {
    id: item.id as string,
    consultationId: item.consultationId as string,
    year: item.year as number,
    closesAt: item.closesAt as string,
    authorId: item.authorId as string,
    capacity: item.capacity as Contribution['capacity'],
    organisationId: item.organisationId as string | undefined,
    contributorId: item.contributorId as string,
    group: item.group as Contribution['group'],
    region: item.region as Contribution['region'],
    questionId: item.questionId as string | undefined,
    parentId: item.parentId as string | undefined,
    status: item.status as Contribution['status'],
    body: (item.body as string | undefined) ?? null,
    language: item.language as string,
    receipt: item.receipt as Contribution['receipt'],
    firstReceipt: (item.firstReceipt ?? item.receipt) as Contribution['firstReceipt'],
    revision: item.revision as number,
    answer: item.answer as Answer | undefined,
    processedBy: item.processedBy as string[] | undefined,
    firstProcessedAt: item.firstProcessedAt as string | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
    publicUpdatedAt: item.publicUpdatedAt as string | undefined,
    publicVersion: item.publicVersion as number | undefined,
    receiptSalt: item.receiptSalt as string | undefined,
  };
}

export function contributionKey(id: string): ItemKey | undefined {
  const parts = contributionIdParts(id);
  return parts ? consultationKeys.contribution(parts.consultationId, parts.localId) : undefined;
}

export function revisionItem(r: ContributionRevision): Item {
  return { ...consultationKeys.revision(r.contributionId, r.revision), entity: REVISION, ...r };
}
