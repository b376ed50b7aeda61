/** The funnel's pure rules: developing countries, a snapshot's increments, the figures read back. */
import { describe, expect, it } from 'vitest';
import { DEVELOPED_COUNTRIES, isDevelopingCountry } from '../../functions/modules/sessions/developing-countries';
import { breakdown, funnelIncrements, rate, speakerBalanceView, type FunnelCounts, type FunnelSnapshot } from '../../functions/modules/sessions/funnel.model';
import { COUNTRY_CODES } from '../../functions/core/countries';

const snapshot: FunnelSnapshot = {
  themeId: '2026.T1',
  type: 'WORKSHOP',
  at: '2026-04-01T00:00:00.000Z',
  organisers: [
    { group: 'CIVIL_SOCIETY', region: 'AFRICAN', gender: 'WOMAN', firstTime: true, developing: true },
    { group: 'PRIVATE_SECTOR', region: 'WESTERN_EUROPEAN_AND_OTHERS', firstTime: false, developing: false },
  ],
  speakers: [
    { group: 'GOVERNMENT', region: 'ASIA_PACIFIC', gender: 'MAN', firstTime: false, developing: true },
    { group: 'GOVERNMENT', region: 'AFRICAN', gender: 'UNDISCLOSED', firstTime: true, developing: true },
  ],
};

describe('developing countries (UN M49 common practice)', () => {
  it('counts Europe, Northern America, Japan, Australia and New Zealand as developed, every other country as developing', () => {
    expect(['DE', 'UA', 'RU', 'US', 'CA', 'JP', 'AU', 'NZ', 'GB'].map(isDevelopingCountry)).toEqual(Array(9).fill(false));
    expect(['KE', 'BR', 'IN', 'CN', 'TR', 'IL', 'CY', 'KR', 'MX', 'FJ'].map(isDevelopingCountry)).toEqual(Array(10).fill(true));
    expect(isDevelopingCountry('de')).toBe(false);
  });

  it('lists only assigned ISO 3166-1 codes', () => {
    expect([...DEVELOPED_COUNTRIES].filter((code) => !COUNTRY_CODES.has(code))).toEqual([]);
  });
});

describe('a snapshot entering a stage', () => {
  it('adds the proposal, its type and theme, and each organiser and speaker by every dimension; organisations have no gender', () => {
    const increments = funnelIncrements(snapshot);
    expect(increments).toEqual({
      proposals: 1,
      'type.WORKSHOP': 1,
      'theme/2026.T1/proposals': 1,
      organisers: 2,
      'organisers.group.CIVIL_SOCIETY': 1,
      'organisers.group.PRIVATE_SECTOR': 1,
      'organisers.region.AFRICAN': 1,
      'organisers.region.WESTERN_EUROPEAN_AND_OTHERS': 1,
      'organisers.gender.WOMAN': 1,
      'organisers.firstTime.YES': 1,
      'organisers.firstTime.NO': 1,
      'organisers.developing.YES': 1,
      'organisers.developing.NO': 1,
      speakers: 2,
      'speakers.group.GOVERNMENT': 2,
      'speakers.region.ASIA_PACIFIC': 1,
      'speakers.region.AFRICAN': 1,
      'speakers.gender.MAN': 1,
      'speakers.gender.UNDISCLOSED': 1,
      'speakers.firstTime.NO': 1,
      'speakers.firstTime.YES': 1,
      'speakers.developing.YES': 2,
      'theme/2026.T1/speakers': 2,
      'theme/2026.T1/speakers.group.GOVERNMENT': 2,
      'theme/2026.T1/speakers.region.ASIA_PACIFIC': 1,
      'theme/2026.T1/speakers.region.AFRICAN': 1,
      'theme/2026.T1/speakers.gender.MAN': 1,
      'theme/2026.T1/speakers.gender.UNDISCLOSED': 1,
    });
    expect(funnelIncrements(snapshot, funnelIncrements(snapshot)).speakers).toBe(4);
  });

  it('reads the figures back across stages, with rates null where the base is 0', () => {
    const counts: FunnelCounts = {
      year: 2026,
      stages: { SUBMITTED: funnelIncrements(snapshot, funnelIncrements(snapshot)), ELIGIBLE: funnelIncrements(snapshot), ACCEPTED: {}, HELD: {} },
    };
    const speakers = breakdown(counts, 'speakers');
    expect(speakers.total).toEqual({ SUBMITTED: 4, ELIGIBLE: 2, ACCEPTED: 0, HELD: 0 });
    expect(speakers.byGroup.map((r) => r.group)).toHaveLength(6);
    expect(speakers.byFirstTime).toEqual([
      { firstTime: true, figures: { SUBMITTED: 2, ELIGIBLE: 1, ACCEPTED: 0, HELD: 0 } },
      { firstTime: false, figures: { SUBMITTED: 2, ELIGIBLE: 1, ACCEPTED: 0, HELD: 0 } },
    ]);
    expect([rate(1, 3), rate(0, 2), rate(0, 0)]).toEqual([0.333333333, 0, null]);
    const balance = speakerBalanceView(counts, 'SUBMITTED', 0.05);
    expect(balance.counts).toMatchObject({ proposals: 2, speakers: 4 });
    expect(balance.themes).toEqual([{ themeId: '2026.T1', threshold: 0.05, counts: balance.counts }]);
  });
});
