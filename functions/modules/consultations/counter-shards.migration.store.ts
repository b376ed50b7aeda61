/**
 * The move of a table written before the counters were sharded onto the sharded layout (an operator command:
 * `npm run migrate:counter-shards`, docs/operations.md "Upgrading a deployed table"). Before, a consultation's
 * counters and its year's were one item each (`CONSULTATION#<id>` / `CONSULTATION_YEAR#<year>`, SK `#COUNTS`),
 * the distinct-contributor markers lived in those partitions (SK `CONTRIBUTOR#<stakeholderId>`), and no counter
 * shard carried the consultation's window. For every consultation, then every year of one, this:
 *
 * 1. copies the window onto the consultation's shards when they lack it, in one transaction that checks the
 *    consultation is still at the version read (a concurrent change: read again, copy again);
 * 2. adds the old counter item's counters into shard 00 and deletes it, in one transaction conditioned on the
 *    old item still being there: a second run (or a concurrent one) never adds twice;
 * 3. moves each old marker to its key in the contributor's partition (Put where none is, Delete of the old at
 *    the count read, one transaction per marker). A marker already at the new key means the contributor wrote
 *    between the deploy and the migration: the counts are merged (ADD), and since each layout counted the
 *    contributor as distinct on its own, the distinct-contributor counters are corrected in the same
 *    transaction; the outcome counts it as a conflict.
 *
 * Every step reads before it writes and writes only what is still to be done: the migration can be run again
 * at any time, and a run that finds everything moved writes nothing. A dry run only counts.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, readCounts } from '../../core/dynamodb/counters';
import { consultationKeys, type ItemKey } from '../../core/dynamodb/keys';
import { queryAll } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem } from '../../core/dynamodb/transact';
import { DYNAMODB_LIMITS } from '../../core/limits';
import { CLOCKED_STATUSES, contributorIncrements, type Consultation, type Contribution } from './consultation.model';
import { consultationEntity, getConsultationConsistent } from './consultation.store';
import { needsWindow, windowCopies } from './consultation-window.store';

const COUNTS = 'ConsultationCounts';

/** The keys of the layout before the shards: what this migration moves away from. */
const legacy = {
  counts: (consultationId: string): ItemKey => ({ PK: consultationKeys.partition(consultationId), SK: '#COUNTS' }),
  yearPartition: (year: number) => `CONSULTATION_YEAR#${year}`,
  yearCounts: (year: number): ItemKey => ({ PK: `CONSULTATION_YEAR#${year}`, SK: '#COUNTS' }),
  markerPrefix: 'CONTRIBUTOR#',
};

/** The shard the old counters go to (any shard would do: a read sums them all). */
const TARGET_SHARD = 0;

/** Attempts at one item's move when a concurrent write changed what was read (each attempt reads afresh). */
const MOVE_ATTEMPTS = 5;

/** Markers moved at once (each its own small transaction). */
const MARKERS_AT_ONCE = 16;

export interface CounterShardsMigration {
  /** True: nothing was written, the figures say what a run would do. */
  readonly dryRun: boolean;
  /** Consultations found (every status). */
  readonly consultations: number;
  /** Their distinct years. */
  readonly years: number;
  /** Consultations whose counter shards got the consultation's window. */
  readonly windows: number;
  /** Old counter items (consultations' and years') added into shard 00 and deleted. */
  readonly countersMoved: number;
  /** Old distinct-contributor markers (consultations' and years') moved to the contributor's partition, merged ones included. */
  readonly markersMoved: number;
  /** Of those, markers that already had a twin at the new key (a write between the deploy and the migration): merged, distinct counts corrected. */
  readonly markerConflicts: number;
}

interface Tally {
  windows: number;
  countersMoved: number;
  markersMoved: number;
  markerConflicts: number;
}

/** Moves every consultation and year of the table onto the sharded layout (or, with `dryRun`, counts what it would move). */
export async function migrateCounterShards(options: { readonly dryRun: boolean }): Promise<CounterShardsMigration> {
  const { dryRun } = options;
  const consultations = await consultationEntity.queryAll.all({});
  const tally: Tally = { windows: 0, countersMoved: 0, markersMoved: 0, markerConflicts: 0 };
  for (const listed of consultations) {
    if (await copyWindow(listed.id, dryRun)) tally.windows++;
    const shard = { key: consultationKeys.countsShard(listed.id, TARGET_SHARD), attributes: { entity: COUNTS, consultationId: listed.id } };
    if (await moveCounter(legacy.counts(listed.id), shard, dryRun)) tally.countersMoved++;
    await moveMarkers(consultationKeys.partition(listed.id), (stakeholderId) => consultationKeys.contributor(listed.id, stakeholderId), shard, dryRun, tally);
  }
  const years = [...new Set(consultations.map((c) => c.year))].sort((a, b) => a - b);
  for (const year of years) {
    const shard = { key: consultationKeys.yearCountsShard(year, TARGET_SHARD), attributes: { entity: COUNTS, year } };
    if (await moveCounter(legacy.yearCounts(year), shard, dryRun)) tally.countersMoved++;
    await moveMarkers(legacy.yearPartition(year), (stakeholderId) => consultationKeys.yearContributor(year, stakeholderId), shard, dryRun, tally);
  }
  return { dryRun, consultations: consultations.length, years: years.length, ...tally };
}

/** A shard's copy is the consultation's window: a clocked status (the copy need not follow SCHEDULED → OPEN → CLOSED) and the same dates. */
function carriesWindow(shard: Item | undefined, c: Consultation): boolean {
  return !!shard && (CLOCKED_STATUSES as readonly unknown[]).includes(shard.status) && shard.opensAt === c.opensAt && shard.closesAt === c.closesAt;
}

