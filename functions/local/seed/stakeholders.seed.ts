/**
 * Demo stakeholders: organisations and people across every group and region,
 * ~20 relevant organisations, a MAG of 40 current members balanced across
 * groups and regions (plus two whose term has ended), and a representative
 * `rep-<orgId>` for every organisation. Other domains' demo data relies on
 * these ids; `personas.ts` names the people `npm run token` signs in as.
 */
import { createStakeholder } from '../../modules/stakeholders/stakeholder.store';
import { REGIONS, STAKEHOLDER_GROUPS, type Region, type Stakeholder, type StakeholderGroup } from '../../modules/stakeholders/stakeholder.model';
import { DEMO_PERSONAS } from './personas';
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

/** One more organisation per group (ids demo-org-19..24, after the first 18 so their ids stay stable). */
const MORE_ORGANISATION_NAMES: Record<StakeholderGroup, string> = {
  GOVERNMENT: 'Department of Telecommunications Policy',
  PRIVATE_SECTOR: 'Cedar Data Exchange',
  CIVIL_SOCIETY: 'Youth Internet Coalition',
  TECHNICAL_COMMUNITY: 'Internet Exchange Point Association',
  ACADEMIA: 'Observatory of Online Governance',
  INTERGOVERNMENTAL_ORGANISATION: 'Interregional Spectrum Committee',
};

/** The size of the demo MAG (current members) and the most members of one region / one group in it. */
export const DEMO_MAG_SIZE = 40;
const MAG_PER_REGION = DEMO_MAG_SIZE / REGIONS.length;
const MAG_PER_GROUP = Math.ceil(DEMO_MAG_SIZE / STAKEHOLDER_GROUPS.length);
/** Demo people whose MAG term ended last year (shown with `current: false`). */
const PAST_MAG_MEMBERS = ['demo-person-04', 'demo-person-05'];

/** Demo people's given and family names (the bench's data set draws from them too). */
export const GIVEN = [
  'Amina',
  'Kwame',
  'Li',
  'Priya',
  'Mateo',
  'Sofia',
  'Olek',
  'Hana',
  'Diego',
  'Fatima',
  'Jonas',
  'Yuki',
  'Chidi',
  'Elena',
  'Rahul',
  'Lucia',
  'Tariq',
  'Ingrid',
  'Kofi',
  'Mei',
];
export const FAMILY = [
  'Okafor',
  'Mensah',
  'Wei',
  'Sharma',
  'Silva',
  'Rossi',
  'Nowak',
  'Tanaka',
  'García',
  'Haddad',
  'Berg',
  'Sato',
  'Eze',
  'Popescu',
  'Iyer',
  'Fernández',
  'Aziz',
  'Larsen',
  'Boateng',
  'Chen',
];

/** One demo organisation: the fields every demo organisation shares, and those that vary. */
function demoOrganisation(o: {
  id: string;
  name: string;
  group: StakeholderGroup;
  region: Region;
  country: string;
  at: string;
  languages: string[];
  verified: boolean;
  relevant: boolean;
}): Stakeholder {
  return {
    id: o.id,
    kind: 'ORGANISATION',
    name: o.name,
    group: o.group,
    region: o.region,
    country: o.country,
    website: `https://example.org/${o.id}`,
    description: `${o.name}: a fictional ${o.group.toLowerCase().replaceAll('_', ' ')} organisation in Agora's demo data.`,
    languages: o.languages,
    contactEmail: `contact@${o.id}.example.org`,
    // Demo addresses are confirmed, so the demo's mail (local SES emulator) reaches them.
    confirmedEmail: `contact@${o.id}.example.org`,
    verification: o.verified ? 'VERIFIED' : 'UNVERIFIED',
    relevantOrganisation: o.relevant,
    representativeOf: [],
    createdAt: o.at,
    updatedAt: o.at,
    version: 1,
  };
}

