/**
 * The floor plan holds (docs/architecture.md): no two files import each other, directly or around a circle
 * (type-only imports count: they couple files just the same), and core/ imports nothing above it. The lint
 * rules (eslint.config.js, no-restricted-imports) say which layer may import which; this test sees the whole
 * graph, which a per-file lint rule cannot.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Generated resolver types name the context type (codegen's `contextType`): a type-only edge back up, by design. */
const LEFT_OUT = ['functions/generated'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (LEFT_OUT.some((out) => relative(ROOT, path) === out)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((path) => existsSync(path) && statSync(path).isFile());
}

/** File → the files it imports (relative imports only: packages cannot import us back). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles(join(ROOT, 'functions')), ...sourceFiles(join(ROOT, 'cdk'))]) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((match) => resolveImport(file, match[1] as string)).filter((t): t is string => t !== undefined);
    graph.set(
      relative(ROOT, file),
      targets.map((t) => relative(ROOT, t)),
    );
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the import graph', () => {
  it('sees the imports it checks (a broken reader would find no cycle in nothing)', () => {
    // Act
    const graph = importGraph();

    // Assess
    expect(graph.get('functions/graphql/context.ts')).toContain('functions/graphql/services.ts');
    expect(graph.get('functions/graphql/services.ts')).toContain('functions/modules/consultations/index.ts');
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('has no cycle', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('keeps core/ a floor: core imports only core', () => {
    // Act
    const upward = [...importGraph()]
      .filter(([file]) => file.startsWith('functions/core/'))
      .flatMap(([file, targets]) => targets.filter((t) => !t.startsWith('functions/core/')).map((t) => `${file} → ${t}`));

    // Assess
    expect(upward).toEqual([]);
  });
});
