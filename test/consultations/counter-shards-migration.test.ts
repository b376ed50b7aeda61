/**
 * `npm run migrate:counter-shards` on a table written before the counter shards (docs/operations.md "Upgrading
 * a deployed table"). The old layout is written here by hand, as the earlier code left it: one counter item per
 * consultation and per year (SK `#COUNTS` in their partitions), the distinct-contributor markers in those
 * partitions (SK `CONTRIBUTOR#<stakeholderId>`), no window on any shard. Its own table, so that the migration of
 * the whole table meets only this file's consultations and its figures are exact.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setEnv } from '../../functions/core/config';
import { documentClient, tableName } from '../../functions/core/dynamodb/client';
import { readShardedCounts } from '../../functions/core/dynamodb/counters';
import { consultationKeys, type ItemKey } from '../../functions/core/dynamodb/keys';
import { dropTable, ensureTable } from '../../functions/local/table';
import type { Consultation } from '../../functions/modules/consultations';
import { migrateCounterShards } from '../../functions/modules/consultations';
import { errorCode, gql, unique } from '../helpers/api';
import { closedConsultation, contributeDirect, createConsultationDirect, privateYear, recount } from '../helpers/consultations';
import { getItem, partition } from '../helpers/db';
import { createPerson, type TestPerson } from '../helpers/people';

const ROOT = join(import.meta.dirname, '../..');
const DAY = 86_400_000;
const SUBMIT = 'mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id } } }';
const COUNTS = 'contributions replies withdrawn contributors byGroup { group contributions contributors } byRegion { region contributions contributors }';
const FIGURES = `query ($open: ID!, $closed: ID!, $year: Int!) {
  open: consultation(id: $open) { counts { ${COUNTS} } }
  closed: consultation(id: $closed) { counts { ${COUNTS} } }
  cycleAnalytics(year: $year) { participation { contributions contributors contributorsByGroup { total shares { group count } } } }
}`;

const run = promisify(execFile);
const endpoint = inject('dynamoEndpoint');
const table = `agora-migration-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await ensureTable(endpoint, table);
  setEnv({ TABLE_NAME: table });
}, 120_000);

afterAll(async () => {
  setEnv({ TABLE_NAME: inject('tableName') });
  await dropTable(endpoint, table);
});

/** Every item of the table (a test's own small table). */
async function everything(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items.sort((a, b) => `${String(a.PK)} ${String(a.SK)}`.localeCompare(`${String(b.PK)} ${String(b.SK)}`)));
}

/**
 * Puts a counter's shards back into one old item (`#COUNTS` in `partitionKey`) and, unless `keepWindows`, deletes
 * the shards, as a table written before them holds it.
 */
async function toOldCounter(shardKeys: ItemKey[], partitionKey: string, attributes: Record<string, unknown>, keepWindows: boolean): Promise<void> {
  const shards = await Promise.all(shardKeys.map(getItem));
  const counts = readShardedCounts(shards);
  const old = {
    PK: partitionKey,
    SK: '#COUNTS',
    entity: 'ConsultationCounts',
    ...attributes,
    ...Object.fromEntries(Object.entries(counts).map(([n, v]) => [`n:${n}`, v])),
  };
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: old }));
  for (const [i, shard] of shards.entries()) {
    if (!shard) continue;
    const key = shardKeys[i] as ItemKey;
    const counters = Object.keys(shard).filter((name) => name.startsWith('n:'));
    if (!keepWindows) await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: key }));
    else if (counters.length)
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: `REMOVE ${counters.map((_, j) => `#c${j}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(counters.map((name, j) => [`#c${j}`, name])),
        }),
      );
  }
}

/** Moves a person's markers (in their partition) back into the consultations' and years' partitions. */
async function toOldMarkers(person: TestPerson): Promise<void> {
  for (const marker of await partition(`PARTICIPANT#${person.stakeholder.id}`)) {
    const sk = String(marker.SK);
    const pk = sk.startsWith('YEAR#') ? `CONSULTATION_YEAR#${sk.slice('YEAR#'.length)}` : sk;
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...marker, PK: pk, SK: `CONTRIBUTOR#${person.stakeholder.id}` } }));
    await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: { PK: marker.PK, SK: marker.SK } }));
  }
}

