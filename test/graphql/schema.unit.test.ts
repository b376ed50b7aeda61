import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildASTSchema,
  buildSchema,
  graphql,
  introspectionFromSchema,
  lexicographicSortSchema,
  parse,
  printSchema,
  validateSchema,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { executableSchema } from '../../functions/graphql/schema';
import { descriptions, typeDefs } from '../../functions/generated/type-defs';
import { resolvers } from '../../functions/graphql/resolvers';

describe('the executable schema', () => {
  it('is built from SDL that passes graphql-js validation in full (the server skips it at start-up)', () => {
    // Act
    const schema = buildASTSchema(parse(typeDefs));

    // Assess
    expect(validateSchema(schema)).toEqual([]);
    // The server's schema is that one, its resolvers attached (built with assumeValid: graphql would not check it again).
    expect(printSchema(executableSchema(typeDefs, resolvers))).toBe(printSchema(schema));
  });

  it('answers introspection with the schema client teams get, every description included, and builds it without them otherwise', () => {
    // Prepare: the descriptions an introspection result holds, and the result with them all blanked
    const described = (value: unknown, found: string[] = []): string[] => {
      if (Array.isArray(value)) value.forEach((inner) => described(inner, found));
      else if (typeof value === 'object' && value !== null)
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'description' && typeof inner === 'string') found.push(inner);
          else described(inner, found);
        }
      return found;
    };
    const blanked = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'description' ? null : inner)));
    const introspected = (schema: GraphQLSchema) => introspectionFromSchema(lexicographicSortSchema(schema));
    // graphql-js describes its own directives, scalars and introspection types whatever the SDL says
    const builtIn = new Set(described(introspectionFromSchema(buildSchema('type Query { a: Int b: Float c: String d: Boolean e: ID }'))));
    const published = introspected(buildSchema(readFileSync(join(import.meta.dirname, '../../schema.graphql'), 'utf8')));

    // Act
    const withIntrospection = introspected(executableSchema(typeDefs, resolvers, descriptions()));
    const without = introspected(executableSchema(typeDefs, resolvers));

    // Assess
    expect(withIntrospection).toEqual(published);
    expect(described(published).filter((text) => !builtIn.has(text)).length).toBeGreaterThan(500);
    expect(blanked(without)).toEqual(blanked(published));
    expect(described(without).filter((text) => !builtIn.has(text))).toEqual([]);
  });

  it('puts each description back on its element, and refuses a list that does not fit the schema (stale generated code)', () => {
    const sdl = 'directive @tag(name: String) on FIELD_DEFINITION type Query { a(b: Int): Int @tag(name: "x") c: Colour } enum Colour { RED }';
    // Query, Query.a, Query.a(b:), Query.c, @tag, @tag(name:), Colour, Colour.RED in document order
    const schema = executableSchema(sdl, {}, [0, '@tag(name:).', 'Query.', 'Query.a.', 'Query.a(b:).', 0, 'Colour.', 'Colour.RED.']);

    expect(schema.getDirective('tag')?.description).toBeUndefined();
    expect(schema.getDirective('tag')?.args[0]?.description).toBe('@tag(name:).');
    expect(schema.getQueryType()?.description).toBe('Query.');
    expect(schema.getQueryType()?.getFields().a?.description).toBe('Query.a.');
    expect(schema.getQueryType()?.getFields().a?.args[0]?.description).toBe('Query.a(b:).');
    expect(schema.getQueryType()?.getFields().c?.description).toBeUndefined();
    expect(schema.getType('Colour')?.description).toBe('Colour.');
    expect(schema.getType('Colour')?.toConfig()).toMatchObject({ values: { RED: { description: 'Colour.RED.' } } });
    expect(() => executableSchema(sdl, {}, ['Too few.'])).toThrow('run npm run codegen');
  });

  it('attaches field resolvers, scalars and type resolvers', async () => {
    // Prepare
    const schema = executableSchema(
      'scalar Day interface Named { name: String } type Person implements Named { name: String } type Query { today: Day named: Named }',
      {
        Day: { serialize: (value: unknown) => `day:${String(value)}`, parseValue: (v: unknown) => v, parseLiteral: () => null },
        Named: { __resolveType: () => 'Person' },
        Query: { today: () => 'monday', named: () => ({ name: 'Ada' }) },
      },
    );

    // Act
    const result = await graphql({ schema, source: '{ today named { __typename name } }' });

    // Assess
    expect(result).toEqual({ data: { today: 'day:monday', named: { __typename: 'Person', name: 'Ada' } } });
  });

  it('refuses resolvers for a type or a field the schema does not define', () => {
    expect(() => executableSchema('type Query { a: Int }', { Query: { b: () => 1 } })).toThrow('"Query.b"');
    expect(() => executableSchema('type Query { a: Int }', { Missing: { a: () => 1 } })).toThrow('"Missing"');
  });
});
