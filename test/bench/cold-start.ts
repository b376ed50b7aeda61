/**
 * Bundle size and cold initialisation: the GraphQL function as `cdk synth`
 * bundles it, next to a minimal Apollo Server Lambda bundled the same way.
 * Cold initialisation is measured in a fresh Node.js process: from process
 * start to the answer of one request (`{ __typename }`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { AgoraStack, LAMBDA_BUNDLING } from '../../cdk/agora-stack';
import { apiGatewayEvent } from '../../functions/local/http-adapter';
import { percentile } from './latency';

const ROOT = join(import.meta.dirname, '..', '..');

function assetOf(app: App, stack: Stack, prefix: string, outdir: string): string {
  const template = Template.fromStack(stack);
  app.synth();
  const [, fn] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix)) ?? [];
  if (!fn) throw new Error(`no function ${prefix}`);
  const key = (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key.replace(/\.zip$/, '');
  return join(outdir, `asset.${key}`, 'index.js');
}

export function buildBundles(): { agora: string; minimal: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'agora-bench-cdk-'));
  const app = new App({ outdir });
  const agora = new AgoraStack(app, 'BenchAgora');
  const reference = new Stack(app, 'BenchMinimal');
  new NodejsFunction(reference, 'MinimalApollo', {
    entry: join(ROOT, 'test/bench/minimal-apollo.ts'),
    handler: 'handler',
    projectRoot: ROOT,
    depsLockFilePath: join(ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    bundling: LAMBDA_BUNDLING,
  });
  const agoraPath = assetOf(app, agora, 'GraphqlFunction', outdir);
  const minimalPath = assetOf(app, reference, 'MinimalApollo', outdir);
  return { agora: agoraPath, minimal: minimalPath };
}

export interface ColdStart {
  bundleBytes: number;
  coldInitMs: { p50: number; p95: number; runs: number };
}

/** Starts `runs` fresh processes that load the bundle and answer one request. */
export function measureColdStart(bundle: string, env: Record<string, string>, runs: number): ColdStart {
  const event = apiGatewayEvent({
    method: 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const script = `
    const { performance } = require('node:perf_hooks');
    const { handler } = require(${JSON.stringify(bundle)});
    handler(${JSON.stringify(event)}, { awsRequestId: 'cold', getRemainingTimeInMillis: () => 30000 }, () => {})
      .then((r) => {
        if (r.statusCode !== 200 || !r.body.includes('Query')) { console.error(r.body); process.exit(2); }
        process.stdout.write(String(performance.now()));
      });
  `;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`cold start run failed: ${child.stderr}`);
    samples.push(Number(child.stdout));
  }
  samples.sort((a, b) => a - b);
  return { bundleBytes: statSync(bundle).size, coldInitMs: { p50: percentile(samples, 50), p95: percentile(samples, 95), runs } };
}
