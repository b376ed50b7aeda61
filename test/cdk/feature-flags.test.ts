/**
 * `cdk synth` prints "N feature flags are not configured" unless cdk.json sets every flag of this
 * aws-cdk-lib version that applies to CDK v2. They are set to the value that keeps today's template (so
 * the notice goes without changing what is deployed); a newer aws-cdk-lib brings new flags, and this test
 * says which to decide on (`npx cdk flags --unstable=flags`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLAGS } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';

const context = (JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

describe('cdk.json', () => {
  it('configures every CDK v2 feature flag of the installed aws-cdk-lib', () => {
    const v2Flags = Object.entries(FLAGS)
      .filter(([, flag]) => (flag as { introducedIn: { v2?: string } }).introducedIn.v2 !== undefined)
      .map(([name]) => name);

    expect(v2Flags.length).toBeGreaterThan(80);
    expect(v2Flags.filter((name) => !(name in context))).toEqual([]);
  });
});
