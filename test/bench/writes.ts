/**
 * The benchmarked writes: each mutation through the real Lambda handler,
 * against a baseline that sends the same conditional writes by hand with the
 * fewest round trips DynamoDB allows.
 *
 * How the baseline is made: the handler's run records what it sent (the keys
 * it read, its Queries, its transactions with every item and condition, the
 * caller's write allowance included) and the items its transactions touched
 * as they were before; those are then put back as they were, and the
 * baseline verifies the caller's token, reads the caller's roles (consistent
 * GetItem, like the API), sends every other read at once (BatchGetItem and
 * the Queries in parallel, as if it knew every key in advance) and the same
 * transactions (a fresh ClientRequestToken). Both leave the table in the
 * same state, so the next run starts where the last left off. Recording the
 * before-images takes time in the handler's run; it is measured and taken
 * out of the handler's time.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { handler as GraphqlHandler } from '../../functions/handlers/graphql';
import { SECRETARIAT_GROUP } from '../../functions/core/auth/caller';
import { verifyToken } from '../../functions/core/auth/token-verifier';
import { config } from '../../functions/core/config';
import { RequestBudget, runWithBudget } from '../../functions/core/request-budget';
import { createDocumentClient, documentClient, tableName } from '../../functions/core/dynamodb/client';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { toGlobalId } from '../../functions/core/ids';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { signLocalToken } from '../../functions/local/local-token';
import { buildContribution, contributionId, type Consultation, type Contribution } from '../../functions/modules/consultations/consultation.model';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { createStakeholder } from '../../functions/modules/stakeholders/stakeholder.store';
import type { Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';
import { newId } from '../../functions/core/ids';
import { measureUsage, type Usage } from './instrument';
import { percentile, type Latency } from './latency';
import {
  ADOPT_AGENDA,
  CREATE_MEETING,
  DECIDE,
  DRAFT_MINUTES,
  EDIT_CONTRIBUTION,
  HOLD_MEETING,
  RECORD_DECISION,
  REGISTER_STAKEHOLDER,
  SAVE_REPORT_SECTIONS,
  SET_AGENDA,
  SET_DISPOSITIONS,
  SUBMIT_CONTRIBUTION,
  SUBMIT_REPORT,
  WITHDRAW_CONTRIBUTION,
} from './write-documents';

type Handler = typeof GraphqlHandler;
type Item = Record<string, unknown>;
type Key = { PK: string; SK: string };
type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** One run's mutation: the document, its variables and the caller's token. */
export interface WriteRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly token: string;
}

export interface WriteOperation {
  readonly name: string;
  /** DynamoDB write requests the issue allows (one transaction; two where 100 items do not fit one). */
  readonly maxWrites: number;
  /** Makes what one run needs (not timed) and returns the request to send. */
  readonly prepare: () => Promise<WriteRequest>;
}

export interface WriteMeasured {
  readonly requests: number;
  readonly writeRequests: number;
  readonly readCapacity: number;
  /** Write units as DynamoDB Local reports them (it does not apply the service's rules to transactions). */
  readonly writeCapacity: number;
  /** Write units by the service's rules, from the items' sizes (writeUnits below). */
  readonly writeUnits: number;
  readonly transactionItems: number[];
  readonly commands: string[];
  readonly handler: Latency;
  readonly baseline: Latency;
  readonly baselineRequests: number;
  readonly baselineWriteCapacity: number;
  readonly ratio: number;
}

const WRITE_COMMANDS = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

// ---------------------------------------------------------------- recording the handler's requests

interface Recording {
  /** Time spent reading before-images, taken out of the handler's time. */
  excludedMs: number;
  readonly reads: { key: Key; consistent: boolean }[];
  readonly queries: Record<string, unknown>[];
  /** Every transaction sent, and whether it committed (a canceled one is the handler's cost, not replayed). */
  readonly transactions: { items: TransactItems; ok: boolean }[];
  /** Items the transactions touched, as they were before (undefined: absent). */
  readonly before: Map<string, { key: Key; item: Item | undefined }>;
}

let recording: Recording | undefined;
const UNLIMITED = new RequestBudget({ maxRequests: Number.MAX_SAFE_INTEGER, maxReadCapacity: Number.MAX_SAFE_INTEGER });
let raw: DynamoDBDocumentClient | undefined;
let installed = false;

/** A client outside the handler's middleware (no budget, no counting): for before-images and restores. */
function rawClient(): DynamoDBDocumentClient {
  raw ??= createDocumentClient({ endpoint: config().dynamodbEndpoint, region: config().region });
  return raw;
}

