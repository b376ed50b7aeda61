/**
 * Reporting in DynamoDB: the cycle item (which also holds the compliance
 * counters), report items with their revisions in the same item collection,
 * notifications per organisation, and the reminder guards. Every status
 * change is one transaction: the report (conditional on status and version)
 * plus the counter update on its cycle.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, readCounts, type Increments } from '../../core/dynamodb/counters';
import { changeKeys, reportingKeys } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import {
  COMPLIANCE_COUNTERS,
  reportId,
  type ComplianceCounts,
  type Notification,
  type Report,
  type ReportingCycle,
  type ReportRevision,
  type ReportStatus,
  type SectionTemplate,
} from './reporting.model';

const CYCLE = 'ReportingCycle';
const REPORT = 'Report';
const REVISION = 'ReportRevision';
const NOTIFICATION = 'Notification';
/** TransactWriteItems takes at most 100 items: one is the counter update. */
const REPORTS_PER_TRANSACTION = 99;

// ---------------------------------------------------------------- mapping

function cycleItem(cycle: ReportingCycle, counts: Partial<ComplianceCounts>): Item {
  return {
    ...reportingKeys.cycle(cycle.year),
    entity: CYCLE,
    GSI1PK: reportingKeys.cycles(),
    GSI1SK: reportingKeys.cycleSort(cycle.year),
    GSI2PK: reportingKeys.cyclesByDue(),
    GSI2SK: `${cycle.dueAt}#${cycle.year}`,
    ...changeKeys(CYCLE, cycle.updatedAt, cycle.id),
    id: cycle.id,
    year: cycle.year,
    opensAt: cycle.opensAt,
    dueAt: cycle.dueAt,
    sections: cycle.sections,
    createdAt: cycle.createdAt,
    updatedAt: cycle.updatedAt,
    version: cycle.version,
    ...Object.fromEntries(Object.entries(counts).map(([name, value]) => [`n:${name}`, value])),
  };
}

function cycleFromItem(item: Item): ReportingCycle {
  const counts = readCounts(item);
  return {
    id: item.id as string,
    year: item.year as number,
    opensAt: item.opensAt as string,
    dueAt: item.dueAt as string,
    sections: item.sections as SectionTemplate[],
    counts: Object.fromEntries(COMPLIANCE_COUNTERS.map((name) => [name, counts[name] ?? 0])) as ComplianceCounts,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function reportKeysOf(report: Report) {
  const byName = reportingKeys.reportByName(report.organisationName, report.organisationId);
  return {
    GSI1PK: reportingKeys.reportsByStatus(report.year, report.status),
    GSI1SK: byName,
    GSI2PK: reportingKeys.reportsOfOrganisation(report.organisationId),
    GSI2SK: String(report.year),
    GSI3PK: reportingKeys.reportsOfYear(report.year),
    GSI3SK: byName,
    ...changeKeys(REPORT, report.updatedAt, report.id),
  };
}

function reportItem(report: Report): Item {
  return { ...reportingKeys.report(report.year, report.organisationId), entity: REPORT, ...reportKeysOf(report), ...report };
}

export function reportFromItem(item: Item): Report {
  return {
    id: item.id as string,
    year: item.year as number,
    organisationId: item.organisationId as string,
    organisationName: item.organisationName as string,
    status: item.status as ReportStatus,
    sections: (item.sections as Record<string, string> | undefined) ?? {},
    opensAt: item.opensAt as string,
    dueAt: item.dueAt as string,
    firstSubmittedAt: item.firstSubmittedAt as string | undefined,
    submittedAt: item.submittedAt as string | undefined,
    returnedAt: item.returnedAt as string | undefined,
    returnReason: item.returnReason as string | undefined,
    publishedAt: item.publishedAt as string | undefined,
    overdueMarkedAt: item.overdueMarkedAt as string | undefined,
    revisionCount: (item.revisionCount as number | undefined) ?? 0,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function revisionFromItem(item: Item): ReportRevision {
  return {
    id: item.id as string,
    reportId: item.reportId as string,
    year: item.year as number,
    organisationId: item.organisationId as string,
    number: item.number as number,
    reportVersion: item.reportVersion as number,
    sections: (item.sections as Record<string, string> | undefined) ?? {},
    changedKeys: (item.changedKeys as string[] | undefined) ?? [],
    savedBy: item.savedBy as string,
    savedAt: item.savedAt as string,
  };
}

function notificationFromItem(item: Item): Notification {
  return {
    id: item.id as string,
    organisationId: item.organisationId as string,
    kind: item.kind as Notification['kind'],
    year: item.year as number,
    reportId: item.reportId as string,
    daysBefore: item.daysBefore as number | undefined,
    message: item.message as string,
    createdAt: item.createdAt as string,
  };
}

function notificationPut(notification: Notification): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...reportingKeys.notification(notification.organisationId, notification.createdAt, notification.id),
        entity: NOTIFICATION,
        ...changeKeys(NOTIFICATION, notification.createdAt, notification.id),
        ...notification,
      },
    },
  };
}

