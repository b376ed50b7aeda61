/**
 * The modules' input schemas are built on first use (`z.lazy`), not when their module loads: a cold start whose
 * first request validates no input (every read) does not build them (docs/performance.md, Cold start). This test
 * finds a module-scope object, array or union schema built eagerly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const EAGER = new Set(['object', 'strictObject', 'looseObject', 'discriminatedUnion', 'union', 'array', 'tuple', 'record']);
/** What other schemas derive a schema with (a ZodLazy has none of these: such a base stays eager, and small). */
const DERIVE = new Set(['extend', 'safeExtend', 'pick', 'omit', 'partial', 'required', 'merge', 'shape', 'keyof']);

/** The first `z.<member>` a call chain starts with (`z.object({…}).strict()` → object). */
function zodRoot(expression: ts.Expression): string | undefined {
  let current = expression;
  for (;;) {
    if (ts.isCallExpression(current)) current = current.expression;
    else if (ts.isPropertyAccessExpression(current)) {
      if (ts.isIdentifier(current.expression)) return current.expression.text === 'z' ? current.name.text : undefined;
      current = current.expression;
    } else return undefined;
  }
}

function eagerSchemas(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const bases = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && DERIVE.has(node.name.text)) bases.add(node.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return source.statements.filter(ts.isVariableStatement).flatMap((statement) =>
    statement.declarationList.declarations.flatMap((declaration) => {
      const root = declaration.initializer ? zodRoot(declaration.initializer) : undefined;
      return root && EAGER.has(root) && !bases.has(declaration.name.getText(source)) ? [`${relative(ROOT, file)}: ${declaration.name.getText(source)}`] : [];
    }),
  );
}

describe("the modules' input schemas", () => {
  it('are built on first use, never at module load', () => {
    // Act
    const files = readdirSync(join(ROOT, 'functions/modules'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(ROOT, 'functions/modules', name));
    const eager = files.flatMap(eagerSchemas);

    // Assess: wrap each as `z.lazy(() => z.object({…}))` (a schema others `.extend` stays eager and small)
    expect(files.length).toBeGreaterThan(20);
    expect(eager).toEqual([]);
  });

  it('finds an eager schema', () => {
    // Prepare
    const source = ts.createSourceFile(
      'x.ts',
      'const a = z.object({ b: z.string() }).strict();\nconst c = z.lazy(() => z.object({}));',
      ts.ScriptTarget.Latest,
      true,
    );

    // Act
    const roots = source.statements.filter(ts.isVariableStatement).map((s) => zodRoot(s.declarationList.declarations[0]!.initializer!));

    // Assess
    expect(roots).toEqual(['object', 'lazy']);
  });
});