const keyString = (key: Key) => `${key.PK}\u0000${key.SK}`;

function keyOfTransactItem(item: TransactItems[number]): Key {
  if (item.Put) return { PK: item.Put.Item?.PK as string, SK: item.Put.Item?.SK as string };
  const part = item.Update ?? item.Delete ?? item.ConditionCheck;
  return part?.Key as Key;
}

function installRecorder(): void {
  if (installed) return;
  installed = true;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const r = recording;
      if (!r) return next(args);
      const input = args.input as Record<string, any>;
      let sent: { items: TransactItems; ok: boolean } | undefined;
      switch (context.commandName) {
        case 'GetItemCommand':
          r.reads.push({ key: input.Key as Key, consistent: Boolean(input.ConsistentRead) });
          break;
        case 'BatchGetItemCommand':
          for (const request of Object.values(input.RequestItems as Record<string, { Keys: Key[]; ConsistentRead?: boolean }>)) {
            for (const key of request.Keys) r.reads.push({ key, consistent: Boolean(request.ConsistentRead) });
          }
          break;
        case 'QueryCommand':
          r.queries.push(structuredClone(input));
          break;
        case 'TransactWriteItemsCommand': {
          const started = performance.now();
          const items = input.TransactItems as TransactItems;
          sent = { items: structuredClone(items), ok: false };
          r.transactions.push(sent);
          await Promise.all(
            items
              .filter((item) => !item.ConditionCheck)
              .map(async (item) => {
                const key = keyOfTransactItem(item);
                if (r.before.has(keyString(key))) return;
                r.before.set(keyString(key), { key, item: undefined });
                // Outside the handler's request budget (this read is the benchmark's, not the request's).
                const { Item } = await runWithBudget(UNLIMITED, () =>
                  rawClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true })),
                );
                r.before.set(keyString(key), { key, item: Item });
              }),
          );
          r.excludedMs += performance.now() - started;
          break;
        }
      }
      const result = await next(args);
      if (sent) sent.ok = true;
      return result;
    },
    // After the request budget's middleware, so the transaction is seen with the caller's write allowance in it.
    { step: 'initialize', name: 'benchWriteRecorder', priority: 'low' },
  );
}

/**
 * An item's size as DynamoDB counts it, near enough: attribute names and values in UTF-8, numbers as about
 * half their digits, lists and maps with a few bytes each.
 */
function itemBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + itemBytes(v), 0);
  return 3 + Object.entries(value as Item).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + itemBytes(v), 0);
}

/**
 * The write units of the recording's committed transactions by the service's rules: 2 per KB (rounded up)
 * of each item written, the larger of its size before and after; 2 for a ConditionCheck (a transactional
 * read of an item up to 4 KB).
 */
async function writeUnits(r: Recording): Promise<number> {
  let units = 0;
  for (const { items } of r.transactions.filter((t) => t.ok)) {
    for (const item of items) {
      if (item.ConditionCheck) {
        units += 2;
        continue;
      }
      const key = keyOfTransactItem(item);
      const before = r.before.get(keyString(key))?.item;
      const { Item: after } = await runWithBudget(UNLIMITED, () =>
        rawClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true })),
      );
      const bytes = Math.max(before ? itemBytes(before) - 3 : 0, after ? itemBytes(after) - 3 : 0, 1);
      units += 2 * Math.ceil(bytes / 1024);
    }
  }
  return units;
}

/** Puts every item the recording's transactions touched back as it was. */
async function restore(r: Recording): Promise<void> {
  await Promise.all(
    [...r.before.values()].map(({ key, item }) =>
      item
        ? rawClient().send(new PutCommand({ TableName: tableName(), Item: item }))
        : rawClient().send(new DeleteCommand({ TableName: tableName(), Key: key })),
    ),
  );
}

