import { describe, expect, it } from 'vitest';
import { magKeys, stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, newUserToken, secretariatToken, token, unique } from '../helpers/api';
import { getItem, onDynamoRequest } from '../helpers/db';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';

const YEAR = new Date().getUTCFullYear();

const APPOINT_MAG = /* GraphQL */ `
  mutation Appoint($input: AppointMagMemberInput!) {
    appointMagMember(input: $input) {
      stakeholder {
        id
        version
        magTerm {
          startYear
          endYear
          current
        }
      }
    }
  }
`;
const END_TERM = /* GraphQL */ `
  mutation End($input: EndMagTermInput!) {
    endMagTerm(input: $input) {
      stakeholder {
        version
        magTerm {
          endYear
        }
      }
    }
  }
`;
const APPOINT_REP = /* GraphQL */ `
  mutation Appoint($input: RepresentativeInput!) {
    appointRepresentative(input: $input) {
      person {
        version
        representativeOf {
          id
        }
      }
      organisation {
        id
        representatives {
          id
        }
      }
    }
  }
`;
const REVOKE_REP = /* GraphQL */ `
  mutation Revoke($input: RepresentativeInput!) {
    revokeRepresentative(input: $input) {
      person {
        representativeOf {
          id
        }
      }
      organisation {
        representatives {
          id
        }
      }
    }
  }
`;
const ME = /* GraphQL */ `
  query {
    me {
      roles
      stakeholder {
        id
        name
        contactEmail
        magTerm {
          current
        }
        representativeOf {
          id
        }
      }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateStakeholderInput!) {
    updateStakeholder(input: $input) {
      stakeholder {
        version
      }
    }
  }
`;
const COMPOSITION = /* GraphQL */ `
  query Composition($year: Int) {
    magComposition(year: $year) {
      year
      total
      groups {
        group
        count
      }
      regions {
        region
        count
      }
      cells {
        group
        region
        count
      }
    }
  }
`;
const COMPOSITION_WITH_MEMBERS = /* GraphQL */ `
  query Composition($year: Int) {
    magComposition(year: $year) {
      total
      members {
        id
      }
      cells {
        group
        region
        count
        members {
          id
          name
        }
      }
    }
  }
`;

