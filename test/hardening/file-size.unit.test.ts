/**
 * No production file grows past 400 lines (generated code aside): a file that long holds more than one
 * aggregate or concern, and the next change to it is harder to read and to merge. Split it by aggregate
 * (docs/architecture.md) or, while a split waits, name it below with the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MAX_LINES = 400;
const ROOTS = ['functions', 'cdk'];
const LEFT_OUT = ['functions/generated'];

/** Files allowed over the limit for now, each with its reason. */
const ALLOWED: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (LEFT_OUT.includes(relative(ROOT, path))) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|cjs|mjs)$/.test(name) ? [path] : [];
  });
}

const lineCount = (path: string) => readFileSync(path, 'utf8').replace(/\n$/, '').split('\n').length;

describe('production file size', () => {
  const files = ROOTS.flatMap((root) => sourceFiles(join(ROOT, root))).map((path) => ({ file: relative(ROOT, path), lines: lineCount(path) }));

  it('reads the files it measures', () => {
    expect(files.map((f) => f.file)).toContain('functions/graphql/services.ts');
    expect(files.find((f) => f.file === 'functions/graphql/services.ts')?.lines).toBeGreaterThan(10);
  });

  it(`keeps every production file at ${MAX_LINES} lines or fewer, but those allowed with a reason`, () => {
    const over = files.filter((f) => f.lines > MAX_LINES && !(f.file in ALLOWED)).map((f) => `${f.file} (${f.lines} lines)`);
    expect(over).toEqual([]);
  });

  it('allows only files that exist and are still over the limit', () => {
    const stale = Object.keys(ALLOWED).filter((file) => !files.some((f) => f.file === file && f.lines > MAX_LINES));
    expect(stale).toEqual([]);
  });
});
