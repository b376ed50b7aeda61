/**
 * Bundle size and cold initialisation: the GraphQL function as `cdk synth`
 * bundles it, next to a minimal Apollo Server Lambda bundled the same way.
 * Cold initialisation is measured in a fresh Node.js process: from process
 * start to the answer of one request (`{ __typename }`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { AgoraStack } from '../../cdk/agora-stack';
import { LAMBDA_BUNDLING, LAMBDA_RUNTIME } from '../../cdk/bundling';
import { apiGatewayEvent } from '../../functions/local/http-adapter';
import { percentile } from './latency';

const ROOT = join(import.meta.dirname, '..', '..');

type FunctionResource = { Properties: { Code: { S3Key: string }; Environment?: { Variables?: Record<string, unknown> } } };

function functionOf(stack: Stack, prefix: string): FunctionResource {
  const [, fn] = Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix)) ?? [];
  if (!fn) throw new Error(`no function ${prefix}`);
  return fn as FunctionResource;
}

function assetOf(app: App, stack: Stack, prefix: string, outdir: string): string {
  const fn = functionOf(stack, prefix);
  app.synth();
  const key = fn.Properties.Code.S3Key.replace(/\.zip$/, '');
  return join(outdir, `asset.${key}`, 'index.js');
}

/**
 * Synthesizes the stack and the references: the minimal Apollo Server Lambda as Apollo documents it, and
 * the same with a DynamoDB document client, bundled with the same options (LAMBDA_BUNDLING) except the
 * stubs, which stock Apollo cannot do without.
 */
export function buildBundles(): { agora: string; minimal: string; minimalWithDynamoDb: string; nodeOptions: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'agora-bench-cdk-'));
  const app = new App({ outdir });
  const agora = new AgoraStack(app, 'BenchAgora');
  const reference = new Stack(app, 'BenchMinimal');
  // Stock Apollo needs the two modules that Agora's bundle replaces by stubs; it keeps every other option.
  const aliases = (LAMBDA_BUNDLING.esbuildArgs?.['--alias'] ?? []) as string[];
  const needed = ['@apollo/usage-reporting-protobuf=', '@graphql-tools/schema='];
  const stock = { ...LAMBDA_BUNDLING, esbuildArgs: { '--alias': aliases.filter((a) => !needed.some((name) => a.startsWith(name))) } };
  const minimalFunction = (id: string, entry: string, bundling: typeof LAMBDA_BUNDLING) =>
    new NodejsFunction(reference, id, {
      entry: join(ROOT, entry),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      runtime: LAMBDA_RUNTIME,
      bundling,
    });
  minimalFunction('MinimalApollo', 'test/bench/minimal-apollo.ts', stock);
  minimalFunction('MinimalApolloDynamo', 'test/bench/minimal-apollo-dynamodb.ts', stock);
  return {
    // The deployed function's NODE_OPTIONS (source maps), applied to every bundle's cold start alike.
    nodeOptions: String(functionOf(agora, 'GraphqlFunction').Properties.Environment?.Variables?.NODE_OPTIONS ?? ''),
    agora: assetOf(app, agora, 'GraphqlFunction', outdir),
    minimal: assetOf(app, reference, 'MinimalApollo', outdir),
    minimalWithDynamoDb: assetOf(app, reference, 'MinimalApolloDynamo', outdir),
  };
}

export interface ColdStart {
  bundleBytes: number;
  coldInitMs: { p50: number; p95: number; runs: number };
}

/**
 * Starts `runs` fresh processes per bundle that load it and answer one request; the bundles take turns
 * (A, B, C, A, B, C, …) so that machine noise hits them alike.
 */
export function measureColdStarts(bundles: readonly { bundle: string; env: Record<string, string> }[], runs: number): ColdStart[] {
  const event = apiGatewayEvent({
    method: 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const script = (bundle: string) => `
    const { performance } = require('node:perf_hooks');
    const { handler } = require(${JSON.stringify(bundle)});
    handler(${JSON.stringify(event)}, { awsRequestId: 'cold', getRemainingTimeInMillis: () => 30000 }, () => {})
      .then((r) => {
        if (r.statusCode !== 200 || !r.body.includes('Query')) { console.error(r.body); process.exit(2); }
        process.stdout.write(String(performance.now()));
      });
  `;
  const samples: number[][] = bundles.map(() => []);
  for (let i = 0; i < runs; i++) {
    bundles.forEach(({ bundle, env }, b) => {
      const child = spawnSync(process.execPath, ['-e', script(bundle)], {
        env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`cold start run of ${bundle} failed: ${child.stderr}`);
      samples[b]?.push(Number(child.stdout));
    });
  }
  return bundles.map(({ bundle }, b) => {
    const sorted = [...(samples[b] ?? [])].sort((x, y) => x - y);
    return { bundleBytes: statSync(bundle).size, coldInitMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), runs } };
  });
}

/** Where a cold start's CPU time goes: milliseconds of samples per package (or folder of ours), per run. */
export interface InitProfile {
  readonly runs: number;
  readonly totalMs: number;
  readonly parts: readonly { readonly part: string; readonly ms: number }[];
}

type ProfileNode = { id: number; callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number } };

/**
 * Profiles `runs` cold starts of `bundle` (V8's sampling profiler) and attributes each sample to the source it
 * came from through the bundle's source map: a package under node_modules, a folder of functions/, or Node's
 * own internals (the module loader's share is mostly compiling the bundle).
 */
export function profileColdStart(bundle: string, env: Record<string, string>, runs: number): InitProfile {
  const dir = mkdtempSync(join(tmpdir(), 'agora-cold-profile-'));
  const event = apiGatewayEvent({
    method: 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const script = `require(${JSON.stringify(bundle)}).handler(${JSON.stringify(event)}, { awsRequestId: 'cold', getRemainingTimeInMillis: () => 30000 }, () => {})`;
  try {
    for (let i = 0; i < runs; i++) {
      const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '250', '-e', script], {
        env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`profiled cold start of ${bundle} failed: ${child.stderr}`);
    }
    const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
    const totals = new Map<string, number>();
    let total = 0;
    for (const file of readdirSync(dir)) {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
      const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, i) => {
        const frame = nodes.get(id)?.callFrame;
        const us = profile.timeDeltas[i] ?? 0;
        let part = '(other)';
        if (frame?.url.endsWith(bundle)) {
          const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
          const source = 'originalSource' in entry ? entry.originalSource : '';
          const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
          part = pkg ? (pkg[1] as string) : (/(functions\/[^/]+)/.exec(source)?.[1] ?? '(bundle, unmapped)');
        } else if (frame?.url.startsWith('node:internal/modules')) part = 'node: module loader (compiling the bundle)';
        else if (frame?.url.startsWith('node:internal/source_map')) part = 'node: source maps (NODE_OPTIONS)';
        else if (frame?.url.startsWith('node:')) part = 'node: other internals';
        else if (frame?.functionName === '(garbage collector)') part = '(garbage collector)';
        else if (frame?.functionName === '(program)') part = '(program: V8, parsing)';
        totals.set(part, (totals.get(part) ?? 0) + us);
        total += us;
      });
    }
    const ms = (us: number) => Math.round(us / 100 / runs) / 10;
    return { runs, totalMs: ms(total), parts: [...totals].sort((a, b) => b[1] - a[1]).map(([part, us]) => ({ part, ms: ms(us) })) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
