import { buildASTSchema, graphql, parse, printSchema, validateSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { executableSchema } from '../../functions/graphql/schema';
import { typeDefs } from '../../functions/generated/type-defs';
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
