/**
 * What the reporting services read and write, one store per aggregate. The
 * module's index.ts passes the DynamoDB stores; the services' unit tests pass
 * in-memory ones (test/reporting/fakes.ts).
 */
import type * as cycleStore from './cycle.store';
import type * as notificationStore from './notification.store';
import type * as reportStore from './report.store';

export type CycleStore = Pick<typeof cycleStore, 'createCycle' | 'requestReport' | 'getCycles' | 'getCycleConsistent' | 'listCycles' | 'cyclesBetween'>;
export type ReportStore = Pick<
  typeof reportStore,
  | 'getReports'
  | 'getReportConsistent'
  | 'listReportsOfOrganisation'
  | 'listReportsOfYear'
  | 'listMissingOfYear'
  | 'writeReport'
  | 'listRevisions'
  | 'getRevisions'
>;
export type NotificationStore = Pick<typeof notificationStore, 'listNotifications'>;

export interface ReportingStores {
  readonly cycles: CycleStore;
  readonly reports: ReportStore;
  readonly notifications: NotificationStore;
}
