/** Dashboard figures: thin adapters over AnalyticsService. */
import type { Resolvers } from '../../generated/resolvers-types';

export const analyticsResolvers: Resolvers = {
  Query: {
    cycleAnalytics: (_, { year, threshold }, { services }) => services.analytics.cycle(year, threshold),
    participationTrends: (_, { fromYear, toYear, threshold }, { services }) => services.analytics.trends(fromYear, toYear, threshold),
    magBalance: (_, { year, threshold }, { services }) => services.analytics.mag(year, threshold),
    reportingRates: (_, { fromYear, toYear }, { services }) => services.analytics.reportingRates(fromYear, toYear),
  },
  Consultation: {
    analytics: (c, { threshold }, { services }) => services.analytics.consultation(c, threshold),
  },
  MagComposition: {
    balance: (composition, { threshold }, { services }) => services.analytics.magBalance(composition, threshold),
  },
  CycleAnalytics: {
    consultations: async (cycle, _, { services }) =>
      Promise.all((await services.analytics.consultationsOf(cycle.year)).map((c) => services.analytics.consultation(c, cycle.threshold))),
  },
  ReportingRates: {
    compliance: (rates) => rates.cycle,
  },
};
