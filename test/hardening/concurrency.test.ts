/**
 * 100 parallel writers through the real handler: uniqueness holds (one email
 * guard, one winner, 99 clear conflicts) and nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, newUserToken, unique } from '../helpers/api';
import { getItem, partition } from '../helpers/db';

const REGISTER = 'mutation ($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id contactEmail } } }';
const WRITERS = 100;

function input(email: string, i: number) {
  return { name: `Parallel ${i}`, group: 'CIVIL_SOCIETY', region: 'LATIN_AMERICAN_AND_CARIBBEAN', country: 'BR', contactEmail: email };
}

describe('100 parallel writers', () => {
  it('registers exactly one of 100 users who claim the same email at once; the 99 others get CONFLICT', async () => {
    // Prepare
    const email = `${unique()}@example.net`;
    const users = await Promise.all(Array.from({ length: WRITERS }, () => newUserToken()));

    // Act
    const results = await Promise.all(users.map((user, i) => gql(REGISTER, { input: input(email, i) }, user.token)));

    // Assess
    const winners = results.filter((r) => !r.errors);
    const codes = results.filter((r) => r.errors).map(errorCode);
    expect(winners).toHaveLength(1);
    expect(codes).toEqual(Array(WRITERS - 1).fill('CONFLICT'));
    const guards = await partition(stakeholderKeys.emailGuard(email).PK);
    expect(guards).toHaveLength(1);
    const winnerId = winners[0]?.data?.registerStakeholder.stakeholder.id as string;
    expect(Buffer.from(winnerId, 'base64url').toString()).toBe(`Stakeholder:${guards[0]?.stakeholderId as string}`);
    // Only the winner got an identity; the losers may register again with another email.
    const identities = await Promise.all(users.map((user) => getItem(stakeholderKeys.identity(user.subject))));
    expect(identities.filter(Boolean)).toHaveLength(1);
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
    const guards = await Promise.all(emails.map((email) => getItem(stakeholderKeys.emailGuard(email))));
    expect(guards.every(Boolean)).toBe(true);
    const profiles = await Promise.all(guards.map((guard) => getItem(stakeholderKeys.item(guard?.stakeholderId as string))));
    expect(profiles.map((p) => p?.contactEmail)).toEqual(emails);
  }, 60_000);
});
