/**
 * Authorization on nodes and edges for stakeholders, and guessed or malformed ids of every type:
 * a guessed id, `node(id)` or a nested field reveals nothing the caller may
 * not see. The full matrix over roles, objects and paths of every domain is
 * authorization-matrix.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId, type NodeType } from '../../functions/core/ids';
import { errorCode, gql, secretariatToken, newUserToken, unique } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createOrganisation, createPerson } from '../helpers/people';

const NODE_TYPES: NodeType[] = ['Stakeholder', 'Consultation', 'Contribution', 'ReportingCycle', 'Report', 'ReportRevision'];

const EMAIL_THREE_WAYS = /* GraphQL */ `
  query Emails($person: ID!) {
    stakeholder(id: $person) {
      contactEmail
      affiliation {
        contactEmail
      }
    }
    node(id: $person) {
      ... on Stakeholder {
        contactEmail
        affiliation {
          contactEmail
        }
      }
    }
  }
`;

describe('authorization on nodes and edges', () => {
  it('shows a contact email only to its owner and the secretariat — by id, through node(id) and through a nested edge', async () => {
    // Prepare
    const organisation = await createOrganisation();
    const person = await createPerson({ stakeholder: { affiliationId: organisation.stakeholder.id } });
    const stranger = await createPerson();
    const newcomer = await newUserToken();
    const secretariat = await secretariatToken();

    // Act
    const read = (token?: string) => gql(EMAIL_THREE_WAYS, { person: person.globalId }, token);
    const [asPublic, asNewcomer, asStranger, asSelf, asSecretariat] = await Promise.all([
      read(),
      read(newcomer.token),
      read(stranger.token),
      read(person.token),
      read(secretariat),
    ]);

    // Assess
    const hidden = { contactEmail: null, affiliation: { contactEmail: null } };
    for (const result of [asPublic, asNewcomer, asStranger]) {
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ stakeholder: hidden, node: hidden });
      expect(JSON.stringify(result)).not.toContain(person.stakeholder.contactEmail);
      expect(JSON.stringify(result)).not.toContain(organisation.stakeholder.contactEmail);
    }
    expect(asSelf.data?.stakeholder).toEqual({ contactEmail: person.stakeholder.contactEmail, affiliation: { contactEmail: null } });
    expect(asSelf.data?.node).toEqual(asSelf.data?.stakeholder);
    expect(asSecretariat.data?.stakeholder).toEqual({
      contactEmail: person.stakeholder.contactEmail,
      affiliation: { contactEmail: organisation.stakeholder.contactEmail },
    });
  });

  it('answers a guessed id of every node type with null, the same as a missing object', async () => {
    for (const type of NODE_TYPES) {
      const guessed = toGlobalId(type, `01${unique().toUpperCase()}`);

      const result = await gql('query ($id: ID!) { node(id: $id) { id } }', { id: guessed });

      expect({ type, result }).toEqual({ type, result: { data: { node: null } } });
    }
  });

  it('refuses a malformed id as BAD_USER_INPUT without reading anything', async () => {
    let reads = 0;
    const stop = onDynamoRequest(() => reads++);

    const results = await Promise.all(
      ['', 'not-base64!', Buffer.from('Stakeholder:').toString('base64url'), Buffer.from('Stakeholder:../../x').toString('base64url'), 'x'.repeat(300)].map(
        (id) => gql('query ($id: ID!) { node(id: $id) { id } }', { id }),
      ),
    ).finally(stop);

    expect(results.map(errorCode)).toEqual(Array(5).fill('BAD_USER_INPUT'));
    expect(reads).toBe(0);
  });

  it('refuses an id of another type where a stakeholder is expected', async () => {
    const result = await gql('query ($id: ID!) { stakeholder(id: $id) { id } }', { id: toGlobalId('Consultation', 'c1') });

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.data?.stakeholder ?? null).toBeNull();
  });
});
