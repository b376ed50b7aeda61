/**
 * The proposal funnel in DynamoDB (the only code of the funnel that talks to
 * it): one counter item per programme and stage, and each stakeholder's years
 * on proposals (for first-time status). Writes are transaction items for the
 * caller's transaction, never written alone: a counter moves only with the
 * state change it counts.
 */
import { batchGetItems } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, readCounts, type Increments } from '../../core/dynamodb/counters';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import type { TransactItem } from '../../core/dynamodb/transact';
import { FUNNEL_STAGES, type FunnelCounter, type FunnelCounts, type FunnelStage } from './funnel.model';
import { sessionKeys as keys } from './sessions.keys';

const FUNNEL = 'ProposalFunnel';
const HISTORY = 'SessionHistory';

/** Adds to one stage's counters (the item is created on first use). */
export function funnelUpdate(year: number, stage: FunnelStage, increments: Increments<FunnelCounter>): TransactItem {
  return counterUpdate(tableName(), keys.funnel(year, stage), increments, { entity: FUNNEL, year, stage });
}

/** The years a stakeholder organised or spoke on proposals (sets: adding a year twice is one year). */
export interface SessionHistory {
  readonly organised: readonly number[];
  readonly spoke: readonly number[];
}

/** A stakeholder's history item: number sets (absent until a year is added in that role), written by `historyMark`. */
const historyEntity = defineEntity<SessionHistory & { readonly stakeholderId: string }>()({
  name: HISTORY,
  attributes: { stakeholderId: attr.string, organised: attr.orElse(attr.set(attr.number), []), spoke: attr.orElse(attr.set(attr.number), []) },
  key: (history) => keys.history(history.stakeholderId),
  patterns: {},
});

/** Adds `year` to a stakeholder's organised and/or spoken years. */
export function historyMark(stakeholderId: string, year: number, roles: { readonly organised: boolean; readonly spoke: boolean }): TransactItem {
  const names: Record<string, string> = { '#entity': 'entity', '#id': 'stakeholderId' };
  const values: Record<string, unknown> = { ':entity': HISTORY, ':id': stakeholderId, ':year': new Set([year]) };
  const adds: string[] = [];
  if (roles.organised) {
    names['#organised'] = 'organised';
    adds.push('#organised :year');
  }
  if (roles.spoke) {
    names['#spoke'] = 'spoke';
    adds.push('#spoke :year');
  }
  return {
    Update: {
      TableName: tableName(),
      Key: keys.history(stakeholderId),
      UpdateExpression: `SET #entity = :entity, #id = :id ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The histories of stakeholders (none yet: empty), in BatchGetItems of ≤ 100 keys. */
export async function getHistories(stakeholderIds: readonly string[]): Promise<Map<string, SessionHistory>> {
  const items = await batchGetItems(stakeholderIds.map((id) => keys.history(id)));
  return new Map(
    stakeholderIds.map((id, i) => {
      const history = historyEntity.from(items[i]);
      return [id, { organised: history?.organised ?? [], spoke: history?.spoke ?? [] }];
    }),
  );
}

/** The counters of every stage of each year: one BatchGetItem for up to 25 years. */
export async function getFunnels(yearsWanted: readonly number[]): Promise<FunnelCounts[]> {
  const items = await batchGetItems(yearsWanted.flatMap((year) => FUNNEL_STAGES.map((stage) => keys.funnel(year, stage))));
  return yearsWanted.map((year, y) => ({
    year,
    stages: Object.fromEntries(FUNNEL_STAGES.map((stage, s) => [stage, readCounts(items[y * FUNNEL_STAGES.length + s])])) as FunnelCounts['stages'],
  }));
}
