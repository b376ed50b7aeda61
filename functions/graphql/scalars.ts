/** Custom scalars. */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && ISO_UTC.test(value)) {
    const date = new Date(value);
    // Date rolls impossible days over (2026-02-30 → 2026-03-02): the instant must keep the date and time it was given.
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19)) return date.toISOString();
  }
  throw new GraphQLError('DateTime must be an ISO-8601 UTC string such as 2026-05-01T12:00:00Z', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export const dateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO-8601 instant in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
