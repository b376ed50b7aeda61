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
import { tableName } from '../../core/dynamodb/client';
import type { Page } from '../../core/dynamodb/query';
import { named, transactWrite } from '../../core/dynamodb/transact';
import { saveCall } from './call.store';
import { decideIssue, mergeIssue, submitIssue, withdrawIssue } from './issue.store';
import { programmeEntity, programmeItem } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import type { Programme } from './programme.model';
import { supportIssue } from './support.store';
import { adoptTheme, createTheme, listThemes } from './theme.store';

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

export function getProgrammes(years: readonly number[]): Promise<(Programme | undefined)[]> {
  return programmeEntity.getMany(years.map((year) => keys.programme(year)));
}

export function getProgrammeConsistent(year: number): Promise<Programme | undefined> {
  return programmeEntity.getConsistent(keys.programme(year));
}

/** Every programme, newest year first. */
export function listProgrammes(first: number, after?: string | null): Promise<Page<Programme>> {
  return programmeEntity.query.all({}, { scope: 'programmes', first, after, forward: false });
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
