/**
 * A transaction that committed but whose answer was lost (a timeout, a reset
 * connection) is re-sent by the SDK with the same ClientRequestToken, and
 * DynamoDB answers the repeat as the success it was: the client sees one
 * success, not a CONFLICT of its own first write. (The SDK would fill in a
 * token if none were given; transact.ts sets it itself, one per attempt, so
 * the guarantee does not rest on a serializer detail.)
 */
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/core/dynamodb/client';
import { consultationKeys } from '../../functions/core/dynamodb/keys';
import { toGlobalId } from '../../functions/core/ids';
import { errorCode, gql, unique } from '../helpers/api';
import { contributeDirect, openConsultation, recount, storedCounts } from '../helpers/consultations';
import { onDynamoRequest, partition } from '../helpers/db';
import { createPerson } from '../helpers/people';

const EDIT = 'mutation ($input: EditContributionInput!) { editContribution(input: $input) { contribution { version revision body } } }';

/** The next `TransactWriteItems` is applied, but its answer is lost as a timeout: the SDK's retry re-sends it. */
function loseNextTransactionAnswer(): { tokens: string[]; remove: () => void } {
  const name = `lost-answer-${unique()}`;
  const tokens: string[] = [];
  let lost = false;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      tokens.push((args.input as { ClientRequestToken?: string }).ClientRequestToken ?? '(none)');
      const result = await next(args);
      if (lost) return result;
      lost = true;
      throw Object.assign(new Error('The answer was lost after the commit'), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
    },
    // Inside the SDK's retry loop, where a lost answer surfaces.
    { step: 'deserialize', name, priority: 'low' },
  );
  return { tokens, remove: () => documentClient().middlewareStack.remove(name) };
}

describe('a late commit followed by a retry', () => {
  it('answers an edit whose first commit answer was lost as one success, with one revision written', async () => {
    // Prepare
    const { consultation } = await openConsultation();
    const author = await createPerson();
    const contribution = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const fault = loseNextTransactionAnswer();
    const sent: string[] = [];
    const stop = onDynamoRequest((command) => sent.push(command));

    // Act
    const result = await gql(EDIT, { input: { id: toGlobalId('Contribution', contribution.id), version: 1, body: 'Refined point' } }, author.token).finally(
      () => {
        stop();
        fault.remove();
      },
    );

    // Assess: one success; the SDK sent the transaction twice with the same token; one new revision
    expect(errorCode(result)).toBeUndefined();
    expect(result.data?.editContribution.contribution).toEqual({ version: 2, revision: 2, body: 'Refined point' });
    expect(fault.tokens).toHaveLength(2);
    expect(fault.tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(fault.tokens[1]).toBe(fault.tokens[0]);
    expect(sent.filter((c) => c === 'TransactWriteItemsCommand')).toHaveLength(1);
    expect(await partition(consultationKeys.revisionsPartition(contribution.id))).toHaveLength(2);
    expect(await storedCounts(consultation.id)).toEqual(await recount([consultation.id]));
  });
});
