/**
 * What a client selected of a connection's nodes, read from the resolver's `info`: a list page can then read only
 * the attributes those fields need (a projection) instead of whole items.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields selected directly in `set`, through inline fragments and named fragments. */
function fieldsOf(set: SelectionSetNode | undefined, info: Pick<GraphQLResolveInfo, 'fragments'>): FieldNode[] {
  return (set?.selections ?? []).flatMap((selection): FieldNode[] => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, info);
    const fragment = info.fragments[selection.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, info) : [];
  });
}

/** The names of the fields selected on the nodes of the connection being resolved (`edges { node { … } }`). */
export function connectionNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const edges = info.fieldNodes.flatMap((node) => fieldsOf(node.selectionSet, info)).filter((f) => f.name.value === 'edges');
  const nodes = edges.flatMap((edge) => fieldsOf(edge.selectionSet, info)).filter((f) => f.name.value === 'node');
  return new Set(nodes.flatMap((node) => fieldsOf(node.selectionSet, info).map((f) => f.name.value)));
}

/**
 * The stored attributes that the selected node fields need, from `needs` (field → attributes); undefined — read
 * whole items — as soon as one selected field is not in it.
 */
export function projectionFor<A extends string>(fields: ReadonlySet<string>, needs: Readonly<Record<string, readonly A[]>>): A[] | undefined {
  const attributes = new Set<A>();
  for (const field of fields) {
    const wanted = Object.hasOwn(needs, field) ? needs[field] : undefined;
    if (!wanted) return undefined;
    for (const attribute of wanted) attributes.add(attribute);
  }
  return [...attributes];
}
