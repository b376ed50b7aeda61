/**
 * Test consultations and contributions. Consultations in any state (past,
 * open, closed) are written straight through the repository with the stamps
 * a test needs; contributions to past consultations go through the same
 * repository write the API uses, at a past instant. `recount` derives the
 * counters from the raw items, to compare with the stored counter items.
 */
import { randomInt } from 'node:crypto';
import { readShardedCounts } from '../../functions/core/dynamodb/counters';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { consultationKeys } from '../../functions/core/dynamodb/keys';
import { newId, toGlobalId } from '../../functions/core/ids';
import {
  addInto,
  answered,
  buildContribution,
  contributionId,
  contributionIncrements,
  contributorIncrements,
  dispositionIncrements,
  processingIncrements,
  type Consultation,
  type ConsultationStatus,
  type Contribution,
  type Disposition,
} from '../../functions/modules/consultations/consultation.model';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as answerStore from '../../functions/modules/contributions/contribution-answers.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import type { Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';
import { errorCode, gql } from './api';
import { getItem } from './db';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A year no API-created consultation uses, so the year's counters belong to this test alone. */
export const privateYear = () => randomInt(10_000, 1_000_000);

export async function createConsultationDirect(
  options: { opensAt?: Date; closesAt?: Date; status?: ConsultationStatus; questions?: string[]; year?: number; sequence?: number } = {},
): Promise<{ consultation: Consultation; globalId: string }> {
  const now = new Date();
  const at = now.toISOString();
  const consultation: Consultation = {
    id: newId(now),
    year: options.year ?? privateYear(),
    sequence: options.sequence ?? 1,
    title: 'A test consultation',
    summary: 'What should be done?',
    body: 'Tell us **everything**.',
    language: 'en',
    questions: (options.questions ?? ['First question?', 'Second question?']).map((text) => ({ id: newId(now), text })),
    opensAt: (options.opensAt ?? new Date(now.getTime() - HOUR)).toISOString(),
    closesAt: (options.closesAt ?? new Date(now.getTime() + HOUR)).toISOString(),
    storedStatus: options.status ?? 'SCHEDULED',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  if ((await consultationStore.createConsultation(consultation)) !== 'created') {
    // Hundreds of tests draw private years at random: on the rare collision, draw again unless the test chose the year.
    if (options.year === undefined) return createConsultationDirect(options);
    throw new Error('cycle slot taken');
  }
  return { consultation, globalId: toGlobalId('Consultation', consultation.id) };
}

/** A consultation that is open now. */
export const openConsultation = (options: Parameters<typeof createConsultationDirect>[0] = {}) => createConsultationDirect(options);

/** A consultation that closed `daysAgo` days ago (open for ten days before). */
export function closedConsultation(daysAgo = 1, options: Parameters<typeof createConsultationDirect>[0] = {}) {
  const closesAt = new Date(Date.now() - daysAgo * DAY);
  return createConsultationDirect({ opensAt: new Date(closesAt.getTime() - 10 * DAY), closesAt, ...options });
}

/** Stores a contribution as of `at` (when the consultation was open), through the repository write the API uses. */
export async function contributeDirect(
  consultation: Consultation,
  author: Stakeholder,
  options: { at?: Date; body?: string; parentId?: string; questionId?: string; organisation?: Stakeholder } = {},
): Promise<Contribution> {
  const at = options.at ?? new Date(Date.parse(consultation.opensAt) + HOUR);
  const { contribution, revision } = buildContribution({
    id: contributionId(consultation.id, newId(at)),
    consultation,
    authorId: author.id,
    capacity: options.organisation ? 'ON_BEHALF_OF' : 'PERSONAL',
    organisationId: options.organisation?.id,
    countedFor: options.organisation ?? author,
    questionId: options.questionId,
    parentId: options.parentId,
    body: options.body ?? `A point made at ${at.toISOString()}`,
    language: 'en',
    now: at,
  });
  const outcome = await contributionStore.submitContribution(
    contribution,
    revision,
    { key: idempotencyGuardKey('submitContribution', author.id, newId()), requestDigest: 'direct' },
    at,
  );
  if (outcome.kind !== 'created') throw new Error(`not stored: ${outcome.kind}`);
  return contribution;
}

/** Answers contributions through the repository as of `at`. */
export async function answerDirect(contributions: Contribution[], disposition: Disposition, at: Date): Promise<Contribution[]> {
  const changes = contributions.map((previous) => ({ previous, next: answered(previous, disposition, `Answer: ${disposition}`, 'test', at) }));
  const outcome = await answerStore.saveAnswers(changes, at);
  if (outcome.kind !== 'saved') throw new Error(`not answered: ${outcome.kind}`);
  return changes.map((change) => change.next);
}

/** The counters as stored on the consultation's counter shards, summed (zeros dropped). */
export async function storedCounts(consultationId: string): Promise<Record<string, number>> {
  return nonZero(readShardedCounts(await Promise.all(consultationKeys.countsShards(consultationId).map(getItem))));
}

export async function storedYearCounts(year: number): Promise<Record<string, number>> {
  return nonZero(readShardedCounts(await Promise.all(consultationKeys.yearCountsShards(year).map(getItem))));
}

/** The counters derived from the raw contribution items of the consultations (zeros dropped). */
export async function recount(consultationIds: string[]): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  const activeContributors = new Map<string, Contribution>();
  for (const consultationId of consultationIds) {
    // Days are counted from the consultation's actual close (the secretariat may have moved it), not a contribution's copy.
    const closesAt = (await consultationStore.getConsultationConsistent(consultationId))?.closesAt;
    for (const stored of await contributionStore.allContributions(consultationId)) {
      const c = closesAt ? { ...stored, closesAt } : stored;
      if (c.status === 'WITHDRAWN') {
        addInto(total, { withdrawn: 1 });
        continue;
      }
      addInto(total, contributionIncrements(c, 1));
      activeContributors.set(c.contributorId, c);
      if (c.answer) {
        const first = dispositionIncrements(undefined, c.answer.disposition, c.closesAt, new Date(c.answer.firstAnsweredAt));
        addInto(total, first);
      }
      // Processed by an adopted MAG decision: counted once, at the first one.
      if (c.firstProcessedAt) addInto(total, processingIncrements(c, new Date(c.firstProcessedAt)));
    }
  }
  for (const c of activeContributors.values()) addInto(total, contributorIncrements(c, 1));
  return nonZero(total);
}

function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

/** Creates a consultation through the API in a free cycle slot (tests share the years 2000..2100). */
export async function createViaApi(token: string, input: Record<string, unknown>) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await gql(
      `mutation ($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id status version year sequence questions { id text position } } } }`,
      { input: { year: randomInt(2000, 2101), sequence: randomInt(1, 4), ...input } },
      token,
    );
    if (errorCode(result) !== 'CONFLICT') return result;
  }
  throw new Error('no free cycle slot');
}

/** Everything stored for a consultation (its partition, its counter shards and its year's), to prove a refusal wrote nothing. */
export async function snapshot(consultation: Consultation): Promise<string> {
  const { partition } = await import('./db');
  const items = await partition(consultationKeys.partition(consultation.id));
  const revisions = await Promise.all(
    items.filter((item) => item.entity === 'Contribution').map((item) => partition(consultationKeys.revisionsPartition(item.id as string))),
  );
  const counts = (await Promise.all(consultationKeys.countsShards(consultation.id).map(getItem))).filter(Boolean);
  const year = await Promise.all(consultationKeys.yearCountsShards(consultation.year).map(getItem));
  return JSON.stringify({ items, revisions, counts, year });
}
