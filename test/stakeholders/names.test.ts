/**
 * Names in the directory read as what they are: control and bidirectional
 * characters are refused, invisible ones removed, compatibility forms folded
 * (NFKC), and a name that reads as a verified stakeholder's is refused.
 */
import { describe, expect, it } from 'vitest';
import { normaliseName, nameProblem } from '../../functions/core/names';
import { errorCode, gql, newUserToken, secretariatToken, unique } from '../helpers/api';
import { getItem } from '../helpers/db';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { createOrganisation, createPerson } from '../helpers/people';

const REGISTER = 'mutation ($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id name } } }';
const PROPOSE = 'mutation ($input: ProposeOrganisationInput!) { proposeOrganisation(input: $input) { organisation { id name } } }';
const UPDATE = 'mutation ($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { stakeholder { name version } } }';

function input(name: string) {
  const tag = unique();
  return { name, group: 'GOVERNMENT', region: 'AFRICAN', country: 'KE', contactEmail: `${tag}@example.net` };
}

describe('stakeholder names', () => {
  it('normalises: NFKC, no zero-width characters, single spaces, trimmed', () => {
    expect(normaliseName('  Ministry\u200b of\u00a0\u00a0Digital\u2060 Affairs\ufeff ')).toBe('Ministry of Digital Affairs');
    expect(normaliseName('Ｍｉｎｉｓｔｒｙ')).toBe('Ministry');
    expect(normaliseName('ﬁnance\u00ad office')).toBe('finance office');
    expect(nameProblem('Ministry\u202e')).toBe('bidi');
    expect(nameProblem('Ministry\u2066x\u2069')).toBe('bidi');
    expect(nameProblem('Ministry\u0000')).toBe('control');
    expect(nameProblem('Ministry\u0007')).toBe('control');
    expect(nameProblem('Ministère du Numérique')).toBeUndefined();
  });

  it('refuses names with control or bidirectional override characters, naming the field, and writes nothing', async () => {
    for (const name of [`Ada ${unique()}\u202e`, `Ada ${unique()}\u0000`, `Ada ${unique()}\u0007`, `Ada\n${unique()}`]) {
      const user = await newUserToken();
      const result = await gql(REGISTER, { input: input(name) }, user.token);
      expect({ name, code: errorCode(result), field: result.errors?.[0]?.extensions?.field }).toEqual({ name, code: 'BAD_USER_INPUT', field: 'input.name' });
      expect(await gql('{ me { roles } }', {}, user.token)).toEqual({ data: { me: null } });
    }
  });

  it('stores the normalised name', async () => {
    const user = await newUserToken();
    const tag = unique();

    const result = await gql(REGISTER, { input: input(`\u200b Ada\u200d  ${tag}\u00a0`) }, user.token);

    expect(result.errors).toBeUndefined();
    expect(result.data?.registerStakeholder.stakeholder.name).toBe(`Ada ${tag}`);
  });

  it('refuses a name that reads as a verified stakeholder’s once normalised (zero-width, case, accents, full-width), and writes nothing', async () => {
    // Prepare: a verified ministry
    const real = `Ministry of Digital Affairs ${unique()}`;
    const ministry = await createOrganisation({ name: real, verification: 'VERIFIED' });
    const lookalikes = [
      `${real}\u200b`,
      real.toUpperCase(),
      real.replace('Affairs', 'Affaírs'),
      real.replace('Ministry', 'Ｍｉｎｉｓｔｒｙ'),
      ` ${real.replaceAll(' ', '  ')} `,
    ];
    const user = await newUserToken();
    const person = await createPerson();

    // Act
    const registered = await Promise.all(lookalikes.map(async (name) => gql(REGISTER, { input: input(name) }, (await newUserToken()).token)));
    const proposed = await Promise.all(lookalikes.map((name) => gql(PROPOSE, { input: input(name) }, person.token)));
    const renamed = await gql(UPDATE, { input: { id: person.globalId, version: 1, name: `${real}\u200b` } }, person.token);
    const own = await gql(
      UPDATE,
      { input: { id: ministry.globalId, version: 1, name: real, description: 'Same name, new description' } },
      await secretariatToken(),
    );

    // Assess
    for (const result of [...registered, ...proposed, renamed]) {
      expect(errorCode(result)).toBe('CONFLICT');
      expect(result.errors?.[0]?.extensions?.field).toBe('input.name');
    }
    expect(own.errors).toBeUndefined();
    expect(await gql('{ me { roles } }', {}, user.token)).toEqual({ data: { me: null } });
    expect((await getItem(stakeholderKeys.item(person.stakeholder.id)))?.name).toBe(person.stakeholder.name);
  });

  it('lets an unverified namesake register (only verified names are protected)', async () => {
    const name = `Open Net ${unique()}`;
    await createOrganisation({ name, verification: 'UNVERIFIED' });

    const result = await gql(REGISTER, { input: input(name) }, (await newUserToken()).token);

    expect(result.errors).toBeUndefined();
  });
});
