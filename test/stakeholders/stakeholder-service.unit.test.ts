/**
 * The stakeholders service's rules with an in-memory store (no DynamoDB): the secretariat alone verifies
 * stakeholders and appoints MAG members (for at most three years), versions are checked (a stale one is a
 * CONFLICT naming the current version), and a person's contact email shows only to those who may read it.
 * Each refusal writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_CALLER, SECRETARIAT_GROUP, userCaller, type Caller } from '../../functions/core/auth/caller';
import { ErrorCode } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import type { Stakeholder } from '../../functions/modules/stakeholders';
import { StakeholderService } from '../../functions/modules/stakeholders/stakeholder.service';
import { fakeStakeholderStore } from '../helpers/fake-stores';

const NOW = new Date('2030-03-01T00:00:00.000Z');

const person: Stakeholder = {
  id: 'p1',
  kind: 'PERSON',
  name: 'Amina Person',
  group: 'ACADEMIA',
  region: 'ASIA_PACIFIC',
  country: 'PK',
  languages: ['en'],
  contactEmail: 'amina@example.org',
  verification: 'UNVERIFIED',
  relevantOrganisation: false,
  representativeOf: [],
  subject: 'sub|p1',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 4,
};

const secretariat = userCaller('sub|secretariat', [SECRETARIAT_GROUP], () => Promise.resolve(undefined));
const self = userCaller('sub|p1', [], () => Promise.resolve({ stakeholderId: 'p1', representativeOf: [] }));
const other = userCaller('sub|p2', [], () => Promise.resolve({ stakeholderId: 'p2', representativeOf: [] }));

function stakeholders(caller: Caller) {
  const fake = fakeStakeholderStore([person]);
  return { service: new StakeholderService(caller, () => NOW, { stakeholders: fake.store }), ...fake };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: string } & Error) => error,
  );

const id = toGlobalId('Stakeholder', 'p1');

describe('StakeholderService (in-memory store)', () => {
  it('lets the secretariat verify a stakeholder at its version, and refuses a stale version with the current one', async () => {
    // Prepare
    const { service, writes, items } = stakeholders(secretariat);

    // Act
    const verified = await service.setVerification({ id, version: 4, status: 'VERIFIED' });
    const stale = await refusal(service.setVerification({ id, version: 4, status: 'REJECTED' }));

    // Assess
    expect(verified).toMatchObject({ verification: 'VERIFIED', version: 5 });
    expect(stale).toMatchObject({ code: ErrorCode.CONFLICT, currentVersion: 5 });
    expect(items.get('p1')?.verification).toBe('VERIFIED');
    expect(writes).toEqual(['replace p1 v5']);
  });

  it('refuses verification to anyone but the secretariat', async () => {
    for (const caller of [PUBLIC_CALLER, self]) {
      // Prepare
      const { service, writes } = stakeholders(caller);

      // Act
      const error = await refusal(service.setVerification({ id, version: 4, status: 'VERIFIED' }));

      // Assess
      expect(error?.code).toBe(caller === PUBLIC_CALLER ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN);
      expect(writes).toEqual([]);
    }
  });

  it('appoints a MAG member for at most three years', async () => {
    // Prepare
    const { service, writes } = stakeholders(secretariat);

    // Act
    const tooLong = await refusal(service.appointMagMember({ stakeholderId: id, startYear: 2030, endYear: 2033 }));
    const appointed = await service.appointMagMember({ stakeholderId: id, startYear: 2030, endYear: 2032 });

    // Assess
    expect(tooLong?.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(appointed.magTerm).toEqual({ startYear: 2030, endYear: 2032 });
    expect(writes).toEqual(['replace p1 v5']);
  });

  it("shows a person's contact email to themselves and the secretariat, not to other stakeholders", async () => {
    // Act
    const [own, bySecretariat, byOther] = await Promise.all([self, secretariat, other].map((caller) => stakeholders(caller).service.contactEmail(person)));

    // Assess
    expect(own).toBe('amina@example.org');
    expect(bySecretariat).toBe('amina@example.org');
    expect(byOther).toBeNull();
  });
});
