import { describe, expect, it } from 'vitest';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, newUserToken, secretariatToken, unique } from '../helpers/api';
import { getItem } from '../helpers/db';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';

const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateStakeholderInput!) {
    updateStakeholder(input: $input) {
      stakeholder {
        id
        name
        country
        website
        description
        languages
        contactEmail
        verification
        version
      }
    }
  }
`;
const SET_VERIFICATION = /* GraphQL */ `
  mutation Verify($input: SetVerificationInput!) {
    setVerification(input: $input) {
      stakeholder {
        verification
        version
      }
    }
  }
`;
const SET_RELEVANT = /* GraphQL */ `
  mutation Relevant($input: SetRelevantOrganisationInput!) {
    setRelevantOrganisation(input: $input) {
      stakeholder {
        relevantOrganisation
        version
      }
    }
  }
`;
const PROPOSE = /* GraphQL */ `
  mutation Propose($input: ProposeOrganisationInput!) {
    proposeOrganisation(input: $input) {
      organisation {
        id
        kind
        name
        group
        verification
        relevantOrganisation
        contactEmail
        version
      }
    }
  }
`;

/** The stored record (strongly consistent), to check what was and was not written. */
const stored = (id: string) => getItem(stakeholderKeys.item(id));

function organisationInput(overrides: Record<string, unknown> = {}) {
  const tag = unique();
  return { name: `Proposed ${tag}`, group: 'CIVIL_SOCIETY', region: 'AFRICAN', country: 'GH', contactEmail: `${tag}@org.example`, ...overrides };
}

describe('updating a stakeholder', () => {
  it('lets a stakeholder edit their own record at its version, and clears optional fields with null', async () => {
    // Prepare
    const person = await createPerson({ stakeholder: { website: 'https://old.example', description: 'Old' } });

    // Act
    const result = await gql(
      UPDATE,
      { input: { id: person.globalId, version: 1, description: null, website: 'https://new.example', languages: ['fr', 'en'] } },
      person.token,
    );

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateStakeholder.stakeholder).toMatchObject({
      name: person.stakeholder.name,
      website: 'https://new.example',
      description: null,
      languages: ['fr', 'en'],
      version: 2,
      verification: 'VERIFIED',
    });
    expect(await stored(person.stakeholder.id)).toMatchObject({ version: 2, website: 'https://new.example' });
  });

  it('keeps the email guard on the confirmed address when the email changes (the new one takes it once confirmed)', async () => {
    const person = await createPerson();
    const newEmail = `${unique()}@moved.example`;

    const result = await gql(UPDATE, { input: { id: person.globalId, version: 1, contactEmail: newEmail.toUpperCase() } }, person.token);

    expect(result.data?.updateStakeholder.stakeholder.contactEmail).toBe(newEmail);
    expect(await stored(person.stakeholder.id)).toMatchObject({ contactEmail: newEmail, confirmedEmail: person.stakeholder.contactEmail });
    expect(await getItem(stakeholderKeys.emailGuard(person.stakeholder.contactEmail))).toMatchObject({ stakeholderId: person.stakeholder.id });
    expect(await getItem(stakeholderKeys.emailGuard(newEmail))).toBeUndefined();
  });

  it('answers an email another stakeholder has confirmed as any other (no oracle), and leaves that stakeholder its address', async () => {
    const person = await createPerson();
    const other = await createPerson();

    const result = await gql(
      UPDATE,
      { input: { id: person.globalId, version: 1, name: 'Changed', contactEmail: other.stakeholder.contactEmail } },
      person.token,
    );

    expect(result.errors).toBeUndefined();
    expect(await stored(person.stakeholder.id)).toMatchObject({
      version: 2,
      contactEmail: other.stakeholder.contactEmail,
      confirmedEmail: person.stakeholder.contactEmail,
    });
    expect(await getItem(stakeholderKeys.emailGuard(person.stakeholder.contactEmail))).toMatchObject({ stakeholderId: person.stakeholder.id });
    expect(await getItem(stakeholderKeys.emailGuard(other.stakeholder.contactEmail))).toMatchObject({ stakeholderId: other.stakeholder.id });
  });

  it('refuses a stale version with CONFLICT and keeps the newer edit', async () => {
    const person = await createPerson();
    await gql(UPDATE, { input: { id: person.globalId, version: 1, name: 'First edit' } }, person.token);

    const result = await gql(UPDATE, { input: { id: person.globalId, version: 1, name: 'Lost edit' } }, person.token);

    expect(errorCode(result)).toBe('CONFLICT');
    expect(await stored(person.stakeholder.id)).toMatchObject({ version: 2, name: 'First edit' });
  });

  it('returns a verified stakeholder to UNVERIFIED when they change who they are, but not when the secretariat does', async () => {
    const person = await createPerson();
    const other = await createPerson();

    const bySelf = await gql(UPDATE, { input: { id: person.globalId, version: 1, country: 'GH' } }, person.token);
    const bySecretariat = await gql(UPDATE, { input: { id: other.globalId, version: 1, country: 'GH' } }, await secretariatToken());

    expect(bySelf.data?.updateStakeholder.stakeholder).toMatchObject({ country: 'GH', verification: 'UNVERIFIED' });
    expect(bySecretariat.data?.updateStakeholder.stakeholder).toMatchObject({ country: 'GH', verification: 'VERIFIED' });
  });

  it('lets the secretariat edit any record and a representative edit their organisation', async () => {
    const organisation = await createOrganisation();
    const representative = await createRepresentative([organisation.stakeholder.id]);

    const byRepresentative = await gql(UPDATE, { input: { id: organisation.globalId, version: 1, description: 'Our mission' } }, representative.token);
    const bySecretariat = await gql(UPDATE, { input: { id: organisation.globalId, version: 2, website: 'https://org.example' } }, await secretariatToken());

    expect(byRepresentative.errors).toBeUndefined();
    expect(bySecretariat.data?.updateStakeholder.stakeholder).toMatchObject({ description: 'Our mission', website: 'https://org.example', version: 3 });
  });

  it.each([
    ['another stakeholder', async () => (await createPerson()).token, 'FORBIDDEN'],
    ['a MAG member', async () => (await createMagMember()).token, 'FORBIDDEN'],
    ['a signed-in user who has not registered', async () => (await newUserToken()).token, 'FORBIDDEN'],
    ['the public', async () => undefined, 'UNAUTHENTICATED'],
  ])("refuses %s editing someone else's record and writes nothing", async (_, caller, code) => {
    const person = await createPerson();

    const result = await gql(UPDATE, { input: { id: person.globalId, version: 1, name: 'Hijacked' } }, await caller());

    expect(errorCode(result)).toBe(code);
    expect(await stored(person.stakeholder.id)).toMatchObject({ version: 1, name: person.stakeholder.name });
  });

  it.each([
    ['country', { country: 'XX' }, 'input.country'],
    ['name', { name: 'n'.repeat(201) }, 'input.name'],
    ['description', { description: 'd'.repeat(2001) }, 'input.description'],
    ['website', { website: 'not a url' }, 'input.website'],
    ['languages', { languages: ['!!'] }, 'input.languages.0'],
  ])('refuses a bad %s naming the field and writes nothing', async (_, change, field) => {
    const person = await createPerson();

    const result = await gql(UPDATE, { input: { id: person.globalId, version: 1, ...change } }, person.token);

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(await stored(person.stakeholder.id)).toMatchObject({ version: 1 });
  });

  it('refuses an unknown enum value as BAD_USER_INPUT', async () => {
    const person = await createPerson();
    const result = await gql(UPDATE, { input: { id: person.globalId, version: 1, region: 'ATLANTIS' } }, person.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(await stored(person.stakeholder.id)).toMatchObject({ version: 1 });
  });
});

describe('verification and the relevant-organisation flag', () => {
  it('lets the secretariat verify a stakeholder at its version', async () => {
    const person = await createPerson({ stakeholder: { verification: 'UNVERIFIED' } });

    const result = await gql(SET_VERIFICATION, { input: { id: person.globalId, version: 1, status: 'VERIFIED' } }, await secretariatToken());

    expect(result.data?.setVerification.stakeholder).toEqual({ verification: 'VERIFIED', version: 2 });
    expect(await stored(person.stakeholder.id)).toMatchObject({ verification: 'VERIFIED', version: 2 });
  });

  it.each([
    ['the stakeholder themselves', (p: { token: string }) => Promise.resolve(p.token), 'FORBIDDEN'],
    ['a MAG member', async () => (await createMagMember()).token, 'FORBIDDEN'],
    ['the public', async () => undefined, 'UNAUTHENTICATED'],
  ])('refuses %s setting verification and writes nothing', async (_, caller, code) => {
    const person = await createPerson({ stakeholder: { verification: 'UNVERIFIED' } });

    const result = await gql(SET_VERIFICATION, { input: { id: person.globalId, version: 1, status: 'VERIFIED' } }, await caller(person));

    expect(errorCode(result)).toBe(code);
    expect(await stored(person.stakeholder.id)).toMatchObject({ verification: 'UNVERIFIED', version: 1 });
  });

  it('refuses a stale version when verifying with CONFLICT', async () => {
    const person = await createPerson({ stakeholder: { verification: 'UNVERIFIED', version: 3 } });
    const result = await gql(SET_VERIFICATION, { input: { id: person.globalId, version: 2, status: 'REJECTED' } }, await secretariatToken());
    expect(errorCode(result)).toBe('CONFLICT');
    expect(await stored(person.stakeholder.id)).toMatchObject({ verification: 'UNVERIFIED', version: 3 });
  });

  it('lets the secretariat mark an organisation as relevant and unmark it', async () => {
    const organisation = await createOrganisation();
    const secretariat = await secretariatToken();

    const marked = await gql(SET_RELEVANT, { input: { id: organisation.globalId, version: 1, relevant: true } }, secretariat);
    const unmarked = await gql(SET_RELEVANT, { input: { id: organisation.globalId, version: 2, relevant: false } }, secretariat);

    expect(marked.data?.setRelevantOrganisation.stakeholder).toEqual({ relevantOrganisation: true, version: 2 });
    expect(unmarked.data?.setRelevantOrganisation.stakeholder).toEqual({ relevantOrganisation: false, version: 3 });
  });

  it('refuses the relevant flag on a person naming the field', async () => {
    const person = await createPerson();
    const result = await gql(SET_RELEVANT, { input: { id: person.globalId, version: 1, relevant: true } }, await secretariatToken());
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('input.id');
    expect(await stored(person.stakeholder.id)).toMatchObject({ relevantOrganisation: false, version: 1 });
  });

  it.each([
    ['a representative of the organisation', (orgId: string) => createRepresentative([orgId]).then((p) => p.token), 'FORBIDDEN'],
    ['a stakeholder', () => createPerson().then((p) => p.token), 'FORBIDDEN'],
    ['the public', async () => undefined, 'UNAUTHENTICATED'],
  ])('refuses %s setting the relevant flag and writes nothing', async (_, caller, code) => {
    const organisation = await createOrganisation();

    const result = await gql(SET_RELEVANT, { input: { id: organisation.globalId, version: 1, relevant: true } }, await caller(organisation.stakeholder.id));

    expect(errorCode(result)).toBe(code);
    expect(await stored(organisation.stakeholder.id)).toMatchObject({ relevantOrganisation: false, version: 1 });
  });

  it('answers NOT_FOUND for an unknown stakeholder', async () => {
    const id = Buffer.from(`Stakeholder:${unique()}`).toString('base64url');
    const result = await gql(SET_VERIFICATION, { input: { id, version: 1, status: 'VERIFIED' } }, await secretariatToken());
    expect(errorCode(result)).toBe('NOT_FOUND');
  });
});

describe('proposing an organisation', () => {
  it('lets a registered stakeholder propose an organisation that stays unverified and not relevant', async () => {
    const person = await createPerson();
    const input = organisationInput();

    const result = await gql(PROPOSE, { input }, person.token);

    expect(result.errors).toBeUndefined();
    const organisation = result.data?.proposeOrganisation.organisation;
    expect(organisation).toMatchObject({
      kind: 'ORGANISATION',
      name: input.name,
      verification: 'UNVERIFIED',
      relevantOrganisation: false,
      version: 1,
      contactEmail: null,
    });
    const id = Buffer.from(organisation.id, 'base64url').toString().split(':')[1] as string;
    expect(await stored(id)).toMatchObject({ proposedBy: person.stakeholder.id, contactEmail: input.contactEmail });
    // Unconfirmed: no guard until the address is confirmed from the mail sent to it.
    expect(await getItem(stakeholderKeys.emailGuard(input.contactEmail))).toBeUndefined();
  });

  it.each([
    ['a signed-in user who has not registered', async () => (await newUserToken()).token, 'FORBIDDEN'],
    ['the public', async () => undefined, 'UNAUTHENTICATED'],
  ])('refuses %s and writes nothing', async (_, caller, code) => {
    const input = organisationInput();
    const result = await gql(PROPOSE, { input }, await caller());
    expect(errorCode(result)).toBe(code);
    expect(await getItem(stakeholderKeys.emailGuard(input.contactEmail))).toBeUndefined();
  });

  it('answers an email already in the registry as any other (no oracle), leaving it to its stakeholder', async () => {
    const person = await createPerson();
    const existing = await createOrganisation();
    const input = organisationInput({ contactEmail: existing.stakeholder.contactEmail });

    const result = await gql(PROPOSE, { input }, person.token);

    expect(result.errors).toBeUndefined();
    expect(await getItem(stakeholderKeys.emailGuard(existing.stakeholder.contactEmail))).toMatchObject({ stakeholderId: existing.stakeholder.id });
  });

  it('refuses an unknown country naming the field', async () => {
    const person = await createPerson();
    const input = organisationInput({ country: 'ZZ' });
    const result = await gql(PROPOSE, { input }, person.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('input.country');
    expect(await getItem(stakeholderKeys.emailGuard(input.contactEmail))).toBeUndefined();
  });
});
