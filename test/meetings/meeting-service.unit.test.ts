/**
 * The meeting services' rules without a database: the meetings module's
 * stores replaced by in-memory ones (what index.ts wires is the DynamoDB
 * stores), so each refusal — before the start, at a stale version, by the
 * wrong role, outside the amendment window — is checked with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { SECRETARIAT_GROUP, type Caller, type StoredRoles } from '../../functions/core/auth/caller';
import type { DomainError, StaleVersionError } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import type { ConsultationService } from '../../functions/modules/consultations';
import type { ContributionService } from '../../functions/modules/contributions';
import type { MeetingStores } from '../../functions/modules/meetings/meeting.access';
import type { Meeting, MeetingStatus, Minutes, MinutesAmendment } from '../../functions/modules/meetings/meeting.model';
import { MeetingService } from '../../functions/modules/meetings/meeting.service';
import type { IssueService, ThemeService } from '../../functions/modules/programme';
import type { SelectionService } from '../../functions/modules/sessions';
import type { StakeholderService } from '../../functions/modules/stakeholders';

const START = new Date('2026-06-10T09:00:00.000Z');
const MEETING: Meeting = {
  id: '01J00000000000000000000MTG',
  year: 2026,
  kind: 'VIRTUAL',
  number: 3,
  title: 'Third virtual MAG meeting',
  startsAt: START.toISOString(),
  format: 'ONLINE',
  onlineLink: 'https://meet.example.org/mag-3',
  chairId: 'chair',
  consultationIds: [],
  status: 'AGENDA_ADOPTED',
  agenda: [],
  agendaAdoptedAt: '2026-06-10T08:30:00.000Z',
  decisionCount: 0,
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-06-10T08:30:00.000Z',
  version: 2,
};
const MINUTES: Minutes = {
  meetingId: MEETING.id,
  status: 'CIRCULATED',
  body: 'The MAG met and agreed the work plan.',
  revision: 2,
  amendmentWindowEndsAt: '2026-06-20T00:00:00.000Z',
  corrections: [],
  createdAt: '2026-06-11T00:00:00.000Z',
  updatedAt: '2026-06-13T00:00:00.000Z',
  version: 3,
};

function caller(stakeholderId: string, groups: readonly string[] = []): Caller {
  const roles: StoredRoles = { stakeholderId, representativeOf: [] };
  return { kind: 'user', subject: `s-${stakeholderId}`, groups, roles: () => Promise.resolve(roles) };
}

/** The meeting and its minutes in maps; every write is recorded, and conditions are those of the DynamoDB stores. */
function memoryStores(options: { readonly meeting?: Meeting; readonly present?: readonly string[] } = {}) {
  const meetings = new Map<string, Meeting>([[MEETING.id, options.meeting ?? MEETING]]);
  const minutes = new Map<string, Minutes>([[MINUTES.meetingId, MINUTES]]);
  const writes: string[] = [];
  const stores = {
    meetings: {
      getMeetings: (ids: readonly string[]) => Promise.resolve(ids.map((id) => meetings.get(id))),
      getMeetingConsistent: (id: string) => Promise.resolve(meetings.get(id)),
      saveMeeting: (next: Meeting, expectedVersion: number, from: readonly MeetingStatus[]) => {
        const current = meetings.get(next.id);
        if (!current || current.version !== expectedVersion || !from.includes(current.status)) return Promise.resolve('stale' as const);
        meetings.set(next.id, next);
        writes.push(`meeting ${next.status} v${next.version}`);
        return Promise.resolve('saved' as const);
      },
    },
    minutes: {
      getMinutesConsistent: (meetingId: string) => Promise.resolve(minutes.get(meetingId)),
      proposeAmendment: (amendment: MinutesAmendment) => {
        if (!(options.present ?? []).includes(amendment.authorId)) return Promise.resolve('notPresent' as const);
        writes.push(`amendment by ${amendment.authorId}`);
        return Promise.resolve('saved' as const);
      },
    },
  };
  return { stores: stores as unknown as MeetingStores, writes, meetings };
}

