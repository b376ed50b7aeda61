/**
 * The Lambda bundles' credential chain (cdk/bundle-stubs/aws-credential-provider-node.cjs): the execution role's
 * credentials from the environment, as Lambda sets them, and a clear refusal without them.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

type Provider = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
const stub = createRequire(import.meta.url)(join(import.meta.dirname, '../../cdk/bundle-stubs/aws-credential-provider-node.cjs')) as {
  defaultProvider: (init?: object) => Provider;
};

const NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("the bundles' AWS credential chain", () => {
  it("reads the execution role's credentials from the environment", async () => {
    // Prepare
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session' });

    // Act
    const credentials = await stub.defaultProvider()();

    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });
  });

  it('refuses without them, naming what is missing', async () => {
    // Prepare
    for (const name of NAMES) delete process.env[name];

    // Act
    const read = stub.defaultProvider()();

    // Assess
    await expect(read).rejects.toThrow(/environment variable credentials/);
  });
});
