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
 * A resolver for a type or field the schema does not define is an error, as
 * with @graphql-tools' default.
 */
import {
  buildASTSchema,
  isEnumType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  type GraphQLFieldResolver,
  type GraphQLIsTypeOfFn,
  type GraphQLScalarType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';

type FieldResolvers = Record<string, GraphQLFieldResolver<unknown, unknown> | { resolve: GraphQLFieldResolver<unknown, unknown> } | undefined>;

export function executableSchema(typeDefs: string, resolvers: object): GraphQLSchema {
  const schema = buildASTSchema(parse(typeDefs, { noLocation: true }), { assumeValidSDL: true, assumeValid: true });
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
