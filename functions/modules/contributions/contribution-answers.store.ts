/**
 * The MAG's answers to contributions: dispositions and responses recorded all
 * or nothing, with the counters they move.
 */
import { tableName } from '../../core/dynamodb/client';
import type { Increments } from '../../core/dynamodb/counters';
import { named, transactWrite, type NamedItem } from '../../core/dynamodb/transact';
import { addInto, dispositionIncrements, type ConsultationCounter, type Contribution, type Disposition } from '../consultations';
import { contributionItem } from './contribution.store';
import { countersOf } from './participation.store';

/** Room for the two counter items in a transaction of at most 100. */
export const DISPOSITIONS_PER_TRANSACTION = 98;

export type AnswerOutcome = { readonly kind: 'saved' } | { readonly kind: 'stale'; readonly contributionId: string } | { readonly kind: 'notClosed' };

/**
 * Records answers of one consultation's contributions, all or nothing: each
 * contribution must still be at its expected version, active, and its
 * consultation closed at `now` (the contribution carries the frozen closing
 * time). Up to 98 answers are one transaction; a larger set is split, and if
 * a later part fails the earlier parts are undone (conditionally on the
 * versions just written) before the failure is reported.
 */
export async function saveAnswers(
  changes: readonly { readonly previous: Contribution; readonly next: Contribution }[],
  now: Date,
): Promise<AnswerOutcome> {
  const done: { previous: Contribution; next: Contribution }[][] = [];
  for (let start = 0; start < changes.length; start += DISPOSITIONS_PER_TRANSACTION) {
    const chunk = changes.slice(start, start + DISPOSITIONS_PER_TRANSACTION);
    const outcome = await writeAnswerChunk(chunk, now);
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
          true,
        );
      }
      return outcome;
    }
    done.push([...chunk]);
  }
  return { kind: 'saved' };
}

async function writeAnswerChunk(chunk: readonly { previous: Contribution; next: Contribution }[], now: Date, undo = false): Promise<AnswerOutcome> {
  const first = chunk[0];
  if (!first) return { kind: 'saved' };
  const table = tableName();
  const increments: Partial<Record<ConsultationCounter, number>> = {};
  for (const { previous, next } of chunk) {
    if (undo) {
      // Reverse of the forward move previous→next (here `previous` is the written state).
      const forward = dispositionIncrements(next.answer, previous.answer?.disposition as Disposition, previous.closesAt, new Date(previous.answer?.answeredAt ?? now));
      addInto(increments, Object.fromEntries(Object.entries(forward).map(([name, by]) => [name, -(by ?? 0)])) as typeof forward);
    } else {
      addInto(increments, dispositionIncrements(previous.answer, next.answer?.disposition as Disposition, next.closesAt, now));
    }
  }
  const items: NamedItem<'answer' | 'counters'>[] = chunk.map(({ previous, next }) =>
    named(
      'answer',
      {
        Put: {
          TableName: table,
          Item: contributionItem(next),
          ConditionExpression: `version = :version AND #status = :active${undo ? '' : ' AND closesAt <= :now'}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':version': previous.version, ':active': 'ACTIVE', ...(undo ? {} : { ':now': now.toISOString() }) },
        },
      },
      previous.id,
    ),
  );
  items.push(...countersOf(first.next, increments, increments));
  const outcome = await transactWrite(items);
  if (outcome.ok) return { kind: 'saved' };
  const failed = chunk.find(({ previous }) => previous.id === outcome.subject);
  if (outcome.failed !== 'answer' || !failed) throw new Error(`Answers of ${first.next.consultationId} could not be stored (condition of ${outcome.failed})`);
  return failed.previous.closesAt > now.toISOString() ? { kind: 'notClosed' } : { kind: 'stale', contributionId: failed.previous.id };
}

// ---------------------------------------------------------------- writes of adopted decisions

/**
 * The writes that give contributions the disposition an adopted MAG decision
 * decides, for the decision's own transaction: each contribution at the
 * version read, active, its consultation closed; the counter items of each
 * consultation and year moved by the disposition change and, the first time
 * a decision processes a contribution, by the processing increments.
 */
export function decisionAnswerWrites(
  changes: readonly { readonly previous: Contribution; readonly next: Contribution; readonly processing: Increments<ConsultationCounter> }[],
  now: Date,
): NamedItem<'contribution' | 'counters'>[] {
  const table = tableName();
  const byConsultation = new Map<string, { sample: Contribution; increments: Partial<Record<ConsultationCounter, number>> }>();
  const writes: NamedItem<'contribution' | 'counters'>[] = changes.map(({ previous, next, processing }) => {
    const group = byConsultation.get(next.consultationId) ?? { sample: next, increments: {} };
    addInto(group.increments, dispositionIncrements(previous.answer, next.answer?.disposition as Disposition, next.closesAt, now));
    addInto(group.increments, processing);
    byConsultation.set(next.consultationId, group);
    return named(
      'contribution',
      {
        Put: {
          TableName: table,
          Item: contributionItem(next),
          ConditionExpression: 'version = :version AND #status = :active AND closesAt <= :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':version': previous.version, ':active': 'ACTIVE', ':now': now.toISOString() },
        },
      },
      next.id,
    );
  });
  for (const [consultationId, { sample, increments }] of byConsultation) {
    writes.push(...countersOf(sample, increments, increments).map((counter) => ({ ...counter, subject: consultationId })));
  }
  return writes;
}

/** The store as the contributions services receive it (their unit tests give them an in-memory one). */
export const answerStore = {
  saveAnswers,
  decisionAnswerWrites,
};
