import { describe, expect, it } from 'vitest';
import { demoStakeholders, demoSubject, DEMO_MAG_SIZE } from '../../functions/local/seed/stakeholders.seed';
import { DEMO_PERSONAS } from '../../functions/local/seed/personas';
import { REGIONS, STAKEHOLDER_GROUPS, termCovers } from '../../functions/modules/stakeholders/stakeholder.model';

const NOW = new Date('2026-06-01T00:00:00Z');
const demo = demoStakeholders(NOW);
const everyone = [...demo.organisations, ...demo.people];
const person = (id: string) => demo.people.find((p) => p.id === id);

describe('the demo stakeholders', () => {
  it('has at least 60 stakeholders in every group and every region, with unique ids and emails', () => {
    expect(everyone.length).toBeGreaterThanOrEqual(60);
    for (const group of STAKEHOLDER_GROUPS) expect(everyone.some((s) => s.group === group)).toBe(true);
    for (const region of REGIONS) expect(everyone.some((s) => s.region === region)).toBe(true);
    expect(new Set(everyone.map((s) => s.id)).size).toBe(everyone.length);
    expect(new Set(everyone.map((s) => s.contactEmail)).size).toBe(everyone.length);
  });

  it('has about twenty relevant organisations', () => {
    expect(demo.organisations.filter((o) => o.relevantOrganisation)).toHaveLength(20);
  });

  it('has a MAG of 40 current members balanced across groups and regions', () => {
    const mag = demo.people.filter((p) => termCovers(p.magTerm, NOW.getUTCFullYear()));
    const perGroup = STAKEHOLDER_GROUPS.map((g) => mag.filter((m) => m.group === g).length);
    const perRegion = REGIONS.map((r) => mag.filter((m) => m.region === r).length);
    expect(mag).toHaveLength(DEMO_MAG_SIZE);
    expect(Math.max(...perGroup) - Math.min(...perGroup)).toBeLessThanOrEqual(1);
    expect(perRegion).toEqual([8, 8, 8, 8, 8]);
    expect(new Set(mag.map((m) => `${m.group}/${m.region}`)).size).toBe(30);
  });

  it('gives each persona of `npm run token` the role it stands for', () => {
    const year = NOW.getUTCFullYear();
    const stakeholder = person(DEMO_PERSONAS.stakeholder);
    const mag = person(DEMO_PERSONAS.mag);
    const representative = person(DEMO_PERSONAS.representative);
    expect(stakeholder?.magTerm).toBeUndefined();
    expect(stakeholder?.representativeOf).toEqual([]);
    expect(termCovers(mag?.magTerm, year)).toBe(true);
    expect(representative?.representativeOf).toHaveLength(1);
    expect(demo.organisations.find((o) => o.id === representative?.representativeOf[0])?.relevantOrganisation).toBe(true);
    for (const p of [stakeholder, mag, representative]) expect(p?.subject).toBe(demoSubject(p?.id ?? ''));
  });

  it('has a signed-up representative rep-<orgId> for every organisation, relevant ones included', () => {
    for (const organisation of demo.organisations) {
      const rep = person(DEMO_PERSONAS.representativeOf(organisation.id));
      expect(rep).toMatchObject({ kind: 'PERSON', representativeOf: [organisation.id], subject: `local|rep-${organisation.id}` });
    }
  });
});
