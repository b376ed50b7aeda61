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
 *   KB of the item, rounded up.
 *
 * The real store code runs on top (contribution.store.ts submitContribution,
 * with transactWrite's bounded retries and jittered backoff), for first-time
 * contributors arriving at random (Poisson) at a given rate, open loop.
 * A submission that runs out of attempts is refused with SERVICE_UNAVAILABLE:
 * the client must retry it, so it counts as refused here.
 *
 *   npx tsx test/bench/contention.ts [serviceMs=15] [seconds=8]
 *
 * It also runs the design the numbers call for, as a model only: the
 * counter items spread over 16 shards in partitions of their own and the
 * open-window check moved off the consultation's item.
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
import type { Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';

const serviceMs = Number(process.argv[2] ?? 15);
const seconds = Number(process.argv[3] ?? 8);
const PARTITION_WCU_PER_SECOND = 1_000;
const SHARDS = 16;

type Design = 'current' | 'sharded';

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

  constructor(readonly design: Design) {}

  /** The item key and partition a transaction item locks (in the sharded design: the counters on a random shard, no window check). */
  private target(item: Record<string, any>): { key: string; pk: string; units: number } | undefined {
    const kind = Object.keys(item)[0] as string;
    const body = item[kind];
    const pk = (body.Key?.PK ?? body.Item?.PK) as string;
    let sk = (body.Key?.SK ?? body.Item?.SK) as string;
    let partition = pk;
    if (this.design === 'sharded') {
      if (kind === 'ConditionCheck' && sk === '#META') return undefined;
      if (sk === '#COUNTS') {
        const shard = Math.floor(Math.random() * SHARDS);
        sk = `#COUNTS#${shard}`;
        partition = `${pk}#COUNTS#${shard}`;
      }
    }
    const bytes = body.Item ? Buffer.byteLength(JSON.stringify(body.Item)) : sk.startsWith('#COUNTS') ? 2_048 : 512;
    const units = kind === 'ConditionCheck' ? 0 : 2 * Math.ceil(bytes / 1024);
    return { key: `${pk}\u0000${sk}`, pk: partition, units };
  }

  async transact(items: Record<string, any>[]): Promise<void> {
    const now = performance.now();
    const targets = items.map((item) => this.target(item));
    const conflict = targets.findIndex((t) => t !== undefined && (this.held.get(t.key)?.until ?? 0) > now);
    if (conflict >= 0) {
      this.conflicts++;
      await sleep(serviceMs / 3);
      throw cancellation(items.length, conflict, 'TransactionConflict');
    }
    const second = Math.floor(now / 1000);
    const byPartition = new Map<string, number>();
    for (const t of targets) if (t) byPartition.set(t.pk, (byPartition.get(t.pk) ?? 0) + t.units);
    for (const [pk, units] of byPartition) {
      const use = this.partitionUse.get(pk);
      const used = use?.second === second ? use.units : 0;
      if (used + units > PARTITION_WCU_PER_SECOND) {
        this.throttles++;
        await sleep(serviceMs / 3);
        throw cancellation(
          items.length,
          targets.findIndex((t) => t?.pk === pk),
          'ThrottlingError',
        );
      }
    }
    for (const [pk, units] of byPartition) {
      const use = this.partitionUse.get(pk);
      this.partitionUse.set(pk, { second, units: (use?.second === second ? use.units : 0) + units });
    }
    const until = now + serviceMs;
    for (const t of targets) if (t) this.held.set(t.key, { until });
    await sleep(serviceMs);
    this.committed++;
  }
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
    body: 'x'.repeat(1_000),
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

async function run(
  design: Design,
  rate: number,
): Promise<{ rate: number; offered: number; created: number; refused: number; conflicts: number; throttles: number; p99ms: number }> {
  service = new SimulatedDynamoDb(design);
  const runs: Promise<void>[] = [];
  const latencies: number[] = [];
  let created = 0;
  let refused = 0;
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    // Exponential gaps: arrivals at random, `rate` a second on average.
    await sleep(-Math.log(1 - Math.random()) * (1000 / rate));
    const started = performance.now();
    runs.push(
      submit(n++).then((outcome) => {
        latencies.push(performance.now() - started);
        if (outcome === 'created') created++;
        else refused++;
      }),
    );
  }
  await Promise.all(runs);
  latencies.sort((a, b) => a - b);
  const result = {
    rate,
    offered: n,
    created,
    refused,
    conflicts: service.conflicts,
    throttles: service.throttles,
    p99ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
  };
  service = undefined;
  return result;
}

async function main(): Promise<void> {
  setEnv({ AGORA_STAGE: 'local', TABLE_NAME: 'agora-simulated', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', LOG_LEVEL: 'ERROR' });
  install();
  process.stdout.write(`service time ${serviceMs} ms, ${seconds} s per rate, 1,000 WCU/s per partition\n`);
  process.stdout.write('design   rate/s  offered  created  refused  refused %  conflicts  throttles  p99 ms\n');
  for (const design of ['current', 'sharded'] as const) {
    for (const rate of [10, 25, 50, 100, 200, 400]) {
      const r = await run(design, rate);
      process.stdout.write(
        `${design.padEnd(8)} ${String(r.rate).padStart(6)} ${String(r.offered).padStart(8)} ${String(r.created).padStart(8)} ${String(r.refused).padStart(8)} ${((100 * r.refused) / Math.max(1, r.offered)).toFixed(1).padStart(10)} ${String(r.conflicts).padStart(10)} ${String(r.throttles).padStart(10)} ${String(r.p99ms).padStart(7)}\n`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
