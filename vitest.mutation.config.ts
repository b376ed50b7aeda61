/**
 * The unit tests that mutation testing runs (`npm run test:mutation`, stryker.config.json): pure code only,
 * so no DynamoDB Local is started (no global setup), and each mutant runs in well under a second.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/**/*.unit.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
  },
});
