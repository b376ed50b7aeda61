/**
 * Programmes in DynamoDB (one item per year, listed newest first). The other
 * aggregates of the module have their own stores: the call (call.store.ts),
 * issues (issue.store.ts), supports (support.store.ts), themes
 * (theme.store.ts), theme tags (theme-tag.store.ts) and the themes'
 * participation counters (theme-participation.store.ts). Every write that a
 * counter counts is one transaction with the counter's update; expected
 * failures come back as data: the name of the transaction item whose
 * condition failed becomes the outcome.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { changeKeys } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite } from '../../core/dynamodb/transact';
import { saveCall } from './call.store';
import { decideIssue, mergeIssue, submitIssue, withdrawIssue } from './issue.store';
import { domain } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import type { Programme } from './programme.model';
import { supportIssue } from './support.store';
import { adoptTheme, createTheme, listThemes } from './theme.store';

const PROGRAMME = 'Programme';

function programmeItem(p: Programme): Item {
  return {
    ...keys.programme(p.year),
    entity: PROGRAMME,
    GSI1PK: keys.programmes(),
    GSI1SK: keys.programmeSort(p.year),
    ...changeKeys(PROGRAMME, p.updatedAt, String(p.year)),
    // The id the change feed reads (the year).
    id: String(p.year),
    ...p,
  };
}

export async function createProgramme(p: Programme): Promise<'created' | 'exists'> {
  const outcome = await transactWrite([
    named('programme', { Put: { TableName: tableName(), Item: programmeItem(p), ConditionExpression: 'attribute_not_exists(PK)' } }),
  ]);
  return outcome.ok ? 'created' : 'exists';
}

export async function updateProgramme(next: Programme, expectedVersion: number): Promise<'updated' | 'stale'> {
  const outcome = await transactWrite([
    named('programme', {
      Put: {
        TableName: tableName(),
        Item: programmeItem(next),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
    }),
  ]);
  return outcome.ok ? 'updated' : 'stale';
}

export async function getProgrammes(years: readonly number[]): Promise<(Programme | undefined)[]> {
  const items = await batchGetItems(years.map((year) => keys.programme(year)));
  return items.map((item) => (item ? domain<Programme>(item) : undefined));
}

export async function getProgrammeConsistent(year: number): Promise<Programme | undefined> {
  const item = await getItemConsistent(keys.programme(year));
  return item ? domain<Programme>(item) : undefined;
}

export function listProgrammes(first: number, after?: string | null): Promise<Page<Programme>> {
  return queryPage({ scope: 'programmes', index: 'gsi1', pk: keys.programmes(), first, after, forward: false }, (item) => domain<Programme>(item));
}

/**
 * The writes of the module's stores that the demo seed and the bench's data set make, as one object (they write
 * through the same conditions and transactions as the API; the services take their stores one by one: index.ts).
 */
export const programmeStore = {
  createProgramme,
  saveCall,
  submitIssue,
  supportIssue,
  withdrawIssue,
  mergeIssue,
  decideIssue,
  createTheme,
  adoptTheme,
  listThemes,
};

/** Themes of a programme (the demo seed and the sessions' tests write and list them). */
export { createTheme, listThemes };