/** The same requests, by hand: token, roles, every other read at once, then the same transactions. */
async function baseline(r: Recording, token: string): Promise<void> {
  const db = documentClient();
  const claims = await verifyToken(token);
  const identity = r.reads.find((read) => read.key.SK === 'IDENTITY');
  if (identity) {
    const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: identity.key, ConsistentRead: true }));
    if (Item && claims.subject !== (Item.PK as string).slice('SUBJECT#'.length)) throw new Error('baseline: not the caller');
  }
  const others = [...new Map(r.reads.filter((read) => read !== identity && read.key.SK !== 'IDENTITY').map((read) => [keyString(read.key), read])).values()];
  const batches: (typeof others)[] = [];
  for (let i = 0; i < others.length; i += 100) batches.push(others.slice(i, i + 100));
  await Promise.all([
    ...batches.map((batch) =>
      db.send(
        new BatchGetCommand({
          RequestItems: { [tableName()]: { Keys: batch.map((read) => read.key), ConsistentRead: batch.some((read) => read.consistent) } },
        }),
      ),
    ),
    ...r.queries.map((query) => db.send(new QueryCommand(query as unknown as ConstructorParameters<typeof QueryCommand>[0]))),
  ]);
  for (const { items } of r.transactions.filter((t) => t.ok))
    await db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
}

async function send(handler: Handler, request: WriteRequest): Promise<string> {
  const event = apiGatewayEvent({
    method: 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
    body: JSON.stringify({ query: request.query, variables: request.variables }),
  });
  const response = (await handler(event, lambdaContext('agora-graphql'))) as APIGatewayProxyStructuredResultV2;
  const body = response.body ?? '';
  if (response.statusCode !== 200 || body.includes('"errors"')) throw new Error(`write refused: ${body.slice(0, 500)}`);
  return body;
}

/** One run: the handler (timed, recorded), the table put back, the baseline (timed). */
async function runPair(
  handler: Handler,
  operation: WriteOperation,
): Promise<{ handlerMs: number; baselineMs: number; handlerUsage?: Usage; baselineUsage?: Usage }> {
  const request = await operation.prepare();
  const r: Recording = { excludedMs: 0, reads: [], queries: [], transactions: [], before: new Map() };
  recording = r;
  let started = performance.now();
  try {
    await send(handler, request);
  } finally {
    recording = undefined;
  }
  const handlerMs = performance.now() - started - r.excludedMs;
  await restore(r);
  started = performance.now();
  await baseline(r, request.token);
  return { handlerMs, baselineMs: performance.now() - started };
}

export async function measureWrite(handler: Handler, operation: WriteOperation, runs: number): Promise<WriteMeasured> {
  installRecorder();
  // Warm-up, then one run of each counted (requests, capacity).
  for (let i = 0; i < Math.min(5, runs); i++) await runPair(handler, operation);
  const request = await operation.prepare();
  const r: Recording = { excludedMs: 0, reads: [], queries: [], transactions: [], before: new Map() };
  recording = r;
  const counted = await measureUsage(() => send(handler, request)).finally(() => (recording = undefined));
  const units = await writeUnits(r);
  await restore(r);
  const baselineCounted = await measureUsage(() => baseline(r, request.token));
  const h: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { handlerMs, baselineMs } = await runPair(handler, operation);
    h.push(handlerMs);
    b.push(baselineMs);
  }
  h.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  const lat = (s: number[]): Latency => ({ p50: percentile(s, 50), p95: percentile(s, 95), runs });
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: counted.usage.requests,
    writeRequests: counted.usage.commands.filter((c) => WRITE_COMMANDS.has(c)).length,
    readCapacity: round(counted.usage.readCapacity),
    writeCapacity: round(counted.usage.writeCapacity),
    writeUnits: units,
    transactionItems: r.transactions.map((t) => t.items.length),
    commands: counted.usage.commands,
    handler: lat(h),
    baseline: lat(b),
    baselineRequests: baselineCounted.usage.requests,
    baselineWriteCapacity: round(baselineCounted.usage.writeCapacity),
    ratio: round(percentile(h, 50) / percentile(b, 50)),
  };
}

// ---------------------------------------------------------------- the operations

const DAY = 86_400_000;

/** What the writes need in a seeded table: people with roles and tokens, an open consultation, the closed one with its contributions. */
export interface WriteSetup {
  readonly dataDir: string;
  /** A closed consultation of the data set (its contributions are answered by setDispositions and decisions). */
  readonly closed: Consultation;
  /** A prefix that keeps this table's ids apart from the other data set's. */
  readonly prefix: string;
}

