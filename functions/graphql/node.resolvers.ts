/** `node(id)`: any object by its global id, through the service that guards it. */
import type { Resolvers } from '../generated/resolvers-types';
import { fromGlobalId } from '../core/ids';
import { fetchNode, isNodeType } from './node.fetch';

export const nodeResolvers: Resolvers = {
  Query: {
    node: async (_, { id }, context) => {
      const { type, id: internal } = fromGlobalId(id);
      const found = isNodeType(type) ? await fetchNode(context.services, type, internal) : undefined;
      // The type name travels with the object so the Node interface can resolve it.
      return found ? ({ ...found, __typename: type } as never) : null;
    },
  },
};
