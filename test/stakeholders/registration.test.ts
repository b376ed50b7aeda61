import { describe, expect, it } from 'vitest';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, newUserToken, secretariatToken, unique } from '../helpers/api';
import { getItem } from '../helpers/db';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterStakeholderInput!) {
    registerStakeholder(input: $input) {
      stakeholder {
        id
        kind
        name
        group
        region
        country
        languages
        contactEmail
        verification
        relevantOrganisation
        version
        createdAt
      }
    }
  }
`;

const READ = /* GraphQL */ `
  query Read($id: ID!) {
    stakeholder(id: $id) {
      id
      name
      group
      region
      country
      contactEmail
      verification
      affiliation {
        name
      }
    }
  }
`;

function validInput(overrides: Record<string, unknown> = {}) {
  const tag = unique();
  return {
    name: `Ada ${tag}`,
    group: 'CIVIL_SOCIETY',
    region: 'AFRICAN',
    country: 'KE',
    languages: ['en', 'sw'],
    contactEmail: `${tag}@example.net`,
    ...overrides,
  };
}

describe('registering a stakeholder', () => {
  it('registers the signed-in user and reads the record back by id', async () => {
    // Prepare
    const user = await newUserToken();
    const input = validInput();

    // Act
    const registered = await gql(REGISTER, { input }, user.token);
    const id = registered.data?.registerStakeholder.stakeholder.id as string;
    const readBySelf = await gql(READ, { id }, user.token);
    const readByPublic = await gql(READ, { id });

    // Assess
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerStakeholder.stakeholder).toMatchObject({
      kind: 'PERSON',
      name: input.name,
      group: 'CIVIL_SOCIETY',
      region: 'AFRICAN',
      country: 'KE',
      languages: ['en', 'sw'],
      contactEmail: input.contactEmail,
      verification: 'UNVERIFIED',
      relevantOrganisation: false,
      version: 1,
    });
    expect(readBySelf.data?.stakeholder).toMatchObject({ id, name: input.name, contactEmail: input.contactEmail });
    expect(readByPublic.errors).toBeUndefined();
    expect(readByPublic.data?.stakeholder).toMatchObject({ id, name: input.name, contactEmail: null });
  });

  it('shows the contact email to the secretariat but not to another stakeholder', async () => {
    const owner = await newUserToken();
    const other = await newUserToken();
    const input = validInput();
    const { data } = await gql(REGISTER, { input }, owner.token);
    const id = data?.registerStakeholder.stakeholder.id as string;

    const bySecretariat = await gql(READ, { id }, await secretariatToken());
    const byOther = await gql(READ, { id }, other.token);

    expect(bySecretariat.data?.stakeholder.contactEmail).toBe(input.contactEmail);
    expect(byOther.errors).toBeUndefined();
    expect(byOther.data?.stakeholder.contactEmail).toBeNull();
  });

  it('answers null for an unknown stakeholder id', async () => {
    const id = Buffer.from(`Stakeholder:${unique()}`).toString('base64url');
    const result = await gql(READ, { id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.stakeholder).toBeNull();
  });

  it('refuses a public caller with UNAUTHENTICATED and writes nothing', async () => {
    const input = validInput();
    const result = await gql(REGISTER, { input });
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(await getItem(stakeholderKeys.emailGuard(input.contactEmail))).toBeUndefined();
  });

  it('refuses an unknown country code naming the field, and writes nothing', async () => {
    const user = await newUserToken();
    const input = validInput({ country: 'XX' });
    const result = await gql(REGISTER, { input }, user.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('input.country');
    expect(await getItem(stakeholderKeys.identity(user.subject))).toBeUndefined();
    expect(await getItem(stakeholderKeys.emailGuard(input.contactEmail))).toBeUndefined();
  });

  it('refuses an unknown stakeholder group as BAD_USER_INPUT', async () => {
    const user = await newUserToken();
    const result = await gql(REGISTER, { input: validInput({ group: 'PRESS' }) }, user.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(await getItem(stakeholderKeys.identity(user.subject))).toBeUndefined();
  });

  it('refuses an overlong name naming the field', async () => {
    const user = await newUserToken();
    const result = await gql(REGISTER, { input: validInput({ name: 'n'.repeat(201) }) }, user.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('input.name');
    expect(await getItem(stakeholderKeys.identity(user.subject))).toBeUndefined();
  });

  it('answers a contact email that is already registered exactly as a free one: no one learns whether an address is taken', async () => {
    const first = await newUserToken();
    const second = await newUserToken();
    const input = validInput();
    await gql(REGISTER, { input }, first.token);

    const result = await gql(REGISTER, { input: { ...validInput(), contactEmail: input.contactEmail.toUpperCase() } }, second.token);

    expect(result.errors).toBeUndefined();
    expect(result.data?.registerStakeholder.stakeholder.contactEmail).toBe(input.contactEmail.toLowerCase());
    // Neither holds the address: it is unique among confirmed addresses (see test/mail/confirmation.test.ts).
    expect(await getItem(stakeholderKeys.emailGuard(input.contactEmail))).toBeUndefined();
  });

  it('refuses to register the same user twice with CONFLICT', async () => {
    const user = await newUserToken();
    await gql(REGISTER, { input: validInput() }, user.token);
    const again = validInput();

    const result = await gql(REGISTER, { input: again }, user.token);

    expect(errorCode(result)).toBe('CONFLICT');
    expect(await getItem(stakeholderKeys.emailGuard(again.contactEmail))).toBeUndefined();
  });
});
