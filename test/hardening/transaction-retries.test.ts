/**
 * Every transaction of the domains goes through the one bounded retry of
 * `transactWrite` (functions/core/dynamodb/transact.ts): a transaction
 * canceled by a conflict is retried and written once; one that keeps being
 * canceled surfaces as SERVICE_UNAVAILABLE (retriable) — never
 * INTERNAL_SERVER_ERROR — with nothing written. Faults are injected in the
 * SDK client's middleware (DynamoDB Local cannot be made to conflict on cue).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { consultationKeys, reportingKeys } from '../../functions/core/dynamodb/keys';
import { DYNAMODB_LIMITS } from '../../functions/core/limits';
import { errorCode, gql, unique } from '../helpers/api';
import { openConsultation, snapshot, storedCounts } from '../helpers/consultations';
import { partition } from '../helpers/db';
import { injectFault, transactionConflict, type Injection } from '../helpers/faults';
import { createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle, save } from '../helpers/reporting';

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      contribution {
        id
      }
    }
  }
`;

let injected: Injection | undefined;
afterEach(() => injected?.remove());

async function reportToSave() {
  const organisation = await createOrganisation({ relevantOrganisation: true });
  const representative = await createRepresentative([organisation.stakeholder.id]);
  const { year } = await createCycle();
  return { representative, year, orgId: organisation.stakeholder.id };
}

describe('transaction conflicts on the domains’ writes', () => {
  it('retries a contribution whose transaction a conflict canceled, and stores it and its counts once', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    injected = injectFault('TransactWriteItemsCommand', transactionConflict(8, 6), 2);

    // Act
    const result = await gql(SUBMIT, { input: { consultationId: globalId, body: 'Once.', language: 'en', idempotencyKey: unique('key-') } }, person.token);

    // Assess
    expect(result.errors).toBeUndefined();
    expect(injected.calls()).toBe(3);
    const contributions = (await partition(consultationKeys.partition(consultation.id))).filter((i) => i.entity === 'Contribution');
    expect(contributions).toHaveLength(1);
    expect(await storedCounts(consultation.id)).toMatchObject({ contributions: 1, contributors: 1 });
  });

  it('answers a contribution that keeps conflicting with a retriable SERVICE_UNAVAILABLE after the bounded attempts, and stores nothing', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const before = await snapshot(consultation);
    injected = injectFault('TransactWriteItemsCommand', transactionConflict(8, 6));

    // Act
    const result = await gql(SUBMIT, { input: { consultationId: globalId, body: 'Never.', language: 'en', idempotencyKey: unique('key-') } }, person.token);

    // Assess
    expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
    expect(result.errors?.[0]?.extensions).toMatchObject({ retriable: true, requestId: expect.any(String) });
    expect(JSON.stringify(result)).not.toMatch(/TransactionConflict|Cancel/i);
    expect(injected.calls()).toBe(DYNAMODB_LIMITS.transactionAttempts);
    expect(await snapshot(consultation)).toBe(before);
  });

  it('retries a report save whose transaction a conflict canceled, and keeps exactly one revision', async () => {
    // Prepare
    const { representative, year, orgId } = await reportToSave();
    injected = injectFault('TransactWriteItemsCommand', transactionConflict(2, 0), 2);

    // Act
    const result = await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'Saved once.' }]);

    // Assess
    expect(result.errors).toBeUndefined();
    expect(injected.calls()).toBe(3);
    const items = await partition(reportingKeys.report(year, orgId).PK);
    expect(items.filter((i) => i.entity === 'ReportRevision')).toHaveLength(1);
    expect(items.find((i) => i.entity === 'Report')).toMatchObject({ version: 2, revisionCount: 1, sections: { summary: 'Saved once.' } });
  });

  it('answers a report save that keeps conflicting with a retriable SERVICE_UNAVAILABLE, and writes nothing', async () => {
    // Prepare
    const { representative, year, orgId } = await reportToSave();
    const before = await partition(reportingKeys.report(year, orgId).PK);
    injected = injectFault('TransactWriteItemsCommand', transactionConflict(2, 0));

    // Act
    const result = await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'Never saved.' }]);

    // Assess
    expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
    expect(result.errors?.[0]?.extensions?.retriable).toBe(true);
    expect(injected.calls()).toBe(DYNAMODB_LIMITS.transactionAttempts);
    expect(await partition(reportingKeys.report(year, orgId).PK)).toEqual(before);
  });

  it('retries a TransactionConflictException (items held by a transaction in progress) the same way, then SERVICE_UNAVAILABLE', async () => {
    // Prepare
    const { representative, year, orgId } = await reportToSave();
    const before = await partition(reportingKeys.report(year, orgId).PK);
    const inProgress = () =>
      Object.assign(new Error('Transaction is ongoing for the item'), { name: 'TransactionConflictException', $metadata: { httpStatusCode: 400 } });
    injected = injectFault('TransactWriteItemsCommand', inProgress);

    // Act
    const result = await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'Never saved.' }]);

    // Assess
    expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
    expect(injected.calls()).toBe(DYNAMODB_LIMITS.transactionAttempts);
    expect(await partition(reportingKeys.report(year, orgId).PK)).toEqual(before);
  });
});
