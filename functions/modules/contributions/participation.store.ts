/**
 * The participation store: distinct-contributor markers and the counter
 * shards of a consultation and of its consultation year, as transaction items
 * for the contribution writes that move them (so counts never drift).
 */
import { getItemConsistent } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, type Increments } from '../../core/dynamodb/counters';
import { consultationKeys, counterShard, type ItemKey } from '../../core/dynamodb/keys';
import { named, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { whileOpen, type ConsultationCounter, type Contribution } from '../consultations';
import { activeOfMarker, markerItem } from './contribution.items';

/** The entity of the counter items (the consultations store reads them). */
const COUNTS = 'ConsultationCounts';

/**
 * A marker per (consultation, contributor) and per (year, contributor) holds
 * how many active contributions the contributor has there. Each write that
 * changes it states what it believes the marker holds, as its condition:
 * the distinct-contributor counters move exactly when the marker crosses 0,
 * and a wrong belief (a concurrent write got there first) fails the whole
 * transaction, which is re-planned from a fresh read — so counts never drift.
 */
export type MarkerState = 'absent' | 'zero' | 'one' | 'many';

export async function readMarker(key: ItemKey): Promise<MarkerState> {
  const item = await getItemConsistent(key);
  if (!item) return 'absent';
  const active = activeOfMarker(item);
  return active <= 0 ? 'zero' : active === 1 ? 'one' : 'many';
}

/** The marker write for one more (+1) or one less (−1) active contribution, and the distinct-contributor change it means. */
export function markerWrite(key: ItemKey, state: MarkerState, by: 1 | -1, c: Contribution): { item: TransactItem; distinct: 1 | -1 | 0 } {
  const table = tableName();
  if (by === 1 && state === 'absent') {
    return {
      item: {
        Put: {
          TableName: table,
          Item: markerItem(key, { contributorId: c.contributorId, group: c.group, region: c.region, active: 1 }),
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
    item: { Update: { TableName: table, Key: key, UpdateExpression: 'ADD active :by', ConditionExpression: condition, ExpressionAttributeValues: values } },
    distinct,
  };
}

/** The update of one shard of a consultation's counters (created on first use). */
export function consultationCounters(consultationId: string, shard: number, increments: Increments<ConsultationCounter>): TransactItem {
  return counterUpdate(tableName(), consultationKeys.countsShard(consultationId, shard), increments, { entity: COUNTS, consultationId });
}

/** The update of one shard of a consultation year's counters (created on first use). */
export function yearCounters(year: number, shard: number, increments: Increments<ConsultationCounter>): TransactItem {
  return counterUpdate(tableName(), consultationKeys.yearCountsShard(year, shard), increments, { entity: COUNTS, year });
}

/**
 * The counter updates of a contribution's write: its shard of the consultation's counters and of the year's (the
 * same shard number, from its id). With `openAt`, the consultation's shard also checks that the consultation is
 * open then (its copy of the window): the write's open-window check, on an item it writes anyway.
 */
export function countersOf(
  c: Contribution,
  consultationIncrements: Increments<ConsultationCounter>,
  yearIncrements: Increments<ConsultationCounter>,
): NamedItem<'counters'>[];
export function countersOf(
  c: Contribution,
  consultationIncrements: Increments<ConsultationCounter>,
  yearIncrements: Increments<ConsultationCounter>,
  openAt: Date,
): NamedItem<'counters' | 'openWindow'>[];
export function countersOf(
  c: Contribution,
  consultationIncrements: Increments<ConsultationCounter>,
  yearIncrements: Increments<ConsultationCounter>,
  openAt?: Date,
): NamedItem<'counters' | 'openWindow'>[] {
  const shard = counterShard(c.id);
  const inConsultation = consultationCounters(c.consultationId, shard, consultationIncrements);
  return [
    openAt ? named('openWindow', whileOpen(inConsultation, openAt)) : named('counters', inConsultation),
    named('counters', yearCounters(c.year, shard, yearIncrements)),
  ];
}
