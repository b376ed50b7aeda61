/** The live diversity of a panel and the rules it breaks: pure rules, no DynamoDB. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIVERSITY_RULES, diversityOf, proposalCallStatus, wordCount, type Speaker } from '../../functions/modules/sessions/sessions.model';

const person = (id: string, overrides: Partial<Speaker> = {}): Speaker => ({
  stakeholderId: id,
  role: 'SPEAKER',
  attendance: 'ONSITE',
  status: 'CONFIRMED',
  group: 'CIVIL_SOCIETY',
  region: 'AFRICAN',
  gender: 'WOMAN',
  ...overrides,
});

describe('the diversity of a panel', () => {
  it('counts confirmed speakers only, each person once whatever their roles', () => {
    // Prepare
    const speakers = [
      person('a', { role: 'MODERATOR' }),
      person('a', { role: 'RAPPORTEUR', attendance: 'ONLINE' }),
      person('b', { status: 'INVITED', group: 'GOVERNMENT' }),
      person('c', { status: 'DECLINED', region: 'ASIA_PACIFIC' }),
    ];

    // Act
    const d = diversityOf(speakers, DEFAULT_DIVERSITY_RULES, true);

    // Assess
    expect(d).toMatchObject({ confirmedSpeakers: 1, invitedSpeakers: 1, groups: 1, regions: 1, onsite: 1, byGroup: { CIVIL_SOCIETY: 1 } });
    expect(d.violations).toEqual([
      { rule: 'MIN_CONFIRMED_SPEAKERS', needed: 3, have: 1 },
      { rule: 'MIN_STAKEHOLDER_GROUPS', needed: 2, have: 1 },
      { rule: 'MIN_REGIONS', needed: 2, have: 1 },
      { rule: 'MIN_ONSITE_SPEAKERS', needed: 2, have: 0 },
    ]);
  });

  it('breaks the gender rule when every confirmed speaker declares the same gender, not when one is undisclosed', () => {
    // Prepare
    const same = [person('a', { group: 'GOVERNMENT' }), person('b', { region: 'ASIA_PACIFIC' }), person('c', { role: 'MODERATOR' })];
    const oneUndisclosed = [...same.slice(0, 2), person('c', { role: 'MODERATOR', gender: undefined })];

    // Act
    const all = diversityOf(same, DEFAULT_DIVERSITY_RULES, true).violations;
    const undisclosed = diversityOf(oneUndisclosed, DEFAULT_DIVERSITY_RULES, true).violations;

    // Assess
    expect(all).toEqual([{ rule: 'GENDER_DIVERSITY', needed: 2, have: 1 }]);
    expect(undisclosed).toEqual([]);
  });

  it('applies the onsite rules only to hybrid programmes, and not at all when turned off', () => {
    // Prepare
    const online = [
      person('a', { role: 'MODERATOR', attendance: 'ONLINE', gender: 'MAN' }),
      person('b', { attendance: 'ONLINE', group: 'GOVERNMENT' }),
      person('c', { attendance: 'ONLINE', region: 'ASIA_PACIFIC' }),
    ];

    // Act
    const hybrid = diversityOf(online, DEFAULT_DIVERSITY_RULES, true).violations.map((v) => v.rule);
    const onsiteOnly = diversityOf(online, DEFAULT_DIVERSITY_RULES, false).violations;
    const off = diversityOf(online, { ...DEFAULT_DIVERSITY_RULES, minOnsiteSpeakers: 0 }, true).violations;

    // Assess
    expect(hybrid).toEqual(['ONSITE_MODERATOR', 'MIN_ONSITE_SPEAKERS']);
    expect(onsiteOnly).toEqual([]);
    expect(off).toEqual([]);
  });

  it('is defined for an empty panel', () => {
    expect(diversityOf([], { ...DEFAULT_DIVERSITY_RULES, minConfirmedSpeakers: 0, minGroups: 0, minRegions: 0, minOnsiteSpeakers: 0 }, true)).toMatchObject({
      confirmedSpeakers: 0,
      groups: 0,
      violations: [],
    });
  });
});

describe('the call and the description', () => {
  it('opens and closes by the clock', () => {
    const call = { opensAt: '2030-01-01T00:00:00.000Z', closesAt: '2030-02-01T00:00:00.000Z' };
    expect(proposalCallStatus(call, new Date('2029-12-31T23:59:59.999Z'))).toBe('SCHEDULED');
    expect(proposalCallStatus(call, new Date('2030-01-01T00:00:00.000Z'))).toBe('OPEN');
    expect(proposalCallStatus(call, new Date('2030-02-01T00:00:00.000Z'))).toBe('CLOSED');
  });

  it('counts words across any whitespace', () => {
    expect(wordCount('  one\ttwo\nthree  ')).toBe(3);
    expect(wordCount('')).toBe(0);
  });
});
