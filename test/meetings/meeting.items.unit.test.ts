/**
 * The meetings module's item declarations (meeting.items.ts): the items they build (the same attributes and
 * index keys the module has always written), what they read back, the defaults for attributes older items
 * lack, and the items they refuse — an agenda sub-item without a title, a subject of an unknown kind, a
 * disposition or a group that does not exist.
 */
import { describe, expect, it } from 'vitest';
import { MalformedItemError } from '../../functions/core/dynamodb/entity';
import {
  decisionEntity,
  interventionEntity,
  linkItem,
  meetingEntity,
  meetingItem,
  minutesEntity,
  minutesItem,
  subjectFromItem,
  subjectItem,
} from '../../functions/modules/meetings/meeting.items';
import type { Decision, DecisionSubject, Intervention, Meeting, Minutes } from '../../functions/modules/meetings/meeting.model';

const MEETING: Meeting = {
  id: 'M1',
  year: 2026,
  kind: 'IN_PERSON',
  number: 2,
  title: 'Second MAG meeting',
  startsAt: '2026-06-10T09:00:00.000Z',
  format: 'HYBRID',
  place: 'Geneva',
  onlineLink: 'https://meet.example.org/mag-2',
  chairId: 'chair',
  recordingUrl: undefined,
  transcriptUrl: undefined,
  consultationIds: ['C1'],
  status: 'AGENDA_ADOPTED',
  agenda: [
    { id: 'a1', number: '1', title: 'Opening', documents: [], items: [] },
    {
      id: 'a2',
      number: '2',
      title: 'Taking stock',
      expectedOutput: 'A list of themes',
      minutes: 45,
      documents: ['https://example.org/stock.pdf'],
      processes: { consultationId: 'C1', questionIds: ['q1'], contributionIds: [], group: 'ACADEMIA', region: undefined },
      items: [{ id: 'a2.1', number: '2.1', title: 'Inputs', documents: [], items: [] }],
    },
  ],
  agendaAdoptedAt: '2026-06-10T08:30:00.000Z',
  cancellation: undefined,
  decisionCount: 1,
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-06-10T08:30:00.000Z',
  version: 2,
};

const SUBJECTS: readonly DecisionSubject[] = [
  { kind: 'CONTRIBUTION', contributionId: 'C1.k1', disposition: 'ADDRESSED', response: 'Taken into the programme.' },
  { kind: 'MINUTES', meetingId: 'M0', effect: 'APPROVE' },
  { kind: 'ISSUE', issueId: 'I1', reason: 'Outside the mandate of the forum.' },
  { kind: 'THEME', themeId: 'T1' },
  {
    kind: 'PROPOSAL',
    proposalId: 'P1',
    outcome: 'CONDITIONALLY_ACCEPTED',
    conditions: ['Add a speaker from the South.'],
    deadline: '2026-07-01T00:00:00.000Z',
  },
];

const DECISION: Decision = {
  id: 'M1.d1',
  meetingId: 'M1',
  number: 1,
  agendaItemId: 'a2',
  text: 'The MAG adopts the themes.',
  method: 'CONSENSUS',
  objections: [],
  state: 'PROPOSED',
  decidedAt: undefined,
  subjectCount: SUBJECTS.length,
  firstSubjects: SUBJECTS,
  createdAt: '2026-06-10T10:00:00.000Z',
  updatedAt: '2026-06-10T10:00:00.000Z',
  version: 1,
};

/** What a refusal names: the path of the attribute and what it should have been. */
function refusal(parse: () => unknown): { path: string; expected: string } | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (!(error instanceof MalformedItemError)) throw error;
    return { path: error.path, expected: error.expected };
  }
}

describe('the meeting declaration', () => {
  it('builds the item the meeting has always had: its lists by year and of all years, the change feed, the public flag', () => {
    const item = meetingItem(MEETING);
    expect(Object.fromEntries(Object.entries(item).filter(([name]) => /^[A-Z]/.test(name) || name === 'entity' || name === 'visibleToPublic'))).toEqual({
      PK: 'MEETING#M1',
      SK: '#META',
      entity: 'Meeting',
      GSI1PK: 'MEETINGS#YEAR#2026',
      GSI1SK: '2026-06-10T09:00:00.000Z#M1',
      GSI2PK: 'MEETINGS',
      GSI2SK: '2026-06-10T09:00:00.000Z#M1',
      ChangesPK: 'CHANGES#Meeting',
      ChangesSK: '2026-06-10T08:30:00.000Z#M1',
      visibleToPublic: true,
    });
    expect(meetingItem({ ...MEETING, agendaAdoptedAt: undefined }).visibleToPublic).toBe(false);
  });

  it('reads its item back to the same meeting, agenda tree included', () => {
    expect(meetingEntity.parse(meetingItem(MEETING))).toEqual(MEETING);
  });

  it('reads a meeting written before its lists and its decision count existed as empty and 0', () => {
    const { consultationIds: _c, agenda: _a, decisionCount: _d, ...older } = meetingItem(MEETING);
    const read = meetingEntity.parse(older);
    expect([read.consultationIds, read.agenda, read.decisionCount]).toEqual([[], [], 0]);
  });

  it('refuses an agenda sub-item without a title, naming where it is', () => {
    const item = meetingItem(MEETING);
    const agenda = structuredClone(MEETING.agenda) as unknown as { items: { title?: string }[] }[];
    delete agenda[1]!.items[0]!.title;
    expect(refusal(() => meetingEntity.parse({ ...item, agenda }))).toEqual({ path: 'Meeting.agenda[1].items[0].title', expected: 'a string' });
  });

  it('refuses a status the lifecycle does not have', () => {
    expect(refusal(() => meetingEntity.parse({ ...meetingItem(MEETING), status: 'POSTPONED' }))?.path).toBe('Meeting.status');
  });

  it("links a meeting to a consultation with an index key sorted by the meeting's start", () => {
    expect(linkItem({ meetingId: 'M1', consultationId: 'C1' }, MEETING)).toEqual({
      PK: 'MEETING#M1',
      SK: 'PROCESSES#C1',
      entity: 'MeetingConsultationLink',
      meetingId: 'M1',
      consultationId: 'C1',
      GSI3PK: 'MEETINGS#CONSULTATION#C1',
      GSI3SK: '2026-06-10T09:00:00.000Z#M1',
    });
  });
});

