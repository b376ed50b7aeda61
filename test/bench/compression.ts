/**
 * What compression saves and costs (functions/handlers/http-response.ts): for each benchmark answer, its
 * size as JSON, gzipped and brotli-compressed at the settings the handlers use, and the CPU time each
 * encoding takes (median of many runs, in this process: what a Lambda instance spends per response).
 */
import { encode, type Encoding } from '../../functions/handlers/http-response';

export interface CompressionFigure {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
  /** Median CPU time to encode one answer, in milliseconds. */
  readonly gzipMs: number;
  readonly brotliMs: number;
}

function medianCpuMs(body: Buffer, encoding: Encoding, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    encode(body, encoding);
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return Math.round((samples[Math.floor(samples.length / 2)] ?? 0) * 1000) / 1000;
}

export function measureCompression(answers: readonly { name: string; body: string }[], runs: number): CompressionFigure[] {
  return answers.map(({ name, body }) => {
    const raw = Buffer.from(body, 'utf8');
    return {
      name,
      bytes: raw.length,
      gzipBytes: encode(raw, 'gzip').length,
      brotliBytes: encode(raw, 'br').length,
      gzipMs: medianCpuMs(raw, 'gzip', runs),
      brotliMs: medianCpuMs(raw, 'br', runs),
    };
  });
}
