import { describe, expect, it } from 'vitest';
import { internalId } from '../../functions/core/ids';
import { errorCode, gql, unique } from '../helpers/api';
import { createPerson } from '../helpers/people';
import { openConsultation, recount, storedCounts, storedYearCounts } from '../helpers/consultations';
import { partition } from '../helpers/db';
import { consultationKeys } from '../../functions/core/dynamodb/keys';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      contribution {
        id
        version
      }
      receipt {
        digest
        receivedAt
      }
    }
  }
`;

const contributionItems = async (consultationId: string) =>
  (await partition(consultationKeys.partition(consultationId))).filter((item) => item.entity === 'Contribution');

describe('submitting under concurrency', () => {
  it('stores 100 concurrent submissions to one consultation, with counters equal to a recount (consultation and year)', async () => {
    // Prepare: 40 people across groups and regions, some contributing several times
    const { consultation, globalId } = await openConsultation();
    const people = await Promise.all(
      Array.from({ length: 40 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[i % 5] } })),
    );

    // Act
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        gql(SUBMIT, { input: { consultationId: globalId, body: `Point ${i}`, language: 'en', idempotencyKey: unique('key-') } }, people[i % 40]!.token),
      ),
    );

    // Assess
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    expect(await contributionItems(consultation.id)).toHaveLength(100);
    const expected = await recount([consultation.id]);
    expect(expected).toMatchObject({ contributions: 100, contributors: 40 });
    expect(await storedCounts(consultation.id)).toEqual(expected);
    expect(await storedYearCounts(consultation.year)).toEqual(expected);
  }, 120_000);

  it('stores one contribution for five concurrent retries with one idempotency key, and returns it to each', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const input = { consultationId: globalId, body: 'Said once', language: 'en', idempotencyKey: unique('key-') };

    // Act
    const results = await Promise.all(Array.from({ length: 5 }, () => gql(SUBMIT, { input }, person.token)));

    // Assess
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const ids = new Set(results.map((r) => r.data?.submitContribution.contribution.id));
    const digests = new Set(results.map((r) => r.data?.submitContribution.receipt.digest));
    expect(ids.size).toBe(1);
    expect(digests.size).toBe(1);
    expect(await contributionItems(consultation.id)).toHaveLength(1);
    expect(await storedCounts(consultation.id)).toMatchObject({ contributions: 1, contributors: 1 });
  });

  it('refuses a reused idempotency key with different content as CONFLICT and stores nothing more', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const key = unique('key-');
    const first = await gql(SUBMIT, { input: { consultationId: globalId, body: 'Original', language: 'en', idempotencyKey: key } }, person.token);

    // Act
    const reused = await gql(SUBMIT, { input: { consultationId: globalId, body: 'Something else', language: 'en', idempotencyKey: key } }, person.token);

    // Assess
    expect(first.errors).toBeUndefined();
    expect(errorCode(reused)).toBe('CONFLICT');
    expect(reused.errors?.[0]?.extensions?.field).toBe('input.idempotencyKey');
    expect(await contributionItems(consultation.id)).toHaveLength(1);
    expect(await storedCounts(consultation.id)).toMatchObject({ contributions: 1 });
  });

  it('keeps distinct-contributor counts exact when one person submits and withdraws concurrently', async () => {
    // Prepare: two contributions by the same person
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const submitted = await Promise.all(
      [1, 2, 3].map((n) =>
        gql(SUBMIT, { input: { consultationId: globalId, body: `Point ${n}`, language: 'en', idempotencyKey: unique('key-') } }, person.token),
      ),
    );
    const [a, b] = submitted.map((r) => r.data?.submitContribution.contribution.id as string);

    // Act: withdraw two while submitting two more
    const withdraw = (id: string) =>
      gql(
        `mutation ($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { contribution { status } } }`,
        { input: { id, version: 1 } },
        person.token,
      );
    const results = await Promise.all([
      withdraw(a as string),
      withdraw(b as string),
      gql(SUBMIT, { input: { consultationId: globalId, body: 'More', language: 'en', idempotencyKey: unique('key-') } }, person.token),
      gql(SUBMIT, { input: { consultationId: globalId, body: 'Even more', language: 'en', idempotencyKey: unique('key-') } }, person.token),
    ]);

    // Assess
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
    const expected = await recount([consultation.id]);
    expect(expected).toMatchObject({ contributions: 3, withdrawn: 2, contributors: 1 });
    expect(await storedCounts(consultation.id)).toEqual(expected);
    expect(internalId(globalId, 'Consultation')).toBe(consultation.id);
  });
});
