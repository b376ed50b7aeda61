/**
 * Contention of submissions into one consultation, simulated: DynamoDB Local
 * runs one request at a time, so it cannot show what real DynamoDB does when
 * many transactions meet on the same items. Here an SDK middleware stands in
 * for DynamoDB at the seam the stores use, with its published rules:
 *
 * - a transaction holds every item it names (ConditionCheck included) for its
 *   service time; another transaction naming one of them meanwhile is
 *   canceled with TransactionConflict (nothing written);
 * - a partition (one PK's item collection, as long as DynamoDB has not split
 *   it) takes at most 1,000 write units a second; beyond that the transaction
 *   is canceled with ThrottlingError. A transactional write costs 2 units per
 *   KB of the item, rounded up (a counter shard, full of counters, is taken
 *   as 2 KB; a marker update as 0.5 KB).
 *
 * The real store code runs on top (contribution.store.ts submitContribution,
 * with transactWrite's bounded retries and jittered backoff), for first-time
 * contributors arriving at random (Poisson) at a given rate, open loop, with
 * the real keys: contributions in the consultation's partition, the counters
 * on 32 shards (partitions of their own) that also carry the open window, the
 * markers in each contributor's partition. A submission that runs out of
 * attempts is refused with SERVICE_UNAVAILABLE: the client must retry it, so
 * it counts as refused here. Half-way through each run the secretariat
 * extends the consultation (consultation-dates.store.ts saveDateChange: the
 * consultation and its 32 window copies in one transaction), which must find
 * a moment when no submission holds a shard; its attempts are reported.
 *
 *   npx tsx test/bench/contention.ts [serviceMs=15] [seconds=8] [bodyChars=1000]
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { setEnv } from '../../functions/core/config';
import { documentClient } from '../../functions/core/dynamodb/client';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { newId } from '../../functions/core/ids';
import { buildContribution, contributionId, type Consultation } from '../../functions/modules/consultations/consultation.model';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { saveDateChange } from '../../functions/modules/consultations/consultation-dates.store';
import type { Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';

const serviceMs = Number(process.argv[2] ?? 15);
const seconds = Number(process.argv[3] ?? 8);
const bodyChars = Number(process.argv[4] ?? 1_000);
const PARTITION_WCU_PER_SECOND = 1_000;

interface Held {
  until: number;
}

/** The simulated service: which items are held by a transaction in progress, and each partition's write units this second. */
class SimulatedDynamoDb {
  readonly held = new Map<string, Held>();
  readonly partitionUse = new Map<string, { second: number; units: number }>();
  conflicts = 0;
  throttles = 0;
  committed = 0;
  dateChangeAttempts = 0;
  /** The most write units one partition took in one second. */
  busiestSecond = 0;

  /** The item key and partition a transaction item locks, and the write units it costs. */
  private target(item: Record<string, any>): { key: string; pk: string; units: number } {
    const kind = Object.keys(item)[0] as string;
    const body = item[kind];
    const pk = (body.Key?.PK ?? body.Item?.PK) as string;
    const sk = (body.Key?.SK ?? body.Item?.SK) as string;
    const bytes = body.Item ? itemSize(body.Item) : sk === '#COUNTS' ? 2_048 : 512;
    const units = kind === 'ConditionCheck' ? 0 : 2 * Math.ceil(bytes / 1024);
    return { key: `${pk}\u0000${sk}`, pk, units };
  }

  async transact(items: Record<string, any>[]): Promise<void> {
    const now = performance.now();
    // The date change names the consultation and its 32 shards; a submission names 8.
    if (items.length > 20) this.dateChangeAttempts++;
    const targets = items.map((item) => this.target(item));
    const conflict = targets.findIndex((t) => (this.held.get(t.key)?.until ?? 0) > now);
    if (conflict >= 0) {
      this.conflicts++;
      await sleep(serviceMs / 3);
      throw cancellation(items.length, conflict, 'TransactionConflict');
    }
    const second = Math.floor(now / 1000);
    const byPartition = new Map<string, number>();
    for (const t of targets) byPartition.set(t.pk, (byPartition.get(t.pk) ?? 0) + t.units);
    for (const [pk, units] of byPartition) {
      const use = this.partitionUse.get(pk);
      const used = use?.second === second ? use.units : 0;
      if (used + units > PARTITION_WCU_PER_SECOND) {
        this.throttles++;
        await sleep(serviceMs / 3);
        throw cancellation(
          items.length,
          targets.findIndex((t) => t.pk === pk),
          'ThrottlingError',
        );
      }
    }
    for (const [pk, units] of byPartition) {
      const use = this.partitionUse.get(pk);
      const total = (use?.second === second ? use.units : 0) + units;
      this.partitionUse.set(pk, { second, units: total });
      this.busiestSecond = Math.max(this.busiestSecond, total);
    }
    const until = now + serviceMs;
    for (const t of targets) this.held.set(t.key, { until });
    await sleep(serviceMs);
    this.committed++;
  }
}

/** An item's size by DynamoDB's rules: names and values in UTF-8, numbers about 1 byte per 2 digits, 3 bytes per map or list and 1 per element. */
function itemSize(item: Record<string, unknown>): number {
  const size = (value: unknown): number => {
    if (value === undefined) return 0;
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
    if (typeof value === 'boolean' || value === null) return 1;
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + size(v) + 1, 0);
    return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [k, v]) => sum + (v === undefined ? 0 : Buffer.byteLength(k) + size(v) + 1), 0);
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + (value === undefined ? 0 : Buffer.byteLength(name) + size(value)), 0);
}

