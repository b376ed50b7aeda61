/**
 * The reporting-cycle store: the cycle item of a year (which also holds the
 * compliance counters) and the requests of reports, each written in one
 * transaction with the counters it moves.
 */
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, type Increments } from '../../core/dynamodb/counters';
import { reportingKeys } from '../../core/dynamodb/keys';
import { batchGetItems, getItemConsistent } from '../../core/dynamodb/batch';
import { queryAll, queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem } from '../../core/dynamodb/transact';
import { COMPLIANCE_COUNTERS, type ComplianceCounter, type Report, type ReportingCycle } from './reporting.model';
import { CYCLE, cycleEntity, cycleFromItem, cycleItem, reportItem } from './reporting.items';

/**
 * TransactWriteItems takes at most 100 items: one is the cycle (or the counter
 * update), one the mail event of the batch, and each report comes with its
 * in-app notification.
 */
const REPORTS_PER_TRANSACTION = 49;

/** Items decided with a batch of requested reports: their notifications and the batch's mail. */
type RequestExtras = (batch: readonly Report[]) => NamedItem<'notification' | 'mail'>[];

const requestCounts = (n: number): Increments<ComplianceCounter> => ({ requested: n, missing: n });

/**
 * Creates the cycle (unique per year) and requests a report from each
 * organisation. The first transaction puts the cycle with the first batch;
 * later batches add theirs with the counter update, so the counters always
 * equal the report items written.
 */
export async function createCycle(
  cycle: ReportingCycle,
  reports: readonly Report[],
  extras: RequestExtras = () => [],
): Promise<'created' | 'cycleExists' | 'reportExists'> {
  const table = tableName();
  const batches: Report[][] = [];
  for (let i = 0; i < reports.length; i += REPORTS_PER_TRANSACTION) batches.push(reports.slice(i, i + REPORTS_PER_TRANSACTION));
  const puts = (batch: readonly Report[]): NamedItem<'report'>[] =>
    batch.map((report) => named('report', { Put: { TableName: table, Item: reportItem(report), ConditionExpression: 'attribute_not_exists(PK)' } }));
  const [first = [], ...rest] = batches;
  const zero = Object.fromEntries(COMPLIANCE_COUNTERS.map((name) => [name, 0]));
  const outcome = await transactWrite([
    named('cycle', {
      Put: {
        TableName: table,
        Item: cycleItem(cycle, { ...zero, ...requestCounts(first.length) }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    ...puts(first),
    ...(first.length ? extras(first) : []),
  ]);
  if (!outcome.ok) return outcome.failed === 'cycle' ? 'cycleExists' : 'reportExists';
  for (const batch of rest) {
    const more = await transactWrite([
      named('counters', counterUpdate(table, reportingKeys.cycle(cycle.year), requestCounts(batch.length))),
      ...puts(batch),
      ...extras(batch),
    ]);
    if (!more.ok) return 'reportExists';
  }
  return 'created';
}

/**
 * Requests one more report (with `extra` items: its notification and mail), unless the organisation already has
 * one for the year (or the cycle is gone).
 */
export async function requestReport(
  report: Report,
  extra: readonly NamedItem<'notification' | 'mail'>[] = [],
): Promise<'requested' | 'alreadyRequested' | 'noCycle'> {
  const table = tableName();
  const outcome = await transactWrite([
    named('cycle', {
      Update: {
        ...counterUpdate(table, reportingKeys.cycle(report.year), requestCounts(1)).Update!,
        ConditionExpression: 'attribute_exists(PK)',
      },
    }),
    named('report', { Put: { TableName: table, Item: reportItem(report), ConditionExpression: 'attribute_not_exists(PK)' } }),
    ...extra,
  ]);
  if (outcome.ok) return 'requested';
  if (outcome.failed === 'cycle') return 'noCycle';
  if (outcome.failed === 'report') return 'alreadyRequested';
  throw new Error(`Report ${report.id} could not be requested (condition of ${outcome.failed})`);
}

export async function getCycles(years: readonly number[]): Promise<(ReportingCycle | undefined)[]> {
  const items = await batchGetItems(years.map((year) => reportingKeys.cycle(year)));
  return items.map((item) => (item?.entity === CYCLE ? cycleFromItem(item) : undefined));
}

/** A consistent read of one cycle, for decisions that must see the latest state. */
export async function getCycleConsistent(year: number): Promise<ReportingCycle | undefined> {
  const Item = await getItemConsistent(reportingKeys.cycle(year));
  return Item?.entity === CYCLE ? cycleFromItem(Item) : undefined;
}

export function listCycles(first: number, after: string | null | undefined): Promise<Page<ReportingCycle>> {
  return queryPage({ scope: 'reporting-cycles', ...cycleEntity.at.all({}), first, after, forward: false }, cycleFromItem);
}

/** Every cycle of the years `from`..`to`, oldest first (one Query of the cycles index; one item per year). */
export async function cyclesBetween(from: number, to: number): Promise<ReportingCycle[]> {
  return queryAll({ ...cycleEntity.at.all({}), sk: { between: [reportingKeys.cycleSort(from), reportingKeys.cycleSort(to)] } }, cycleFromItem);
}

/** Every cycle due at or before `until` (the deadline job's window), by due date. */
export async function cyclesDueBefore(until: string): Promise<ReportingCycle[]> {
  return queryAll({ ...cycleEntity.at.byDue({}), sk: { lte: `${until}#~` } }, cycleFromItem);
}
