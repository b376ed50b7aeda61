/** The analytics module's public face: dashboards' figures, read from counter items. */
import type { ConsultationService } from '../consultations';
import type { ReportingCycleService } from '../reporting';
import type { StakeholderService } from '../stakeholders';
import { AnalyticsService } from './analytics.service';

export type { AnalyticsService } from './analytics.service';

/** Builds the analytics service from the services it reads (its figures are other modules' counter items). */
export function buildAnalytics(needs: {
  readonly consultations: ConsultationService;
  readonly stakeholders: StakeholderService;
  readonly reporting: ReportingCycleService;
}): AnalyticsService {
  return new AnalyticsService(needs.consultations, needs.stakeholders, needs.reporting);
}
export { analyticsResolvers } from './analytics.resolvers';
/** Balance views over counts, for other modules' figures (the support of issues; who spoke in a MAG meeting). */
export { groupBalance, participationBalance, regionBalance, thresholdOf, type GroupBalanceView, type RegionBalanceView } from './analytics.model';
export { roundRatio } from './balance';
