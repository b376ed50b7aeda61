/** The analytics module's public face: dashboards' figures, read from counter items. */
export { AnalyticsService } from './analytics.service';
export { analyticsResolvers } from './analytics.resolvers';
/** Balance views over counts, for other modules' figures (the support of issues; who spoke in a MAG meeting). */
export { groupBalance, participationBalance, regionBalance, thresholdOf, type GroupBalanceView, type RegionBalanceView } from './analytics.model';
export { roundRatio } from './balance';