/** A new report as requested at `now` for an organisation. */
export function newReport(cycle: ReportingCycle, organisation: { id: string; name: string }, now: string): Report {
  return {
    id: reportId(cycle.year, organisation.id),
    year: cycle.year,
    organisationId: organisation.id,
    organisationName: organisation.name,
    status: 'DRAFT',
    sections: {},
    opensAt: cycle.opensAt,
    dueAt: cycle.dueAt,
    revisionCount: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

// ---------------------------------------------------------------- cycles

const requestCounts = (n: number): Increments => ({ requested: n, missing: n });

/**
 * Creates the cycle (unique per year) and requests a report from each
 * organisation. The first transaction puts the cycle with the first batch;
 * later batches add theirs with the counter update, so the counters always
 * equal the report items written.
 */
export async function createCycle(cycle: ReportingCycle, reports: readonly Report[]): Promise<'created' | 'cycleExists' | 'reportExists'> {
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
  ]);
  if (!outcome.ok) return outcome.failed === 'cycle' ? 'cycleExists' : 'reportExists';
  for (const batch of rest) {
    const more = await transactWrite([named('counters', counterUpdate(table, reportingKeys.cycle(cycle.year), requestCounts(batch.length))), ...puts(batch)]);
    if (!more.ok) return 'reportExists';
  }
  return 'created';
}

/** Requests one more report, unless the organisation already has one for the year (or the cycle is gone). */
export async function requestReport(report: Report): Promise<'requested' | 'alreadyRequested' | 'noCycle'> {
  const table = tableName();
  const outcome = await transactWrite([
    named('cycle', {
      Update: {
        ...counterUpdate(table, reportingKeys.cycle(report.year), requestCounts(1)).Update!,
        ConditionExpression: 'attribute_exists(PK)',
      },
    }),
    named('report', { Put: { TableName: table, Item: reportItem(report), ConditionExpression: 'attribute_not_exists(PK)' } }),
  ]);
  if (outcome.ok) return 'requested';
  return outcome.failed === 'report' ? 'alreadyRequested' : 'noCycle';
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
  return queryPage({ scope: 'reporting-cycles', index: 'gsi1', pk: reportingKeys.cycles(), first, after, forward: false }, cycleFromItem);
}

