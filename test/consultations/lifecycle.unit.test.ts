/**
 * The consultation lifecycle's rules on their own (no DynamoDB): the status
 * the clock implies, and which step each status allows — at the boundaries
 * too, a millisecond before, exactly at and after `opensAt` and `closesAt`.
 */
import { describe, expect, it } from 'vitest';
import {
  answerRefusal,
  answersArePublic,
  contributionRefusal,
  datesRefusal,
  editRefusal,
  publishRefusal,
  scheduleRefusal,
} from '../../functions/modules/consultations/consultation.lifecycle';
import { statusAt, type ConsultationStatus } from '../../functions/modules/consultations/consultation.model';

const OPENS = '2030-03-01T00:00:00.000Z';
const CLOSES = '2030-04-01T00:00:00.000Z';
const ms = (iso: string, delta = 0) => new Date(Date.parse(iso) + delta);

const consultation = (storedStatus: ConsultationStatus) => ({ storedStatus, opensAt: OPENS, closesAt: CLOSES });

/** Instants around the two boundaries, with the status a clocked consultation has then. */
const CLOCK: readonly (readonly [string, Date, ConsultationStatus])[] = [
  ['a day before opensAt', ms(OPENS, -86_400_000), 'SCHEDULED'],
  ['1 ms before opensAt', ms(OPENS, -1), 'SCHEDULED'],
  ['exactly at opensAt', ms(OPENS), 'OPEN'],
  ['1 ms after opensAt', ms(OPENS, 1), 'OPEN'],
  ['1 ms before closesAt', ms(CLOSES, -1), 'OPEN'],
  ['exactly at closesAt', ms(CLOSES), 'CLOSED'],
  ['1 ms after closesAt', ms(CLOSES, 1), 'CLOSED'],
];

describe('the status the clock implies', () => {
  it.each(CLOCK)('is %s → %s for a scheduled (or stored OPEN/CLOSED) consultation', (_, now, expected) => {
    for (const stored of ['SCHEDULED', 'OPEN', 'CLOSED'] as const) expect(statusAt(consultation(stored), now)).toBe(expected);
  });

  it.each(CLOCK)('keeps a draft and a published synthesis as they are (%s)', (_, now) => {
    expect(statusAt(consultation('DRAFT'), now)).toBe('DRAFT');
    expect(statusAt(consultation('SYNTHESIS_PUBLISHED'), now)).toBe('SYNTHESIS_PUBLISHED');
  });
});

describe('contributions', () => {
  it.each([
    ['1 ms before opensAt', ms(OPENS, -1), 'notYetOpen'],
    ['exactly at opensAt', ms(OPENS), undefined],
    ['1 ms before closesAt', ms(CLOSES, -1), undefined],
    ['exactly at closesAt', ms(CLOSES), 'closed'],
    ['after closesAt', ms(CLOSES, 1), 'closed'],
  ] as const)('are accepted only while open: %s → %s', (_, now, expected) => {
    expect(contributionRefusal(consultation('SCHEDULED'), now)).toBe(expected);
  });

  it('are refused on a draft as not yet open and after the synthesis as closed, whatever the clock', () => {
    expect(contributionRefusal(consultation('DRAFT'), ms(OPENS, 1))).toBe('notYetOpen');
    expect(contributionRefusal(consultation('SYNTHESIS_PUBLISHED'), ms(OPENS, 1))).toBe('closed');
  });
});

