// Stands in for @graphql-tools/schema (with @graphql-tools/merge and most of @graphql-tools/utils, ~120 KB
// minified, ~25 ms of cold start to evaluate) in the Lambda bundle. Apollo Server requires it only to call
// makeExecutableSchema when it is given `typeDefs`; Agora gives it a built `schema` (functions/graphql/schema.ts).
exports.makeExecutableSchema = function makeExecutableSchema() {
  throw new Error('@graphql-tools/schema is left out of the Lambda bundle: pass ApolloServer a built `schema` (functions/graphql/schema.ts)');
};