describe('the decision declaration', () => {
  it('keys a decision by its meeting and local id, and reads every kind of first subject back', () => {
    const item = decisionEntity.item(DECISION);
    expect([item.PK, item.SK, item.ChangesSK]).toEqual(['MEETING#M1', 'DEC#d1', '2026-06-10T10:00:00.000Z#M1.d1']);
    expect(decisionEntity.parse(item)).toEqual(DECISION);
  });

  it('refuses to build the item of a decision whose id names no meeting', () => {
    expect(() => decisionEntity.item({ ...DECISION, id: 'd1' })).toThrow('Malformed decision id d1');
  });

  it('refuses a subject of a kind that does not exist, and one whose kind lacks its fields', () => {
    const item = decisionEntity.item(DECISION);
    expect(refusal(() => decisionEntity.parse({ ...item, firstSubjects: [{ kind: 'SESSION', sessionId: 'S1' }] }))?.path).toBe(
      'Decision.firstSubjects[0].kind',
    );
    expect(refusal(() => decisionEntity.parse({ ...item, firstSubjects: [{ kind: 'THEME', issueId: 'I1' }] }))).toEqual({
      path: 'Decision.firstSubjects[0].themeId',
      expected: 'a string',
    });
    expect(refusal(() => decisionEntity.parse({ ...item, firstSubjects: [{ ...SUBJECTS[0], disposition: 'IGNORED' }] }))?.path).toBe(
      'Decision.firstSubjects[0].disposition',
    );
  });

  it('stores each subject in its own item beside its decision and position, and reads back only the subject', () => {
    const item = subjectItem('M1.d1', 2, SUBJECTS[1]!);
    expect(item).toEqual({ PK: 'DECISION#M1.d1', SK: 'S#002', entity: 'DecisionSubject', decisionId: 'M1.d1', position: 2, ...SUBJECTS[1] });
    for (const [i, subject] of SUBJECTS.entries()) expect(subjectFromItem(subjectItem('M1.d1', i + 1, subject))).toEqual(subject);
  });

  it("refuses another entity's item read as a subject", () => {
    expect(refusal(() => subjectFromItem({ ...subjectItem('M1.d1', 1, SUBJECTS[3]!), entity: 'Decision' }))?.path).toBe('DecisionSubject.entity');
  });
});

describe('the minutes and intervention declarations', () => {
  const minutes: Minutes = {
    meetingId: 'M1',
    status: 'PUBLISHED',
    body: 'The MAG met.',
    revision: 3,
    amendmentWindowEndsAt: undefined,
    approvedByDecisionId: 'M2.d1',
    publishedAt: '2026-07-01T00:00:00.000Z',
    corrections: [{ decisionId: 'M3.d2', text: 'Spelling of a name.', correctedAt: '2026-08-01T00:00:00.000Z' }],
    createdAt: '2026-06-11T00:00:00.000Z',
    updatedAt: '2026-08-01T00:00:00.000Z',
    version: 6,
  };

  it('gives the minutes item the id the change feed reads (their meeting), and reads it back', () => {
    const item = minutesItem(minutes);
    expect([item.PK, item.SK, item.id, item.ChangesSK]).toEqual(['MEETING#M1', 'MINUTES', 'M1', '2026-08-01T00:00:00.000Z#M1']);
    expect(minutesEntity.parse(item)).toEqual(minutes);
    const { corrections: _corrections, ...older } = item;
    expect(minutesEntity.parse(older).corrections).toEqual([]);
  });

  it('refuses an intervention whose speaker group does not exist', () => {
    const intervention: Intervention = {
      meetingId: 'M1',
      id: '01J.00',
      agendaItemId: 'a1',
      speakerId: 's1',
      group: 'ACADEMIA',
      region: 'AFRICAN',
      minutes: undefined,
      recordedAt: '2026-06-10T10:00:00.000Z',
      recordedBy: 'chair',
    };
    const item = interventionEntity.item(intervention);
    expect([item.PK, item.SK]).toEqual(['INTERVENTIONS#M1', 'I#01J.00']);
    expect(interventionEntity.parse(item)).toEqual(intervention);
    expect(refusal(() => interventionEntity.parse({ ...item, group: 'PRESS' }))?.path).toBe('Intervention.group');
  });
});