describe('the secretariat’s steps', () => {
  it.each([
    ['a draft', consultation('DRAFT'), ms(CLOSES, 1), undefined],
    ['a scheduled consultation 1 ms before it opens', consultation('SCHEDULED'), ms(OPENS, -1), undefined],
    ['a scheduled consultation exactly at opensAt', consultation('SCHEDULED'), ms(OPENS), 'opened'],
    ['a closed consultation', consultation('SCHEDULED'), ms(CLOSES), 'opened'],
    ['a published synthesis', consultation('SYNTHESIS_PUBLISHED'), ms(OPENS, -1), 'opened'],
  ] as const)('edits %s: %s', (_, c, now, expected) => {
    expect(editRefusal(c, now)).toBe(expected);
  });

  it.each([
    ['closing after opening', { opensAt: OPENS, closesAt: CLOSES }, 'DRAFT', ms(CLOSES, 1), undefined],
    ['closing exactly when opening', { opensAt: OPENS, closesAt: OPENS }, 'DRAFT', ms(OPENS, -1), 'closesBeforeOpening'],
    ['closing before opening', { opensAt: CLOSES, closesAt: OPENS }, 'SCHEDULED', ms(OPENS, -1), 'closesBeforeOpening'],
    ['a draft closing in the past', { opensAt: OPENS, closesAt: CLOSES }, 'DRAFT', ms(CLOSES), undefined],
    ['a scheduled one closing exactly now', { opensAt: OPENS, closesAt: CLOSES }, 'SCHEDULED', ms(CLOSES), 'closesInThePast'],
    ['a scheduled one closing 1 ms from now', { opensAt: OPENS, closesAt: CLOSES }, 'SCHEDULED', ms(CLOSES, -1), undefined],
  ] as const)('checks the dates of %s', (_, dates, status, now, expected) => {
    expect(datesRefusal(dates, status, now)).toBe(expected);
  });

  it.each([
    ['a draft closing later', consultation('DRAFT'), ms(CLOSES, -1), undefined],
    ['a draft closing exactly now', consultation('DRAFT'), ms(CLOSES), 'closesInThePast'],
    ['a draft that closed', consultation('DRAFT'), ms(CLOSES, 1), 'closesInThePast'],
    ['a scheduled consultation', consultation('SCHEDULED'), ms(OPENS, -1), 'notADraft'],
    ['a published synthesis', consultation('SYNTHESIS_PUBLISHED'), ms(OPENS, -1), 'notADraft'],
  ] as const)('schedules %s: %s', (_, c, now, expected) => {
    expect(scheduleRefusal(c, now)).toBe(expected);
  });

  it.each([
    ['while open', consultation('SCHEDULED'), ms(CLOSES, -1), 'notClosed'],
    ['exactly at closesAt', consultation('SCHEDULED'), ms(CLOSES), undefined],
    ['of a draft', consultation('DRAFT'), ms(CLOSES, 1), 'notClosed'],
    ['before it opens', consultation('SCHEDULED'), ms(OPENS, -1), 'notClosed'],
    ['a second time', consultation('SYNTHESIS_PUBLISHED'), ms(CLOSES, 1), 'alreadyPublished'],
  ] as const)('publishes the synthesis %s: %s', (_, c, now, expected) => {
    expect(publishRefusal(c, now)).toBe(expected);
  });
});

describe('the MAG’s answers', () => {
  it.each([
    ['while open', consultation('SCHEDULED'), ms(CLOSES, -1), 'notClosed'],
    ['before opening', consultation('SCHEDULED'), ms(OPENS, -1), 'notClosed'],
    ['on a draft', consultation('DRAFT'), ms(CLOSES, 1), 'notClosed'],
    ['exactly at closesAt', consultation('SCHEDULED'), ms(CLOSES), undefined],
    ['after the synthesis', consultation('SYNTHESIS_PUBLISHED'), ms(CLOSES, 1), undefined],
  ] as const)('are recorded %s: %s', (_, c, now, expected) => {
    expect(answerRefusal(c, now)).toBe(expected);
  });

  it('are public once the synthesis is published, and not before', () => {
    expect(answersArePublic(consultation('SYNTHESIS_PUBLISHED'), ms(OPENS, -1))).toBe(true);
    expect(answersArePublic(consultation('SCHEDULED'), ms(CLOSES, 1))).toBe(false);
    expect(answersArePublic(consultation('DRAFT'), ms(CLOSES, 1))).toBe(false);
  });
});
