/** `node(id)`: any object by its global id, through the service that guards it. */
import type { Resolvers } from '../generated/resolvers-types';
import type { Context } from '../core/context';
import { fromGlobalId, type NodeType } from '../core/ids';

type Fetch = (context: Context, id: string) => Promise<object | undefined>;

const fetchers: Partial<Record<NodeType, Fetch>> = {
  Stakeholder: (context, id) => context.services.stakeholders.get(id),
  ReportingCycle: (context, id) => (/^\d{4}$/.test(id) ? context.services.reporting.cycle(Number(id)) : Promise.resolve(undefined)),
  // Reports and revisions go through the service's visibility rules: unpublished ones are null for others.
  Report: (context, id) => context.services.reporting.reportById(id),
  ReportRevision: (context, id) => context.services.reporting.revisionById(id),
  Consultation: (context, id) => context.services.consultations.get(id),
  Contribution: (context, id) => context.services.contributions.get(id),
};

export const nodeResolvers: Resolvers = {
  Query: {
    node: async (_, { id }, context) => {
      const { type, id: internal } = fromGlobalId(id);
      const fetch = fetchers[type as NodeType];
      const found = fetch ? await fetch(context, internal) : undefined;
      // The type name travels with the object so the Node interface can resolve it.
      return found ? ({ ...found, __typename: type } as never) : null;
    },
  },
};
