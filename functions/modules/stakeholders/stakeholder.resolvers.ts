/** Stakeholder fields and operations: thin adapters over StakeholderService. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { REGIONS, STAKEHOLDER_GROUPS, termCovers } from './stakeholder.model';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export const stakeholderResolvers: Resolvers = {
  Query: {
    stakeholder: (_, { id }, { services }) => services.stakeholders.getByGlobalId(id).then((s) => s ?? null),
    me: (_, __, { services }) => services.stakeholders.me(),
    stakeholders: (_, { filter, first, after }, { services }) => services.stakeholders.list(filter, first, after),
    magComposition: (_, { year }, { services }) => services.stakeholders.magComposition(year),
  },
  Mutation: {
    registerStakeholder: async (_, { input }, { services }) => ({
      stakeholder: await services.stakeholders.register(input),
    }),
    proposeOrganisation: async (_, { input }, { services }) => ({
      organisation: await services.stakeholders.proposeOrganisation(input),
    }),
    updateStakeholder: async (_, { input }, { services }) => ({
      stakeholder: await services.stakeholders.update(input),
    }),
    setVerification: async (_, { input }, { services }) => ({
      stakeholder: await services.stakeholders.setVerification(input),
    }),
    setRelevantOrganisation: async (_, { input }, { services }) => ({
      stakeholder: await services.stakeholders.setRelevantOrganisation(input),
    }),
    appointMagMember: async (_, { input }, { services }) => ({
      stakeholder: await services.stakeholders.appointMagMember(input),
    }),
    endMagTerm: async (_, { input }, { services }) => ({
      stakeholder: await services.stakeholders.endMagTerm(input),
    }),
    appointRepresentative: (_, { input }, { services }) => services.stakeholders.appointRepresentative(input),
    revokeRepresentative: (_, { input }, { services }) => services.stakeholders.revokeRepresentative(input),
  },
  Stakeholder: {
    id: (s) => toGlobalId('Stakeholder', s.id),
    affiliation: (s, _, { services }) => (s.affiliationId ? services.stakeholders.get(s.affiliationId).then((o) => o ?? null) : null),
    website: (s) => s.website ?? null,
    description: (s) => s.description ?? null,
    languages: (s) => [...s.languages],
    contactEmail: (s, _, { services }) => services.stakeholders.contactEmail(s),
    gender: (s, _, { services }) => services.stakeholders.gender(s),
    magTerm: (s, _, { now }) => (s.magTerm ? { ...s.magTerm, current: termCovers(s.magTerm, now().getUTCFullYear()) } : null),
    representativeOf: (s, _, { services }) => services.stakeholders.getMany(s.representativeOf),
    representatives: (s, _, { services }) => services.stakeholders.representatives(s),
  },
  Me: {
    roles: (me) => [...me.roles],
  },
  MagComposition: {
    total: (c) => c.members.length,
    members: async (c, _, { services }) => (await services.stakeholders.getMany(c.members.map((m) => m.stakeholderId))).sort(byName),
    groups: (c) => STAKEHOLDER_GROUPS.map((group) => ({ group, count: c.members.filter((m) => m.group === group).length })),
    regions: (c) => REGIONS.map((region) => ({ region, count: c.members.filter((m) => m.region === region).length })),
    cells: (c) =>
      STAKEHOLDER_GROUPS.flatMap((group) =>
        REGIONS.map((region) => {
          const inCell = c.members.filter((m) => m.group === group && m.region === region);
          return { group, region, count: inCell.length, memberIds: inCell.map((m) => m.stakeholderId) };
        }),
      ),
  },
  MagCompositionCell: {
    members: async (cell, _, { services }) => (await services.stakeholders.getMany(cell.memberIds)).sort(byName),
  },
};
