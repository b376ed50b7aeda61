/** The analytics module's public face: dashboards' figures, read from counter items. */
export { AnalyticsService } from './analytics.service';
export { analyticsResolvers } from './analytics.resolvers';
/** Balance figures of counts by group and region (the meetings module measures who spoke with them). */
export { groupBalance, regionBalance, thresholdOf, type GroupBalanceView, type RegionBalanceView } from './analytics.model';
