/**
 * `nodejs24.x` refuses at init a handler that declares a third (callback) parameter
 * (`Runtime.CallbackHandlerDeprecated`, a 502 on every request). The type-check cannot see it in a bundle:
 * this loads each synthesized bundle and reads its handler's declared arity.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_RUNTIME, PERSISTED_DOCUMENTS_HOOKS } from '../../cdk/bundling';
import { synthesize, type Synthesized } from '../helpers/synth';

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize();
});

const FUNCTIONS = ['GraphqlFunction', 'ExportFunction', 'SchedulerFunction'] as const;

describe('the synthesized functions', () => {
  it('all run on nodejs24.x', () => {
    const functions = Object.values(synth.template.findResources('AWS::Lambda::Function')) as { Properties: { Runtime?: string } }[];
    const runtimes = new Set(functions.map((fn) => fn.Properties.Runtime).filter((runtime) => runtime !== undefined));

    expect(LAMBDA_RUNTIME.name).toBe('nodejs24.x');
    // Every function of ours; CDK's own helper functions (e.g. log retention) are not in this stack.
    expect([...runtimes]).toEqual(['nodejs24.x']);
  });

  it.each(FUNCTIONS)('%s exports a handler of at most two parameters (event, context)', (prefix) => {
    // Prepare
    const bundle = join(synth.assetDir(prefix), 'index.js');

    // Act
    const loaded = createRequire(import.meta.url)(bundle) as { handler?: unknown };

    // Assess
    expect(typeof loaded.handler).toBe('function');
    expect((loaded.handler as (...args: unknown[]) => unknown).length).toBeLessThanOrEqual(2);
  });

  it('ship the persisted-document manifests with the GraphQL function, in allow mode by default', () => {
    // Prepare: a project folder with one manifest, and the hook's commands run as bundling runs them
    const input = mkdtempSync(join(tmpdir(), 'agora-hook-in-'));
    const output = mkdtempSync(join(tmpdir(), 'agora-hook-out-'));
    mkdirSync(join(input, 'persisted-documents'));
    writeFileSync(join(input, 'persisted-documents', 'web.json'), '{}');
    writeFileSync(join(input, 'persisted-documents', 'README.md'), '');

    // Act
    for (const command of PERSISTED_DOCUMENTS_HOOKS.afterBundling(input, output)) execFileSync('bash', ['-c', command]);

    // Assess
    expect(readdirSync(join(output, 'persisted-documents'))).toEqual(['web.json']);
    expect(existsSync(join(synth.assetDir('GraphqlFunction'), 'persisted-documents'))).toBe(true);
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ TRUSTED_DOCUMENTS: 'allow' }) },
    });
  });
});
