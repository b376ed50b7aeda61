/** The analytics module's public face: dashboards' figures, read from counter items. */
export { AnalyticsService } from './analytics.service';
export { analyticsResolvers } from './analytics.resolvers';
