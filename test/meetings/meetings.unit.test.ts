/**
 * The meetings' pure rules: the lifecycle table, what the public sees, the
 * amendment window at its boundary, the agenda walk, the processing
 * increments, and how each subject kind reads its input.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { processingIncrements } from '../../functions/modules/consultations/consultation.model';
import {
  MEETING_STATUSES,
  amendmentWindowOpen,
  canMove,
  flattenAgenda,
  isPublic,
  type AgendaItem,
  type Minutes,
} from '../../functions/modules/meetings/meeting.model';
import { SUBJECT_KINDS } from '../../functions/modules/meetings/subject-kinds';

const minutes = (status: Minutes['status'], amendmentWindowEndsAt?: string): Minutes => ({
  meetingId: 'm',
  status,
  body: 'b',
  revision: 1,
  amendmentWindowEndsAt,
  corrections: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

describe('the meeting lifecycle', () => {
  it('moves planned → agenda adopted → held → minutes draft → closed, and cancels only before it is held', () => {
    const allowed = MEETING_STATUSES.flatMap((from) => MEETING_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'PLANNED→AGENDA_ADOPTED',
      'PLANNED→CANCELLED',
      'AGENDA_ADOPTED→HELD',
      'AGENDA_ADOPTED→CANCELLED',
      'HELD→MINUTES_DRAFT',
      'MINUTES_DRAFT→CLOSED',
    ]);
  });

  it('shows a meeting to the public once its agenda is adopted, even if it is cancelled later', () => {
    expect(isPublic({ agendaAdoptedAt: undefined })).toBe(false);
    expect(isPublic({ agendaAdoptedAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
  });

  it('keeps the amendment window open up to, not at, its end, and only for circulated minutes', () => {
    const end = '2026-03-08T12:00:00.000Z';
    expect(amendmentWindowOpen(minutes('CIRCULATED', end), new Date('2026-03-08T11:59:59.999Z'))).toBe(true);
    expect(amendmentWindowOpen(minutes('CIRCULATED', end), new Date(end))).toBe(false);
    expect(amendmentWindowOpen(minutes('DRAFT', end), new Date('2026-03-01T00:00:00.000Z'))).toBe(false);
    expect(amendmentWindowOpen(minutes('APPROVED', end), new Date('2026-03-01T00:00:00.000Z'))).toBe(false);
    expect(amendmentWindowOpen(minutes('CIRCULATED'), new Date('2026-03-01T00:00:00.000Z'))).toBe(false);
  });

  it('walks the agenda in order, sub-items after their item', () => {
    const item = (id: string, items: AgendaItem[] = []): AgendaItem => ({ id, number: id, title: id, documents: [], items });
    expect(flattenAgenda([item('1'), item('2', [item('2.1'), item('2.2')]), item('3')]).map((i) => i.id)).toEqual(['1', '2', '2.1', '2.2', '3']);
  });
});

describe('processing counters', () => {
  it('count a contribution once with the whole days from the close, never negative', () => {
    const c = { group: 'ACADEMIA' as const, region: 'AFRICAN' as const, closesAt: '2026-03-01T00:00:00.000Z' };
    expect(processingIncrements(c, new Date('2026-03-04T23:00:00.000Z'))).toEqual({
      processed: 1,
      'processed.group.ACADEMIA': 1,
      'processed.region.AFRICAN': 1,
      processedDays: 3,
      'processedDays.group.ACADEMIA': 3,
      'processedDays.region.AFRICAN': 3,
    });
    expect(processingIncrements(c, new Date('2026-02-01T00:00:00.000Z')).processedDays).toBe(0);
  });
});

describe('subject kinds', () => {
  it('read a contribution subject, refusing a malformed id or an empty response with the field named', () => {
    const id = toGlobalId('Contribution', 'c1.x');
    expect(SUBJECT_KINDS.CONTRIBUTION.parse({ contributionId: id, disposition: 'NOTED', response: ' Noted. ' }, 'input.subjects.0.contribution')).toEqual({
      kind: 'CONTRIBUTION',
      contributionId: 'c1.x',
      disposition: 'NOTED',
      response: 'Noted.',
    });
    expect(() => SUBJECT_KINDS.CONTRIBUTION.parse({ contributionId: id, disposition: 'NOTED', response: ' ' }, 'f')).toThrow(/f\.response/);
    expect(() => SUBJECT_KINDS.CONTRIBUTION.parse({ contributionId: toGlobalId('Meeting', 'm'), disposition: 'NOTED', response: 'r' }, 'f')).toThrow(
      /f\.contributionId/,
    );
  });

  it('read a minutes subject, and name each subject once', () => {
    const subject = SUBJECT_KINDS.MINUTES.parse({ meetingId: toGlobalId('Meeting', 'm1'), effect: 'APPROVE' }, 'f');
    expect(subject).toEqual({ kind: 'MINUTES', meetingId: 'm1', effect: 'APPROVE' });
    expect(SUBJECT_KINDS.MINUTES.identity(subject)).toBe('MINUTES:m1');
    expect(SUBJECT_KINDS.CONTRIBUTION.refusal('contribution')?.message).toMatch(/changed/);
    expect(SUBJECT_KINDS.CONTRIBUTION.refusal('minutesEffect')).toBeUndefined();
    expect(SUBJECT_KINDS.MINUTES.refusal('minutesEffect')?.message).toMatch(/amendment window/);
  });
});
