/** The line diff of two report revisions: minimal, removals before additions, and bounded work for huge sections. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSections, diffLines, type LineChange } from '../../functions/modules/reporting/revision-diff';

/** The length of the longest common subsequence, by plain recursion with a memo: the reference the diff must reach. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const known = memo.get(`${i},${j}`);
    if (known !== undefined) return known;
    const value = a[i] === b[j] ? go(i + 1, j + 1) + 1 : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(`${i},${j}`, value);
    return value;
  };
  return go(0, 0);
}

const kinds = (changes: readonly LineChange[]) => changes.map((c) => `${c.kind === 'SAME' ? ' ' : c.kind === 'ADDED' ? '+' : '-'}${c.text}`);

describe('the line diff', () => {
  it('keeps as many lines as the longest common subsequence, and rebuilds both texts', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 10 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const changes = diffLines(a.join('\n'), b.join('\n'));
        expect(changes.filter((c) => c.kind === 'SAME')).toHaveLength(lcsLength(a, b));
        expect(changes.filter((c) => c.kind !== 'ADDED').map((c) => c.text)).toEqual(a);
        expect(changes.filter((c) => c.kind !== 'REMOVED').map((c) => c.text)).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('adds a new first line instead of removing and re-adding what follows', () => {
    expect(kinds(diffLines('b\nc', 'a\nb\nc'))).toEqual(['+a', ' b', ' c']);
    expect(kinds(diffLines('a\nb\nc\nd', 'x\nb\nc\nd\ny'))).toEqual(['-a', '+x', ' b', ' c', ' d', '+y']);
  });

  it('shows a replaced line as the old one removed, then the new one added', () => {
    expect(kinds(diffLines('a', 'b'))).toEqual(['-a', '+b']);
    expect(kinds(diffLines('k\na\nk', 'k\nb\nk'))).toEqual([' k', '-a', '+b', ' k']);
  });

  it('matches the last lines too', () => {
    expect(kinds(diffLines('a\nb', 'c\nb'))).toEqual(['-a', '+c', ' b']);
    expect(kinds(diffLines('x\ny\nz', 'z'))).toEqual(['-x', '-y', ' z']);
  });

  it('diffs line by line up to its bound of line pairs, and shows bigger sections as replaced', () => {
    // Prepare: 2 × 3 lines are 6 pairs, 3 × 3 are 9; both share their first and last line
    const atBound = diffLines('a\nb', 'a\nx\nb', 6);
    const over = diffLines('a\nc\nb', 'a\nx\nb', 6);
    // Assess
    expect(kinds(atBound)).toEqual([' a', '+x', ' b']);
    expect(kinds(over)).toEqual(['-a', '-c', '-b', '+a', '+x', '+b']);
    expect(kinds(diffLines('a\nc\nb', 'a\nx\nb', 9))).toEqual([' a', '-c', '+x', ' b']);
  });

  it('is bounded by default at 4,000,000 line pairs: 2,001 × 2,000 lines are shown as replaced', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    const over = diffLines([...lines, 'one more'].join('\n'), lines.join('\n'));
    expect(over).toHaveLength(4001);
    expect(over.slice(0, 2001).every((c) => c.kind === 'REMOVED')).toBe(true);
    expect(over.slice(2001).every((c) => c.kind === 'ADDED')).toBe(true);
    expect(over.map((c) => c.text)).toEqual([...lines, 'one more', ...lines]);
    expect(kinds(diffLines(lines.slice(0, 3).join('\n'), lines.slice(1, 4).join('\n')))).toEqual(['-line 0', ' line 1', ' line 2', '+line 3']);
  });
});

describe('comparing two revisions section by section', () => {
  const section = (key: string, title: string) => ({ key, title, guidance: '', required: false, maxLength: 100 });

  it('lists the template in order, then the keys no longer in it sorted by key', () => {
    const result = compareSections([section('summary', 'Summary'), section('activities', 'Activities')], { zeta: 'z', summary: 's' }, { alpha: 'a' });
    expect(result.map((s) => [s.key, s.title])).toEqual([
      ['summary', 'Summary'],
      ['activities', 'Activities'],
      ['alpha', 'alpha'],
      ['zeta', 'zeta'],
    ]);
  });

  it('shows an empty or missing section as null, and says whether it changed', () => {
    const result = compareSections([section('a', 'A'), section('b', 'B'), section('c', 'C')], { a: '', b: 'same' }, { a: 'new', b: 'same' });
    expect(result.map((s) => ({ key: s.key, before: s.before, after: s.after, changed: s.changed, lines: kinds(s.lines) }))).toEqual([
      { key: 'a', before: null, after: 'new', changed: true, lines: ['+new'] },
      { key: 'b', before: 'same', after: 'same', changed: false, lines: [' same'] },
      { key: 'c', before: null, after: null, changed: false, lines: [] },
    ]);
  });
});
