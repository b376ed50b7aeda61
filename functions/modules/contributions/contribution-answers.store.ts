/**
 * The MAG's answers to contributions: dispositions and responses recorded all
 * or nothing, with the counters they move. Every write checks, in its own
 * transaction, that the consultation item is closed at the closing time the
 * figures are computed from (the secretariat may have moved it: extended or
 * closed early), never a copy stored on the contribution.
 */
import { batchGetItems } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import type { Increments } from '../../core/dynamodb/counters';
import { consultationKeys, counterShard } from '../../core/dynamodb/keys';
import { named, transactWrite, type NamedItem } from '../../core/dynamodb/transact';
import {
  addInto,
  clockedValues,
  consultationFromItem,
  dispositionIncrements,
  type Consultation,
  type ConsultationCounter,
  type Contribution,
  type Disposition,
} from '../consultations';
import { contributionEntity, contributionKey } from './contribution.items';
import { putIfActiveAt } from './contribution.store';
import { consultationCounters, countersOf, yearCounters } from './participation.store';

/**
 * The consultation item is closed, and at the closing time `closesAt` (the one the counters' days are
 * measured from): a ConditionCheck in the answer's transaction.
 */
export function consultationClosedCheck(consultationId: string, closesAt: string, now: Date): NamedItem<'consultationClosed'> {
  return named(
    'consultationClosed',
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: consultationKeys.item(consultationId),
        ConditionExpression: '#status IN (:s0, :s1, :s2, :published) AND closesAt = :closesAt AND closesAt <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closesAt': closesAt, ':now': now.toISOString(), ':published': 'SYNTHESIS_PUBLISHED', ...clockedValues() },
      },
    },
    consultationId,
  );
}

/** Contributions and their consultations in one BatchGetItem (for a decision's adoption), in the order asked. */
export async function getContributionsWithConsultations(
  ids: readonly string[],
  consultationIds: readonly string[],
): Promise<{ contributions: (Contribution | undefined)[]; consultations: (Consultation | undefined)[] }> {
  const keys = ids.map((id) => {
    const key = contributionKey(id);
    if (!key) throw new Error(`Malformed contribution id ${id}`);
    return key;
  });
  const items = await batchGetItems([...keys, ...consultationIds.map((id) => consultationKeys.item(id))]);
  return {
    contributions: items.slice(0, ids.length).map(contributionEntity.from),
    consultations: items.slice(ids.length).map((item) => (item?.entity === 'Consultation' ? consultationFromItem(item) : undefined)),
  };
}

/** The disposition an answer change records (its next state always carries its answer). */
function dispositionOf(c: Contribution): Disposition {
  if (!c.answer) throw new Error(`Contribution ${c.id} has no answer to record`);
  return c.answer.disposition;
}

/** Room for the two counter items, the consultation's check and the caller's write allowance (core/dynamodb/client.ts) in a transaction of at most 100. */
export const DISPOSITIONS_PER_TRANSACTION = 96;

export type AnswerOutcome = { readonly kind: 'saved' } | { readonly kind: 'stale'; readonly contributionId: string } | { readonly kind: 'notClosed' };

/**
 * Records answers of one consultation's contributions, all or nothing: each
 * contribution must still be at its expected version, active, and the
 * consultation item closed at `now`, at `closesAt` (the closing time the
 * caller read; by default the one the first contribution was submitted
 * under). Up to 96 answers are one transaction; a larger set is split, and if
 * a later part fails the earlier parts are undone (conditionally on the
 * versions just written) before the failure is reported.
 */
export async function saveAnswers(
  changes: readonly { readonly previous: Contribution; readonly next: Contribution }[],
  now: Date,
  closesAt: string | undefined = changes[0]?.previous.closesAt,
): Promise<AnswerOutcome> {
  // No answers: nothing to write (and no closing time to check them against).
  if (closesAt === undefined) return { kind: 'saved' };
  const done: { previous: Contribution; next: Contribution }[][] = [];
  for (let start = 0; start < changes.length; start += DISPOSITIONS_PER_TRANSACTION) {
    const chunk = changes.slice(start, start + DISPOSITIONS_PER_TRANSACTION);
    const outcome = await writeAnswerChunk(chunk, now, closesAt);
    if (outcome.kind !== 'saved') {
      for (const written of done.reverse()) {
        // Undo: back to the previous state, only if nobody changed them since.
        await writeAnswerChunk(
          written.map(({ previous, next }) => ({
            previous: next,
            // The earlier content, as a new version (so readers and the change feed see the undo).
            next: { ...previous, updatedAt: now.toISOString(), version: next.version + 1 },
          })),
          now,
          closesAt,
          true,
        );
      }
      return outcome;
    }
    done.push([...chunk]);
  }
  return { kind: 'saved' };
}

