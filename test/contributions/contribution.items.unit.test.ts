/** The contributions module's item declarations (contribution.items.ts): the items they build, the values they parse back, the items they refuse. */
import { describe, expect, it } from 'vitest';
import { MalformedItemError } from '../../functions/core/dynamodb/entity';
import { answered, buildContribution, revise, withdrawn, type Contribution } from '../../functions/modules/consultations';
import { activeOfMarker, contributionEntity, contributionKey, markerItem, revisionEntity } from '../../functions/modules/contributions/contribution.items';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

function contribution(overrides: { id?: string; parentId?: string; organisationId?: string } = {}) {
  return buildContribution({
    id: overrides.id ?? 'y2026-1.01JCONTRIB',
    consultation: { id: 'y2026-1', year: 2026, closesAt: at(20).toISOString() },
    authorId: 'author-1',
    capacity: overrides.organisationId ? 'ON_BEHALF_OF' : 'PERSONAL',
    organisationId: overrides.organisationId,
    countedFor: { id: overrides.organisationId ?? 'author-1', group: 'CIVIL_SOCIETY', region: 'AFRICAN' },
    questionId: 'q1',
    parentId: overrides.parentId,
    body: 'Keep the forum open to all.',
    language: 'en',
    now: at(10),
  });
}

/** The path and expectation a refusal names, or 'accepted'. */
function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof MalformedItemError) return `${error.path}: ${error.expected}`;
    throw error;
  }
  return 'accepted';
}