export interface DemoStakeholders {
  readonly organisations: readonly Stakeholder[];
  /** Every person, with their appointments (magTerm, representativeOf). */
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
      organisations.push(
        demoOrganisation({ id, name, group, region, country: random.pick(COUNTRIES[region]), at, languages: ['en'], verified: true, relevant: n % 9 !== 0 }),
      );
    }
  }
  for (const [i, group] of STAKEHOLDER_GROUPS.entries()) {
    n++;
    const region = REGIONS[(n + 3) % REGIONS.length] as Region;
    const id = `demo-org-${String(n).padStart(2, '0')}`;
    const name = MORE_ORGANISATION_NAMES[group];
    organisations.push(
      demoOrganisation({
        id,
        name,
        group,
        region,
        country: random.pick(COUNTRIES[region]),
        at,
        languages: i % 2 === 0 ? ['en', 'fr'] : ['en', 'es'],
        verified: i !== 5,
        // Four of the six: with the first 18, twenty relevant organisations.
        relevant: i < 4,
      }),
    );
  }
  const people: Stakeholder[] = [];
  for (let p = 1; p <= 75; p++) {
    // 1..45 as they always were; 46..75 one in each of the 30 group × region cells.
    const group = STAKEHOLDER_GROUPS[p % STAKEHOLDER_GROUPS.length] as StakeholderGroup;
    const region = (p <= 45 ? REGIONS[Math.floor(p / STAKEHOLDER_GROUPS.length) % REGIONS.length] : REGIONS[(p - 46) % REGIONS.length]) as Region;
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
      confirmedEmail: `${id}@example.net`,
      verification: p % 10 === 0 ? 'UNVERIFIED' : 'VERIFIED',
      relevantOrganisation: false,
      representativeOf: [],
      subject: demoSubject(id),
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
  }
  const year = now.getUTCFullYear();
  const mag = magMembers(people);
  const withRoles = people.map((person, index): Stakeholder => {
    if (mag.has(person.id))
      return { ...person, magTerm: index % 3 === 0 ? { startYear: year, endYear: year + 2 } : { startYear: year - 1, endYear: year + 1 } };
    if (PAST_MAG_MEMBERS.includes(person.id)) return { ...person, magTerm: { startYear: year - 3, endYear: year - 1 } };
    if (person.id === DEMO_PERSONAS.representative) {
      const affiliation = organisations.find((o) => o.id === person.affiliationId);
      const represented = affiliation?.relevantOrganisation ? affiliation : organisations.find((o) => o.group === person.group && o.relevantOrganisation);
      return { ...person, representativeOf: represented ? [represented.id] : [] };
    }
    return person;
  });
  const representatives = organisations.map((organisation, i): Stakeholder => {
    const id = DEMO_PERSONAS.representativeOf(organisation.id);
    return {
      id,
      kind: 'PERSON',
      name: `${GIVEN[(i * 3 + 5) % GIVEN.length]} ${FAMILY[(i * 11 + 3) % FAMILY.length]}`,
      group: organisation.group,
      region: organisation.region,
      country: organisation.country,
      affiliationId: organisation.id,
      description: `Representative of ${organisation.name}.`,
      languages: organisation.languages,
      contactEmail: `${id}@example.net`,
      confirmedEmail: `${id}@example.net`,
      verification: 'VERIFIED',
      relevantOrganisation: false,
      representativeOf: [organisation.id],
      subject: demoSubject(id),
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  });
  return { organisations, people: [...withRoles, ...representatives] };
}

/**
 * Picks the 40 current MAG members: demo-person-02 (the `mag` persona), the
 * 30 people of 46..75 (one per group × region cell), and then people in
 * order while their region and group have room — 8 per region, at most 7
 * per group. The personas with other roles are left out.
 */
function magMembers(people: readonly Stakeholder[]): Set<string> {
  const chosen = new Set<string>([DEMO_PERSONAS.mag]);
  const excluded = new Set<string>([DEMO_PERSONAS.stakeholder, DEMO_PERSONAS.representative, ...PAST_MAG_MEMBERS]);
  const cellPeople = people.filter((p) => Number(p.id.slice(-2)) >= 46);
  for (const p of cellPeople) chosen.add(p.id);
  const count = (key: 'group' | 'region', value: string) => people.filter((p) => chosen.has(p.id) && p[key] === value).length;
  // First fill every group to 6, then let four of them have a seventh.
  for (const groupCap of [MAG_PER_GROUP - 1, MAG_PER_GROUP]) {
    for (const p of people) {
      if (chosen.size >= DEMO_MAG_SIZE) break;
      if (chosen.has(p.id) || excluded.has(p.id)) continue;
      if (count('region', p.region) < MAG_PER_REGION && count('group', p.group) < groupCap) chosen.add(p.id);
    }
  }
  return chosen;
}

export async function seedStakeholders(now: Date): Promise<DemoStakeholders> {
  const demo = demoStakeholders(now);
  // Organisations first: people refer to them (affiliation, representation).
  for (const stakeholder of [...demo.organisations, ...demo.people]) {
    const outcome = await createStakeholder(stakeholder);
    if (outcome !== 'created') throw new Error(`Demo stakeholder ${stakeholder.id} not stored: ${outcome}`);
  }
  return demo;
}
