import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balance, histogramMedian } from '../../functions/modules/analytics/balance';

const GROUPS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

describe('participation balance', () => {
  it('is 1 when every group has the same share, with a min/max ratio of 1', () => {
    const result = balance(GROUPS, { A: 5, B: 5, C: 5, D: 5, E: 5, F: 5 });
    expect(result.balanceIndex).toBe(1);
    expect(result.minMaxRatio).toBe(1);
    expect(result.underThreshold).toEqual([]);
  });

  it('is 0 when one group only takes part, and names the others as under the threshold', () => {
    const result = balance(GROUPS, { C: 12 });
    expect(result.balanceIndex).toBe(0);
    expect(result.minMaxRatio).toBe(0);
    expect(result.underThreshold).toEqual(['A', 'B', 'D', 'E', 'F']);
  });

  it('is defined for no participation at all: zeros, no division by zero', () => {
    const result = balance(GROUPS, {});
    expect(result).toMatchObject({ total: 0, balanceIndex: 0, minMaxRatio: 0 });
    expect(result.shares.every((s) => s.share === 0)).toBe(true);
    expect(result.underThreshold).toEqual([...GROUPS]);
  });

  it('computes shares and flags groups under a chosen threshold', () => {
    const result = balance(GROUPS, { A: 50, B: 30, C: 10, D: 6, E: 3, F: 1 }, 0.05);
    expect(result.shares.map((s) => s.share)).toEqual([0.5, 0.3, 0.1, 0.06, 0.03, 0.01]);
    expect(result.underThreshold).toEqual(['E', 'F']);
    expect(result.minMaxRatio).toBeCloseTo(0.02, 9);
    // H = -Σ p ln p over the shares above, divided by ln 6
    const h = -[0.5, 0.3, 0.1, 0.06, 0.03, 0.01].reduce((s, p) => s + p * Math.log(p), 0);
    expect(result.balanceIndex).toBeCloseTo(h / Math.log(6), 8);
  });

  it('always lies between 0 and 1 and the shares add up to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }), (values) => {
        const counts = Object.fromEntries(GROUPS.map((g, i) => [g, values[i]]));
        const result = balance(GROUPS, counts);
        expect(result.balanceIndex).toBeGreaterThanOrEqual(0);
        expect(result.balanceIndex).toBeLessThanOrEqual(1);
        const sum = result.shares.reduce((s, x) => s + x.share, 0);
        expect(result.total === 0 ? sum : Math.abs(sum - 1)).toBeLessThan(1e-9);
      }),
    );
  });
});

describe('median from a histogram', () => {
  it('takes the middle value of an odd count', () => {
    expect(histogramMedian({ 1: 1, 3: 1, 9: 1 })).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(histogramMedian({ 2: 2, 4: 1, 10: 1 })).toBe(3);
  });

  it('is null when there is nothing', () => {
    expect(histogramMedian({})).toBeNull();
    expect(histogramMedian({ 5: 0 })).toBeNull();
  });

  it('equals the median of the expanded values', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(60), { minLength: 1, maxLength: 200 }), (values) => {
        const histogram: Record<number, number> = {};
        for (const v of values) histogram[v] = (histogram[v] ?? 0) + 1;
        const sorted = [...values].sort((a, b) => a - b);
        const n = sorted.length;
        const expected = n % 2 ? sorted[(n - 1) / 2] : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
        expect(histogramMedian(histogram)).toBe(expected);
      }),
    );
  });
});
