/**
 * Throttling and transaction conflicts, injected in the SDK client's
 * middleware: retried with backoff, then a clear retriable error; nothing
 * lost, nothing doubled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { DYNAMODB_LIMITS } from '../../functions/core/limits';
import { errorCode, gql, newUserToken, unique } from '../helpers/api';
import { getItem } from '../helpers/db';
import { injectFault, throttled, transactionConflict, type Injection } from '../helpers/faults';
import { createPerson } from '../helpers/people';
import { concerning, mailTo, runSender } from '../helpers/mail';

const REGISTER = 'mutation ($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id } } }';

let injected: Injection | undefined;
afterEach(() => injected?.remove());

async function register() {
  const user = await newUserToken();
  const email = `${unique()}@example.net`;
  const input = { name: 'Fault Tolerant', group: 'TECHNICAL_COMMUNITY', region: 'AFRICAN', country: 'NG', contactEmail: email };
  const result = await gql(REGISTER, { input }, user.token);
  return { result, email, subject: user.subject };
}

/** What a registration writes, all or none: the identity, the profile, and one confirmation mail (its outbox item, sent). */
async function written(email: string, subject: string) {
  const identity = await getItem(stakeholderKeys.identity(subject));
  const profile = identity ? await getItem(stakeholderKeys.item(identity.stakeholderId as string)) : undefined;
  if (profile) await runSender(new Date(), { accept: concerning(profile.id as string) });
  return { identity, profile, mails: (await mailTo(email)).length };
}

describe('throttling', () => {
  it('retries a throttled write with backoff and succeeds once, writing everything exactly once', async () => {
    injected = injectFault('TransactWriteItemsCommand', throttled, DYNAMODB_LIMITS.maxAttempts - 1);

    const { result, email, subject } = await register();

    expect(result.errors).toBeUndefined();
    expect(injected.calls()).toBe(DYNAMODB_LIMITS.maxAttempts);
    const items = await written(email, subject);
    expect(items.profile?.contactEmail).toBe(email);
    expect(items.identity?.stakeholderId).toBe(items.profile?.id);
    expect(items.mails).toBe(1);
  });

  it('gives up after the bounded attempts with a retriable SERVICE_UNAVAILABLE, and writes nothing', async () => {
    injected = injectFault('TransactWriteItemsCommand', throttled);

    const { result, email, subject } = await register();

    expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
    expect(result.errors?.[0]?.extensions).toMatchObject({ retriable: true, requestId: expect.any(String) });
    expect(JSON.stringify(result)).not.toMatch(/Provisioned|throughput/i);
    expect(injected.calls()).toBe(DYNAMODB_LIMITS.maxAttempts);
    expect(await written(email, subject)).toEqual({ identity: undefined, profile: undefined, mails: 0 });
  });

  it('retries a throttled read and answers it', async () => {
    const { globalId, stakeholder } = await createPerson();
    injected = injectFault('BatchGetItemCommand', throttled, 1);

    const result = await gql('query ($id: ID!) { stakeholder(id: $id) { name } }', { id: globalId });

    expect(result).toEqual({ data: { stakeholder: { name: stakeholder.name } } });
    expect(injected.calls()).toBe(2);
  });
});

describe('transaction conflicts', () => {
  it('retries a transaction canceled by a conflict, then writes it once', async () => {
    injected = injectFault('TransactWriteItemsCommand', transactionConflict(3, 1), 2);

    const { result, email, subject } = await register();

    expect(result.errors).toBeUndefined();
    expect(injected.calls()).toBe(3);
    const items = await written(email, subject);
    expect(items.mails).toBe(1);
    expect(items.identity?.stakeholderId).toBe(items.profile?.id);
  });

  it('gives up after the bounded attempts with a retriable SERVICE_UNAVAILABLE, and writes nothing', async () => {
    injected = injectFault('TransactWriteItemsCommand', transactionConflict(3, 0));

    const { result, email, subject } = await register();

    expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
    expect(result.errors?.[0]?.extensions?.retriable).toBe(true);
    expect(injected.calls()).toBe(DYNAMODB_LIMITS.transactionAttempts);
    expect(await written(email, subject)).toEqual({ identity: undefined, profile: undefined, mails: 0 });
  });
});
