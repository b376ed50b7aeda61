/**
 * Tests, `npm start` and `npm run bench` run on the Node major that Lambda runs: the `node` devDependency puts
 * that Node first on the PATH of every npm script, so vitest, its forked workers, tsx and every child process
 * that runs `node` get it, even on a machine whose own Node is older.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_RUNTIME } from '../../cdk/bundling';

const ROOT = join(import.meta.dirname, '../..');
const lambdaMajor = Number(/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME.name)?.[1]);
const major = (version: string) => Number(/^v?(\d+)\./.exec(version.trim())?.[1]);
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('the Node that runs the code', () => {
  it('is the Lambda runtime major in this test worker', () => {
    expect(lambdaMajor).toBe(24);
    expect(major(process.version)).toBe(lambdaMajor);
  });

  it('is the Lambda runtime major for a child process that runs `node` from the PATH', () => {
    const version = execFileSync('node', ['--version'], { encoding: 'utf8' });

    expect(major(version)).toBe(lambdaMajor);
  });

  it('is what package.json declares: the node devDependency and @types/node; engines is what `npm install` needs', () => {
    // Only `npm install` runs on the machine's own Node (20 or newer); everything after it on the devDependency's.
    expect(packageJson.engines.node).toBe('>=20');
    expect(major(packageJson.devDependencies.node ?? '')).toBe(lambdaMajor);
    expect(major((packageJson.devDependencies['@types/node'] ?? '').replace(/^\^/, ''))).toBe(lambdaMajor);
  });
});
