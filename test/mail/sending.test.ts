/**
 * The sender against the SES emulator when SES throttles or rejects:
 * throttling is retried with backoff, a message that keeps failing or is
 * rejected is parked with its reason (never dropped), the secretariat sees
 * it and can send it again — and it is still sent once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageRejected, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { named, transactWrite } from '../../functions/core/dynamodb/transact';
import { mailEvent } from '../../functions/modules/outbox';
import { processKeys, SENDER_LIMITS } from '../../functions/modules/mail/mail.sender';
import { mailKeys } from '../../functions/core/dynamodb/keys';
import { onDynamoRequest } from '../helpers/db';
import { errorCode, gql, secretariatToken, unique } from '../helpers/api';
import { concerning, injectSesFault, mailTo, runSender } from '../helpers/mail';
import { createPerson } from '../helpers/people';

let fault: ReturnType<typeof injectSesFault> | undefined;
afterEach(() => fault?.remove());

const throttled = () => new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
const rejected = () => new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } });

const DEAD = '{ mailDeadLetters(first: 100) { edges { node { id kind status attempts reason lastError recipient { id } } } } }';
const RETRY = 'mutation ($input: RetryMailDeliveryInput!) { retryMailDelivery(input: $input) { delivery { id status attempts } } }';

async function personWithMail() {
  const email = `${unique('s')}@example.org`;
  const person = await createPerson({ stakeholder: { contactEmail: email, confirmedEmail: email } });
  await transactWrite([
    named(
      'mail',
      mailEvent('REPORT_PUBLISHED', { type: 'stakeholder', stakeholderId: person.stakeholder.id }, { year: 2031, organisations: 'Org' }, new Date()),
    ),
  ]);
  return { person, email };
}

async function deadLetterOf(globalId: string, token: string) {
  const dead = (await gql(DEAD, {}, token)).data?.mailDeadLetters.edges.map((e: any) => e.node) as any[];
  return dead.filter((d) => d.recipient?.id === globalId);
}

describe('sending through SES', () => {
  it('retries throttling with growing delays, parks the message after the last attempt, and sends it once when the secretariat retries it', async () => {
    // Prepare
    const { person, email } = await personWithMail();
    const secretariat = await secretariatToken();
    fault = injectSesFault(throttled);
    const start = Date.now();
    const at = (minutes: number) => new Date(start + minutes * 60_000);

    // Act: the first run fails; at once again nothing is due; then each retry at its time (1, 2, 4, 8 minutes later).
    const first = await runSender(at(0), { accept: concerning(person.stakeholder.id) });
    const tooEarly = await runSender(at(0.5), { accept: concerning(person.stakeholder.id) });
    const retries = [];
    for (const minutes of [1, 3, 7, 15]) retries.push(await runSender(at(minutes + 0.01), { accept: concerning(person.stakeholder.id) }));
    const parked = await deadLetterOf(person.globalId, secretariat);
    fault.remove();
    const retried = await gql(RETRY, { input: { id: parked[0]?.id } }, secretariat);
    await runSender(new Date(), { accept: concerning(person.stakeholder.id) });

    // Assess
    expect(first).toMatchObject({ retried: 1, sent: 0 });
    expect(tooEarly).toMatchObject({ retried: 0, sent: 0, parked: 0 });
    expect(retries.map((r) => [r.retried, r.parked])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(fault.calls()).toBe(SENDER_LIMITS.maxSendAttempts * 3); // each run: the SDK's 3 attempts with backoff
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ kind: 'REPORT_PUBLISHED', status: 'DEAD', attempts: SENDER_LIMITS.maxSendAttempts });
    expect(parked[0].reason).toMatch(/^RETRIES_EXHAUSTED after 5 attempts: TooManyRequestsException/);
    expect(retried.data?.retryMailDelivery.delivery).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect((await mailTo(email)).map((m) => m.subject)).toEqual(['The 2031 report is published']);
    expect(await deadLetterOf(person.globalId, secretariat)).toEqual([]);
    // Retrying what is not a dead letter (any more) is a CONFLICT.
    expect(errorCode(await gql(RETRY, { input: { id: parked[0]?.id } }, secretariat))).toBe('CONFLICT');
  }, 120_000);

  it('parks a message SES rejects at once, with the reason, and sends nothing', async () => {
    // Prepare
    const { person, email } = await personWithMail();
    fault = injectSesFault(rejected);

    // Act
    const report = await runSender(new Date(), { accept: concerning(person.stakeholder.id) });

    // Assess
    expect(report).toMatchObject({ parked: 1, sent: 0, retried: 0 });
    expect(fault.calls()).toBe(1);
    const parked = await deadLetterOf(person.globalId, await secretariatToken());
    expect(parked[0].reason).toBe('REJECTED: MessageRejected: Email address is not verified.');
    expect(await mailTo(email)).toEqual([]);
  });

  it('refuses the dead letters to anyone but the secretariat, and a malformed or unknown message id', async () => {
    const person = await createPerson();
    const secretariat = await secretariatToken();
    expect(errorCode(await gql(DEAD, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(DEAD, {}, person.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(RETRY, { input: { id: 'nope' } }, secretariat))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(RETRY, { input: { id: `01JAAAAAAAAAAAAAAAAAAAAAAA.${person.stakeholder.id}` } }, secretariat))).toBe('NOT_FOUND');
  });
});

describe('what one mail costs', () => {
  it('expands an event in 3 DynamoDB requests and sends a mail in 6 (7 the first time, with the unsubscribe token), plus one SES call', async () => {
    // Prepare: two mails to one person, named by their keys as the stream names them.
    const email = `${unique('k')}@example.org`;
    const person = await createPerson({ stakeholder: { contactEmail: email, confirmedEmail: email } });
    const events = [0, 1].map(() => mailEvent('REPORT_PUBLISHED', { type: 'stakeholder', stakeholderId: person.stakeholder.id }, { year: 2033 }, new Date()));
    for (const event of events) await transactWrite([named('mail', event)]);
    const keyOf = (event: (typeof events)[number]) => {
      const { PK, SK } = event.Put!.Item as { PK: string; SK: string };
      return { PK, SK };
    };
    const counted = async (run: () => Promise<unknown>) => {
      const requests: string[] = [];
      const stop = onDynamoRequest((command) => requests.push(command));
      try {
        await run();
      } finally {
        stop();
      }
      return requests;
    };
    const delivery = (event: (typeof events)[number]) => mailKeys.delivery(keyOf(event).PK.slice('MAIL#'.length), person.stakeholder.id);

    // Act
    const expand = await counted(() => processKeys([keyOf(events[0]!)], new Date()));
    await processKeys([keyOf(events[1]!)], new Date());
    const first = await counted(() => processKeys([delivery(events[0]!)], new Date()));
    const second = await counted(() => processKeys([delivery(events[1]!)], new Date()));
    const repeated = await counted(() => processKeys([delivery(events[1]!)], new Date()));
    const repeatedEvent = await counted(() => processKeys([keyOf(events[1]!)], new Date()));

    // Assess
    expect(expand).toEqual(['GetItemCommand', 'PutItemCommand', 'UpdateItemCommand']);
    // read the delivery, claim it, read the recipient, their preferences, the suppression list, (create the token), record it
    expect(first).toEqual([
      'GetItemCommand',
      'UpdateItemCommand',
      'GetItemCommand',
      'GetItemCommand',
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'UpdateItemCommand',
    ]);
    expect(second).toEqual(['GetItemCommand', 'UpdateItemCommand', 'GetItemCommand', 'GetItemCommand', 'BatchGetItemCommand', 'UpdateItemCommand']);
    // A retried stream record of a sent mail: one read, nothing sent.
    expect(repeated).toEqual(['GetItemCommand']);
    expect(repeatedEvent).toEqual(['GetItemCommand']);
    expect((await mailTo(email)).length).toBe(2);
  });
});
