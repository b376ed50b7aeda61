/** One rounding rule for every ratio the API answers: shares, rates and their changes have at most 9 decimals. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processing, reportingRates } from '../../functions/modules/analytics/analytics.model';
import { balance, roundRatio } from '../../functions/modules/analytics/balance';

const decimals = (value: number) => (String(value).split('.')[1] ?? '').length;
const counts = (requested: number, part: number) => ({
  requested,
  submittedOnTime: part,
  submittedLate: 0,
  missing: requested - part,
  awaitingReview: 0,
  returned: 0,
  returns: 0,
  published: part,
});

describe('ratios', () => {
  it('reporting rates are rounded like the other figures (1 of 21 is 0.047619048)', () => {
    const [rates] = reportingRates([{ year: 2026, counts: counts(21, 1) }]);

    expect(rates?.rates.onTime).toBe(0.047619048);
    expect(rates?.rates.missing).toBe(0.952380952);
  });

  it('shares, rates, changes and the answered share never have more than 9 decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), fc.nat(6), (a, b, c) => {
        const requested = a + b;
        const [first, second] = reportingRates([
          { year: 1, counts: counts(requested, a) },
          { year: 2, counts: counts(requested + c + 1, b) },
        ]);
        const figures = [
          ...Object.values(first?.rates ?? {}),
          ...Object.values(second?.rates ?? {}),
          ...Object.values(second?.change ?? {}).filter((v) => v !== 1),
          ...balance(['X', 'Y', 'Z'], { X: a, Y: b, Z: c }).shares.map((s) => s.share),
          processing({ contributions: requested, answered: a }).shareAnswered,
        ];
        for (const figure of figures) expect(decimals(figure)).toBeLessThanOrEqual(9);
        expect(roundRatio(a / requested)).toBe(Math.round((a / requested) * 1e9) / 1e9);
      }),
    );
  });
});
