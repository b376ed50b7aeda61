/**
 * 100 parallel writers through the real handler: nothing is lost, and no
 * answer tells whether an address is taken (uniqueness holds among
 * confirmed addresses: test/mail/confirmation.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, newUserToken, unique } from '../helpers/api';
import { getItem, partition } from '../helpers/db';

const REGISTER = 'mutation ($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id contactEmail } } }';
const WRITERS = 100;
const SAME_EMAIL_WRITERS = 25;

function input(email: string, i: number) {
  return { name: `Parallel ${i}`, group: 'CIVIL_SOCIETY', region: 'LATIN_AMERICAN_AND_CARIBBEAN', country: 'BR', contactEmail: email };
}

describe('100 parallel writers', () => {
  it('registers all of 25 users who give the same email at once, telling none that it is taken; none holds it unconfirmed', async () => {
    // Prepare (25, not 100: every one of them now writes a whole registration; the next test has 100 of those)
    const email = `${unique()}@example.net`;
    const users = await Promise.all(Array.from({ length: SAME_EMAIL_WRITERS }, () => newUserToken()));

    // Act
    const results = await Promise.all(users.map((user, i) => gql(REGISTER, { input: input(email, i) }, user.token)));

    // Assess
    expect(results.filter((r) => r.errors).map(errorCode)).toEqual([]);
    expect(results.map((r) => r.data?.registerStakeholder.stakeholder.contactEmail)).toEqual(Array(SAME_EMAIL_WRITERS).fill(email));
    expect(await partition(stakeholderKeys.emailGuard(email).PK)).toEqual([]);
    const identities = await Promise.all(users.map((user) => getItem(stakeholderKeys.identity(user.subject))));
    expect(identities.filter(Boolean)).toHaveLength(SAME_EMAIL_WRITERS);
  }, 60_000);

  it('registers all of 100 users with distinct emails at once', async () => {
    // Prepare
    const users = await Promise.all(Array.from({ length: WRITERS }, () => newUserToken()));
    const emails = users.map(() => `${unique()}@example.net`);

    // Act
    const results = await Promise.all(users.map((user, i) => gql(REGISTER, { input: input(emails[i] as string, i) }, user.token)));

    // Assess
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    const ids = new Set(results.map((r) => r.data?.registerStakeholder.stakeholder.id as string));
    expect(ids.size).toBe(WRITERS);
    const identities = await Promise.all(users.map((user) => getItem(stakeholderKeys.identity(user.subject))));
    expect(identities.every(Boolean)).toBe(true);
    const profiles = await Promise.all(identities.map((identity) => getItem(stakeholderKeys.item(identity?.stakeholderId as string))));
    expect(profiles.map((p) => p?.contactEmail)).toEqual(emails);
  }, 60_000);
});
