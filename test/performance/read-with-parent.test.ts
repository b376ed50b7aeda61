/**
 * The fields a consultation serves from the items read together with it in one request (the consultation and
 * its counter shards, one BatchGetItem) are declared once (READ_WITH_CONSULTATION); this test asks each
 * declared field and counts the DynamoDB requests, so a field that is declared but not served by that request
 * (or a selection that costs a second read) fails here.
 */
import { describe, expect, it } from 'vitest';
import { READ_WITH_CONSULTATION } from '../../functions/modules/consultations/consultation.resolvers';
import { gql } from '../helpers/api';
import { contributeDirect, openConsultation } from '../helpers/consultations';
import { onDynamoRequest } from '../helpers/db';
import { createPerson } from '../helpers/people';

/** A selection of each declared field: the record's type makes a newly declared field need one here. */
const SELECTIONS: Record<(typeof READ_WITH_CONSULTATION)[number], string> = {
  counts: 'counts { contributions contributors byGroup { group contributions } }',
  analytics: 'analytics { status participation { contributions contributorsByGroup { total } } }',
  processingCoverage: 'processingCoverage { contributions processed coverage byGroup { group processed } }',
};

async function commandsOf(run: () => Promise<unknown>): Promise<{ result: any; commands: string[] }> {
  const commands: string[] = [];
  const stop = onDynamoRequest((command) => commands.push(command));
  try {
    return { result: await run(), commands };
  } finally {
    stop();
  }
}

describe('fields read with their consultation in one BatchGetItem', () => {
  it.each(READ_WITH_CONSULTATION.map((field) => [field]))('serves %s with the consultation in one BatchGetItem', async (field) => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    await contributeDirect(consultation, person.stakeholder, { at: new Date() });

    // Act
    const { result, commands } = await commandsOf(() => gql(`query ($id: ID!) { consultation(id: $id) { title ${SELECTIONS[field]} } }`, { id: globalId }));

    // Assess
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data)).toContain('"contributions":1');
    expect(commands).toEqual(['BatchGetItemCommand']);
  });

  it('serves all of them together in the same one BatchGetItem', async () => {
    // Prepare
    const { globalId } = await openConsultation();

    // Act
    const { result, commands } = await commandsOf(() =>
      gql(`query ($id: ID!) { consultation(id: $id) { title ${Object.values(SELECTIONS).join(' ')} } }`, { id: globalId }),
    );

    // Assess
    expect(result.errors).toBeUndefined();
    expect(commands).toEqual(['BatchGetItemCommand']);
  });
});
