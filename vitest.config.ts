import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql for the code under test and for Apollo Server (which Node loads with graphql's CommonJS
    // build): the schema is built by our code and executed by Apollo, and graphql-js refuses a schema from
    // "another module or realm". The Lambda bundle has one copy too (cdk/agora-stack.ts LAMBDA_BUNDLING).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores here and in CI: two workers keep DynamoDB Local responsive.
    maxWorkers: 2,
  },
});
