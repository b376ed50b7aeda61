import { buildASTSchema, graphql, introspectionFromSchema, parse, printSchema, validateSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { executableSchema } from '../../functions/graphql/schema';
import { typeDefs, typeDefsWithoutDescriptions } from '../../functions/generated/type-defs';
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

  it('is the same schema without its descriptions when introspection is off: every type, field, argument, default and directive', () => {
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
    // graphql-js describes its own directives, scalars and introspection types whatever the SDL says
    const builtIn = new Set(described(introspectionFromSchema(buildASTSchema(parse('type Query { a: Int b: Float c: String d: Boolean e: ID }')))));

    // Act
    const full = introspectionFromSchema(buildASTSchema(parse(typeDefs)));
    const bare = introspectionFromSchema(executableSchema(typeDefsWithoutDescriptions, resolvers));

    // Assess
    expect(blanked(bare)).toEqual(blanked(full));
    expect(described(full).filter((text) => !builtIn.has(text)).length).toBeGreaterThan(500);
    expect(described(bare).filter((text) => !builtIn.has(text))).toEqual([]);
    expect(typeDefsWithoutDescriptions.length).toBeLessThan(typeDefs.length / 2);
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