async function writeAnswerChunk(
  chunk: readonly { previous: Contribution; next: Contribution }[],
  now: Date,
  closesAt: string,
  undo = false,
): Promise<AnswerOutcome> {
  const first = chunk[0];
  if (!first) return { kind: 'saved' };
  const increments: Partial<Record<ConsultationCounter, number>> = {};
  for (const { previous, next } of chunk) {
    if (undo) {
      // Reverse of the forward move previous→next (here `previous` is the written state).
      const forward = dispositionIncrements(next.answer, dispositionOf(previous), closesAt, new Date(previous.answer?.answeredAt ?? now));
      addInto(increments, Object.fromEntries(Object.entries(forward).map(([name, by]) => [name, -(by ?? 0)])));
    } else {
      addInto(increments, dispositionIncrements(previous.answer, dispositionOf(next), closesAt, now));
    }
  }
  const items: NamedItem<'answer' | 'counters' | 'consultationClosed'>[] = chunk.map(({ previous, next }) =>
    named('answer', putIfActiveAt(next, previous.version), previous.id),
  );
  items.push(...countersOf(first.next, increments, increments));
  // An undo puts back what this request wrote a moment ago: it needs no check of the consultation.
  if (!undo) items.push(consultationClosedCheck(first.next.consultationId, closesAt, now));
  const outcome = await transactWrite(items);
  if (outcome.ok) return { kind: 'saved' };
  if (outcome.failed === 'consultationClosed') return { kind: 'notClosed' };
  const failed = chunk.find(({ previous }) => previous.id === outcome.subject);
  if (outcome.failed !== 'answer' || !failed) throw new Error(`Answers of ${first.next.consultationId} could not be stored (condition of ${outcome.failed})`);
  return { kind: 'stale', contributionId: failed.previous.id };
}

// ---------------------------------------------------------------- writes of adopted decisions

/**
 * The writes that give contributions the disposition an adopted MAG decision
 * decides, for the decision's own transaction: each contribution at the
 * version read and active; each consultation closed, at the closing time in
 * `closesAtOf` (the consultation item's, checked in the transaction); the
 * counter item of each consultation and of each year (once per year) moved
 * by the disposition change and, the first time a decision processes a
 * contribution, by the processing increments. Items: contributions +
 * 2 per consultation + 1 per year.
 */
function bucket<K, V>(totals: Map<K, V>, key: K, empty: V): V {
  let total = totals.get(key);
  if (!total) totals.set(key, (total = empty));
  return total;
}

export function decisionAnswerWrites(
  changes: readonly { readonly previous: Contribution; readonly next: Contribution; readonly processing: Increments<ConsultationCounter> }[],
  closesAtOf: ReadonlyMap<string, string>,
  now: Date,
): NamedItem<'contribution' | 'counters' | 'consultationClosed'>[] {
  const byConsultation = new Map<string, { readonly closesAt: string; readonly increments: Partial<Record<ConsultationCounter, number>> }>();
  const byYear = new Map<number, Partial<Record<ConsultationCounter, number>>>();
  const writes: NamedItem<'contribution' | 'counters' | 'consultationClosed'>[] = changes.map(({ previous, next, processing }) => {
    const closesAt = closesAtOf.get(next.consultationId);
    if (!closesAt) throw new Error(`No closing time for consultation ${next.consultationId}`);
    const increments: Partial<Record<ConsultationCounter, number>> = {};
    addInto(increments, dispositionIncrements(previous.answer, dispositionOf(next), closesAt, now));
    addInto(increments, processing);
    addInto(bucket(byConsultation, next.consultationId, { closesAt, increments: {} }).increments, increments);
    addInto(bucket(byYear, next.year, {}), increments);
    return named('contribution', putIfActiveAt(next, previous.version), next.id);
  });
  for (const [consultationId, { closesAt, increments }] of byConsultation) {
    // Answers come after the close, a few at a time: any shard will do (a read sums them all).
    writes.push(named('counters', consultationCounters(consultationId, counterShard(consultationId), increments), consultationId));
    writes.push(consultationClosedCheck(consultationId, closesAt, now));
  }
  for (const [year, increments] of byYear) writes.push(named('counters', yearCounters(year, counterShard(String(year)), increments), String(year)));
  return writes;
}

/** The store as the contributions services receive it (their unit tests give them an in-memory one). */
export const answerStore = {
  getContributionsWithConsultations,
  saveAnswers,
  decisionAnswerWrites,
};