function cancellation(length: number, index: number, code: string): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled [${code}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: Array.from({ length }, (_, i) => ({ Code: i === index ? code : 'None' })),
  });
}

let service: SimulatedDynamoDb | undefined;

function install(): void {
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (!service) return next(args);
      if (context.commandName !== 'TransactWriteItemsCommand') throw new Error(`not simulated: ${context.commandName}`);
      await service.transact((args.input as { TransactItems: Record<string, any>[] }).TransactItems);
      return { output: { $metadata: {} }, response: {} } as Awaited<ReturnType<typeof next>>;
    },
    { step: 'initialize', name: 'simulatedDynamoDb', priority: 'high' },
  );
}

const consultation: Consultation = {
  id: newId(),
  year: 2030,
  sequence: 1,
  title: 'A popular consultation',
  summary: 'Its last hour.',
  body: 'Answer in general.',
  language: 'en',
  questions: [],
  opensAt: '2030-01-01T00:00:00.000Z',
  closesAt: '2030-03-01T00:00:00.000Z',
  storedStatus: 'SCHEDULED',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 1,
};

/** One first-time contributor's submission of a 1,000-character contribution through the store. */
async function submit(n: number): Promise<'created' | 'refused'> {
  const author = { id: `sim-${n}-${newId()}`, group: 'CIVIL_SOCIETY', region: 'AFRICAN' } as Stakeholder;
  const at = new Date('2030-02-01T00:00:00.000Z');
  const { contribution, revision } = buildContribution({
    id: contributionId(consultation.id, newId(at)),
    consultation,
    authorId: author.id,
    capacity: 'PERSONAL',
    countedFor: author,
    body: 'x'.repeat(bodyChars),
    language: 'en',
    now: at,
  });
  try {
    const outcome = await contributionStore.submitContribution(
      contribution,
      revision,
      { key: idempotencyGuardKey('submitContribution', author.id, newId()), requestDigest: 'sim' },
      at,
    );
    return outcome.kind === 'created' ? 'created' : 'refused';
  } catch {
    return 'refused';
  }
}

/** The secretariat extends the consultation while submissions arrive (and, refused, tries again). */
async function extend(): Promise<{ calls: number; ms: number }> {
  // Each call of the store is up to DYNAMODB_LIMITS.dateChangeAttempts transaction attempts.
  const started = performance.now();
  const at = new Date('2030-02-01T00:00:00.000Z');
  const next: Consultation = { ...consultation, closesAt: '2030-03-02T00:00:00.000Z', version: consultation.version + 1, updatedAt: at.toISOString() };
  for (let calls = 1; ; calls++) {
    try {
      await saveDateChange(next, consultation, 'EXTENDED', at, []);
      return { calls, ms: Math.round(performance.now() - started) };
    } catch {
      // SERVICE_UNAVAILABLE (retriable): the secretariat's client retries.
    }
  }
}

interface Result {
  rate: number;
  offered: number;
  created: number;
  refused: number;
  conflicts: number;
  throttles: number;
  p99ms: number;
  maxWcu: number;
  extendCalls: number;
  extendAttempts: number;
  extendMs: number;
}

async function run(rate: number): Promise<Result> {
  service = new SimulatedDynamoDb();
  const runs: Promise<void>[] = [];
  const latencies: number[] = [];
  let created = 0;
  let refused = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let extension: Promise<{ calls: number; ms: number }> | undefined;
  let n = 0;
  // Exponential gaps: arrivals at random, `rate` a second on average; every arrival due is sent at each tick
  // (a timer per arrival could not offer more than ~220 a second here).
  let due = start;
  while (due < end) {
    await sleep(2);
    const now = performance.now();
    if (!extension && now > start + (seconds * 1000) / 2) extension = extend();
    for (; due <= now && due < end; due += -Math.log(1 - Math.random()) * (1000 / rate)) {
      const started = performance.now();
      runs.push(
        submit(n++).then((outcome) => {
          latencies.push(performance.now() - started);
          if (outcome === 'created') created++;
          else refused++;
        }),
      );
    }
  }
  await Promise.all(runs);
  const extended = await (extension ?? extend());
  latencies.sort((a, b) => a - b);
  const result = {
    rate,
    offered: n,
    created,
    refused,
    conflicts: service.conflicts,
    throttles: service.throttles,
    p99ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    maxWcu: service.busiestSecond,
    extendCalls: extended.calls,
    extendAttempts: service.dateChangeAttempts,
    extendMs: extended.ms,
  };
  service = undefined;
  return result;
}

async function main(): Promise<void> {
  setEnv({ AGORA_STAGE: 'local', TABLE_NAME: 'agora-simulated', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', LOG_LEVEL: 'ERROR' });
  install();
  process.stdout.write(`service time ${serviceMs} ms, ${seconds} s per rate, contributions of ${bodyChars} characters, 1,000 WCU/s per partition\n`);
  process.stdout.write(
    'rate/s  offered  committed/s  refused  refused %  conflicts  throttles  p99 ms  busiest partition WCU/s  extension: calls, attempts, ms\n',
  );
  for (const rate of [50, 100, 200, 300, 400]) {
    const r = await run(rate);
    process.stdout.write(
      `${String(r.rate).padStart(6)} ${String(r.offered).padStart(8)} ${String(Math.round(r.created / seconds)).padStart(12)} ${String(r.refused).padStart(8)} ${((100 * r.refused) / Math.max(1, r.offered)).toFixed(1).padStart(10)} ${String(r.conflicts).padStart(10)} ${String(r.throttles).padStart(10)} ${String(r.p99ms).padStart(7)} ${String(r.maxWcu).padStart(24)}  ${r.extendCalls}, ${r.extendAttempts}, ${r.extendMs}\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