describe('the contribution declaration', () => {
  it('builds a contribution in its consultation’s item collection, on the author index and in the change feed', () => {
    // Prepare
    const { contribution: c } = contribution();
    // Act
    const item = contributionEntity.item(c);
    // Assess
    expect(item).toMatchObject({
      PK: 'CONSULTATION#y2026-1',
      SK: 'C#01JCONTRIB',
      entity: 'Contribution',
      GSI1PK: 'CONTRIBUTIONS#AUTHOR#author-1',
      GSI1SK: `${at(10).toISOString()}#y2026-1.01JCONTRIB`,
      ChangesPK: 'CHANGES#Contribution',
      ChangesSK: `${at(10).toISOString()}#y2026-1.01JCONTRIB`,
      status: 'ACTIVE',
      body: 'Keep the forum open to all.',
    });
    // A top-level contribution is not in the replies index (sparse: it holds replies only).
    expect(item).not.toHaveProperty('GSI2PK');
    expect(item).not.toHaveProperty('GSI2SK');
  });

  it('stores the first receipt only once an edit makes it differ from the receipt, and reads it back either way', () => {
    // Prepare
    const { contribution: first } = contribution();
    const edited = revise(first, 'Keep it open.', 'fr', at(11)).next;

    // Act
    const firstItem = contributionEntity.item(first);
    const editedItem = contributionEntity.item(edited);

    // Assess
    expect(firstItem).not.toHaveProperty('firstReceipt');
    expect(contributionEntity.parse(firstItem).firstReceipt).toEqual(first.receipt);
    expect(editedItem.firstReceipt).toEqual(first.firstReceipt);
    expect(contributionEntity.parse(editedItem)).toMatchObject({ firstReceipt: first.receipt, receipt: edited.receipt });
    expect(edited.receipt).not.toEqual(first.receipt);
  });

  it('puts a reply in its parent’s replies, ordered by time', () => {
    // Prepare
    const { contribution: reply } = contribution({ id: 'y2026-1.01JREPLY', parentId: 'y2026-1.01JPARENT' });
    // Act, Assess
    expect(contributionEntity.item(reply)).toMatchObject({ GSI2PK: 'REPLIES#y2026-1.01JPARENT', GSI2SK: `${at(10).toISOString()}#y2026-1.01JREPLY` });
    expect(contributionEntity.indexKeys(reply)).toMatchObject({ GSI1PK: 'CONTRIBUTIONS#AUTHOR#author-1', GSI2PK: 'REPLIES#y2026-1.01JPARENT' });
    expect(contributionEntity.at.replies({ id: 'y2026-1.01JPARENT' })).toEqual({ index: 'gsi2', pk: 'REPLIES#y2026-1.01JPARENT' });
  });

  it('keeps a contribution where the public last saw it in the change feed while its answer is private', () => {
    // Prepare
    const { contribution: c } = contribution();
    const privately = answered(c, 'NOTED', 'Taken into the synthesis.', 'mag-1', at(21), false);
    // Act, Assess
    expect(contributionEntity.item(privately)).toMatchObject({ ChangesSK: `${at(10).toISOString()}#${c.id}`, updatedAt: at(21).toISOString(), version: 2 });
  });

  it('parses its own items back to the same value: submitted, edited, answered, processed and withdrawn', () => {
    // Prepare
    const { contribution: c } = contribution({ organisationId: 'org-1' });
    const edited = revise(c, 'Keep it open.', 'fr', at(11)).next;
    const answer = answered(edited, 'ADDRESSED', 'Done.', 'mag-1', at(21));
    const processed: Contribution = { ...answer, processedBy: ['m1.d1'], firstProcessedAt: at(22).toISOString() };
    // Act, Assess
    for (const value of [c, edited, answer, processed, withdrawn(edited, at(12))]) {
      // The receipt time is the receipt's (buildContribution's record carries it too; it is not an attribute of the entity).
      const { receivedAt: _receivedAt, ...expected } = value as Contribution & { receivedAt?: string };
      expect(contributionEntity.parse(contributionEntity.item(value))).toEqual(expected);
    }
  });

  it('reads absent optional attributes as undefined and an absent text as null (withdrawn)', () => {
    // Prepare
    const { contribution: c } = contribution({ organisationId: 'org-1' });
    const { organisationId: _o, questionId: _q, receiptSalt: _s, body: _b, ...older } = contributionEntity.item(c);
    // Act
    const parsed = contributionEntity.parse(older);
    // Assess
    expect(parsed).toMatchObject({ organisationId: undefined, questionId: undefined, parentId: undefined, receiptSalt: undefined, body: null });
    expect(parsed.answer).toBeUndefined();
    expect(parsed.processedBy).toBeUndefined();
    expect(contributionEntity.parse({ ...older, body: null }).body).toBeNull();
  });

  it('never reads a salt back from a stored receipt (the author gets it in answers only)', () => {
    // Prepare
    const { contribution: c } = contribution();
    const item = contributionEntity.item(c);
    // Act
    const parsed = contributionEntity.parse({ ...item, receipt: { ...c.receipt, salt: 'leaked' } });
    // Assess
    expect(parsed.receipt.salt).toBeUndefined();
    expect(parsed.receiptSalt).toBe(c.receiptSalt);
  });

  it('refuses a malformed contribution item, naming the attribute and what it should be', () => {
    // Prepare
    const { contribution: c } = contribution();
    const item = contributionEntity.item(answered(c, 'NOTED', 'Noted.', 'mag-1', at(21)));
    const parse = (bad: Record<string, unknown>) => refusal(() => contributionEntity.parse(bad));
    // Act, Assess
    expect(parse(item)).toBe('accepted');
    expect(parse({ ...item, status: 'DELETED' })).toBe('Contribution.status: one of ACTIVE, WITHDRAWN');
    expect(parse({ ...item, capacity: undefined })).toBe('Contribution.capacity: one of PERSONAL, ON_BEHALF_OF');
    expect(parse({ ...item, group: 'PRESS' })).toMatch(/^Contribution\.group: one of /);
    expect(parse({ ...item, version: '2' })).toBe('Contribution.version: a number');
    expect(parse({ ...item, body: 42 })).toBe('Contribution.body: a string');
    expect(parse({ ...item, receipt: { ...c.receipt, digest: undefined } })).toBe('Contribution.receipt.digest: a string');
    expect(parse({ ...item, firstReceipt: 'abc' })).toBe('Contribution.firstReceipt: a map');
    expect(parse({ ...item, answer: { ...(item.answer as object), disposition: 'MAYBE' } })).toMatch(/^Contribution\.answer\.disposition: one of RECEIVED, /);
    expect(parse({ ...item, processedBy: ['m1.d1', 7] })).toBe('Contribution.processedBy[1]: a string');
    expect(parse({ ...item, entity: 'ContributionRevision' })).toBe('Contribution.entity: "Contribution"');
  });

  it('reads by key as undefined when absent or another entity’s item, and refuses a malformed one', () => {
    const { contribution: c } = contribution();
    const item = contributionEntity.item(c);
    expect(contributionEntity.from(undefined)).toBeUndefined();
    expect(contributionEntity.from({ ...item, entity: 'Consultation' })).toBeUndefined();
    expect(() => contributionEntity.from({ ...item, year: '2026' })).toThrow(MalformedItemError);
  });

  it('finds a contribution’s key from its id alone, and none for an id of another shape', () => {
    expect(contributionKey('y2026-1.01JCONTRIB')).toEqual({ PK: 'CONSULTATION#y2026-1', SK: 'C#01JCONTRIB' });
    expect(contributionKey('no-dot')).toBeUndefined();
    expect(contributionKey('trailing.')).toBeUndefined();
    expect(() => contributionEntity.item({ ...contribution().contribution, id: 'no-dot' })).toThrow('Malformed contribution id no-dot');
  });

  it('names its access patterns from only what the query knows', () => {
    expect(contributionEntity.at.ofConsultation({ consultationId: 'y2026-1' })).toEqual({ pk: 'CONSULTATION#y2026-1' });
    expect(contributionEntity.at.byAuthor({ authorId: 'author-1' })).toEqual({ index: 'gsi1', pk: 'CONTRIBUTIONS#AUTHOR#author-1' });
  });
});

