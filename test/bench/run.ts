/**
 * `npm run bench`: seeds the benchmark data set (and the same at 1/20) into
 * their own tables on an in-memory DynamoDB Local, then measures each
 * representative operation through the real Lambda handler and against a
 * hand-written baseline, and the synthesized bundle's size and cold start.
 * Prints a table and writes bench-results/latest.json.
 *
 *   npm run bench               the full data set (the figures in docs/performance.md)
 *   npm run bench -- --quick    1/10 of it and fewer runs, for development
 *   npm run bench -- --quick --writes-only    only the writes
 *   npm run bench -- --cold-only    only the bundle sizes, cold starts and their profile (no data set)
 *   npm run bench -- --quick --only 'breadth|funnel'   only the reads whose name matches (no writes or cold starts)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { handler as GraphqlHandler } from '../../functions/handlers/graphql';
import { ensureLocalIssuer } from '../../functions/core/auth/local-issuer';
import { REQUEST_BUDGET } from '../../functions/core/limits';
import { setEnv } from '../../functions/core/config';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { signLocalToken } from '../../functions/local/local-token';
import { ensureTable } from '../../functions/local/table';
import { buildBundles, measureColdStarts, profileColdStart, type ColdStart } from './cold-start';
import { measureCompression, type CompressionFigure } from './compression';
import { measureEvaluation, type EvaluationFigures } from './evaluation';
import { divide, FULL_SCALE, seedDataset, type Dataset } from './dataset';
import { measureUsage } from './instrument';
import { measurePair, type Latency } from './latency';
import { OPERATIONS, type Operation, type OperationInputs } from './operations';
import { seedProgrammeDataset, type ProgrammeDataset } from './programme-dataset';
import { measureWrite, writeOperations, type WriteMeasured } from './writes';
import { measureWorstCase, WORST_CASE_PAGE, worstCaseConsultation } from './worst-case';
import { getConsultationConsistent } from '../../functions/modules/consultations/consultation.store';

const ROOT = join(import.meta.dirname, '..', '..');
const quick = process.argv.includes('--quick');
/** Only the writes (while developing them): no reads, cold starts or compression. */
const writesOnly = process.argv.includes('--writes-only');
/** Only the reads whose name matches this pattern (while working on them): no writes, cold starts or compression. */
const only = process.argv.includes('--only') ? new RegExp(process.argv[process.argv.indexOf('--only') + 1] ?? '') : undefined;
const selected = OPERATIONS.filter((o) => only === undefined || only.test(o.name));
/** Only the bundles' cold starts and where their time goes (while working on them). */
const coldOnly = process.argv.includes('--cold-only');
const RUNS = quick ? 40 : 200;
const COLD_RUNS = quick ? 5 : 21;
/** Runs of each write per data set (each run writes, so fewer than the reads' runs). */
const WRITE_RUNS = quick ? 10 : 40;
const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)}s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

type Handler = typeof GraphqlHandler;

interface Measured {
  readonly requests: number;
  readonly readCapacity: number;
  readonly commands: string[];
  readonly handler: Latency;
  readonly baseline: Latency;
  readonly baselineRequests: number;
  readonly baselineReadCapacity: number;
  readonly ratio: number;
  readonly answerBytes: number;
}

interface OperationResult {
  readonly name: string;
  readonly maxRequests: number;
  readonly full: Measured;
  readonly small: Measured;
  /** The full data set again, with the X-Ray SDK loaded as in a deployed function. */
  traced?: Measured;
}

/** The answer's data with the cursors left out (they are signed by the API, plain in the baseline). */
function comparable(body: string): unknown {
  return JSON.parse(body, (key, value: unknown) => (key === 'endCursor' ? undefined : value));
}

