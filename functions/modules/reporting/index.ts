/**
 * The reporting module's public face (reporting cycles, reports and their
 * revisions, notifications): what other modules, the GraphQL edge and the
 * scheduler may use. `buildReporting` wires the module's services from its
 * stores.
 */
import type { Caller } from '../../core/auth/caller';
import type { StakeholderService } from '../stakeholders';
import * as cycles from './cycle.store';
import { ReportingCycleService } from './cycle.service';
import { NotificationService } from './notification.service';
import * as notifications from './notification.store';
import { ReportService } from './report.service';
import * as reports from './report.store';

export type { ComplianceCounts, ReportingCycle } from './reporting.model';
export type { ReportingCycleService } from './cycle.service';
export type { ReportService } from './report.service';
export type { NotificationService } from './notification.service';
export { reportingResolvers } from './reporting.resolvers';
export { reportDeadlinesJob } from './reporting.jobs';

/** The reporting module's services, one per aggregate. */
export interface Reporting {
  readonly cycles: ReportingCycleService;
  readonly reports: ReportService;
  readonly notifications: NotificationService;
}

/** Builds the reporting services of a request from the module's DynamoDB stores. */
export function buildReporting(caller: Caller, now: () => Date, needs: { readonly stakeholders: StakeholderService }): Reporting {
  const stores = { cycles, reports, notifications };
  const cycleService = new ReportingCycleService(caller, now, stores, needs.stakeholders);
  return {
    cycles: cycleService,
    reports: new ReportService(caller, now, stores, cycleService),
    notifications: new NotificationService(caller, stores),
  };
}
