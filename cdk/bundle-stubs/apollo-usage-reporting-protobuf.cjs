// Stands in for @apollo/usage-reporting-protobuf (~210 KB minified) in the Lambda bundle.
// Only Apollo's usage-reporting, schema-reporting and inline-trace plugins load it, and the server
// disables all three (functions/graphql/server.ts), so this module is never evaluated. If a change ever
// enables one of them, the server fails at start-up with this message instead of misbehaving.
throw new Error(
  '@apollo/usage-reporting-protobuf is left out of the Lambda bundle: Apollo usage reporting and inline tracing are disabled (docs/performance.md)',
);