/** Step 1: the window onto every shard of a consultation that can be open and whose shards lack it; true when copied (or, dry, to copy). */
async function copyWindow(consultationId: string, dryRun: boolean): Promise<boolean> {
  for (let attempt = 1; attempt <= MOVE_ATTEMPTS; attempt++) {
    const c = await getConsultationConsistent(consultationId);
    if (!c || !needsWindow(c)) return false;
    const shards = await batchGetItems(consultationKeys.countsShards(c.id), true);
    if (shards.every((shard) => carriesWindow(shard, c))) return false;
    if (dryRun) return true;
    const outcome = await transactWrite<'consultation' | 'window'>(
      [
        named('consultation', {
          ConditionCheck: {
            TableName: tableName(),
            Key: consultationKeys.item(c.id),
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': c.version },
          },
        }),
        ...windowCopies(c),
      ],
      undefined,
      // It names every shard, like a date change: it may have to get past submissions in flight.
      DYNAMODB_LIMITS.dateChangeAttempts,
    );
    if (outcome.ok) return true;
  }
  throw new Error(`Consultation ${consultationId} changed at every attempt to copy its window; run the migration again`);
}

interface Shard {
  readonly key: ItemKey;
  readonly attributes: Record<string, unknown>;
}

/** Step 2: the old counter item added into the shard and deleted, in one transaction; true when moved (or, dry, to move). */
async function moveCounter(oldKey: ItemKey, shard: Shard, dryRun: boolean): Promise<boolean> {
  const old = await getItemConsistent(oldKey);
  if (!old) return false;
  if (dryRun) return true;
  const table = tableName();
  const outcome = await transactWrite<'shard' | 'old'>([
    named('shard', counterUpdate(table, shard.key, readCounts(old), shard.attributes)),
    // Only while it is there: a concurrent run that moved it first makes this one add nothing.
    named('old', { Delete: { TableName: table, Key: oldKey, ConditionExpression: 'attribute_exists(PK)' } }),
  ]);
  return outcome.ok;
}

/** Step 3 for one partition: its old markers, each moved to its new key. */
async function moveMarkers(partition: string, newKey: (stakeholderId: string) => ItemKey, shard: Shard, dryRun: boolean, tally: Tally): Promise<void> {
  const markers = await queryAll({ pk: partition, sk: { beginsWith: legacy.markerPrefix }, consistentRead: true }, (item) => item);
  for (let start = 0; start < markers.length; start += MARKERS_AT_ONCE) {
    const moved = await Promise.all(
      markers.slice(start, start + MARKERS_AT_ONCE).map((old) => moveMarker(old, newKey(String(old.SK).slice(legacy.markerPrefix.length)), shard, dryRun)),
    );
    for (const outcome of moved) {
      if (outcome === 'gone') continue;
      tally.markersMoved++;
      if (outcome === 'merged') tally.markerConflicts++;
    }
  }
}

/** Whether a marker's count makes its contributor a distinct contributor. */
const counted = (active: number) => (active > 0 ? 1 : 0);

/**
 * One old marker to its new key: a Put where there is none, else its count added to the new one's. Each layout
 * moved the distinct-contributor counters on its own marker, so with both counting the contributor (both > 0)
 * the counters hold them twice: the merge takes one off, in its transaction. The old marker is deleted at the
 * count read, and the new one written at the state read: a concurrent write makes the attempt start over.
 */
async function moveMarker(first: Item, key: ItemKey, shard: Shard, dryRun: boolean): Promise<'moved' | 'merged' | 'gone'> {
  const table = tableName();
  const oldKey: ItemKey = { PK: first.PK as string, SK: first.SK as string };
  let old: Item | undefined = first;
  for (let attempt = 1; attempt <= MOVE_ATTEMPTS; attempt++) {
    // A concurrent run moved it.
    if (!old) return 'gone';
    const current = await getItemConsistent(key);
    if (dryRun) return current ? 'merged' : 'moved';
    const oldActive = Number(old.active ?? 0);
    const deleteOld = named('old', {
      Delete: { TableName: table, Key: oldKey, ConditionExpression: 'active = :active', ExpressionAttributeValues: { ':active': oldActive } },
    });
    let items: NamedItem<'marker' | 'old' | 'counters'>[];
    if (!current) {
      items = [named('marker', { Put: { TableName: table, Item: { ...old, ...key }, ConditionExpression: 'attribute_not_exists(PK)' } }), deleteOld];
    } else {
      const newActive = Number(current.active ?? 0);
      const correction = counted(oldActive + newActive) - counted(oldActive) - counted(newActive);
      items = [
        named('marker', {
          Update: {
            TableName: table,
            Key: key,
            UpdateExpression: 'ADD active :old',
            ConditionExpression: 'active = :current',
            ExpressionAttributeValues: { ':old': oldActive, ':current': newActive },
          },
        }),
        deleteOld,
        ...(correction === -1
          ? [
              named(
                'counters',
                counterUpdate(
                  table,
                  shard.key,
                  contributorIncrements({ group: old.group as Contribution['group'], region: old.region as Contribution['region'] }, -1),
                  shard.attributes,
                ),
              ),
            ]
          : []),
      ];
    }
    const outcome = await transactWrite(items);
    if (outcome.ok) return current ? 'merged' : 'moved';
    if (outcome.failed === 'old') old = await getItemConsistent(oldKey);
  }
  throw new Error(`The marker ${oldKey.PK} ${oldKey.SK} changed at every attempt to move it; run the migration again`);
}
