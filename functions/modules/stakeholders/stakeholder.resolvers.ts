/** Stakeholder fields and operations: thin adapters over StakeholderService. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';

export const stakeholderResolvers: Resolvers = {
  Query: {
    stakeholder: (_, { id }, { services }) => services.stakeholders.getByGlobalId(id).then((s) => s ?? null),
  },
  Mutation: {
    registerStakeholder: async (_, { input }, { services }) => ({
      stakeholder: await services.stakeholders.register(input),
    }),
  },
  Stakeholder: {
    id: (s) => toGlobalId('Stakeholder', s.id),
    affiliation: (s, _, { services }) =>
      s.affiliationId ? services.stakeholders.get(s.affiliationId).then((o) => o ?? null) : null,
    website: (s) => s.website ?? null,
    description: (s) => s.description ?? null,
    languages: (s) => [...s.languages],
    contactEmail: (s, _, { services }) => services.stakeholders.contactEmail(s),
  },
};
