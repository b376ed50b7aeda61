/**
 * The report store: report items with their revisions in the same item
 * collection. Every status change is one transaction: the report
 * (conditional on status and version), the counter update on its cycle, and
 * the revision or notification that goes with it.
 */
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, type Increments } from '../../core/dynamodb/counters';
import { reportingKeys } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import type { ComplianceCounter, Notification, Report, ReportRevision, ReportStatus } from './reporting.model';
import { notificationPut, reportEntity, revisionEntity } from './reporting.items';

export async function getReports(keys: readonly { year: number; organisationId: string }[]): Promise<(Report | undefined)[]> {
  return reportEntity.getMany(keys.map((k) => reportingKeys.report(k.year, k.organisationId)));
}

export async function getReportConsistent(year: number, organisationId: string): Promise<Report | undefined> {
  return reportEntity.getConsistent(reportingKeys.report(year, organisationId));
}

/** An organisation's reports across years, newest first; `publishedOnly` for callers who may see no others. */
export function listReportsOfOrganisation(
  organisationId: string,
  options: { publishedOnly: boolean; first: number; after?: string | null | undefined },
): Promise<Page<Report>> {
  return reportEntity.query.ofOrganisation(
    { organisationId },
    {
      scope: `reports-of:${organisationId}:${options.publishedOnly ? 'published' : 'all'}`,
      ...(options.publishedOnly
        ? { filter: { expression: '#status = :published', names: { '#status': 'status' }, values: { ':published': 'PUBLISHED' } } }
        : {}),
      first: options.first,
      after: options.after,
      forward: false,
    },
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
  const page = { scope, first: options.first, after: options.after, ...(options.filter ? { filter: options.filter } : {}) };
  return options.status ? reportEntity.query.byStatus({ year, status: options.status }, page) : reportEntity.query.ofYear({ year }, page);
}

/** What the list of organisations still missing shows of a report. */
export type MissingReportItem = Pick<Report, 'organisationId' | 'organisationName' | 'year' | 'dueAt'>;

const MISSING_FIELDS = ['organisationId', 'organisationName', 'year', 'dueAt'] as const;

/** Reports of a year still in DRAFT (organisations still missing), by name, reading only what the list shows. */
export function listMissingOfYear(year: number, first: number, after: string | null | undefined): Promise<Page<MissingReportItem>> {
  return queryPage(
    {
      // Its own list name in the cursors: a cursor of the year's reports is refused here, and the reverse.
      scope: `missing-reports:${year}:DRAFT`,
      ...reportEntity.at.byStatus({ year, status: 'DRAFT' }),
      first,
      after,
      attributes: MISSING_FIELDS,
    },
    reportEntity.pick(MISSING_FIELDS),
  );
}

/**
 * Writes a report's new state, conditional on the version (and status) the
 * caller read, together with the counter increments on its cycle and any
 * extra items (a revision, a notification, the mail it causes) — all or nothing.
 */
export async function writeReport(
  next: Report,
  expected: { version: number; statuses: readonly ReportStatus[] },
  counts: Increments<ComplianceCounter>,
  extra: readonly NamedItem<'revision' | 'notification' | 'mail'>[] = [],
): Promise<'saved' | 'stale'> {
  const table = tableName();
  const keys = reportEntity.indexKeys(next);
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
      Item: revisionEntity.item(revision),
      // Never overwrite history: two saves of one version cannot both write revision n.
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
}

/** A notification, to pass as an extra item of `writeReport`. */
export function notificationWrite(notification: Notification): NamedItem<'notification'> {
  return named('notification', notificationPut(notification));
}

/** A mail event (the outbox's item), to pass as an extra item of `writeReport`, `createCycle` or `requestReport`. */
export function mailWrite(event: TransactItem): NamedItem<'mail'> {
  return named('mail', event);
}

export function listRevisions(year: number, organisationId: string, first: number, after: string | null | undefined): Promise<Page<ReportRevision>> {
  return revisionEntity.query.ofReport(
    { year, organisationId },
    { scope: `report-revisions:${year}:${organisationId}`, sk: { beginsWith: reportingKeys.revisionPrefix() }, first, after },
  );
}

export async function getRevisions(keys: readonly { year: number; organisationId: string; number: number }[]): Promise<(ReportRevision | undefined)[]> {
  return revisionEntity.getMany(keys.map((k) => reportingKeys.revision(k.year, k.organisationId, k.number)));
}
