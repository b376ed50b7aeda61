/** The analytics module's public face: dashboards' figures, read from counter items. */
export { AnalyticsService } from './analytics.service';
export { analyticsResolvers } from './analytics.resolvers';
/** Balance views over counts, for other modules' figures (e.g. the support of issues). */
export { groupBalance, participationBalance, regionBalance, thresholdOf } from './analytics.model';
export { roundRatio } from './balance';
