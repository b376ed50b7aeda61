/** Reporting cycles, reports, revisions and notifications: thin adapters over the reporting services. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { selectedArguments } from '../../core/look-ahead';
import type { PageArgs } from './cycle.service';

const orNull = <T>(value: T | undefined): T | null => value ?? null;

export const reportingResolvers: Resolvers = {
  Query: {
    reportingCycle: (_, { year }, { services }, info) =>
      services.reporting.cycles.cycle(year, selectedArguments<PageArgs>(info, 'compliance', 'missingOrganisations')).then(orNull),
    reportingCycles: (_, { first, after }, { services }) => services.reporting.cycles.listCycles(first, after),
    report: (_, { organisation, year }, { services }) => services.reporting.reports.report(organisation, year).then(orNull),
    myNotifications: (_, { first, after }, { services }) => services.reporting.notifications.myNotifications(first, after),
  },
  Mutation: {
    createReportingCycle: (_, { input }, { services }) => services.reporting.cycles.createCycle(input),
    requestReports: (_, { input }, { services }) => services.reporting.cycles.requestReports(input),
    saveReportSections: (_, { input }, { services }) => services.reporting.reports.saveSections(input),
    submitReport: async (_, { input }, { services }) => ({ report: await services.reporting.reports.submit(input) }),
    returnReport: async (_, { input }, { services }) => ({ report: await services.reporting.reports.returnReport(input) }),
    publishReport: async (_, { input }, { services }) => ({ report: await services.reporting.reports.publish(input) }),
  },
  ReportingCycle: {
    id: (cycle) => toGlobalId('ReportingCycle', String(cycle.year)),
    open: (cycle, _, { now }) => now().toISOString() >= cycle.opensAt,
    sections: (cycle) => [...cycle.sections],
    compliance: (cycle) => cycle,
    reports: (cycle, { status, first, after }, { services }) => services.reporting.reports.reportsOfCycle(cycle, status, first, after),
  },
  ReportingCompliance: {
    year: (cycle) => cycle.year,
    requested: (cycle) => cycle.counts.requested,
    missing: (cycle) => cycle.counts.missing,
    overdue: (cycle, _, { now }) => (now().toISOString() > cycle.dueAt ? cycle.counts.missing : 0),
    submittedOnTime: (cycle) => cycle.counts.submittedOnTime,
    submittedLate: (cycle) => cycle.counts.submittedLate,
    awaitingReview: (cycle) => cycle.counts.awaitingReview,
    returned: (cycle) => cycle.counts.returned,
    returns: (cycle) => cycle.counts.returns,
    published: (cycle) => cycle.counts.published,
    missingOrganisations: (cycle, { first, after }, { services }) => services.reporting.cycles.missing(cycle, first, after),
  },
  MissingReport: {
    organisationId: (m) => toGlobalId('Stakeholder', m.organisationId),
    organisation: (m, _, { services }) => services.stakeholders.get(m.organisationId).then(orNull),
    overdue: (m, _, { now }) => now().toISOString() > m.dueAt,
  },
  Report: {
    id: (report) => toGlobalId('Report', report.id),
    cycle: async (report, _, { services }) => {
      const cycle = await services.reporting.cycles.cycle(report.year);
      if (!cycle) throw new Error(`Report ${report.id} has no cycle`);
      return cycle;
    },
    organisation: async (report, _, { services }) => {
      const organisation = await services.stakeholders.get(report.organisationId);
      if (!organisation) throw new Error(`Report ${report.id} has no organisation`);
      return organisation;
    },
    sections: (report, _, { services }) => services.reporting.reports.sections(report),
    submittedAt: (report) => orNull(report.submittedAt),
    firstSubmittedAt: (report) => orNull(report.firstSubmittedAt),
    late: (report, _, { services }) => services.reporting.reports.late(report),
    overdue: (report, _, { services }) => services.reporting.reports.overdue(report),
    returnedAt: async (report, _, { services }) => (await services.reporting.reports.returned(report)).returnedAt,
    returnReason: async (report, _, { services }) => (await services.reporting.reports.returned(report)).returnReason,
    publishedAt: (report) => orNull(report.publishedAt),
    revisions: (report, { first, after }, { services }) => services.reporting.reports.revisions(report, first, after),
    comparison: (report, { from, to }, { services }) => services.reporting.reports.compare(report, from, to),
    previousReport: (report, _, { services }) => services.reporting.reports.previousReport(report).then(orNull),
  },
  ReportRevision: {
    id: (revision) => toGlobalId('ReportRevision', revision.id),
    sections: (revision) => Object.entries(revision.sections).map(([key, text]) => ({ key, text })),
    changedSections: (revision) => [...revision.changedKeys],
    savedBy: (revision, _, { services }) => services.stakeholders.get(revision.savedBy).then(orNull),
  },
  RevisionComparison: {
    sections: (comparison) => [...comparison.sections],
    changedSections: (comparison) => comparison.sections.filter((s) => s.changed).map((s) => s.key),
  },
  SectionComparison: {
    lines: (section) => [...section.lines],
  },
  Notification: {
    id: (notification) => notification.id,
    organisation: (notification, _, { services }) => services.stakeholders.get(notification.organisationId).then(orNull),
    report: (notification, _, { services }) => services.reporting.reports.reportById(notification.reportId).then(orNull),
    daysBefore: (notification) => orNull(notification.daysBefore),
  },
  Stakeholder: {
    reports: (stakeholder, { first, after }, { services }) => services.reporting.reports.reportsOfOrganisation(stakeholder.id, first, after),
  },
};
