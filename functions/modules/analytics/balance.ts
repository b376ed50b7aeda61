/**
 * Participation balance, computed from counts: shares, the balance index
 * (normalised Shannon entropy of the shares: 0 = one category only, 1 = all
 * equal), the ratio of the smallest to the largest share, and the categories
 * under a threshold. Defined for empty data (everything 0, every category
 * under the threshold), never a division by zero.
 */

export interface Share<C extends string> {
  readonly category: C;
  readonly count: number;
  /** count / total, 0 when the total is 0. */
  readonly share: number;
}

export interface Balance<C extends string> {
  readonly total: number;
  readonly shares: readonly Share<C>[];
  /** Normalised Shannon entropy over all categories, in [0, 1]; 0 when nothing was counted. */
  readonly balanceIndex: number;
  /** Smallest share / largest share, in [0, 1]; 0 when any category is missing or nothing was counted. */
  readonly minMaxRatio: number;
  /** Categories whose share is below the threshold. */
  readonly underThreshold: readonly C[];
}

export const DEFAULT_THRESHOLD = 0.05;

export function balance<C extends string>(
  categories: readonly C[],
  counts: Readonly<Partial<Record<C, number>>>,
  threshold: number = DEFAULT_THRESHOLD,
): Balance<C> {
  const values = categories.map((category) => Math.max(0, counts[category] ?? 0));
  const total = values.reduce((sum, n) => sum + n, 0);
  const shares = categories.map((category, i) => ({
    category,
    count: values[i] as number,
    share: total === 0 ? 0 : (values[i] as number) / total,
  }));
  let entropy = 0;
  for (const { share } of shares) if (share > 0) entropy -= share * Math.log(share);
  // With nothing counted the entropy is 0, and so is the index.
  const balanceIndex = categories.length < 2 ? 0 : entropy / Math.log(categories.length);
  const shareValues = shares.map((s) => s.share);
  const largest = Math.max(0, ...shareValues);
  const smallest = Math.min(...shareValues);
  return {
    total,
    shares: shares.map((s) => ({ ...s, share: round(s.share) })),
    balanceIndex: round(balanceIndex),
    minMaxRatio: largest === 0 ? 0 : round(smallest / largest),
    underThreshold: shares.filter((s) => s.share < threshold).map((s) => s.category),
  };
}

/**
 * The one rounding rule for every ratio, share and rate the API answers: 9 decimal places. It rounds away
 * floating-point noise (so all-equal shares give exactly 1) and keeps answers stable across runs.
 */
export function roundRatio(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
const round = roundRatio;

/**
 * The median of values given as a histogram `{ value: count }` (e.g. days
 * from close to disposition); the mean of the two middle values for an even
 * count; null when empty.
 */
export function histogramMedian(histogram: Readonly<Record<number, number>>): number | null {
  // A count below 0 (a drifted counter) counts as none, and a value counted 0 times adds nothing to the ranks.
  const entries = Object.entries(histogram)
    .map(([value, count]) => [Number(value), Math.max(0, count)] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [value, count] of entries) {
      seen += count;
      if (seen >= rank) return value;
    }
    // Stryker disable next-line all: unreachable (a rank is at most the total), here for the type checker
    return entries.at(-1)?.[0] ?? 0;
  };
  return total % 2 === 1 ? valueAt((total + 1) / 2) : (valueAt(total / 2) + valueAt(total / 2 + 1)) / 2;
}
