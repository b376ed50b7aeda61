/**
 * Reporting's items, declared once (core/dynamodb/entity.ts): how a reporting
 * cycle (with its compliance counters), a report, a revision and a
 * notification become items, which indexes they fill, and how they are read
 * back. The stores of this module build and parse items only here.
 */
import type { Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { readCounts } from '../../core/dynamodb/counters';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import { reportingKeys } from '../../core/dynamodb/keys';
import type { TransactItem } from '../../core/dynamodb/transact';
import {
  COMPLIANCE_COUNTERS,
  NOTIFICATION_KINDS,
  REPORT_STATUSES,
  reportId,
  type ComplianceCounter,
  type ComplianceCounts,
  type Notification,
  type Report,
  type ReportingCycle,
  type ReportRevision,
  type SectionTemplate,
} from './reporting.model';

export const CYCLE = 'ReportingCycle';
export const REPORT = 'Report';
export const REVISION = 'ReportRevision';
export const NOTIFICATION = 'Notification';

/** The cycle item without its counters (`n:*` attributes, see counters.ts). */
export const cycleEntity = defineEntity<Omit<ReportingCycle, 'counts'>>()({
  name: CYCLE,
  attributes: {
    id: attr.string,
    year: attr.number,
    opensAt: attr.string,
    dueAt: attr.string,
    sections: attr.list(
      attr.object<SectionTemplate>({ key: attr.string, title: attr.string, guidance: attr.string, required: attr.boolean, maxLength: attr.number }),
    ),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (cycle) => reportingKeys.cycle(cycle.year),
  changes: (cycle) => [cycle.updatedAt, cycle.id],
  patterns: {
    /** Every cycle, by year. */
    all: { index: 'gsi1', pk: () => reportingKeys.cycles(), sk: (cycle) => reportingKeys.cycleSort(cycle.year) },
    /** Every cycle, by due date (the deadline job). */
    byDue: { index: 'gsi2', pk: () => reportingKeys.cyclesByDue(), sk: (cycle) => reportingKeys.cycleDue(cycle.dueAt, cycle.year) },
  },
});

export function cycleItem(cycle: ReportingCycle, counts: Partial<ComplianceCounts>): Item {
  return { ...cycleEntity.item(cycle), ...Object.fromEntries(Object.entries(counts).map(([name, value]) => [`n:${name}`, value])) };
}

export function cycleFromItem(item: Item): ReportingCycle {
  const counts = readCounts<ComplianceCounter>(item);
  return { ...cycleEntity.parse(item), counts: Object.fromEntries(COMPLIANCE_COUNTERS.map((name) => [name, counts[name] ?? 0])) as ComplianceCounts };
}

const byName = (report: Pick<Report, 'organisationName' | 'organisationId'>) => reportingKeys.reportByName(report.organisationName, report.organisationId);
const sections = attr.orElse(attr.record(attr.string), {});

export const reportEntity = defineEntity<Report>()({
  name: REPORT,
  attributes: {
    id: attr.string,
    year: attr.number,
    organisationId: attr.string,
    organisationName: attr.string,
    status: attr.oneOf(REPORT_STATUSES),
    sections,
    opensAt: attr.string,
    dueAt: attr.string,
    firstSubmittedAt: attr.optional(attr.string),
    submittedAt: attr.optional(attr.string),
    returnedAt: attr.optional(attr.string),
    returnReason: attr.optional(attr.string),
    publishedAt: attr.optional(attr.string),
    overdueMarkedAt: attr.optional(attr.string),
    revisionCount: attr.orElse(attr.number, 0),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (report) => reportingKeys.report(report.year, report.organisationId),
  changes: (report) => [report.updatedAt, report.id],
  patterns: {
    /** Reports of a year with a status, by organisation name (DRAFT: organisations still missing). */
    byStatus: { index: 'gsi1', pk: (p: Pick<Report, 'year' | 'status'>) => reportingKeys.reportsByStatus(p.year, p.status), sk: byName },
    /** An organisation's reports across years. */
    ofOrganisation: {
      index: 'gsi2',
      pk: (p: Pick<Report, 'organisationId'>) => reportingKeys.reportsOfOrganisation(p.organisationId),
      sk: (report) => String(report.year),
    },
    /** Every report of a year, by organisation name. */
    ofYear: { index: 'gsi3', pk: (p: Pick<Report, 'year'>) => reportingKeys.reportsOfYear(p.year), sk: byName },
  },
});

export const reportItem = (report: Report): Item => reportEntity.item(report);

export const revisionEntity = defineEntity<ReportRevision>()({
  name: REVISION,
  attributes: {
    id: attr.string,
    reportId: attr.string,
    year: attr.number,
    organisationId: attr.string,
    number: attr.number,
    reportVersion: attr.number,
    sections,
    changedKeys: attr.orElse(attr.list(attr.string), []),
    savedBy: attr.string,
    savedAt: attr.string,
  },
  key: (revision) => reportingKeys.revision(revision.year, revision.organisationId, revision.number),
  changes: (revision) => [revision.savedAt, revision.id],
  patterns: {
    /** A report's revisions in order (the report's own partition; the report item sorts apart). */
    ofReport: { pk: (p: Pick<ReportRevision, 'year' | 'organisationId'>) => reportingKeys.report(p.year, p.organisationId).PK },
  },
});

export const notificationEntity = defineEntity<Notification>()({
  name: NOTIFICATION,
  attributes: {
    id: attr.string,
    organisationId: attr.string,
    kind: attr.oneOf(NOTIFICATION_KINDS),
    year: attr.number,
    reportId: attr.string,
    daysBefore: attr.optional(attr.number),
    message: attr.string,
    createdAt: attr.string,
  },
  key: (notification) => reportingKeys.notification(notification.organisationId, notification.createdAt, notification.id),
  changes: (notification) => [notification.createdAt, notification.id],
  patterns: {
    /** An organisation's notifications (newest first when read backwards). */
    ofOrganisation: { pk: (p: Pick<Notification, 'organisationId'>) => reportingKeys.notifications(p.organisationId) },
  },
});

export function notificationPut(notification: Notification): TransactItem {
  return { Put: { TableName: tableName(), Item: notificationEntity.item(notification) } };
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
