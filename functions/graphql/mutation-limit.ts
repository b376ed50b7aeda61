/**
 * One write per request (limits.ts MAX_MUTATIONS_PER_REQUEST): a mutation
 * operation may select one root field, aliases and fragments counted, so
 * that a request is one write to rate-limit and to budget — fifteen aliased
 * `submitContribution`s are fifteen requests, each counted.
 */
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';
import { MAX_MUTATIONS_PER_REQUEST } from '../core/limits';

function rootFields(context: ValidationContext, set: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFields(context, selection.selectionSet, seen);
    } else if (!seen.has(selection.name.value)) {
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += rootFields(context, fragment.selectionSet, new Set([...seen, selection.name.value]));
    }
  }
  return count;
}

export function oneMutationPerRequest(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== 'mutation') return;
      const count = rootFields(context, node.selectionSet, new Set());
      if (count > MAX_MUTATIONS_PER_REQUEST) {
        context.reportError(
          new GraphQLError(`A request may hold ${MAX_MUTATIONS_PER_REQUEST} mutation; this one holds ${count}: send them one by one`, { nodes: node }),
        );
      }
    },
  };
}
