/**
 * Reporting's items as stored: how a reporting cycle (with its compliance
 * counters), a report, a revision and a notification become items and are
 * read back. The stores of this module build and parse items only here.
 */
import type { Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { readCounts } from '../../core/dynamodb/counters';
import { changeKeys, reportingKeys } from '../../core/dynamodb/keys';
import type { TransactItem } from '../../core/dynamodb/transact';
import {
  COMPLIANCE_COUNTERS,
  reportId,
  type ComplianceCounter,
  type ComplianceCounts,
  type Notification,
  type Report,
  type ReportingCycle,
  type ReportRevision,
  type ReportStatus,
  type SectionTemplate,
} from './reporting.model';

export const CYCLE = 'ReportingCycle';
export const REPORT = 'Report';
export const REVISION = 'ReportRevision';
export const NOTIFICATION = 'Notification';

export function cycleItem(cycle: ReportingCycle, counts: Partial<ComplianceCounts>): Item {
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

export function cycleFromItem(item: Item): ReportingCycle {
  const counts = readCounts<ComplianceCounter>(item);
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

export function reportKeysOf(report: Report) {
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

export function reportItem(report: Report): Item {
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

export function revisionFromItem(item: Item): ReportRevision {
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

export function notificationFromItem(item: Item): Notification {
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

export function notificationPut(notification: Notification): TransactItem {
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
