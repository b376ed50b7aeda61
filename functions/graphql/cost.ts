/**
 * The static side of the request budget (limits.ts REQUEST_BUDGET): once
 * Apollo knows the operation and its variables, estimate the DynamoDB
 * requests the operation can send, and refuse it before it runs when the
 * estimate is over the budget or a nested list asks for a page larger than
 * the nested maximum.
 *
 * The estimate: one request per root field, and for every connection (a
 * field with a `first` argument) one Query per parent object that can hold
 * it — `first` as coerced from literals, variables and defaults, or the
 * default page size when absent. Fields read through a DataLoader (authors,
 * parents, organisations) are batched and left out: the run-time budget
 * counts what they actually send. Fragments are expanded; `@skip`/`@include`
 * are counted as if included (an upper bound).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../core/errors';
import { REQUEST_BUDGET } from '../core/limits';
import { DEFAULT_PAGE_SIZE } from '../core/pagination';
import { currentBudget } from '../core/request-budget';

export interface CostEstimate {
  /** DynamoDB requests the operation can send at most (connections × their parents, plus root fields). */
  readonly requests: number;
  /** A connection nested under another list whose `first` is over the nested maximum, if any. */
  readonly oversizedNested?: { readonly field: string; readonly first: number };
}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: Record<string, FragmentDefinitionNode>;
  readonly variables: Record<string, unknown>;
  requests: number;
  oversizedNested?: { field: string; first: number };
}

function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

/** Selections of a selection set with fragments expanded: (field node, the type it is selected on). */
function* fields(walk: Walk, type: GraphQLCompositeType, set: SelectionSetNode, seen: Set<string>): Generator<[FieldNode, GraphQLCompositeType]> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      yield [selection, type];
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
      if (on && isCompositeType(on)) yield* fields(walk, on, selection.selectionSet, seen);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments[name];
      if (!fragment || seen.has(name)) continue;
      const on = walk.schema.getType(fragment.typeCondition.name.value);
      if (on && isCompositeType(on)) yield* fields(walk, on, fragment.selectionSet, new Set([...seen, name]));
    }
  }
}

function visit(walk: Walk, type: GraphQLCompositeType, set: SelectionSetNode, parents: number, listDepth: number, root: boolean): void {
  for (const [node, on] of fields(walk, type, set, new Set())) {
    const definition = fieldOf(on, node.name.value);
    if (!definition) continue; // __typename and meta fields
    const isConnection = definition.args.some((arg) => arg.name === 'first');
    let children = parents;
    let depth = listDepth;
    if (root) walk.requests += 1;
    if (isConnection) {
      const args = getArgumentValues(definition, node, walk.variables);
      const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
      if (listDepth > 0 && first > REQUEST_BUDGET.maxNestedPageSize) walk.oversizedNested ??= { field: node.name.value, first };
      // One Query per parent (the root field's own Query was counted above).
      if (!root) walk.requests += parents;
      children = parents * Math.max(first, 0);
      depth = listDepth + 1;
    }
    const named = getNamedType(definition.type);
    if (node.selectionSet && isCompositeType(named)) visit(walk, named, node.selectionSet, children, depth, false);
  }
}

/** The estimate for an operation with its (raw) variables; throws the coercion errors GraphQL would report. */
export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown> = {},
): CostEstimate {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  // Invalid variables: GraphQL execution refuses them with its own message; nothing to estimate here.
  if (coerced.errors) return { requests: 0 };
  const root = schema.getRootType(operation.operation);
  const walk: Walk = { schema, fragments, variables: coerced.coerced, requests: 0 };
  if (root) visit(walk, root, operation.selectionSet, 1, 0, true);
  return { requests: walk.requests, ...(walk.oversizedNested ? { oversizedNested: walk.oversizedNested } : {}) };
}

function refusal(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, http: { status: 400, headers: new Map() } } });
}

/** Refuses, before execution, an operation whose estimate is over the request budget. */
export const costLimit: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request, schema }) {
        const fragments = Object.fromEntries(
          document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
        );
        if (!operation) return;
        const estimate = estimateCost(schema, operation, fragments, request.variables ?? {});
        if (estimate.oversizedNested) {
          const { field, first } = estimate.oversizedNested;
          throw refusal(`"first" of ${field} is ${first}; a list nested under another list takes at most ${REQUEST_BUDGET.maxNestedPageSize}`, {
            code: ErrorCode.BAD_USER_INPUT,
            field: 'first',
          });
        }
        if (estimate.requests > REQUEST_BUDGET.maxRequests) {
          throw refusal(
            `The request could send ${estimate.requests} database requests, over its budget of ${REQUEST_BUDGET.maxRequests}; ask for smaller pages or fewer nested lists`,
            {
              code: ErrorCode.COST_LIMIT_EXCEEDED,
              estimatedRequests: estimate.requests,
              budget: { maxRequests: REQUEST_BUDGET.maxRequests },
            },
          );
        }
      },
    };
  },
};

/**
 * The run-time side: when the request went over its budget while running, the answer is that one error,
 * with no partial data (the calls after the limit were never sent, so nothing was written).
 */
export const budgetOutcome: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const budget = currentBudget();
        if (!budget?.exceeded || response.body.kind !== 'single') return;
        const error = budget.error();
        response.body.singleResult = { data: null, errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] };
      },
    };
  },
};
