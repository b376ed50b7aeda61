/**
 * Annual reporting (Tunis Agenda para. 71): a cycle per year with its section
 * template, one report per relevant organisation and year, every save kept as
 * a revision, and the notifications the deadline job leaves for organisations.
 */
import { newId } from '../../core/ids';

export const REPORT_STATUSES = ['DRAFT', 'SUBMITTED', 'RETURNED', 'PUBLISHED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The statuses in which representatives may still edit the sections. */
export const EDITABLE_STATUSES: readonly ReportStatus[] = ['DRAFT', 'RETURNED'];

export interface SectionTemplate {
  /** Stable key, e.g. `activities` (lowercase letters, digits, dashes). */
  readonly key: string;
  readonly title: string;
  readonly guidance: string;
  readonly required: boolean;
  readonly maxLength: number;
}

/** Compliance counters, kept on the cycle item and updated in every transition's transaction. */
export const COMPLIANCE_COUNTERS = [
  /** Reports requested (one per organisation). */
  'requested',
  /** Not yet submitted once (DRAFT). */
  'missing',
  /** First submitted on or before the due date. */
  'submittedOnTime',
  /** First submitted after the due date. */
  'submittedLate',
  /** SUBMITTED, waiting for the secretariat. */
  'awaitingReview',
  /** Currently RETURNED to the organisation. */
  'returned',
  /** Returns ever made (a report returned twice counts twice). */
  'returns',
  /** PUBLISHED. */
  'published',
] as const;
export type ComplianceCounter = (typeof COMPLIANCE_COUNTERS)[number];
export type ComplianceCounts = Readonly<Record<ComplianceCounter, number>>;

export interface ReportingCycle {
  readonly id: string;
  readonly year: number;
  readonly opensAt: string;
  readonly dueAt: string;
  readonly sections: readonly SectionTemplate[];
  readonly counts: ComplianceCounts;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Report {
  /** `<year>.<organisationId>` */
  readonly id: string;
  readonly year: number;
  readonly organisationId: string;
  /** Denormalised so compliance lists need no stakeholder reads. */
  readonly organisationName: string;
  readonly status: ReportStatus;
  /** Section key → text; a missing key is an empty section. */
  readonly sections: Readonly<Record<string, string>>;
  /** Copied from the cycle: lateness and overdue are computed from these stamps. */
  readonly opensAt: string;
  readonly dueAt: string;
  readonly firstSubmittedAt?: string | undefined;
  readonly submittedAt?: string | undefined;
  readonly returnedAt?: string | undefined;
  readonly returnReason?: string | undefined;
  readonly publishedAt?: string | undefined;
  /** Set by the deadline job (bookkeeping only; `overdue` is computed from the stamps). */
  readonly overdueMarkedAt?: string | undefined;
  readonly revisionCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface ReportRevision {
  /** `<reportId>.<number>` */
  readonly id: string;
  readonly reportId: string;
  readonly year: number;
  readonly organisationId: string;
  readonly number: number;
  /** The report version this save produced. */
  readonly reportVersion: number;
  readonly sections: Readonly<Record<string, string>>;
  readonly changedKeys: readonly string[];
  /** Stakeholder id of the representative who saved it. */
  readonly savedBy: string;
  readonly savedAt: string;
}

export const NOTIFICATION_KINDS = ['REQUESTED', 'REMINDER', 'OVERDUE', 'RETURNED', 'PUBLISHED'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  readonly id: string;
  readonly organisationId: string;
  readonly kind: NotificationKind;
  readonly year: number;
  readonly reportId: string;
  /** For a reminder: days left before the due date (14, 7 or 1). */
  readonly daysBefore?: number | undefined;
  readonly message: string;
  readonly createdAt: string;
}

export const reportId = (year: number, organisationId: string) => `${year}.${organisationId}`;

export function parseReportId(id: string): { year: number; organisationId: string } | undefined {
  const match = /^(\d{4})\.(.+)$/.exec(id);
  return match ? { year: Number(match[1]), organisationId: match[2] as string } : undefined;
}

export const revisionId = (report: string, number: number) => `${report}.${number}`;

export function parseRevisionId(id: string): { year: number; organisationId: string; number: number } | undefined {
  const match = /^(.+)\.(\d{1,6})$/.exec(id);
  const report = match ? parseReportId(match[1] as string) : undefined;
  return report && match ? { ...report, number: Number(match[2]) } : undefined;
}

/** Late: first submitted after the due date. */
export function isLate(report: Report): boolean {
  return report.firstSubmittedAt !== undefined && report.firstSubmittedAt > report.dueAt;
}

/** Overdue: never submitted and the due date has passed (whether or not the job ran). */
export function isOverdue(report: Report, now: Date): boolean {
  return report.firstSubmittedAt === undefined && now.toISOString() > report.dueAt;
}

/** An in-app notice about a report to its organisation's representatives. */
export function notice(report: Report, kind: Notification['kind'], message: string, at: Date): Notification {
  return { id: newId(at), organisationId: report.organisationId, kind, year: report.year, reportId: report.id, message, createdAt: at.toISOString() };
}

/** A report owed by an organisation that has not submitted it yet (public: no report content). */
export interface MissingReport {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly year: number;
  readonly dueAt: string;
}
