/**
 * Comparing two revisions of a report, section by section, with a line diff
 * (longest common subsequence). Pure: no I/O.
 */
import type { ReportRevision, SectionTemplate } from './reporting.model';

export type LineChangeKind = 'SAME' | 'ADDED' | 'REMOVED';

export interface LineChange {
  readonly kind: LineChangeKind;
  readonly text: string;
}

export interface SectionComparison {
  readonly key: string;
  readonly title: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly changed: boolean;
  readonly lines: readonly LineChange[];
}

/** Above this many cells the LCS table is skipped and the section shown as replaced (bounded work per request). */
const MAX_CELLS = 4_000_000;

/** `maxCells` is the bound above (a parameter so that tests can reach it with small texts). */
export function diffLines(before: string, after: string, maxCells: number = MAX_CELLS): LineChange[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  if (a.length * b.length > maxCells) {
    return [...a.map((text) => ({ kind: 'REMOVED' as const, text })), ...b.map((text) => ({ kind: 'ADDED' as const, text }))];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  // Stryker disable next-line ArithmeticOperator: starting past the end only writes outside the table or zeros (NaN) into its last row
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const changes: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end of `a` the lookups below read outside the table, so each line left in `b` is ADDED, as by the loop after this one
    i < a.length &&
    j < b.length
  ) {
    if (a[i] === b[j]) {
      changes.push({ kind: 'SAME', text: a[i] as string });
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) {
      changes.push({ kind: 'REMOVED', text: a[i++] as string });
    } else {
      changes.push({ kind: 'ADDED', text: b[j++] as string });
    }
  }
  while (i < a.length) changes.push({ kind: 'REMOVED', text: a[i++] as string });
  while (j < b.length) changes.push({ kind: 'ADDED', text: b[j++] as string });
  return changes;
}

/** Every section of the template (then any key no longer in it), before/after text and whether it changed. */
export function compareSections(
  template: readonly SectionTemplate[],
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): SectionComparison[] {
  const known = new Set(template.map((s) => s.key));
  const extra = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !known.has(key)).sort();
  const sections = [...template.map((s) => ({ key: s.key, title: s.title })), ...extra.map((key) => ({ key, title: key }))];
  return sections.map(({ key, title }) => {
    const from = before[key] ?? '';
    const to = after[key] ?? '';
    return {
      key,
      title,
      before: from === '' ? null : from,
      after: to === '' ? null : to,
      changed: from !== to,
      lines: diffLines(from, to),
    };
  });
}

/** Section-by-section comparison of two revisions of a report. */
export interface RevisionComparison {
  readonly from: ReportRevision;
  readonly to: ReportRevision;
  readonly sections: readonly SectionComparison[];
}
