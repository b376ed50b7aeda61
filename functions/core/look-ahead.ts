/**
 * The look-ahead: a child list read together with its parent. When a query selects a parent and, under it,
 * a list field exactly once (a consultation and the first page of its contributions; a reporting cycle and
 * its missing organisations), the parent's resolver reads that field's arguments (`selectedArguments`), the
 * service starts the child's read with the parent's (`LookAhead.start`), and the child's resolver takes it
 * (`LookAhead.take`) instead of reading again. One helper, one shape, for every parent that reads ahead.
 */
import { Kind, valueFromASTUntyped, type FieldNode, type GraphQLResolveInfo } from 'graphql';

/** The fields named `name` selected directly under the given fields (fragments are not looked into). */
const childFields = (nodes: readonly FieldNode[], name: string): FieldNode[] =>
  nodes.flatMap((node) => node.selectionSet?.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === name);

/**
 * The arguments of the field at `path` under the field being resolved, if it is selected exactly once
 * (else undefined: the child then reads on its own). Untyped on purpose: GraphQL validated the arguments
 * already, and the service re-validates them.
 */
export function selectedArguments<Args>(info: GraphQLResolveInfo, ...path: readonly string[]): Args | undefined {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) nodes = childFields(nodes, name);
  const node = nodes[0];
  if (nodes.length !== 1 || !node) return undefined;
  return Object.fromEntries((node.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, info.variableValues)])) as Args;
}

/** Whether the field being resolved selects `field` directly. */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  return childFields(info.fieldNodes, field).length > 0;
}

/** The same arguments give the same key, whatever their order and however absent values are spelled. */
function stableKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`).join(',')}}`;
}

/** Child lists read ahead with their parent, per request: by parent and the list's arguments. */
export class LookAhead<Parent, Args, Child> {
  private readonly started = new Map<string, Promise<Child | undefined>>();

  constructor(private readonly parentKey: (parent: Parent) => string) {}

  /**
   * Keeps the child read started with its parent. A refused or failed read is forgotten (undefined): the
   * child's resolver then reads on its own and reports the error where it belongs.
   */
  start(parent: Parent, args: Args, read: Promise<Child>): void {
    const key = `${this.parentKey(parent)}\u0000${stableKey(args)}`;
    if (!this.started.has(key))
      this.started.set(
        key,
        read.catch(() => undefined),
      );
  }

  /** The child read ahead for this parent and these arguments, if there was one. */
  async take(parent: Parent, args: Args): Promise<Child | undefined> {
    return this.started.get(`${this.parentKey(parent)}\u0000${stableKey(args)}`);
  }
}