describe('the revision declaration', () => {
  it('builds a revision in the contribution’s own partition, out of the change feed, and parses it back', () => {
    // Prepare
    const { revision } = contribution();
    // Act
    const item = revisionEntity.item(revision);
    // Assess
    expect(item).toEqual({ PK: 'CONTRIBUTION#y2026-1.01JCONTRIB', SK: 'REV#000001', entity: 'ContributionRevision', ...revision });
    expect(revisionEntity.parse(item)).toEqual({ ...revision, receipt: { ...revision.receipt, salt: undefined } });
    expect(revisionEntity.at.ofContribution({ contributionId: revision.contributionId })).toEqual({ pk: 'CONTRIBUTION#y2026-1.01JCONTRIB' });
  });

  it('refuses a malformed revision item', () => {
    const item = revisionEntity.item(contribution().revision);
    expect(refusal(() => revisionEntity.parse({ ...item, body: null }))).toBe('ContributionRevision.body: a string');
    expect(refusal(() => revisionEntity.parse({ ...item, receipt: { ...(item.receipt as object), revision: '1' } }))).toBe(
      'ContributionRevision.receipt.revision: a number',
    );
    expect(refusal(() => revisionEntity.parse({ ...item, entity: 'Contribution' }))).toBe('ContributionRevision.entity: "ContributionRevision"');
  });
});

describe('the distinct-contributor marker', () => {
  const key = { PK: 'CONSULTATION#y2026-1', SK: 'CONTRIBUTOR#author-1' };

  it('is written at the key of the partition it counts in, and read for its count', () => {
    // Act
    const item = markerItem(key, { contributorId: 'author-1', group: 'CIVIL_SOCIETY', region: 'AFRICAN', active: 1 });
    // Assess
    expect(item).toEqual({ ...key, entity: 'ContributorMarker', contributorId: 'author-1', group: 'CIVIL_SOCIETY', region: 'AFRICAN', active: 1 });
    expect(activeOfMarker({ ...item, active: 3 })).toBe(3);
  });

  it('reads the count of a bare marker a withdrawal created, and refuses one whose count is not a number', () => {
    expect(activeOfMarker({ ...key, active: -1 })).toBe(-1);
    expect(refusal(() => activeOfMarker({ ...key, active: '1' }))).toBe('ContributorMarker.active: a number');
    expect(refusal(() => activeOfMarker({ ...key }))).toBe('ContributorMarker.active: a number');
  });
});
