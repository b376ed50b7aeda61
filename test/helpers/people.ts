/**
 * Test people and organisations with roles, written straight through the
 * stakeholder store (fresh ids per test), each with a signed token.
 */
import { randomUUID } from 'node:crypto';
import type { StoredRoles } from '../../functions/core/auth/caller';
import { toGlobalId } from '../../functions/core/ids';
import { createStakeholder } from '../../functions/modules/stakeholders/stakeholder.store';
import type { Region, Stakeholder, StakeholderGroup } from '../../functions/modules/stakeholders/stakeholder.model';
import { token, unique } from './api';

export interface TestPerson {
  readonly stakeholder: Stakeholder;
  readonly globalId: string;
  readonly subject: string;
  readonly token: string;
}

function base(kind: Stakeholder['kind'], overrides: Partial<Stakeholder>): Stakeholder {
  const id = unique(kind === 'PERSON' ? 'p' : 'o');
  const at = new Date().toISOString();
  const contactEmail = overrides.contactEmail ?? `${id}@example.test`;
  return {
    id,
    kind,
    name: `${kind === 'PERSON' ? 'Person' : 'Organisation'} ${id}`,
    group: 'CIVIL_SOCIETY' as StakeholderGroup,
    region: 'AFRICAN' as Region,
    country: 'KE',
    languages: ['en'],
    contactEmail,
    // Test people have confirmed their address unless a test says otherwise (`confirmedEmail: undefined`).
    confirmedEmail: contactEmail,
    verification: 'VERIFIED',
    relevantOrganisation: false,
    representativeOf: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

/** A registered person with optional stored roles (MAG term, organisations represented). */
export async function createPerson(
  options: { roles?: Partial<Omit<StoredRoles, 'stakeholderId'>>; stakeholder?: Partial<Stakeholder> } = {},
): Promise<TestPerson> {
  const subject = `test|${randomUUID()}`;
  const stakeholder = base('PERSON', { subject, ...options.stakeholder });
  stored(stakeholder, await createStakeholder(stakeholder, { representativeOf: [], ...options.roles }));
  return { stakeholder, globalId: toGlobalId('Stakeholder', stakeholder.id), subject, token: await token({ subject }) };
}

export async function createOrganisation(overrides: Partial<Stakeholder> = {}): Promise<{ stakeholder: Stakeholder; globalId: string }> {
  const stakeholder = base('ORGANISATION', overrides);
  stored(stakeholder, await createStakeholder(stakeholder));
  return { stakeholder, globalId: toGlobalId('Stakeholder', stakeholder.id) };
}

/** A MAG member whose term covers the current year. */
export function createMagMember(overrides: Partial<Stakeholder> = {}): Promise<TestPerson> {
  const year = new Date().getUTCFullYear();
  return createPerson({ roles: { magTerm: { startYear: year - 1, endYear: year + 1 } }, stakeholder: overrides });
}

/** A representative of the given organisations. */
export function createRepresentative(organisationIds: string[], overrides: Partial<Stakeholder> = {}): Promise<TestPerson> {
  return createPerson({ roles: { representativeOf: organisationIds }, stakeholder: overrides });
}

function stored(stakeholder: Stakeholder, outcome: string): void {
  if (outcome !== 'created') throw new Error(`Test stakeholder ${stakeholder.id} not stored: ${outcome}`);
}