async function person(
  dataDir: string,
  prefix: string,
  roles: { magTerm?: { startYear: number; endYear: number }; representativeOf?: string[] } = {},
  overrides: Partial<Stakeholder> = {},
) {
  const id = `${prefix}-w-${newId()}`;
  const at = new Date().toISOString();
  const stakeholder: Stakeholder = {
    id,
    kind: 'PERSON',
    name: `Bench Writer ${id.slice(-6)}`,
    group: 'CIVIL_SOCIETY',
    region: 'AFRICAN',
    country: 'KE',
    languages: ['en'],
    contactEmail: `${id}@example.net`,
    confirmedEmail: `${id}@example.net`,
    verification: 'VERIFIED',
    relevantOrganisation: false,
    representativeOf: [],
    subject: `bench|${id}`,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
  if (
    (await createStakeholder(stakeholder, { representativeOf: roles.representativeOf ?? [], ...(roles.magTerm ? { magTerm: roles.magTerm } : {}) })) !==
    'created'
  )
    throw new Error('bench person not created');
  return { stakeholder, token: stakeholder.subject ? await signLocalToken(dataDir, { subject: stakeholder.subject }) : '' };
}

async function openConsultation(prefix: string): Promise<Consultation> {
  for (;;) {
    const now = Date.now();
    const consultation: Consultation = {
      id: newId(),
      year: randomInt(3000, 9000),
      sequence: randomInt(1, 4),
      title: `${prefix} open consultation`,
      summary: 'What should the next cycle take up?',
      body: 'Answer in general.',
      language: 'en',
      questions: [{ id: newId(), text: 'Question?' }],
      opensAt: new Date(now - DAY).toISOString(),
      closesAt: new Date(now + DAY).toISOString(),
      storedStatus: 'SCHEDULED',
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      version: 1,
    };
    if ((await consultationStore.createConsultation(consultation)) === 'created') return consultation;
  }
}

async function contribute(consultation: Consultation, author: Stakeholder, at = new Date()): Promise<Contribution> {
  const { contribution, revision } = buildContribution({
    id: contributionId(consultation.id, newId(at)),
    consultation,
    authorId: author.id,
    capacity: 'PERSONAL',
    countedFor: author,
    body: 'A point made for the benchmark, of about the length of a short real contribution to a consultation.',
    language: 'en',
    now: at,
  });
  const outcome = await contributionStore.submitContribution(
    contribution,
    revision,
    { key: idempotencyGuardKey('submitContribution', author.id, newId()), requestDigest: 'bench' },
    at,
  );
  if (outcome.kind !== 'created') throw new Error(`bench contribution not stored: ${outcome.kind}`);
  return contribution;
}

const BODY = 'From our experience, affordability remains the first barrier, well before infrastructure, and community networks need spectrum they can afford.';

/** The writes, each with what one run needs. Built once per table (the setup is not timed). */
export async function writeOperations(setup: WriteSetup, handler: Handler): Promise<WriteOperation[]> {
  const { dataDir, prefix, closed } = setup;
  const open = await openConsultation(prefix);
  const openId = toGlobalId('Consultation', open.id);
  const returning = await person(dataDir, prefix);
  await contribute(open, returning.stakeholder);
  const author = await person(dataDir, prefix);
  const year = new Date().getUTCFullYear();
  const mag = await person(dataDir, prefix, { magTerm: { startYear: year - 1, endYear: year + 1 } });
  const secretariat = await signLocalToken(dataDir, { subject: `bench|secretariat-${prefix}`, groups: [SECRETARIAT_GROUP] });
  const ask = (request: WriteRequest) => send(handler, request).then((body) => JSON.parse(body).data);

  // setDispositions: the same 100 contributions of the closed consultation, answered again and again (each run a new version).
  // (Topped up to the 120 the runs need, written as of when it was open, for the smallest data sets.)
  const unanswered = async () => (await contributionStore.allContributions(closed.id)).filter((c) => c.status === 'ACTIVE' && !c.answer);
  for (let missing = 120 - (await unanswered()).length, n = 0; n < missing; n++)
    await contribute(closed, author.stakeholder, new Date(Date.parse(closed.opensAt) + (n + 1) * 1000));
  const answerable = (await unanswered()).slice(0, 100);
  const versions = new Map(answerable.map((c) => [c.id, c.version]));
  let flip = 0;

  // Reports: an organisation represented by `representative`, in a cycle of a year of its own.
  const organisation = await person(
    dataDir,
    prefix,
    {},
    { kind: 'ORGANISATION', relevantOrganisation: true, subject: undefined, name: `Bench Organisation ${prefix}` },
  );
  const representative = await person(dataDir, prefix, { representativeOf: [organisation.stakeholder.id] });
  const reportYear = randomInt(6000, 9000);
  await ask({
    query: /* GraphQL */ `
      mutation ($input: CreateReportingCycleInput!) {
        createReportingCycle(input: $input) {
          requested
        }
      }
    `,
    variables: {
      input: {
        year: reportYear,
        opensAt: new Date(Date.now() - DAY).toISOString(),
        dueAt: new Date(Date.now() + 30 * DAY).toISOString(),
        sections: [{ key: 'summary', title: 'Summary', required: true, maxLength: 4000 }],
      },
    },
    token: secretariat,
  });
  const reportId = toGlobalId('Report', `${reportYear}.${organisation.stakeholder.id}`);
  let reportVersion = 1;
  const readReportVersion = async () =>
    (await ask({ query: `query ($id: ID!) { node(id: $id) { ... on Report { version status } } }`, variables: { id: reportId }, token: representative.token }))
      .node as { version: number; status: string };

  // Meetings: a chair on the MAG; meetings created per run where a run needs a fresh one.
  const chair = mag;
  const chairId = toGlobalId('Stakeholder', chair.stakeholder.id);
  const closedId = toGlobalId('Consultation', closed.id);
  const meetingInput = () => ({
    year: randomInt(3000, 9999),
    kind: 'IN_PERSON',
    number: randomInt(1, 100),
    title: `Bench meeting ${newId().slice(-8)}`,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    format: 'HYBRID',
    place: 'Geneva',
    onlineLink: 'https://meet.example.org/mag',
    chairId,
    consultationIds: [closedId],
    idempotencyKey: `bench-${newId()}`,
  });
  const newMeeting = async (): Promise<{ id: string; version: number }> => {
    const created = (await ask({ query: CREATE_MEETING, variables: { input: meetingInput() }, token: secretariat })).createMeeting.meeting;
    const agenda = (
      await ask({
        query: SET_AGENDA,
        variables: {
          input: {
            meetingId: created.id,
            version: created.version,
            items: [{ title: 'Adoption of the agenda' }, { title: 'Inputs', processes: { consultationId: closedId } }],
          },
        },
        token: secretariat,
      })
    ).setAgenda.meeting;
    return { id: created.id, version: agenda.version };
  };
  const heldMeeting = async () => {
    const m = await newMeeting();
    const adopted = (await ask({ query: ADOPT_AGENDA, variables: { input: { meetingId: m.id, version: m.version } }, token: chair.token })).adoptAgenda.meeting;
    const held = (await ask({ query: HOLD_MEETING, variables: { input: { meetingId: m.id, version: adopted.version } }, token: chair.token })).holdMeeting
      .meeting;
    return { id: held.id as string, version: held.version as number };
  };
  // Decisions on 20 contributions of the closed consultation (other than the 100 above).
  const decidable = (await unanswered()).filter((c) => !versions.has(c.id)).slice(0, 20);
  const subjects = () =>
    decidable.map((c, i) => ({
      contribution: {
        contributionId: toGlobalId('Contribution', c.id),
        disposition: i % 2 ? 'NOTED' : 'ADDRESSED',
        response: `Answered in a decision, ${newId().slice(-6)}.`,
      },
    }));
  const decisionMeeting = await heldMeeting();

  let retryInput: Record<string, unknown> | undefined;
  let editing: { id: string; version: number } | undefined;

  return [
    {
      name: 'registerStakeholder',
      maxWrites: 1,
      prepare: async () => {
        const subject = `bench|new-${newId()}`;
        const tag = newId().toLowerCase();
        return {
          query: REGISTER_STAKEHOLDER,
          variables: {
            input: {
              name: `Ada Lovelace ${tag.slice(-8)}`,
              group: 'ACADEMIA',
              region: 'WESTERN_EUROPEAN_AND_OTHERS',
              country: 'GB',
              languages: ['en'],
              contactEmail: `${tag}@example.net`,
            },
          },
          token: await signLocalToken(dataDir, { subject }),
        };
      },
    },
    {
      name: 'submitContribution (first in the consultation)',
      maxWrites: 1,
      prepare: async () => {
        const writer = await person(dataDir, prefix);
        return {
          query: SUBMIT_CONTRIBUTION,
          variables: { input: { consultationId: openId, body: BODY, language: 'en', idempotencyKey: `bench-${newId()}` } },
          token: writer.token,
        };
      },
    },
    {
      name: 'submitContribution (a returning contributor)',
      maxWrites: 1,
      prepare: async () => ({
        query: SUBMIT_CONTRIBUTION,
        variables: { input: { consultationId: openId, body: BODY, language: 'en', idempotencyKey: `bench-${newId()}` } },
        token: returning.token,
      }),
    },
    {
      name: 'submitContribution (idempotent retry)',
      maxWrites: 0,
      prepare: async () => {
        if (!retryInput) {
          retryInput = { consultationId: openId, body: BODY, language: 'en', idempotencyKey: `bench-${newId()}` };
          await ask({ query: SUBMIT_CONTRIBUTION, variables: { input: retryInput }, token: author.token });
        }
        return { query: SUBMIT_CONTRIBUTION, variables: { input: retryInput }, token: author.token };
      },
    },
    {
      name: 'editContribution',
      maxWrites: 1,
      prepare: async () => {
        if (!editing) editing = { id: toGlobalId('Contribution', (await contribute(open, author.stakeholder)).id), version: 1 };
        const request = {
          query: EDIT_CONTRIBUTION,
          variables: { input: { id: editing.id, version: editing.version, body: `${BODY} Edited ${newId()}.` } },
          token: author.token,
        };
        editing.version++;
        return request;
      },
    },
    {
      name: 'withdrawContribution',
      maxWrites: 1,
      prepare: async () => {
        const made = await contribute(open, author.stakeholder);
        return { query: WITHDRAW_CONTRIBUTION, variables: { input: { id: toGlobalId('Contribution', made.id), version: made.version } }, token: author.token };
      },
    },
    {
      name: 'setDispositions (100 contributions)',
      maxWrites: 2,
      prepare: async () => {
        const disposition = flip++ % 2 ? 'NOTED' : 'ADDRESSED';
        const entries = answerable.map((c) => {
          const version = versions.get(c.id) as number;
          versions.set(c.id, version + 1);
          return { contributionId: toGlobalId('Contribution', c.id), version, disposition, response: `The MAG's response (${disposition}).` };
        });
        return { query: SET_DISPOSITIONS, variables: { input: { consultationId: closedId, entries } }, token: mag.token };
      },
    },
    {
      name: 'saveReportSections',
      maxWrites: 1,
      prepare: async () => {
        const request = {
          query: SAVE_REPORT_SECTIONS,
          variables: { input: { reportId, version: reportVersion, sections: [{ key: 'summary', text: `What we did this year, ${newId()}.` }] } },
          token: representative.token,
        };
        reportVersion++;
        return request;
      },
    },
    {
      name: 'submitReport',
      maxWrites: 1,
      prepare: async () => {
        // A submitted report goes back to the organisation (returned) before the next run submits it again.
        const current = await readReportVersion();
        let version = current.version;
        if (current.status === 'SUBMITTED') {
          version = (
            await ask({
              query: `mutation ($input: ReturnReportInput!) { returnReport(input: $input) { report { version } } }`,
              variables: { input: { reportId, version, reason: 'Please add the figures.' } },
              token: secretariat,
            })
          ).returnReport.report.version;
        }
        reportVersion = version + 1;
        return { query: SUBMIT_REPORT, variables: { input: { reportId, version } }, token: representative.token };
      },
    },
    {
      name: 'createMeeting',
      maxWrites: 1,
      prepare: async () => ({ query: CREATE_MEETING, variables: { input: meetingInput() }, token: secretariat }),
    },
    {
      name: 'adoptAgenda',
      maxWrites: 1,
      prepare: async () => {
        const m = await newMeeting();
        return { query: ADOPT_AGENDA, variables: { input: { meetingId: m.id, version: m.version } }, token: chair.token };
      },
    },
    {
      name: 'recordDecision (20 contribution subjects)',
      maxWrites: 1,
      prepare: async () => ({
        query: RECORD_DECISION,
        variables: { input: { meetingId: decisionMeeting.id, text: 'The inputs are taken up.', subjects: subjects(), idempotencyKey: `bench-${newId()}` } },
        token: chair.token,
      }),
    },
    {
      name: 'decide: adopt a decision on 20 contributions',
      maxWrites: 1,
      prepare: async () => {
        const recorded = (
          await ask({
            query: RECORD_DECISION,
            variables: { input: { meetingId: decisionMeeting.id, text: 'The inputs are taken up.', subjects: subjects(), idempotencyKey: `bench-${newId()}` } },
            token: chair.token,
          })
        ).recordDecision.decision;
        return { query: DECIDE, variables: { input: { decisionId: recorded.id, version: recorded.version, state: 'ADOPTED' } }, token: chair.token };
      },
    },
    {
      name: 'draftMinutes',
      maxWrites: 1,
      prepare: async () => {
        const m = await heldMeeting();
        return { query: DRAFT_MINUTES, variables: { input: { meetingId: m.id, version: m.version, body: `# Minutes\n\n${BODY}` } }, token: secretariat };
      },
    },
  ];
}