function meetingService(who: Caller, at: Date, memory: ReturnType<typeof memoryStores>) {
  const none = {} as never;
  const programme = { issues: none as IssueService, themes: none as ThemeService, selection: none as SelectionService };
  return new MeetingService(who, () => at, none as ConsultationService, none as ContributionService, none as StakeholderService, programme, memory.stores);
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: DomainError) => error.code,
  );
const meetingId = toGlobalId('Meeting', MEETING.id);

describe('the meeting service (in-memory stores)', () => {
  it('holds a meeting once it has started, at its version', async () => {
    // Prepare
    const memory = memoryStores();
    // Act
    const held = await meetingService(caller('chair'), new Date(START.getTime() + 60_000), memory).hold({ meetingId, version: 2 });
    // Assess
    expect([held.status, held.version]).toEqual(['HELD', 3]);
    expect(memory.writes).toEqual(['meeting HELD v3']);
  });

  it('refuses holding it before its start (NOT_OPEN) and writes nothing', async () => {
    const memory = memoryStores();
    expect(await code(meetingService(caller('chair'), new Date(START.getTime() - 1), memory).hold({ meetingId, version: 2 }))).toBe('NOT_OPEN');
    expect(memory.writes).toEqual([]);
  });

  it('refuses a stale version with the version now current (CONFLICT), writing nothing', async () => {
    const memory = memoryStores();
    const refusal = await meetingService(caller('chair'), new Date(START.getTime() + 60_000), memory)
      .hold({ meetingId, version: 1 })
      .then(
        () => undefined,
        (error: StaleVersionError) => error,
      );
    expect([refusal?.code, refusal?.currentVersion]).toEqual(['CONFLICT', 2]);
    expect(memory.writes).toEqual([]);
  });

  it('lets only the chair or the secretariat hold it (FORBIDDEN for another member)', async () => {
    const memory = memoryStores();
    const after = new Date(START.getTime() + 60_000);
    expect(await code(meetingService(caller('member'), after, memory).hold({ meetingId, version: 2 }))).toBe('FORBIDDEN');
    expect(await code(meetingService(caller('secretary', [SECRETARIAT_GROUP]), after, memory).hold({ meetingId, version: 2 }))).toBe('OK');
    expect(memory.writes).toEqual(['meeting HELD v3']);
  });

  it('refuses cancelling a held meeting (CONFLICT)', async () => {
    const memory = memoryStores({ meeting: { ...MEETING, status: 'HELD' } });
    expect(await code(meetingService(caller('secretary', [SECRETARIAT_GROUP]), START, memory).cancel({ meetingId, version: 2, reason: 'No quorum.' }))).toBe(
      'CONFLICT',
    );
    expect(memory.writes).toEqual([]);
  });
});

describe('the minutes (in-memory stores)', () => {
  const during = new Date('2026-06-15T00:00:00.000Z');

  it('takes an amendment from an attendee recorded PRESENT while the window is open', async () => {
    const memory = memoryStores({ present: ['attendee'] });
    await meetingService(caller('attendee'), during, memory).proposeAmendment({ meetingId, text: 'Add the civil society remarks.' });
    expect(memory.writes).toEqual(['amendment by attendee']);
  });

  it('refuses one from someone not recorded PRESENT (FORBIDDEN)', async () => {
    const memory = memoryStores({ present: ['attendee'] });
    expect(await code(meetingService(caller('absentee'), during, memory).proposeAmendment({ meetingId, text: 'Add my remarks.' }))).toBe('FORBIDDEN');
    expect(memory.writes).toEqual([]);
  });

  it('refuses one at the end of the window (DEADLINE_PASSED) before writing', async () => {
    const memory = memoryStores({ present: ['attendee'] });
    const end = new Date(MINUTES.amendmentWindowEndsAt as string);
    expect(await code(meetingService(caller('attendee'), end, memory).proposeAmendment({ meetingId, text: 'Too late.' }))).toBe('DEADLINE_PASSED');
    expect(memory.writes).toEqual([]);
  });

  it('refuses drafting minutes to anyone but the secretariat (FORBIDDEN)', async () => {
    const memory = memoryStores({ meeting: { ...MEETING, status: 'HELD' } });
    expect(await code(meetingService(caller('chair'), during, memory).draftMinutes({ meetingId, version: 2, body: 'Minutes.' }))).toBe('FORBIDDEN');
    expect(memory.writes).toEqual([]);
  });
});