describe('appointing MAG members', () => {
  it('lets the secretariat appoint a MAG member: record, account and roster change together, and the role applies at once', async () => {
    // Prepare
    const person = await createPerson();

    // Act
    const result = await gql(APPOINT_MAG, { input: { stakeholderId: person.globalId, startYear: YEAR, endYear: YEAR + 1 } }, await secretariatToken());
    const me = await gql(ME, {}, person.token);

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.appointMagMember.stakeholder).toMatchObject({ version: 2, magTerm: { startYear: YEAR, endYear: YEAR + 1, current: true } });
    expect(await getItem(stakeholderKeys.identity(person.subject))).toMatchObject({ magTerm: { startYear: YEAR, endYear: YEAR + 1 } });
    expect(await getItem(magKeys.member(person.stakeholder.id))).toMatchObject({
      group: 'CIVIL_SOCIETY',
      region: 'AFRICAN',
      term: { startYear: YEAR, endYear: YEAR + 1 },
    });
    expect(me.data?.me.roles).toEqual(['STAKEHOLDER', 'MAG_MEMBER']);
  });

  it('shows a term that starts next year as not current, and grants no MAG role yet', async () => {
    const person = await createPerson();

    const result = await gql(APPOINT_MAG, { input: { stakeholderId: person.globalId, startYear: YEAR + 1, endYear: YEAR + 2 } }, await secretariatToken());
    const me = await gql(ME, {}, person.token);

    expect(result.data?.appointMagMember.stakeholder.magTerm).toEqual({ startYear: YEAR + 1, endYear: YEAR + 2, current: false });
    expect(me.data?.me.roles).toEqual(['STAKEHOLDER']);
  });

  it.each([
    ['an end before the start', { startYear: YEAR, endYear: YEAR - 1 }, 'input.endYear'],
    ['a term that is already over', { startYear: YEAR - 3, endYear: YEAR - 1 }, 'input.endYear'],
    ['a term longer than three years', { startYear: YEAR, endYear: YEAR + 3 }, 'input.endYear'],
    ['a start more than a year ahead', { startYear: YEAR + 2, endYear: YEAR + 2 }, 'input.startYear'],
    ['a year out of range', { startYear: 1999, endYear: YEAR }, 'input.startYear'],
  ])('refuses %s naming the field and writes nothing', async (_, years, field) => {
    const person = await createPerson();

    const result = await gql(APPOINT_MAG, { input: { stakeholderId: person.globalId, ...years } }, await secretariatToken());

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(await getItem(stakeholderKeys.item(person.stakeholder.id))).toMatchObject({ version: 1 });
    expect(await getItem(magKeys.member(person.stakeholder.id))).toBeUndefined();
  });

  it('refuses to appoint a person who never signed up, saying so, and writes nothing', async () => {
    const person = await createPerson({ stakeholder: { subject: undefined } });

    const result = await gql(APPOINT_MAG, { input: { stakeholderId: person.globalId, startYear: YEAR, endYear: YEAR } }, await secretariatToken());

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions).toMatchObject({ field: 'input.stakeholderId', reason: 'NOT_SIGNED_UP' });
    expect(await getItem(magKeys.member(person.stakeholder.id))).toBeUndefined();
  });

  it('refuses to appoint an organisation to the MAG', async () => {
    const organisation = await createOrganisation();
    const result = await gql(APPOINT_MAG, { input: { stakeholderId: organisation.globalId, startYear: YEAR, endYear: YEAR } }, await secretariatToken());
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(await getItem(magKeys.member(organisation.stakeholder.id))).toBeUndefined();
  });

  it.each([
    ['a MAG member', async () => (await createMagMember()).token, 'FORBIDDEN'],
    ['the person themselves', async (p: { token: string }) => p.token, 'FORBIDDEN'],
    ['the public', async () => undefined, 'UNAUTHENTICATED'],
  ])('refuses %s appointing and writes nothing', async (_, caller, code) => {
    const person = await createPerson();

    const result = await gql(APPOINT_MAG, { input: { stakeholderId: person.globalId, startYear: YEAR, endYear: YEAR } }, await caller(person));

    expect(errorCode(result)).toBe(code);
    expect(await getItem(stakeholderKeys.identity(person.subject))).not.toHaveProperty('magTerm');
    expect(await getItem(magKeys.member(person.stakeholder.id))).toBeUndefined();
  });

  it('ends a term: the member loses the role at their next request and leaves the roster', async () => {
    const member = await createMagMember();
    const before = await gql(ME, {}, member.token);

    const result = await gql(END_TERM, { input: { stakeholderId: member.globalId } }, await secretariatToken());
    const after = await gql(ME, {}, member.token);

    expect(before.data?.me.roles).toContain('MAG_MEMBER');
    expect(result.data?.endMagTerm.stakeholder).toEqual({ version: 2, magTerm: null });
    expect(after.data?.me.roles).toEqual(['STAKEHOLDER']);
    expect(await getItem(magKeys.member(member.stakeholder.id))).toBeUndefined();
    expect(await getItem(stakeholderKeys.identity(member.subject))).not.toHaveProperty('magTerm');
  });

  it('refuses a MAG member ending their own term with FORBIDDEN and keeps the term', async () => {
    const member = await createMagMember();
    const result = await gql(END_TERM, { input: { stakeholderId: member.globalId } }, member.token);
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await getItem(magKeys.member(member.stakeholder.id))).toBeDefined();
  });

  it('answers NOT_FOUND when ending the term of someone without one', async () => {
    const person = await createPerson();
    const result = await gql(END_TERM, { input: { stakeholderId: person.globalId } }, await secretariatToken());
    expect(errorCode(result)).toBe('NOT_FOUND');
    expect(await getItem(stakeholderKeys.item(person.stakeholder.id))).toMatchObject({ version: 1 });
  });

  it('keeps the roster in step when a MAG member changes their group', async () => {
    const member = await createMagMember();
    await gql(UPDATE, { input: { id: member.globalId, version: 1, group: 'ACADEMIA' } }, member.token);
    expect(await getItem(magKeys.member(member.stakeholder.id))).toMatchObject({ group: 'ACADEMIA' });
  });
});

