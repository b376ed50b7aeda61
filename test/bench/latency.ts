/** Latency percentiles of repeated calls, after a warm-up. */
import { performance } from 'node:perf_hooks';

export interface Latency {
  p50: number;
  p95: number;
  runs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Measures two functions interleaved (A, B, A, B, …) so that machine noise
 * hits both alike; returns both latencies.
 */
export async function measurePair(a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number): Promise<{ a: Latency; b: Latency }> {
  for (let i = 0; i < Math.min(20, runs); i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await a();
    sa.push(performance.now() - start);
    start = performance.now();
    await b();
    sb.push(performance.now() - start);
  }
  sa.sort((x, y) => x - y);
  sb.sort((x, y) => x - y);
  return {
    a: { p50: percentile(sa, 50), p95: percentile(sa, 95), runs },
    b: { p50: percentile(sb, 50), p95: percentile(sb, 95), runs },
  };
}
