/** Who spoke at a meeting: thin adapters over the interventions service. */
import type { Resolvers } from '../../generated/resolvers-types';

export const interventionResolvers: Resolvers = {
  Mutation: {
    recordInterventions: async (_, { input }, { services }) => ({ meeting: await services.interventions.record(input) }),
  },
  Meeting: {
    speaking: (m, { threshold }, { services }) => services.interventions.speaking(m, threshold),
  },
  Intervention: {
    speaker: async (i, _, { services }) => {
      const speaker = await services.stakeholders.get(i.speakerId);
      if (!speaker) throw new Error(`Intervention ${i.id} has no speaker`);
      return speaker;
    },
    minutes: (i) => i.minutes ?? null,
  },
};