/** The table as the code before the counter shards left it. */
async function toOldLayout(consultations: Consultation[], people: TestPerson[], options: { keepWindows: boolean }): Promise<void> {
  for (const c of consultations) {
    await toOldCounter(consultationKeys.countsShards(c.id), consultationKeys.partition(c.id), { consultationId: c.id }, options.keepWindows);
  }
  for (const year of new Set(consultations.map((c) => c.year))) {
    await toOldCounter(consultationKeys.yearCountsShards(year), `CONSULTATION_YEAR#${year}`, { year }, options.keepWindows);
  }
  for (const person of people) await toOldMarkers(person);
}

/** An open consultation (p1 twice, p2), a closed one of the same year (p2, p3) and a draft, by three people of different groups. */
async function consultationsWithContributions() {
  const year = privateYear();
  const open = await createConsultationDirect({ status: 'OPEN', closesAt: new Date(Date.now() + DAY), year, sequence: 1 });
  const closed = await closedConsultation(1, { year, sequence: 2 });
  await createConsultationDirect({ status: 'DRAFT', year, sequence: 3, opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 9 * DAY) });
  const [p1, p2, p3] = await Promise.all([
    createPerson({ stakeholder: { group: 'ACADEMIA', region: 'ASIA_PACIFIC' } }),
    createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'AFRICAN' } }),
    createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'LATIN_AMERICAN_AND_CARIBBEAN' } }),
  ]);
  if (!p1 || !p2 || !p3) throw new Error('three people');
  await contributeDirect(open.consultation, p1.stakeholder, { at: new Date() });
  await contributeDirect(open.consultation, p1.stakeholder, { at: new Date() });
  await contributeDirect(open.consultation, p2.stakeholder, { at: new Date() });
  await contributeDirect(closed.consultation, p2.stakeholder);
  await contributeDirect(closed.consultation, p3.stakeholder);
  const figures = async () => {
    const read = await gql(FIGURES, { open: open.globalId, closed: closed.globalId, year });
    expect(read.errors).toBeUndefined();
    return read.data;
  };
  return { year, open, closed, people: [p1, p2, p3], figures };
}

function submit(consultationId: string, person: TestPerson) {
  return gql(SUBMIT, { input: { consultationId, body: 'After the upgrade', language: 'en', idempotencyKey: unique('key-') } }, person.token);
}