describe('appointing organisation representatives', () => {
  it('lets the secretariat appoint a representative, who may then edit the organisation, and revoke them, after which they may not', async () => {
    // Prepare
    const organisation = await createOrganisation();
    const person = await createPerson();
    const secretariat = await secretariatToken();
    const input = { personId: person.globalId, organisationId: organisation.globalId };

    // Act
    const appointed = await gql(APPOINT_REP, { input }, secretariat);
    const editWhileRepresenting = await gql(UPDATE, { input: { id: organisation.globalId, version: 1, description: 'Edited by rep' } }, person.token);
    const me = await gql(ME, {}, person.token);
    const revoked = await gql(REVOKE_REP, { input }, secretariat);
    const editAfterRevocation = await gql(UPDATE, { input: { id: organisation.globalId, version: 2, description: 'Too late' } }, person.token);

    // Assess
    expect(appointed.errors).toBeUndefined();
    expect(appointed.data?.appointRepresentative.person).toEqual({ version: 2, representativeOf: [{ id: organisation.globalId }] });
    expect(appointed.data?.appointRepresentative.organisation.representatives).toEqual([{ id: person.globalId }]);
    expect(editWhileRepresenting.errors).toBeUndefined();
    expect(me.data?.me.roles).toEqual(['STAKEHOLDER', 'REPRESENTATIVE']);
    expect(revoked.data?.revokeRepresentative).toEqual({ person: { representativeOf: [] }, organisation: { representatives: [] } });
    expect(errorCode(editAfterRevocation)).toBe('FORBIDDEN');
    expect(await getItem(stakeholderKeys.item(organisation.stakeholder.id))).toMatchObject({ description: 'Edited by rep', version: 2 });
    expect(await getItem(stakeholderKeys.identity(person.subject))).toMatchObject({ representativeOf: [] });
    expect(await getItem(stakeholderKeys.representative(organisation.stakeholder.id, person.stakeholder.id))).toBeUndefined();
  });

  it('refuses to appoint the same representative twice with CONFLICT', async () => {
    const organisation = await createOrganisation();
    const representative = await createRepresentative([organisation.stakeholder.id]);

    const result = await gql(APPOINT_REP, { input: { personId: representative.globalId, organisationId: organisation.globalId } }, await secretariatToken());

    expect(errorCode(result)).toBe('CONFLICT');
    expect(await getItem(stakeholderKeys.item(representative.stakeholder.id))).toMatchObject({ version: 1 });
  });

  it('answers NOT_FOUND when revoking someone who does not represent the organisation', async () => {
    const organisation = await createOrganisation();
    const person = await createPerson();
    const result = await gql(REVOKE_REP, { input: { personId: person.globalId, organisationId: organisation.globalId } }, await secretariatToken());
    expect(errorCode(result)).toBe('NOT_FOUND');
  });

  it('refuses to appoint a person who never signed up, and a person as an organisation', async () => {
    const organisation = await createOrganisation();
    const unsigned = await createPerson({ stakeholder: { subject: undefined } });
    const person = await createPerson();
    const secretariat = await secretariatToken();

    const noAccount = await gql(APPOINT_REP, { input: { personId: unsigned.globalId, organisationId: organisation.globalId } }, secretariat);
    const notOrganisation = await gql(APPOINT_REP, { input: { personId: person.globalId, organisationId: unsigned.globalId } }, secretariat);

    expect(noAccount.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.personId', reason: 'NOT_SIGNED_UP' });
    expect(notOrganisation.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organisationId' });
    expect(await getItem(stakeholderKeys.representative(organisation.stakeholder.id, unsigned.stakeholder.id))).toBeUndefined();
    expect(await getItem(stakeholderKeys.item(person.stakeholder.id))).toMatchObject({ version: 1 });
  });

  it.each([
    ['a representative of another organisation', async () => (await createRepresentative([(await createOrganisation()).stakeholder.id])).token, 'FORBIDDEN'],
    ['a MAG member', async () => (await createMagMember()).token, 'FORBIDDEN'],
    ['the public', async () => undefined, 'UNAUTHENTICATED'],
  ])('refuses %s appointing or revoking and writes nothing', async (_, caller, code) => {
    const organisation = await createOrganisation();
    const person = await createPerson();
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const callerToken = await caller();

    const appoint = await gql(APPOINT_REP, { input: { personId: person.globalId, organisationId: organisation.globalId } }, callerToken);
    const revoke = await gql(REVOKE_REP, { input: { personId: representative.globalId, organisationId: organisation.globalId } }, callerToken);

    expect(errorCode(appoint)).toBe(code);
    expect(errorCode(revoke)).toBe(code);
    expect(await getItem(stakeholderKeys.representative(organisation.stakeholder.id, person.stakeholder.id))).toBeUndefined();
    expect(await getItem(stakeholderKeys.representative(organisation.stakeholder.id, representative.stakeholder.id))).toBeDefined();
    expect(await getItem(stakeholderKeys.identity(representative.subject))).toMatchObject({ representativeOf: [organisation.stakeholder.id] });
  });
});

describe('me', () => {
  it('answers the registered caller with their record and roles', async () => {
    const person = await createPerson();
    const result = await gql(ME, {}, person.token);
    expect(result.data?.me).toEqual({
      roles: ['STAKEHOLDER'],
      stakeholder: { id: person.globalId, name: person.stakeholder.name, contactEmail: person.stakeholder.contactEmail, magTerm: null, representativeOf: [] },
    });
  });

  it('includes SECRETARIAT for a registered member of the secretariat group', async () => {
    const person = await createPerson();
    const result = await gql(ME, {}, await token({ subject: person.subject, groups: ['secretariat'] }));
    expect(result.data?.me.roles).toEqual(['STAKEHOLDER', 'SECRETARIAT']);
  });

  it('answers null for a signed-in user who has not registered', async () => {
    const result = await gql(ME, {}, (await newUserToken()).token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toBeNull();
  });

  it('refuses the public caller with UNAUTHENTICATED', async () => {
    const result = await gql(ME);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
  });
});

describe("the MAG's composition", () => {
  it('counts current members by group × region in one DynamoDB request, and lists them with one more', async () => {
    // Prepare: a new member in a cell, read before and after
    const read = () => gql(COMPOSITION, {});
    const cell = (result: Awaited<ReturnType<typeof read>>) =>
      result.data?.magComposition.cells.find((c: { group: string; region: string }) => c.group === 'ACADEMIA' && c.region === 'EASTERN_EUROPEAN');
    const before = await read();
    const person = await createPerson({ stakeholder: { group: 'ACADEMIA', region: 'EASTERN_EUROPEAN', name: `MAG ${unique()}` } });
    await gql(APPOINT_MAG, { input: { stakeholderId: person.globalId, startYear: YEAR - 1, endYear: YEAR } }, await secretariatToken());

    // Act
    const requests: string[] = [];
    const stop = onDynamoRequest((command) => requests.push(command));
    const after = await read();
    stop();
    const withMembers = await gql(COMPOSITION_WITH_MEMBERS, {});
    const nextYear = await gql(COMPOSITION_WITH_MEMBERS, { year: YEAR + 1 });

    // Assess
    const composition = after.data?.magComposition;
    expect(requests).toEqual(['QueryCommand']);
    expect(composition.year).toBe(YEAR);
    expect(composition.cells).toHaveLength(30);
    expect(cell(after).count).toBeGreaterThanOrEqual(cell(before).count + 1);
    const sum = (rows: { count: number }[]) => rows.reduce((total, row) => total + row.count, 0);
    expect(sum(composition.cells)).toBe(composition.total);
    expect(sum(composition.groups)).toBe(composition.total);
    expect(sum(composition.regions)).toBe(composition.total);
    const academiaEast = withMembers.data?.magComposition.cells.find(
      (c: { group: string; region: string }) => c.group === 'ACADEMIA' && c.region === 'EASTERN_EUROPEAN',
    );
    expect(academiaEast.members.map((m: { id: string }) => m.id)).toContain(person.globalId);
    expect(academiaEast.count).toBe(academiaEast.members.length);
    expect(withMembers.data?.magComposition.members.map((m: { id: string }) => m.id)).toContain(person.globalId);
    expect(nextYear.data?.magComposition.members.map((m: { id: string }) => m.id)).not.toContain(person.globalId);
  });

  it('refuses a year out of range', async () => {
    const result = await gql(COMPOSITION, { year: 1800 });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });
});