/** Every cycle of the years `from`..`to`, oldest first (one Query of the cycles index, paged through; one item per year). */
export async function cyclesBetween(from: number, to: number): Promise<ReportingCycle[]> {
  const cycles: ReportingCycle[] = [];
  let after: string | null = null;
  do {
    const page: Page<ReportingCycle> = await queryPage(
      {
        scope: 'cycles-between',
        index: 'gsi1',
        pk: reportingKeys.cycles(),
        sk: { between: [reportingKeys.cycleSort(from), reportingKeys.cycleSort(to)] },
        first: 100,
        after,
      },
      cycleFromItem,
    );
    cycles.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return cycles;
}

/** Every cycle due at or before `until` (the deadline job's window), by due date. */
export async function cyclesDueBefore(until: string): Promise<ReportingCycle[]> {
  const cycles: ReportingCycle[] = [];
  let after: string | null = null;
  do {
    const page: Page<ReportingCycle> = await queryPage(
      { scope: 'cycles-due', index: 'gsi2', pk: reportingKeys.cyclesByDue(), sk: { lte: `${until}#~` }, first: 100, after },
      cycleFromItem,
    );
    cycles.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return cycles;
}

// ---------------------------------------------------------------- reports

export async function getReports(keys: readonly { year: number; organisationId: string }[]): Promise<(Report | undefined)[]> {
  const items = await batchGetItems(keys.map((k) => reportingKeys.report(k.year, k.organisationId)));
  return items.map((item) => (item?.entity === REPORT ? reportFromItem(item) : undefined));
}

export async function getReportConsistent(year: number, organisationId: string): Promise<Report | undefined> {
  const Item = await getItemConsistent(reportingKeys.report(year, organisationId));
  return Item?.entity === REPORT ? reportFromItem(Item) : undefined;
}

/** An organisation's reports across years, newest first; `publishedOnly` for callers who may see no others. */
export function listReportsOfOrganisation(
  organisationId: string,
  options: { publishedOnly: boolean; first: number; after?: string | null | undefined },
): Promise<Page<Report>> {
  return queryPage(
    {
      scope: `reports-of:${organisationId}:${options.publishedOnly ? 'published' : 'all'}`,
      index: 'gsi2',
      pk: reportingKeys.reportsOfOrganisation(organisationId),
      ...(options.publishedOnly ? { filter: { expression: '#status = :published', names: { '#status': 'status' }, values: { ':published': 'PUBLISHED' } } } : {}),
      first: options.first,
      after: options.after,
      forward: false,
    },
    reportFromItem,
  );
}

/** Reports of a year by organisation name, all or with one status (DRAFT = still missing). */
export function listReportsOfYear(
  year: number,
  options: {
    status?: ReportStatus | undefined;
    filter?: Parameters<typeof queryPage>[0]['filter'];
    first: number;
    after?: string | null | undefined;
    /** The list's name in its cursors, when another list reads the same items (e.g. the missing organisations). */
    list?: string;
  },
): Promise<Page<Report>> {
  const scope = `${options.list ?? 'reports'}:${year}:${options.status ?? 'all'}${options.filter ? `:${options.filter.expression}` : ''}`;
  return queryPage(
    options.status
      ? { scope, index: 'gsi1', pk: reportingKeys.reportsByStatus(year, options.status), first: options.first, after: options.after, ...(options.filter ? { filter: options.filter } : {}) }
      : { scope, index: 'gsi3', pk: reportingKeys.reportsOfYear(year), first: options.first, after: options.after, ...(options.filter ? { filter: options.filter } : {}) },
    reportFromItem,
  );
}

/** What the list of organisations still missing shows of a report. */
export type MissingReportItem = Pick<Report, 'organisationId' | 'organisationName' | 'year' | 'dueAt'>;

/** Reports of a year still in DRAFT (organisations still missing), by name, reading only what the list shows. */
export function listMissingOfYear(year: number, first: number, after: string | null | undefined): Promise<Page<MissingReportItem>> {
  return queryPage(
    {
      // Its own list name in the cursors: a cursor of the year's reports is refused here, and the reverse.
      scope: `missing-reports:${year}:DRAFT`,
      index: 'gsi1',
      pk: reportingKeys.reportsByStatus(year, 'DRAFT'),
      first,
      after,
      attributes: ['organisationId', 'organisationName', 'year', 'dueAt'],
    },
    (item) => ({
      organisationId: item.organisationId as string,
      organisationName: item.organisationName as string,
      year: item.year as number,
      dueAt: item.dueAt as string,
    }),
  );
}

/**
 * Writes a report's new state, conditional on the version (and status) the
 * caller read, together with the counter increments on its cycle and any
 * extra items (a revision, a notification) — all or nothing.
 */
export async function writeReport(
  next: Report,
  expected: { version: number; statuses: readonly ReportStatus[] },
  counts: Increments,
  extra: readonly NamedItem<'revision' | 'notification'>[] = [],
): Promise<'saved' | 'stale'> {
  const table = tableName();
  const keys = reportKeysOf(next);
  const set: Record<string, unknown> = {
    status: next.status,
    sections: next.sections,
    version: next.version,
    updatedAt: next.updatedAt,
    revisionCount: next.revisionCount,
    firstSubmittedAt: next.firstSubmittedAt,
    submittedAt: next.submittedAt,
    returnedAt: next.returnedAt,
    returnReason: next.returnReason,
    publishedAt: next.publishedAt,
    GSI1PK: keys.GSI1PK,
    ChangesSK: keys.ChangesSK,
  };
  const names: Record<string, string> = { '#expectedVersion': 'version', '#expectedStatus': 'status' };
  const values: Record<string, unknown> = { ':expectedVersion': expected.version };
  const assignments = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
  const statusValues = expected.statuses.map((status, i) => {
    values[`:status${i}`] = status;
    return `:status${i}`;
  });
  const hasCounts = Object.values(counts).some((n) => n !== 0);
  const outcome = await transactWrite([
    named('report', {
      Update: {
        TableName: table,
        Key: reportingKeys.report(next.year, next.organisationId),
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: `#expectedVersion = :expectedVersion AND #expectedStatus IN (${statusValues.join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    }),
    ...(hasCounts ? [named('counters', counterUpdate(table, reportingKeys.cycle(next.year), counts))] : []),
    ...extra,
  ]);
  if (outcome.ok) return 'saved';
  // The report moved on, or (for a revision) another save of the same version wrote its revision first.
  if (outcome.failed === 'report' || outcome.failed === 'revision') return 'stale';
  throw new Error(`Report ${next.id} could not be stored (condition of ${outcome.failed})`);
}

/** The revision item of a save, to pass as an extra item of `writeReport`. */
export function revisionPut(revision: ReportRevision): NamedItem<'revision'> {
  return named('revision', {
    Put: {
      TableName: tableName(),
      Item: {
        ...reportingKeys.revision(revision.year, revision.organisationId, revision.number),
        entity: REVISION,
        ...changeKeys(REVISION, revision.savedAt, revision.id),
        ...revision,
      },
      // Never overwrite history: two saves of one version cannot both write revision n.
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
}

export { notificationPut };

/** A notification, to pass as an extra item of `writeReport`. */
export function notificationWrite(notification: Notification): NamedItem<'notification'> {
  return named('notification', notificationPut(notification));
}

export function listRevisions(year: number, organisationId: string, first: number, after: string | null | undefined): Promise<Page<ReportRevision>> {
  return queryPage(
    {
      scope: `report-revisions:${year}:${organisationId}`,
      pk: reportingKeys.report(year, organisationId).PK,
      sk: { beginsWith: reportingKeys.revisionPrefix() },
      first,
      after,
    },
    revisionFromItem,
  );
}

export async function getRevisions(keys: readonly { year: number; organisationId: string; number: number }[]): Promise<(ReportRevision | undefined)[]> {
  const items = await batchGetItems(keys.map((k) => reportingKeys.revision(k.year, k.organisationId, k.number)));
  return items.map((item) => (item?.entity === REVISION ? revisionFromItem(item) : undefined));
}

// ---------------------------------------------------------------- notifications and the deadline job

export function listNotifications(organisationId: string, first: number, after: string | null | undefined): Promise<Page<Notification>> {
  return queryPage(
    { scope: `notifications:${organisationId}`, pk: reportingKeys.notifications(organisationId), first, after, forward: false },
    notificationFromItem,
  );
}

/**
 * Sends one reminder or overdue notice, at most once: the guard item keyed by
 * organisation, year and kind is put conditionally in the same transaction
 * as the notification and the report's bookkeeping stamp. False if it was
 * already sent (or the report was submitted meanwhile).
 */
export async function sendOnce(report: Report, notification: Notification, kind: number | 'OVERDUE'): Promise<boolean> {
  const table = tableName();
  const stamp = kind === 'OVERDUE' ? { name: 'overdueMarkedAt', value: notification.createdAt } : { name: 'remindedDays', value: kind };
  const outcome = await transactWrite([
    named('guard', {
      Put: {
        TableName: table,
        Item: { ...reportingKeys.reminderGuard(report.year, report.organisationId, kind), entity: 'ReminderGuard', notificationId: notification.id, sentAt: notification.createdAt },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    named('notification', notificationPut(notification)),
    named('report', {
      // Bookkeeping only (no version change, so a representative's save never conflicts with the job).
      Update: {
        TableName: table,
        Key: reportingKeys.report(report.year, report.organisationId),
        UpdateExpression: 'SET #stamp = :stamp',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(firstSubmittedAt)',
        ExpressionAttributeNames: { '#stamp': stamp.name },
        ExpressionAttributeValues: { ':stamp': stamp.value },
      },
    }),
  ]);
  // Not sent when the guard says it was already, or the report was submitted meanwhile: both mean "nothing to send".
  return outcome.ok;
}

/** Never-submitted reports of a year still owed a reminder at `days` (none sent yet at this or a closer threshold). */
export async function reportsOwedReminder(year: number, days: number): Promise<Report[]> {
  return allPages((after) =>
    listReportsOfYear(year, {
      status: 'DRAFT',
      filter: { expression: 'attribute_not_exists(#reminded) OR #reminded > :days', names: { '#reminded': 'remindedDays' }, values: { ':days': days } },
      first: 100,
      after,
    }),
  );
}

/** Never-submitted reports of a year not yet marked overdue. */
export async function reportsNotMarkedOverdue(year: number): Promise<Report[]> {
  return allPages((after) =>
    listReportsOfYear(year, {
      status: 'DRAFT',
      filter: { expression: 'attribute_not_exists(#marked)', names: { '#marked': 'overdueMarkedAt' } },
      first: 100,
      after,
    }),
  );
}

async function allPages<T>(page: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  do {
    const result = await page(after);
    all.push(...result.items);
    after = result.hasNextPage ? result.endCursor : null;
  } while (after);
  return all;
}
