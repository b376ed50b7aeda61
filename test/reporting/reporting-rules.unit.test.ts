import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reminderThreshold } from '../../functions/modules/reporting/reporting.jobs';
import { isLate, isOverdue, parseReportId, parseRevisionId, type Report } from '../../functions/modules/reporting/reporting.model';
import { compareSections, diffLines } from '../../functions/modules/reporting/revision-diff';

const DAY = 86_400_000;

describe('line diff', () => {
  it('keeps common lines and marks removed and added ones', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: 'SAME', text: 'a' },
      { kind: 'REMOVED', text: 'b' },
      { kind: 'SAME', text: 'c' },
      { kind: 'ADDED', text: 'd' },
    ]);
    expect(diffLines('', 'x')).toEqual([{ kind: 'ADDED', text: 'x' }]);
    expect(diffLines('x', '')).toEqual([{ kind: 'REMOVED', text: 'x' }]);
  });

  it('always rebuilds both texts from its output', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(lines, lines, (before, after) => {
        const changes = diffLines(before, after);
        expect(
          changes
            .filter((c) => c.kind !== 'ADDED')
            .map((c) => c.text)
            .join('\n'),
        ).toBe(before);
        expect(
          changes
            .filter((c) => c.kind !== 'REMOVED')
            .map((c) => c.text)
            .join('\n'),
        ).toBe(after);
      }),
    );
  });

  it('compares every template section, then keys no longer in the template', () => {
    const template = [{ key: 'a', title: 'A', guidance: '', required: true, maxLength: 10 }];
    const result = compareSections(template, { a: 'x', old: 'gone' }, { a: 'x' });
    expect(result.map((s) => [s.key, s.changed, s.before, s.after])).toEqual([
      ['a', false, 'x', 'x'],
      ['old', true, 'gone', null],
    ]);
  });
});

describe('lateness, overdue and reminders from the stamps', () => {
  const report = (overrides: Partial<Report>): Report => ({
    id: '2030.o1',
    year: 2030,
    organisationId: 'o1',
    organisationName: 'O',
    status: 'DRAFT',
    sections: {},
    opensAt: '2031-01-01T00:00:00.000Z',
    dueAt: '2031-03-31T00:00:00.000Z',
    revisionCount: 0,
    createdAt: '2031-01-01T00:00:00.000Z',
    updatedAt: '2031-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  });

  it('judges lateness on the first submission, so a return and resubmission after the due date is not late', () => {
    expect(isLate(report({ firstSubmittedAt: '2031-03-30T00:00:00.000Z', submittedAt: '2031-05-01T00:00:00.000Z' }))).toBe(false);
    expect(isLate(report({ firstSubmittedAt: '2031-04-01T00:00:00.000Z' }))).toBe(true);
    expect(isLate(report({}))).toBe(false);
  });

  it('is overdue only when never submitted and past the due date', () => {
    expect(isOverdue(report({}), new Date('2031-04-01T00:00:00.000Z'))).toBe(true);
    expect(isOverdue(report({}), new Date('2031-03-30T00:00:00.000Z'))).toBe(false);
    expect(isOverdue(report({ firstSubmittedAt: '2031-04-02T00:00:00.000Z' }), new Date('2031-05-01T00:00:00.000Z'))).toBe(false);
  });

  it('picks the closest reminder threshold reached', () => {
    const cycle = { dueAt: new Date(100 * DAY).toISOString() } as Parameters<typeof reminderThreshold>[0];
    const at = (daysBefore: number) => new Date((100 - daysBefore) * DAY);
    expect(reminderThreshold(cycle, at(15))).toBeUndefined();
    expect(reminderThreshold(cycle, at(14))).toBe(14);
    expect(reminderThreshold(cycle, at(8))).toBe(14);
    expect(reminderThreshold(cycle, at(5))).toBe(7);
    expect(reminderThreshold(cycle, at(0.5))).toBe(1);
    expect(reminderThreshold(cycle, at(-1))).toBeUndefined();
  });

  it('parses report and revision ids', () => {
    expect(parseReportId('2030.demo-org-01')).toEqual({ year: 2030, organisationId: 'demo-org-01' });
    expect(parseRevisionId('2030.demo-org-01.12')).toEqual({ year: 2030, organisationId: 'demo-org-01', number: 12 });
    expect(parseReportId('nope')).toBeUndefined();
  });
});
