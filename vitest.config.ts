import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Two projects: `unit` (files named *.unit.test.ts: pure rules, no DynamoDB Local, no Java — `npm run test:unit`
 * runs in seconds) and `integration` (every other test, against DynamoDB Local, which its global setup starts).
 * `npm test` runs both. Pure tests sit next to their module's integration tests, told apart by the name.
 */
const UNIT = 'test/**/*.unit.test.ts';

export default defineConfig({
  resolve: {
    // One graphql for the code under test and for Apollo Server (which Node loads with graphql's CommonJS
    // build): the schema is built by our code and executed by Apollo, and graphql-js refuses a schema from
    // "another module or realm". The Lambda bundle has one copy too (cdk/agora-stack.ts LAMBDA_BUNDLING).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores here and in CI: two workers keep DynamoDB Local responsive.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: [UNIT] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [UNIT],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-env.ts'],
        },
      },
    ],
  },
});