describe('migrating a table to the counter shards', () => {
  it('moves counters and markers and copies the windows: the figures read as before, submissions are accepted again, and a second run moves nothing', async () => {
    // Prepare: contributions under the sharded layout, then the table put back into the old one
    const { year, open, closed, people, figures } = await consultationsWithContributions();
    const [p1, , p3] = people as [TestPerson, TestPerson, TestPerson];
    const before = await figures();
    expect(before?.open.counts).toMatchObject({ contributions: 3, contributors: 2 });
    expect(before?.cycleAnalytics.participation).toMatchObject({ contributions: 5, contributors: 3 });
    await toOldLayout([open.consultation, closed.consultation], people, { keepWindows: false });
    // The old layout as the new code meets it: the shards carry no window, so the open consultation refuses.
    expect(errorCode(await submit(open.globalId, p1))).toBe('DEADLINE_PASSED');
    const old = await everything();

    // Act: a dry run through the command, then the migration
    const dry = await run('npm', ['run', '--silent', 'migrate:counter-shards', '--', '--table', table, '--region', 'us-east-1', '--dry-run'], {
      cwd: ROOT,
      env: process.env,
    });
    const afterDry = await everything();
    const first = await migrateCounterShards({ dryRun: false });

    // Assess: the dry run said what the run then did, and wrote nothing
    const expected = { consultations: 3, years: 1, windows: 2, countersMoved: 3, markersMoved: 7, markerConflicts: 0 };
    expect(JSON.parse(dry.stdout)).toEqual({ table, region: 'us-east-1', endpoint, dryRun: true, ...expected });
    expect(afterDry).toBe(old);
    expect(first).toEqual({ dryRun: false, ...expected });
    // Nothing of the old layout is left
    expect(await getItem({ PK: consultationKeys.partition(open.consultation.id), SK: '#COUNTS' })).toBeUndefined();
    expect(await getItem({ PK: `CONSULTATION_YEAR#${year}`, SK: '#COUNTS' })).toBeUndefined();
    expect((await partition(`CONSULTATION_YEAR#${year}`)).filter((item) => String(item.SK).startsWith('CONTRIBUTOR#'))).toEqual([]);
    expect((await partition(consultationKeys.partition(open.consultation.id))).filter((item) => String(item.SK).startsWith('CONTRIBUTOR#'))).toEqual([]);
    // The figures read as before
    expect(await figures()).toEqual(before);

    // Act: a returning contributor and a new one submit to the open consultation
    const returning = await submit(open.globalId, p1);
    const newcomer = await submit(open.globalId, p3);

    // Assess: accepted; the returning contributor is not counted twice as distinct
    expect(returning.errors).toBeUndefined();
    expect(newcomer.errors).toBeUndefined();
    const after = await figures();
    expect(after?.open.counts).toMatchObject({ contributions: 5, contributors: 3 });
    expect(after?.cycleAnalytics.participation).toMatchObject({ contributions: 7, contributors: 3 });
    expect(await recount([open.consultation.id])).toMatchObject({ contributions: 5, contributors: 3 });

    // Act: a second run
    const settled = await everything();
    const second = await migrateCounterShards({ dryRun: false });

    // Assess: nothing left to move, nothing written
    expect(second).toEqual({ dryRun: false, consultations: 3, years: 1, windows: 0, countersMoved: 0, markersMoved: 0, markerConflicts: 0 });
    expect(await everything()).toBe(settled);
  }, 240_000);

  it('merges a marker written between the deploy and the migration, counting the contributor once', async () => {
    // Prepare: the old layout with the windows already on the shards (writes were not paused after the deploy)
    const { open, closed, people, figures } = await consultationsWithContributions();
    const [p1, p2] = people as [TestPerson, TestPerson, TestPerson];
    await toOldLayout([open.consultation, closed.consultation], people, { keepWindows: true });
    // p1 submits again before the migration: the new code finds no marker at the new key and counts them as new
    expect((await submit(open.globalId, p1)).errors).toBeUndefined();
    const doubled = await figures();
    expect(doubled?.open.counts).toMatchObject({ contributions: 1, contributors: 1 });

    // Act
    const outcome = await migrateCounterShards({ dryRun: false });

    // Assess: p1's markers (consultation and year) merged; the distinct contributors exact again
    expect(outcome).toMatchObject({ windows: 0, countersMoved: 3, markersMoved: 7, markerConflicts: 2 });
    const after = await figures();
    expect(after?.open.counts).toMatchObject({ contributions: 4, contributors: 2 });
    expect(after?.cycleAnalytics.participation).toMatchObject({ contributions: 6, contributors: 3 });
    const ofAcademia = after?.open.counts.byGroup.find((g: { group: string }) => g.group === 'ACADEMIA');
    expect(ofAcademia).toEqual({ group: 'ACADEMIA', contributions: 3, contributors: 1 });
    expect(await recount([open.consultation.id])).toMatchObject({ contributions: 4, contributors: 2 });
    expect(await getItem(consultationKeys.contributor(open.consultation.id, p1.stakeholder.id))).toMatchObject({ active: 3 });
    // p2 withdraws nothing and contributes again: still one distinct contributor
    expect((await submit(open.globalId, p2)).errors).toBeUndefined();
    expect((await figures())?.open.counts).toMatchObject({ contributions: 5, contributors: 2 });
  }, 240_000);

  it('refuses to run without a table, naming what is missing', async () => {
    // Act
    const refused = await run('npm', ['run', '--silent', 'migrate:counter-shards', '--', '--region', 'us-east-1'], { cwd: ROOT, env: process.env }).catch(
      (error: { code: number; stderr: string }) => error,
    );

    // Assess
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('--table is required');
  }, 60_000);
});
