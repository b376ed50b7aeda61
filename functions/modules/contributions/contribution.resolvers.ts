/** Contribution fields and operations: thin adapters over the contributions service. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';

export const contributionResolvers: Resolvers = {
  Query: {
    contribution: (_, { id }, { services }) => services.contributions.getByGlobalId(id).then((c) => c ?? null),
    myContributions: async (_, { first, after }, { services }) => toConnection(await services.contributions.mine(first, after)),
  },
  Mutation: {
    submitContribution: (_, { input }, { services }) => services.contributions.submit(input),
    editContribution: (_, { input }, { services }) => services.contributions.edit(input),
    withdrawContribution: async (_, { input }, { services }) => ({ contribution: await services.contributions.withdraw(input) }),
    setDisposition: async (_, { input }, { services }) => ({ contribution: await services.contributions.setDisposition(input) }),
    setDispositions: async (_, { input }, { services }) => ({ contributions: await services.contributions.setDispositions(input) }),
  },
  Contribution: {
    id: (c) => toGlobalId('Contribution', c.id),
    consultation: (c, _, { services }) => services.contributions.consultationOf(c),
    question: (c, _, { services }) => services.contributions.question(c),
    parent: (c, _, { services }) => services.contributions.parent(c),
    author: async (c, _, { services }) => {
      const author = await services.stakeholders.get(c.authorId);
      if (!author) throw new Error(`Contribution ${c.id} has no author`);
      return author;
    },
    organisation: (c, _, { services }) => (c.organisationId ? services.stakeholders.get(c.organisationId).then((o) => o ?? null) : null),
    answer: (c, _, { services }) => services.contributions.answer(c),
    receipt: (c, _, { services }) => services.contributions.receipt(c),
    updatedAt: async (c, _, { services }) => (await services.contributions.stamps(c)).updatedAt,
    version: async (c, _, { services }) => (await services.contributions.stamps(c)).version,
    replies: async (c, { first, after }, { services }) => toConnection(await services.contributions.replies(c, first, after)),
    revisions: async (c, { first, after }, { services }) => toConnection(await services.contributions.revisions(c, first, after)),
  },
  ContributionRevision: {
    body: (r) => (r.hidden ? null : r.body),
  },
  Receipt: {
    algorithm: () => 'SHA-256',
    salt: (r) => r.salt ?? null,
  },
};