async function measureOperation(handler: Handler, operation: Operation, inputs: OperationInputs): Promise<Measured> {
  const body = JSON.stringify({ query: operation.query, variables: operation.variables(inputs) });
  const event = apiGatewayEvent({
    method: 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: {
      'content-type': 'application/json',
      ...(operation.authenticated ? { authorization: `Bearer ${operation.token?.(inputs) ?? inputs.token}` } : {}),
    },
    body,
  });
  const context = lambdaContext('agora-graphql');
  const viaHandler = async () => (await handler(event, context)) as APIGatewayProxyStructuredResultV2;

  // Warm both paths once (DataLoader, verifier, connections), then count a single request of each.
  await viaHandler();
  await operation.baseline(inputs);
  const { result: response, usage } = await measureUsage(viaHandler);
  const { result: baselineAnswer, usage: baselineUsage } = await measureUsage(() => operation.baseline(inputs));
  const answer = response.body ?? '';
  if (!answers.has(operation.name)) answers.set(operation.name, answer);
  if (response.statusCode !== 200 || answer.includes('"errors"')) throw new Error(`${operation.name}: ${answer.slice(0, 500)}`);
  if (!isDeepStrictEqual(comparable(answer), comparable(baselineAnswer))) {
    throw new Error(`${operation.name}: the baseline's answer differs from the API's:\n${answer.slice(0, 800)}\n${baselineAnswer.slice(0, 800)}`);
  }
  const { a, b } = await measurePair(viaHandler, () => operation.baseline(inputs), RUNS);
  return {
    requests: usage.requests,
    readCapacity: round(usage.readCapacity),
    commands: usage.commands,
    handler: a,
    baseline: b,
    baselineRequests: baselineUsage.requests,
    baselineReadCapacity: round(baselineUsage.readCapacity),
    ratio: round(a.p50 / b.p50),
    answerBytes: answer.length,
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Each operation's answer on the full data set, for the compression figures. */
const answers = new Map<string, string>();

function printCompression(figures: readonly CompressionFigure[]): void {
  const kb = (n: number) => (n / 1024).toFixed(1);
  log('');
  log(
    `${pad(quick ? 'answer (1/10 data set, --quick)' : 'answer (full data set)', 42, true)} ${pad('JSON KiB', 9)} ${pad('gzip KiB', 9)} ${pad('br KiB', 8)} ${pad('gzip ms', 8)} ${pad('br ms', 7)}`,
  );
  for (const f of figures) {
    log(
      `${pad(f.name, 42, true)} ${pad(kb(f.bytes), 9)} ${pad(kb(f.gzipBytes), 9)} ${pad(kb(f.brotliBytes), 8)} ${pad(f.gzipMs.toFixed(2), 8)} ${pad(f.brotliMs.toFixed(2), 7)}`,
    );
  }
}

function printEvaluation(figures: EvaluationFigures): void {
  log('');
  log("the evaluation at the IGF's scale (300 eligible proposals, a MAG of 40):");
  for (const a of figures.assignments)
    log(`  ${a.name}: ${a.seconds.toFixed(2)} s, ${a.requests} requests (${a.transactions} transactions), assigned ${a.assigned}, shortfalls ${a.shortfalls}`);
  for (const r of figures.reads)
    log(`  ${pad(r.name, 90, true)} ${r.requests} (${r.commands.join(', ')}), ${r.readCapacity} RCU, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
}

function machine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel.trim(),
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function pad(value: string | number, width: number, left = false): string {
  const text = String(value);
  return left ? text.padEnd(width) : text.padStart(width);
}

function printTable(
  results: readonly OperationResult[],
  cold: { agora: ColdStart; minimal: ColdStart; traced: ColdStart; minimalWithDynamoDb: ColdStart },
): void {
  const ms = (n: number) => n.toFixed(1);
  const header = [
    pad('operation', 42, true),
    pad('req', 4),
    pad('target', 6),
    pad('RCU', 6),
    pad('p50 ms', 7),
    pad('p95 ms', 7),
    pad('base p50', 9),
    pad('base p95', 9),
    pad('ratio', 6),
    pad('req 1/20', 9),
    pad('RCU 1/20', 9),
    pad('ratio 1/20', 11),
    pad('X-Ray p50', 10),
    pad('X-Ray ratio', 12),
  ].join(' ');
  log('');
  log(header);
  log('-'.repeat(header.length));
  for (const r of results) {
    log(
      [
        pad(r.name, 42, true),
        pad(r.full.requests, 4),
        pad(`≤ ${r.maxRequests}`, 6),
        pad(r.full.readCapacity, 6),
        pad(ms(r.full.handler.p50), 7),
        pad(ms(r.full.handler.p95), 7),
        pad(ms(r.full.baseline.p50), 9),
        pad(ms(r.full.baseline.p95), 9),
        pad(r.full.ratio.toFixed(2), 6),
        pad(r.small.requests, 9),
        pad(r.small.readCapacity, 9),
        pad(r.small.ratio.toFixed(2), 11),
        pad(r.traced ? ms(r.traced.handler.p50) : '-', 10),
        pad(r.traced ? r.traced.ratio.toFixed(2) : '-', 12),
      ].join(' '),
    );
  }
  printColdStart(cold);
}

function printColdStart(cold: { agora: ColdStart; minimal: ColdStart; traced: ColdStart; minimalWithDynamoDb: ColdStart }): void {
  log('');
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  log(
    `bundle: ${kb(cold.agora.bundleBytes)} (minimal Apollo: ${kb(cold.minimal.bundleBytes)}, with a DynamoDB client: ${kb(cold.minimalWithDynamoDb.bundleBytes)}; target ≤ 1.5 MB)`,
  );
  log(
    `cold init p50: ${cold.agora.coldInitMs.p50.toFixed(0)} ms (minimal Apollo: ${cold.minimal.coldInitMs.p50.toFixed(0)} ms; ratio ${(cold.agora.coldInitMs.p50 / cold.minimal.coldInitMs.p50).toFixed(2)}, target ≤ 1.3); with X-Ray tracing on: ${cold.traced.coldInitMs.p50.toFixed(0)} ms (ratio ${(cold.traced.coldInitMs.p50 / cold.minimal.coldInitMs.p50).toFixed(2)})`,
  );
  log(
    `minimal Apollo with a DynamoDB client: ${cold.minimalWithDynamoDb.coldInitMs.p50.toFixed(0)} ms; Agora / that: ${(cold.agora.coldInitMs.p50 / cold.minimalWithDynamoDb.coldInitMs.p50).toFixed(2)}`,
  );
}

interface WriteResult {
  readonly name: string;
  readonly maxWrites: number;
  readonly full: WriteMeasured;
  readonly small: WriteMeasured;
}

function printWrites(results: readonly WriteResult[]): void {
  const header = [
    pad('write', 46, true),
    pad('req', 4),
    pad('writes', 7),
    pad('items', 9),
    pad('WCU', 6),
    pad('RCU', 6),
    pad('p50 ms', 7),
    pad('p95 ms', 7),
    pad('base req', 9),
    pad('base p50', 9),
    pad('ratio', 6),
    pad('1/20 p50', 9),
    pad('1/20 ratio', 11),
  ].join(' ');
  log('');
  log(header);
  log('-'.repeat(header.length));
  for (const r of results) {
    log(
      [
        pad(r.name, 46, true),
        pad(r.full.requests, 4),
        pad(`${r.full.writeRequests}/${r.maxWrites}`, 7),
        pad(r.full.transactionItems.join('+') || '-', 9),
        pad(r.full.writeUnits, 6),
        pad(r.full.readCapacity, 6),
        pad(r.full.handler.p50.toFixed(1), 7),
        pad(r.full.handler.p95.toFixed(1), 7),
        pad(r.full.baselineRequests, 9),
        pad(r.full.baseline.p50.toFixed(1), 9),
        pad(r.full.ratio.toFixed(2), 6),
        pad(r.small.handler.p50.toFixed(1), 9),
        pad(r.small.ratio.toFixed(2), 11),
      ].join(' '),
    );
  }
}

/** The bundles as `cdk synth` builds them: their sizes, cold starts (as deployed: the function's NODE_OPTIONS) and where the time goes. */
function measureCold(env: Record<string, string>) {
  log(`[${elapsed()}] synthesizing the stack for the bundle and cold start`);
  const bundles = buildBundles();
  // As deployed: the function's NODE_OPTIONS (source maps) for every bundle, and introspection off (the default
  // deployed; locally it is on, and the schema is then built with its descriptions).
  const coldEnv = { ...env, NODE_OPTIONS: bundles.nodeOptions, GRAPHQL_INTROSPECTION: 'false' };
  const [agoraCold, minimalCold, tracedCold, minimalDynamoCold] = measureColdStarts(
    [
      { bundle: bundles.agora, env: coldEnv },
      { bundle: bundles.minimal, env: coldEnv },
      // As deployed: X-Ray tracing of the DynamoDB calls on (it loads the X-Ray SDK on the first request).
      { bundle: bundles.agora, env: { ...coldEnv, POWERTOOLS_TRACE_ENABLED: 'true' } },
      { bundle: bundles.minimalWithDynamoDb, env: coldEnv },
    ],
    COLD_RUNS,
  ) as [ColdStart, ColdStart, ColdStart, ColdStart];
  const cold = { agora: agoraCold, minimal: minimalCold, traced: tracedCold, minimalWithDynamoDb: minimalDynamoCold };
  log(`[${elapsed()}] profiling the cold starts`);
  const initProfile = { agora: profileColdStart(bundles.agora, coldEnv, quick ? 3 : 10), minimal: profileColdStart(bundles.minimal, coldEnv, quick ? 3 : 10) };
  return { cold, initProfile };
}

function printProfile(initProfile: ReturnType<typeof measureCold>['initProfile']): void {
  log('');
  log(`where a cold start's CPU goes (ms per run, sampled; Agora ${initProfile.agora.totalMs} ms, minimal Apollo ${initProfile.minimal.totalMs} ms):`);
  const minimalPart = new Map(initProfile.minimal.parts.map((p) => [p.part, p.ms]));
  for (const p of initProfile.agora.parts.slice(0, 20)) log(`  ${pad(p.ms.toFixed(1), 7)} ${pad((minimalPart.get(p.part) ?? 0).toFixed(1), 7)}  ${p.part}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-bench-'));
  ensureLocalIssuer(dataDir);
  const dynamodb = await startDynamoDbLocal();
  const fullTable = 'agora-bench';
  const smallTable = 'agora-bench-twentieth';
  const evaluationTable = 'agora-bench-evaluation';
  try {
    await ensureTable(dynamodb.endpoint, fullTable);
    await ensureTable(dynamodb.endpoint, smallTable);
    // The benchmark writes as a handful of callers, far past the per-caller write limits: those are lifted here.
    const env = {
      AGORA_STAGE: 'local',
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      AGORA_DATA_DIR: dataDir,
      LOG_LEVEL: 'ERROR',
      AWS_REGION: 'us-east-1',
      AGORA_WRITES_PER_MINUTE: '1000000',
      AGORA_WRITES_PER_DAY: '100000000',
      // Seeding sends thousands of transactions on a shared machine: a slow answer is waited for, not failed.
      DYNAMODB_REQUEST_TIMEOUT_MS: '15000',
      DYNAMODB_CONNECTION_TIMEOUT_MS: '10000',
      AGORA_REQUEST_DEADLINE_MS: '60000',
    };
    setEnv({ ...env, TABLE_NAME: fullTable });
    const { handler } = await import('../../functions/handlers/graphql');

    if (coldOnly) {
      const { cold, initProfile } = measureCold({ ...env, TABLE_NAME: fullTable });
      printColdStart(cold);
      printProfile(initProfile);
      return;
    }

    const fullScale = quick ? divide(FULL_SCALE, 10) : FULL_SCALE;
    const smallScale = divide(fullScale, 20);
    log(`[${elapsed()}] seeding ${fullTable}: ${JSON.stringify(fullScale)}`);
    const full = await seedDataset(fullScale, 'b', log);
    setEnv({ ...env, TABLE_NAME: smallTable });
    log(`[${elapsed()}] seeding ${smallTable} (1/20): ${JSON.stringify(smallScale)}`);
    const small = await seedDataset(smallScale, 's', log);
    // The programme of the current year (the demo data's chain: proposals, evaluation, selection, schedule), the same in both.
    const programmeOf = async (table: string): Promise<ProgrammeDataset> => {
      setEnv({ ...env, TABLE_NAME: table });
      return seedProgrammeDataset(new Date(), log);
    };
    const fullProgramme = selected.some((o) => o.programme) ? await programmeOf(fullTable) : undefined;
    const smallProgramme = fullProgramme ? await programmeOf(smallTable) : undefined;

    const inputsOf = async (d: Dataset, p: ProgrammeDataset | undefined): Promise<OperationInputs> => ({
      consultationId: d.consultationId,
      meetingId: d.meetingId,
      group: d.group,
      reportingYear: d.reportingYear,
      programmeYear: d.programmeYear,
      issueId: d.issueId,
      token: await signLocalToken(dataDir, { subject: d.persona.subject }),
      programme: {
        year: p?.year ?? 0,
        scheduleDate: p?.scheduleDate ?? '',
        roundId: p?.roundId ?? '',
        proposalId: p?.proposalId ?? '',
        evaluatorToken: p ? await signLocalToken(dataDir, { subject: p.evaluatorSubject }) : '',
      },
    });
    const fullInputs = await inputsOf(full, fullProgramme);
    const smallInputs = await inputsOf(small, smallProgramme);

    const results: OperationResult[] = [];
    for (const operation of writesOnly ? [] : selected) {
      log(`[${elapsed()}] measuring ${operation.name}`);
      setEnv({ ...env, TABLE_NAME: fullTable });
      const onFull = await measureOperation(handler, operation, fullInputs);
      setEnv({ ...env, TABLE_NAME: smallTable });
      const onSmall = await measureOperation(handler, operation, smallInputs);
      results.push({ name: operation.name, maxRequests: operation.maxRequests, full: onFull, small: onSmall });
    }

    if (only !== undefined) {
      for (const r of results)
        log(`${r.name}: ${JSON.stringify({ full: { ...r.full, commands: undefined }, small: { requests: r.small.requests, ratio: r.small.ratio } })}`);
      return;
    }

    // The writes, on each data set: the operations are set up per table (people, an open consultation, meetings), then
    // measured on one and the other in turn.
    const writeSetup = async (table: string, d: Dataset, prefix: string) => {
      setEnv({ ...env, TABLE_NAME: table });
      const closed = await getConsultationConsistent(d.consultationId);
      if (!closed) throw new Error('no closed consultation in the data set');
      return writeOperations({ dataDir, closed, prefix }, handler);
    };
    log(`[${elapsed()}] setting up the writes`);
    const fullWrites = await writeSetup(fullTable, full, 'b');
    const smallWrites = await writeSetup(smallTable, small, 's');
    const writeResults: WriteResult[] = [];
    for (const [i, operation] of fullWrites.entries()) {
      log(`[${elapsed()}] measuring ${operation.name}`);
      setEnv({ ...env, TABLE_NAME: fullTable });
      const onFull = await measureWrite(handler, operation, WRITE_RUNS);
      setEnv({ ...env, TABLE_NAME: smallTable });
      const onSmall = await measureWrite(handler, smallWrites[i] as typeof operation, WRITE_RUNS);
      writeResults.push({ name: operation.name, maxWrites: operation.maxWrites, full: onFull, small: onSmall });
    }

    // The most expensive request the budgets accept, on the full data set.
    log(`[${elapsed()}] measuring the most expensive accepted request`);
    setEnv({ ...env, TABLE_NAME: fullTable });
    const worstBody = 9_000;
    const worst = await measureWorstCase(handler, await worstCaseConsultation('b', WORST_CASE_PAGE, worstBody), worstBody, quick ? 10 : 50);
    if (writesOnly) {
      printWrites(writeResults);
      log(`most expensive accepted request: ${JSON.stringify(worst)}`);
      return;
    }

    // The MAG's evaluation at the IGF's scale (300 proposals, a MAG of 40), in a table of its own.
    log(`[${elapsed()}] the evaluation at the IGF's scale`);
    await ensureTable(dynamodb.endpoint, evaluationTable);
    setEnv({ ...env, TABLE_NAME: evaluationTable });
    const evaluation = await measureEvaluation(handler, dataDir, quick ? 30 : 150, log);

    // As deployed, with X-Ray tracing on: merely loading the X-Ray SDK installs async hooks that slow every
    // `await` in the process, the baseline's too. Measured last, as it cannot be unloaded.
    log(`[${elapsed()}] measuring again with the X-Ray SDK loaded (as deployed)`);
    await import('@aws-lambda-powertools/tracer');
    setEnv({ ...env, TABLE_NAME: fullTable });
    for (const [i, operation] of OPERATIONS.entries()) {
      const result = results[i] as OperationResult;
      result.traced = await measureOperation(handler, operation, fullInputs);
    }

    const { cold, initProfile } = measureCold({ ...env, TABLE_NAME: fullTable });

    printTable(results, cold);
    printWrites(writeResults);
    printProfile(initProfile);
    printEvaluation(evaluation);
    const compression = measureCompression(
      [...answers].map(([name, body]) => ({ name, body })),
      quick ? 20 : 100,
    );
    printCompression(compression);
    log(
      `most expensive accepted request (${WORST_CASE_PAGE} contributions of ${worst.bodyLength.toLocaleString('en')} characters, their replies and authors): ` +
        `${worst.requests} requests, ${worst.readCapacity} RCU, p50 ${worst.handler.p50.toFixed(1)} ms, p95 ${worst.handler.p95.toFixed(1)} ms ` +
        `(budget ${REQUEST_BUDGET.maxRequests} requests, ${REQUEST_BUDGET.maxReadCapacity} RCU${worst.withinBudget ? '' : '; OVER BUDGET'})`,
    );
    const report = {
      mostExpensiveAcceptedRequest: worst,
      date: new Date().toISOString(),
      quick,
      machine: machine(),
      runsPerOperation: RUNS,
      dataSets: {
        full: { scale: full.scale, counts: full.counts, seedSeconds: full.seconds },
        twentieth: { scale: small.scale, counts: small.counts, seedSeconds: small.seconds },
        programme: fullProgramme,
      },
      operations: results,
      writes: writeResults,
      evaluation,
      bundle: {
        agoraBytes: cold.agora.bundleBytes,
        minimalApolloBytes: cold.minimal.bundleBytes,
        minimalApolloWithDynamoDbBytes: cold.minimalWithDynamoDb.bundleBytes,
        targetBytes: 1_500_000,
      },
      coldInit: {
        agoraMs: cold.agora.coldInitMs,
        minimalApolloMs: cold.minimal.coldInitMs,
        ratio: round(cold.agora.coldInitMs.p50 / cold.minimal.coldInitMs.p50),
        agoraWithTracingMs: cold.traced.coldInitMs,
        ratioWithTracing: round(cold.traced.coldInitMs.p50 / cold.minimal.coldInitMs.p50),
        minimalApolloWithDynamoDbMs: cold.minimalWithDynamoDb.coldInitMs,
        ratioToMinimalWithDynamoDb: round(cold.agora.coldInitMs.p50 / cold.minimalWithDynamoDb.coldInitMs.p50),
        target: 1.3,
      },
      compression,
      initProfile,
      totalSeconds: Math.round((performance.now() - started) / 1000),
    };
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench-results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const missed = [
      ...results.filter((r) => r.full.requests > r.maxRequests || r.small.requests > r.maxRequests),
      ...writeResults.filter((r) => r.full.writeRequests > r.maxWrites || r.small.writeRequests > r.maxWrites),
    ];
    log(`\n[${elapsed()}] written to bench-results/latest.json${missed.length ? `; over the request target: ${missed.map((r) => r.name).join(', ')}` : ''}`);
  } finally {
    await dynamodb.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
