/**
 * A consultation's counters are spread over counter shards (so concurrent submissions do not meet on one item),
 * summed on read, and exact; each shard carries a copy of the consultation's window, which the contribution
 * writes check in their transaction instead of the consultation item. The copies move in the same transaction as
 * the dates: a write planned from a consultation read before it closed is refused by the transaction itself.
 */
import { describe, expect, it } from 'vitest';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { consultationKeys, COUNTER_SHARDS, counterShard } from '../../functions/core/dynamodb/keys';
import { newId } from '../../functions/core/ids';
import { buildContribution, contributionId, revise, withdrawn } from '../../functions/modules/consultations/consultation.model';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { gql, secretariatToken } from '../helpers/api';
import { contributeDirect, createConsultationDirect, recount, snapshot, storedCounts } from '../helpers/consultations';
import { getItem } from '../helpers/db';
import { createPerson } from '../helpers/people';

const DAY = 86_400_000;
const CLOSE = 'mutation ($input: ConsultationDateChangeInput!) { closeConsultationEarly(input: $input) { consultation { closesAt } } }';
const EXTEND = 'mutation ($input: ExtendConsultationInput!) { extendConsultation(input: $input) { consultation { closesAt } } }';

describe("a consultation's counter shards", () => {
  it('spreads concurrent submissions over the shards, sums them exactly, and leaves the consultation item alone', async () => {
    // Prepare
    const { consultation } = await createConsultationDirect({ status: 'OPEN', closesAt: new Date(Date.now() + DAY) });
    const people = await Promise.all(Array.from({ length: 12 }, () => createPerson()));
    const before = await getItem(consultationKeys.item(consultation.id));

    // Act: 24 submissions, 12 at a time
    const made = [];
    for (let round = 0; round < 2; round++)
      made.push(...(await Promise.all(people.map((p) => contributeDirect(consultation, p.stakeholder, { at: new Date() })))));

    // Assess
    const shards = await Promise.all(consultationKeys.countsShards(consultation.id).map(getItem));
    expect(shards).toHaveLength(COUNTER_SHARDS);
    const used = new Set(made.map((c) => counterShard(c.id)));
    expect(used.size).toBeGreaterThan(1);
    for (const [shard, item] of shards.entries()) {
      expect(item?.['n:contributions'] ?? 0).toBe(made.filter((c) => counterShard(c.id) === shard).length);
    }
    expect(await storedCounts(consultation.id)).toEqual(await recount([consultation.id]));
    expect(await consultationStore.getCountsConsistent(consultation.id)).toMatchObject({ contributions: 24, contributors: 12 });
    expect(await getItem(consultationKeys.item(consultation.id))).toEqual(before);
  });

  it('refuses a submission, an edit and a withdrawal planned before an early close, in the transaction, writing nothing', async () => {
    // Prepare: a contribution, then the secretariat closes the consultation early
    const { consultation, globalId } = await createConsultationDirect({ status: 'OPEN', closesAt: new Date(Date.now() + DAY) });
    const person = await createPerson();
    const own = await contributeDirect(consultation, person.stakeholder, { at: new Date() });
    const closed = await gql(CLOSE, { input: { id: globalId, version: 1, reason: 'The mandate changed' } }, await secretariatToken());
    expect(closed.errors).toBeUndefined();
    const before = await snapshot(consultation);
    const now = new Date();

    // Act: writes planned from the consultation as read before the close (still open in that copy)
    const { contribution, revision } = buildContribution({
      id: contributionId(consultation.id, newId(now)),
      consultation,
      authorId: person.stakeholder.id,
      capacity: 'PERSONAL',
      countedFor: person.stakeholder,
      body: 'Late',
      language: 'en',
      now,
    });
    const submitted = await contributionStore.submitContribution(
      contribution,
      revision,
      { key: idempotencyGuardKey('submitContribution', person.stakeholder.id, newId()), requestDigest: 'late' },
      now,
    );
    const edit = revise(own, 'Edited late', 'en', now);
    const edited = await contributionStore.editContribution(edit.next, edit.revision, own.version, now);
    const withdrawal = await contributionStore.withdrawContribution(withdrawn(own, now), own.version, now);

    // Assess
    expect(submitted).toEqual({ kind: 'notOpen' });
    expect([edited, withdrawal]).toEqual(['notOpen', 'notOpen']);
    expect(await snapshot(consultation)).toEqual(before);
  });

  it("moves every shard's window with an extension, in the extension's transaction", async () => {
    // Prepare
    const { consultation, globalId } = await createConsultationDirect({ status: 'OPEN', closesAt: new Date(Date.now() + DAY) });
    const closesAt = new Date(Date.now() + 3 * DAY).toISOString();

    // Act
    const extended = await gql(EXTEND, { input: { id: globalId, version: 1, closesAt, reason: 'More time to answer' } }, await secretariatToken());

    // Assess
    expect(extended.errors).toBeUndefined();
    const shards = await Promise.all(consultationKeys.countsShards(consultation.id).map(getItem));
    expect(shards.map((shard) => [shard?.status, shard?.opensAt, shard?.closesAt])).toEqual(
      Array.from({ length: COUNTER_SHARDS }, () => ['OPEN', consultation.opensAt, closesAt]),
    );
  });
});
