/** Small-cell suppression of gender in public aggregates: pure, no DynamoDB. */
import { describe, expect, it } from 'vitest';
import type { FunnelCounts } from '../../functions/modules/sessions/funnel.model';
import {
  GENDER_MIN_GROUP_SIZE,
  genderRows,
  publicPanelGenders,
  shownGenderCounts,
  suppressTable,
  themeGenderTables,
} from '../../functions/modules/sessions/gender-suppression';

const counts = (stages: Partial<Record<keyof FunnelCounts['stages'], Record<string, number>>>): FunnelCounts => ({
  year: 2030,
  stages: { SUBMITTED: {}, ELIGIBLE: {}, ACCEPTED: {}, HELD: {}, ...stages },
});

describe('gender suppression', () => {
  it('hides counts from 1 to the minimum group size less one, and shows 0 and larger counts', () => {
    expect(GENDER_MIN_GROUP_SIZE).toBe(5);
    expect(suppressTable([[0, 5, 12, 9]])).toEqual([[0, 5, 12, 9]]);
    expect(suppressTable([[4, 3, 0, 0]])).toEqual([[null, null, 0, 0]]);
  });

  it('hides a second count of a line when one hidden count could be recovered from the published total', () => {
    // 20 women, 9 men, 1 non-binary: the total 30 less 20 and 9 would give 1; the smallest other count goes too.
    expect(suppressTable([[20, 9, 1, 0]])).toEqual([[20, null, null, 0]]);
    // Nothing else to hide: the lone count stays hidden and the zeros shown.
    expect(suppressTable([[3, 0, 0]])).toEqual([[null, 0, 0]]);
  });

  it('protects a theme’s small count from subtraction across themes too', () => {
    // Three themes, women and men: the first theme's 2 men are hidden; so are its women (the line's total) and a
    // count of each column, paired up in one more line, so that no line or column has exactly one hidden count.
    const table = suppressTable([
      [30, 2],
      [25, 6],
      [10, 20],
    ]);
    expect(table).toEqual([
      [null, null],
      [25, 6],
      [null, null],
    ]);
    for (const line of table) expect(line.filter((c) => c === null).length).not.toBe(1);
    for (const c of [0, 1]) expect(table.map((line) => line[c]).filter((v) => v === null).length).not.toBe(1);
  });

  it('publishes a role’s funnel by gender with nulls, a flag and no rate between a suppressed count', () => {
    const rows = genderRows(
      counts({ SUBMITTED: { 'speakers.gender.WOMAN': 12, 'speakers.gender.MAN': 10 }, ELIGIBLE: { 'speakers.gender.WOMAN': 6, 'speakers.gender.MAN': 3 } }),
      'speakers',
    );
    expect(rows.find((r) => r.gender === 'MAN')?.figures).toEqual({ SUBMITTED: 10, ELIGIBLE: null, ACCEPTED: 0, HELD: 0, suppressed: true });
    // The women's 6 eligible would give the men's 3 from the published total 9: hidden as well.
    expect(rows.find((r) => r.gender === 'WOMAN')?.figures).toEqual({ SUBMITTED: 12, ELIGIBLE: null, ACCEPTED: 0, HELD: 0, suppressed: true });
    expect(rows.find((r) => r.gender === 'NON_BINARY')?.figures).toEqual({ SUBMITTED: 0, ELIGIBLE: 0, ACCEPTED: 0, HELD: 0, suppressed: false });
  });

  it('suppresses the themes’ speakers by gender as one table, and a stage’s speaker balance by gender', () => {
    const tables = themeGenderTables(
      counts({
        ACCEPTED: {
          'theme/T1/speakers.gender.WOMAN': 8,
          'theme/T1/speakers.gender.MAN': 7,
          'theme/T2/speakers.gender.WOMAN': 9,
          'theme/T2/speakers.gender.MAN': 1,
        },
      }),
      ['T1', 'T2'],
    );
    const accepted = (theme: string, gender: string) => tables.get(theme)?.find((r) => r.gender === gender)?.figures.ACCEPTED;
    expect([accepted('T2', 'MAN'), accepted('T2', 'WOMAN'), accepted('T1', 'MAN'), accepted('T1', 'WOMAN')]).toEqual([null, null, null, null]);
    expect(shownGenderCounts({ WOMAN: 7, MAN: 6, NON_BINARY: 0, SELF_DESCRIBED: 0, UNDISCLOSED: 2 })).toEqual([
      { gender: 'WOMAN', count: 7, suppressed: false },
      { gender: 'MAN', count: null, suppressed: true },
      { gender: 'NON_BINARY', count: 0, suppressed: false },
      { gender: 'SELF_DESCRIBED', count: 0, suppressed: false },
      { gender: 'UNDISCLOSED', count: null, suppressed: true },
    ]);
  });

  it("shows a panel's gender counts to the public only when none is below the minimum group size", () => {
    expect(publicPanelGenders({ WOMAN: 5, MAN: 6 })).toEqual({ WOMAN: 5, MAN: 6 });
    expect(publicPanelGenders({ WOMAN: 5, MAN: 4 })).toEqual({});
    expect(publicPanelGenders({ WOMAN: 1 })).toEqual({});
    expect(publicPanelGenders({ WOMAN: 7, MAN: 0 })).toEqual({ WOMAN: 7, MAN: 0 });
  });
});
