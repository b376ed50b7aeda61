/**
 * Flooding: one write mutation per request, and writes per caller per minute
 * and per day (functions/core/limits.ts WRITE_LIMITS, the production values
 * here), counted by an atomic counter in DynamoDB; over either, RATE_LIMITED
 * with `extensions.retryAfter`, and nothing written.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { setEnv } from '../../functions/core/config';
import { documentClient, tableName } from '../../functions/core/dynamodb/client';
import { consumeWriteAllowance, rateKey } from '../../functions/core/dynamodb/rate-limit';
import { TTL_ATTRIBUTE } from '../../functions/core/dynamodb/table';
import { WRITE_LIMITS } from '../../functions/core/limits';
import { errorCode, gql, invoke, unique } from '../helpers/api';
import { openConsultation, snapshot } from '../helpers/consultations';
import { getItem, onDynamoRequest } from '../helpers/db';
import { createPerson, type TestPerson } from '../helpers/people';

const SUBMIT = 'mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id } } }';

beforeAll(() => {
  setEnv({ AGORA_WRITES_PER_MINUTE: String(WRITE_LIMITS.perMinute), AGORA_WRITES_PER_DAY: String(WRITE_LIMITS.perDay) });
});

const minuteOf = (at: Date) => `m${at.toISOString().slice(11, 16).replace(':', '')}`;

/** Sets the caller's counters for this minute and day (retrying if the minute turns meanwhile), then runs `act`. */
async function withCounters<T>(
  person: TestPerson,
  counts: { day: number; minute: number },
  act: () => Promise<T>,
): Promise<{ result: T; sameMinute: boolean }> {
  for (;;) {
    const at = new Date();
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...rateKey(person.subject, at), writes: counts.day, [minuteOf(at)]: counts.minute, [TTL_ATTRIBUTE]: Math.floor(at.getTime() / 1000) + 90_000 },
      }),
    );
    const result = await act();
    const sameMinute = minuteOf(new Date()) === minuteOf(at);
    if (sameMinute) return { result, sameMinute };
  }
}

function submit(person: TestPerson, consultationId: string) {
  return gql(SUBMIT, { input: { consultationId, body: `Point ${unique()}`, language: 'en', idempotencyKey: unique() } }, person.token);
}

describe('flooding', () => {
  it('refuses fifteen aliased submissions in one request before anything is read or written', async () => {
    const { globalId } = await openConsultation();
    const person = await createPerson();
    const sent: string[] = [];
    const stop = onDynamoRequest((command) => sent.push(command));
    const aliases = Array.from(
      { length: 15 },
      (_, i) =>
        `s${i}: submitContribution(input: { consultationId: "${globalId}", body: "Flood ${i}", language: "en", idempotencyKey: "${unique()}" }) { contribution { id } }`,
    );

    const response = await invoke(JSON.stringify({ query: `mutation { ${aliases.join(' ')} }` }), { token: person.token }).finally(stop);

    const body = JSON.parse(response.body ?? '{}');
    expect(response.statusCode).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/one by one/);
    expect(sent).toEqual([]);
  });

  it('refuses two mutations hidden in fragments too, and accepts one with __typename beside it', async () => {
    const two = await invoke(
      JSON.stringify({
        query:
          'mutation { ...A ...B } fragment A on Mutation { a: __typename } fragment B on Mutation { x: withdrawContribution(input: { id: "x", version: 1 }) { contribution { id } } y: withdrawContribution(input: { id: "y", version: 1 }) { contribution { id } } }',
      }),
    );
    const one = await invoke(
      JSON.stringify({ query: 'mutation { __typename x: withdrawContribution(input: { id: "x", version: 1 }) { contribution { id } } }' }),
    );

    expect(two.statusCode).toBe(400);
    expect(JSON.parse(one.body ?? '{}').errors[0].extensions.code).not.toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('counts each accepted write once, and no refused request', async () => {
    const { globalId } = await openConsultation();
    const person = await createPerson();

    const refused = await gql(SUBMIT, { input: { consultationId: globalId, body: '', language: 'en', idempotencyKey: unique() } }, person.token);
    const afterRefusal = await getItem(rateKey(person.subject, new Date()));
    const accepted = await submit(person, globalId);
    const afterWrite = await getItem(rateKey(person.subject, new Date()));

    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(afterRefusal).toBeUndefined();
    expect(accepted.errors).toBeUndefined();
    expect(afterWrite?.writes).toBe(1);
    expect(afterWrite?.[TTL_ATTRIBUTE]).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses the write after the per-minute allowance with RATE_LIMITED and retryAfter (≤ 60 s), writing nothing', async () => {
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const before = await snapshot(consultation);

    const { result } = await withCounters(person, { day: WRITE_LIMITS.perMinute, minute: WRITE_LIMITS.perMinute }, () => submit(person, globalId));

    expect(errorCode(result)).toBe('RATE_LIMITED');
    const retryAfter = result.errors?.[0]?.extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses the write after the per-day allowance with a retryAfter up to the end of the UTC day', async () => {
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const before = await snapshot(consultation);

    const { result } = await withCounters(person, { day: WRITE_LIMITS.perDay, minute: 0 }, () => submit(person, globalId));

    expect(errorCode(result)).toBe('RATE_LIMITED');
    const retryAfter = result.errors?.[0]?.extensions?.retryAfter as number;
    const endOfDay = Math.ceil((Date.now() + 1) / 86_400_000) * 86_400 - Math.floor(Date.now() / 1000);
    expect(retryAfter).toBeGreaterThan(0);
    expect(Math.abs(retryAfter - endOfDay)).toBeLessThanOrEqual(2);
    expect(await snapshot(consultation)).toBe(before);
  });

  it('grants exactly the allowance to parallel writers: the counter is atomic', async () => {
    const subject = `test|${unique()}`;
    {
      const at = new Date();
      const outcomes = await Promise.all(
        Array.from({ length: WRITE_LIMITS.perMinute + 10 }, () =>
          consumeWriteAllowance(documentClient(), tableName(), subject, at).then(
            () => 'OK',
            (error: { code?: string }) => error.code ?? 'ERROR',
          ),
        ),
      );
      const item = await getItem(rateKey(subject, at));
      expect(outcomes.filter((o) => o === 'OK')).toHaveLength(WRITE_LIMITS.perMinute);
      expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(10);
      expect(item?.writes).toBe(WRITE_LIMITS.perMinute);
    }
  });
});
