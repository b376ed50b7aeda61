/** Demo stakeholders: organisations and people across every group and region. */
import { createStakeholder } from '../../modules/stakeholders/stakeholder.repository';
import { REGIONS, STAKEHOLDER_GROUPS, type Region, type Stakeholder, type StakeholderGroup } from '../../modules/stakeholders/stakeholder.model';
import { seededRandom } from './random';

/** The token subject of a demo person, as `npm run token -- --stakeholder <id>` mints it. */
export const demoSubject = (stakeholderId: string) => `local|${stakeholderId}`;

const COUNTRIES: Record<Region, readonly string[]> = {
  AFRICAN: ['KE', 'NG', 'ZA', 'SN', 'EG', 'GH', 'RW'],
  ASIA_PACIFIC: ['IN', 'JP', 'ID', 'PK', 'BD', 'PH', 'FJ'],
  EASTERN_EUROPEAN: ['PL', 'UA', 'RO', 'CZ', 'EE', 'GE', 'RS'],
  LATIN_AMERICAN_AND_CARIBBEAN: ['BR', 'MX', 'AR', 'CL', 'CO', 'UY', 'JM'],
  WESTERN_EUROPEAN_AND_OTHERS: ['DE', 'FR', 'GB', 'CA', 'US', 'SE', 'CH'],
};

const ORGANISATION_NAMES: Record<StakeholderGroup, readonly string[]> = {
  GOVERNMENT: ['Ministry of Digital Affairs', 'National Communications Authority', 'Office of the Data Commissioner'],
  PRIVATE_SECTOR: ['Meridian Networks', 'Baobab Cloud Services', 'Aurora Telecom'],
  CIVIL_SOCIETY: ['Open Net Alliance', 'Digital Rights Collective', 'Community Networks Forum'],
  TECHNICAL_COMMUNITY: ['Regional Internet Registry Forum', 'Open Standards Workshop', 'Network Operators Group'],
  ACADEMIA: ['Institute for Internet Policy', 'Centre for Digital Society', 'School of Information Studies'],
  INTERGOVERNMENTAL_ORGANISATION: ['Regional Telecommunications Union', 'Intergovernmental Digital Cooperation Office', 'Development Bank Digital Unit'],
};

const GIVEN = ['Amina', 'Kwame', 'Li', 'Priya', 'Mateo', 'Sofia', 'Olek', 'Hana', 'Diego', 'Fatima', 'Jonas', 'Yuki', 'Chidi', 'Elena', 'Rahul', 'Lucia', 'Tariq', 'Ingrid', 'Kofi', 'Mei'];
const FAMILY = ['Okafor', 'Mensah', 'Wei', 'Sharma', 'Silva', 'Rossi', 'Nowak', 'Tanaka', 'García', 'Haddad', 'Berg', 'Sato', 'Eze', 'Popescu', 'Iyer', 'Fernández', 'Aziz', 'Larsen', 'Boateng', 'Chen'];

export interface DemoStakeholders {
  readonly organisations: readonly Stakeholder[];
  readonly people: readonly Stakeholder[];
}

/** Builds the demo stakeholders (deterministic ids such as `demo-org-01`, `demo-person-01`). */
export function demoStakeholders(now: Date): DemoStakeholders {
  const random = seededRandom(2005);
  const at = new Date(now.getTime() - 400 * 86_400_000).toISOString();
  const organisations: Stakeholder[] = [];
  let n = 0;
  for (const group of STAKEHOLDER_GROUPS) {
    for (const [i, name] of (ORGANISATION_NAMES[group] ?? []).entries()) {
      n++;
      const region = REGIONS[(n + i) % REGIONS.length] as Region;
      const id = `demo-org-${String(n).padStart(2, '0')}`;
      organisations.push({
        id,
        kind: 'ORGANISATION',
        name,
        group,
        region,
        country: random.pick(COUNTRIES[region]),
        website: `https://example.org/${id}`,
        description: `${name}: a fictional ${group.toLowerCase().replaceAll('_', ' ')} organisation in Agora's demo data.`,
        languages: ['en'],
        contactEmail: `contact@${id}.example.org`,
        verification: 'VERIFIED',
        relevantOrganisation: n % 9 !== 0,
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
    }
  }
  const people: Stakeholder[] = [];
  for (let p = 1; p <= 45; p++) {
    const group = STAKEHOLDER_GROUPS[p % STAKEHOLDER_GROUPS.length] as StakeholderGroup;
    const region = REGIONS[Math.floor(p / STAKEHOLDER_GROUPS.length) % REGIONS.length] as Region;
    const id = `demo-person-${String(p).padStart(2, '0')}`;
    const affiliation = organisations.find((o) => o.group === group && o.region === region) ?? random.pick(organisations.filter((o) => o.group === group));
    people.push({
      id,
      kind: 'PERSON',
      name: `${GIVEN[(p - 1) % GIVEN.length]} ${FAMILY[(p * 7) % FAMILY.length]}`,
      group,
      region,
      country: random.pick(COUNTRIES[region]),
      affiliationId: p % 3 === 0 ? undefined : affiliation?.id,
      languages: p % 4 === 0 ? ['en', 'fr'] : ['en'],
      contactEmail: `${id}@example.net`,
      verification: p % 10 === 0 ? 'UNVERIFIED' : 'VERIFIED',
      relevantOrganisation: false,
      subject: demoSubject(id),
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
  }
  return { organisations, people };
}

export async function seedStakeholders(now: Date): Promise<DemoStakeholders> {
  const demo = demoStakeholders(now);
  for (const stakeholder of [...demo.organisations, ...demo.people]) await createStakeholder(stakeholder);
  return demo;
}
