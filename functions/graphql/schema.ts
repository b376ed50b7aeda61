/**
 * The executable schema, built once per process from the generated SDL and
 * the resolvers — the cheap way, because it runs on every cold start:
 * - the SDL is parsed without locations and built without re-validating it
 *   (`assumeValidSDL`), nor validating the built schema on the first request
 *   (`assumeValid`): it is one document that codegen already built and
 *   validated, and test/graphql/schema.unit.test.ts validates it in full;
 * - the resolvers are attached to the built types in place, instead of
 *   through @graphql-tools' merge and schema copy (what Apollo does with
 *   `typeDefs`), which cost about a third of the cold start.
 * - the SDL comes without its descriptions (two thirds of its size, and of
 *   the parsing): only introspection shows them, so they are added, by
 *   element by element, only to a schema that is introspected.
 * A resolver for a type or field the schema does not define is an error, as
 * with @graphql-tools' default.
 */
import {
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  Kind,
  type DocumentNode,
  type StringValueNode,
  type GraphQLFieldResolver,
  type GraphQLIsTypeOfFn,
  type GraphQLScalarType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';

type FieldResolvers = Record<string, GraphQLFieldResolver<unknown, unknown> | { resolve: GraphQLFieldResolver<unknown, unknown> } | undefined>;

export function executableSchema(typeDefs: string, resolvers: object, descriptions?: readonly (string | 0)[]): GraphQLSchema {
  const document = parse(typeDefs, { noLocation: true });
  const schema = buildASTSchema(document, { assumeValidSDL: true, assumeValid: true });
  if (descriptions) describe(schema, document, descriptions);
  for (const [typeName, value] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type) throw new Error(`Resolvers are given for "${typeName}", which the schema does not define`);
    if (isScalarType(type)) {
      const scalar = value as GraphQLScalarType;
      Object.assign(type, { serialize: scalar.serialize, parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral });
      continue;
    }
    if (isEnumType(type)) throw new Error(`Enum "${typeName}": internal enum values are not supported; the schema's names are the values`);
    const { __resolveType, __isTypeOf, ...fields } = value as FieldResolvers & { __resolveType?: unknown; __isTypeOf?: unknown };
    if (__resolveType !== undefined) {
      if (!isInterfaceType(type) && !isUnionType(type)) throw new Error(`"${typeName}" is not abstract: it takes no __resolveType`);
      type.resolveType = __resolveType as GraphQLTypeResolver<unknown, unknown>;
    }
    if (__isTypeOf !== undefined) {
      if (!isObjectType(type)) throw new Error(`"${typeName}" is not an object type: it takes no __isTypeOf`);
      type.isTypeOf = __isTypeOf as GraphQLIsTypeOfFn<unknown, unknown>;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) {
      if (Object.keys(fields).length > 0) throw new Error(`"${typeName}" has no fields to resolve`);
      continue;
    }
    const defined = type.getFields();
    for (const [fieldName, resolver] of Object.entries(fields)) {
      const field = defined[fieldName];
      if (!field) throw new Error(`A resolver is given for "${typeName}.${fieldName}", which the schema does not define`);
      if (resolver === undefined) continue;
      field.resolve = typeof resolver === 'function' ? resolver : resolver.resolve;
    }
  }
  return schema;
}

/** Things a schema coordinate names, that carry a description. */
type Described = { description?: string | null | undefined };

/**
 * Every element of a document that can carry a description, in document order, with its schema coordinate
 * (`Type`, `Type.member`, `Type.field(arg:)`, `@directive`, `@directive(arg:)`) and its description. The same
 * document without descriptions lists the same elements in the same order: codegen writes the descriptions in
 * this order, and `executableSchema` puts them back by it.
 */
export function describable(document: DocumentNode): { coordinate: string; description: string | undefined }[] {
  const elements: { coordinate: string; description: string | undefined }[] = [];
  const add = (coordinate: string, node: { readonly description?: StringValueNode | undefined }) =>
    elements.push({ coordinate, description: node.description?.value });
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const owner = definition.kind === Kind.DIRECTIVE_DEFINITION ? `@${definition.name.value}` : definition.name.value;
    // An extension (`extend type Query`) has no description of its own, but its members do.
    if ('description' in definition) add(owner, definition);
    for (const argument of (definition.kind === Kind.DIRECTIVE_DEFINITION ? definition.arguments : undefined) ?? [])
      add(`${owner}(${argument.name.value}:)`, argument);
    const members = 'fields' in definition ? definition.fields : 'values' in definition ? definition.values : undefined;
    for (const member of members ?? []) {
      add(`${owner}.${member.name.value}`, member);
      for (const argument of ('arguments' in member ? member.arguments : undefined) ?? [])
        add(`${owner}.${member.name.value}(${argument.name.value}:)`, argument);
    }
  }
  return elements;
}

/** Puts the descriptions back, in the order of `describable` (a list of another length is stale generated code). */
function describe(schema: GraphQLSchema, document: DocumentNode, descriptions: readonly (string | 0)[]): void {
  const elements = describable(document);
  if (elements.length !== descriptions.length)
    throw new Error(`${descriptions.length} descriptions for ${elements.length} describable elements: run npm run codegen`);
  elements.forEach(({ coordinate }, i) => {
    const description = descriptions[i];
    if (!description) return;
    const element = elementAt(schema, coordinate);
    if (!element) throw new Error(`A description is given for "${coordinate}", which the schema does not define`);
    element.description = description;
  });
}

function elementAt(schema: GraphQLSchema, coordinate: string): Described | undefined {
  const [, directive, owner, member, argument] = /^(@)?([^.(]+)(?:\.([^(]+))?(?:\((.+):\))?$/.exec(coordinate) ?? [];
  if (!owner) return undefined;
  if (directive) {
    const found = schema.getDirective(owner);
    return argument ? found?.args.find((arg) => arg.name === argument) : (found ?? undefined);
  }
  const type = schema.getType(owner);
  if (!type || !member) return type ?? undefined;
  if (isEnumType(type)) return type.getValue(member) ?? undefined;
  if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) return undefined;
  const field = type.getFields()[member];
  if (!argument || !field) return field;
  return 'args' in field ? field.args.find((arg) => arg.name === argument) : undefined;
}
