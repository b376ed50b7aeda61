/**
 * The intervention rules without a database: the meeting page and the interventions replaced by in-memory
 * stores (index.ts wires the DynamoDB ones), so each refusal — a public caller, an unknown meeting, the wrong
 * role, the wrong state, an agenda item or a speaker that does not belong, a reused idempotency key — is
 * checked with nothing written, and who spoke is shown only to those who may see it.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_CALLER, SECRETARIAT_GROUP, type Caller, type StoredRoles } from '../../functions/core/auth/caller';
import type { ItemKey } from '../../functions/core/dynamodb/keys';
import type { DomainError } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import { InterventionService, type InterventionStores, type RecordInterventionsInput } from '../../functions/modules/meetings/interventions.service';
import type { RecordOutcome } from '../../functions/modules/meetings/interventions.store';
import type { Attendance, Intervention, Meeting, MeetingStatus } from '../../functions/modules/meetings/meeting.model';
import type { MeetingService } from '../../functions/modules/meetings/meeting.service';
import type { Stakeholder, StakeholderService } from '../../functions/modules/stakeholders';

const NOW = new Date('2026-06-10T11:00:00.000Z');
const MEETING: Meeting = {
  id: '01J00000000000000000000MTG',
  year: 2026,
  kind: 'VIRTUAL',
  number: 3,
  title: 'Third virtual MAG meeting',
  startsAt: '2026-06-10T09:00:00.000Z',
  format: 'ONLINE',
  chairId: 'chair',
  consultationIds: [],
  status: 'HELD',
  agenda: [
    { id: 'a1', number: '1', title: 'Opening', documents: [], items: [] },
    { id: 'a2', number: '2', title: 'Themes', documents: [], items: [{ id: 'a2.1', number: '2.1', title: 'Inputs', documents: [], items: [] }] },
  ],
  agendaAdoptedAt: '2026-06-10T08:30:00.000Z',
  decisionCount: 0,
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-06-10T09:05:00.000Z',
  version: 3,
};

const attendee = (stakeholderId: string, status: Attendance['status']): Attendance => ({
  meetingId: MEETING.id,
  stakeholderId,
  role: 'MAG_MEMBER',
  mode: 'ONLINE',
  status,
  recordedAt: '2026-06-10T09:00:00.000Z',
});
const SPEAKERS: Readonly<Record<string, Pick<Stakeholder, 'group' | 'region'>>> = {
  ana: { group: 'ACADEMIA', region: 'AFRICAN' },
  bo: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC' },
  gone: { group: 'CIVIL_SOCIETY', region: 'AFRICAN' },
};

function caller(stakeholderId: string, groups: readonly string[] = []): Caller {
  const roles: StoredRoles = { stakeholderId, representativeOf: [] };
  return { kind: 'user', subject: `s-${stakeholderId}`, groups, roles: () => Promise.resolve(roles) };
}

/**
 * The meeting page and the interventions in memory, with the DynamoDB store's rules: a recording needs the
 * meeting HELD or MINUTES_DRAFT and each speaker PRESENT, and an idempotency key records once.
 */
function memoryStores(options: { readonly status?: MeetingStatus; readonly storeSays?: RecordOutcome } = {}) {
  const meeting: Meeting = { ...MEETING, status: options.status ?? MEETING.status };
  const attendance = [attendee('ana', 'PRESENT'), attendee('bo', 'PRESENT'), attendee('absent', 'APOLOGIES'), attendee('gone', 'PRESENT')];
  const stored: Intervention[] = [];
  const guards = new Map<string, { resultId: string; requestDigest: string }>();
  const reads: string[] = [];
  const stores: InterventionStores = {
    pages: {
      getMeetingPage: (id: string) =>
        Promise.resolve(id === meeting.id ? { meeting, attendance, decisions: [], actionItems: [], minutes: undefined } : undefined),
    },
    interventions: {
      listInterventions: (meetingId: string) => {
        reads.push(meetingId);
        return Promise.resolve(stored.filter((i) => i.meetingId === meetingId));
      },
      findRecording: (key: ItemKey) => Promise.resolve(guards.get(`${key.PK}|${key.SK}`)),
      recordInterventions: (meetingId: string, interventions: readonly Intervention[], guard: { key: ItemKey; requestDigest: string }) => {
        if (options.storeSays) return Promise.resolve(options.storeSays);
        const key = `${guard.key.PK}|${guard.key.SK}`;
        if (guards.has(key)) return Promise.resolve('replayed' as const);
        guards.set(key, { resultId: meetingId, requestDigest: guard.requestDigest });
        stored.push(...interventions);
        return Promise.resolve('saved' as const);
      },
    },
  };
  return { stores, stored, reads };
}

type Memory = ReturnType<typeof memoryStores>;

function service(who: Caller, memory: Memory, readsInternal = true) {
  const meetings = { mayReadInternal: () => Promise.resolve(readsInternal) } as unknown as MeetingService;
  const stakeholders = {
    get: (id: string) => Promise.resolve(SPEAKERS[id] ? ({ id, ...SPEAKERS[id] } as Stakeholder) : undefined),
  } as unknown as StakeholderService;
  return new InterventionService(who, () => NOW, meetings, stakeholders, memory.stores);
}

const meetingId = toGlobalId('Meeting', MEETING.id);
const entry = (agendaItemId: string, speaker: string, minutes?: number) => ({ agendaItemId, speakerId: toGlobalId('Stakeholder', speaker), minutes });
const input = (entries: RecordInterventionsInput['entries'], idempotencyKey = 'record-0001'): RecordInterventionsInput => ({
  meetingId,
  entries,
  idempotencyKey,
});

/** The refusal's code and the input field it names (if any); 'OK' when there is none. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: DomainError) => [error.code, error.details.field].filter(Boolean).join(' '),
  );

describe('recording interventions (in-memory stores)', () => {
  it('records each speaker with their group and region, in the order spoken, by the chair', async () => {
    const memory = memoryStores();
    const meeting = await service(caller('chair'), memory).record(input([entry('a1', 'ana', 3), entry('a2.1', 'bo'), entry('a1', 'ana', 1)]));
    expect(meeting.id).toBe(MEETING.id);
    expect(memory.stored.map((i) => [i.agendaItemId, i.speakerId, i.group, i.region, i.minutes, i.recordedBy, i.recordedAt])).toEqual([
      ['a1', 'ana', 'ACADEMIA', 'AFRICAN', 3, 'chair', NOW.toISOString()],
      ['a2.1', 'bo', 'GOVERNMENT', 'ASIA_PACIFIC', undefined, 'chair', NOW.toISOString()],
      ['a1', 'ana', 'ACADEMIA', 'AFRICAN', 1, 'chair', NOW.toISOString()],
    ]);
    const ids = memory.stored.map((i) => i.id);
    expect(ids.map((id) => id.slice(-3))).toEqual(['.00', '.01', '.02']);
    expect([...ids].sort()).toEqual(ids);
  });

  it('lets the secretariat record too, and refuses another MAG member (FORBIDDEN) and a public caller (UNAUTHENTICATED)', async () => {
    const memory = memoryStores();
    expect(await outcome(service(caller('member'), memory).record(input([entry('a1', 'ana')])))).toBe('FORBIDDEN');
    expect(await outcome(service(PUBLIC_CALLER, memory).record(input([entry('a1', 'ana')])))).toBe('UNAUTHENTICATED');
    expect(memory.stored).toEqual([]);
    expect(await outcome(service(caller('secretary', [SECRETARIAT_GROUP]), memory).record(input([entry('a1', 'ana')])))).toBe('OK');
    expect(memory.stored.map((i) => i.recordedBy)).toEqual(['secretary']);
  });

  it('refuses a meeting that does not exist (NOT_FOUND)', async () => {
    const memory = memoryStores();
    expect(await outcome(service(caller('chair'), memory).record({ ...input([entry('a1', 'ana')]), meetingId: toGlobalId('Meeting', 'nothing') }))).toBe(
      'NOT_FOUND',
    );
  });

  it('records while the meeting is HELD or its minutes are a draft, and refuses it before or after (CONFLICT)', async () => {
    for (const [status, expected] of [
      ['AGENDA_ADOPTED', 'CONFLICT'],
      ['HELD', 'OK'],
      ['MINUTES_DRAFT', 'OK'],
      ['CLOSED', 'CONFLICT'],
      ['CANCELLED', 'CONFLICT'],
    ] as const) {
      const memory = memoryStores({ status });
      expect([status, await outcome(service(caller('chair'), memory).record(input([entry('a1', 'ana')])))]).toEqual([status, expected]);
      expect(memory.stored.length).toBe(expected === 'OK' ? 1 : 0);
    }
  });

  it('refuses an agenda item of no agenda, a speaker not PRESENT and an unknown stakeholder, naming the entry (BAD_USER_INPUT)', async () => {
    const memory = memoryStores();
    const chair = service(caller('chair'), memory);
    expect(await outcome(chair.record(input([entry('a1', 'ana'), entry('a9', 'bo')])))).toBe('BAD_USER_INPUT input.entries.1.agendaItemId');
    expect(await outcome(chair.record(input([entry('a1', 'absent')])))).toBe('BAD_USER_INPUT input.entries.0.speakerId');
    expect(await outcome(chair.record(input([entry('a1', 'nobody')])))).toBe('BAD_USER_INPUT input.entries.0.speakerId');
    expect(memory.stored).toEqual([]);
  });

  it('refuses no entries, more than 40, and minutes outside 0..240 (BAD_USER_INPUT)', async () => {
    const memory = memoryStores();
    const chair = service(caller('chair'), memory);
    expect(await outcome(chair.record(input([])))).toMatch(/^BAD_USER_INPUT/);
    expect(await outcome(chair.record(input(Array.from({ length: 41 }, () => entry('a1', 'ana')))))).toMatch(/^BAD_USER_INPUT/);
    expect(await outcome(chair.record(input([entry('a1', 'ana', 241)])))).toMatch(/^BAD_USER_INPUT/);
    expect(await outcome(chair.record(input(Array.from({ length: 40 }, () => entry('a1', 'ana', 240)))))).toBe('OK');
    expect(memory.stored.length).toBe(40);
  });

  it('answers a retry with the same key and entries without recording twice, and refuses the key reused for other entries', async () => {
    const memory = memoryStores();
    const chair = service(caller('chair'), memory);
    await chair.record(input([entry('a1', 'ana')]));
    expect(await outcome(chair.record(input([entry('a1', 'ana')])))).toBe('OK');
    expect(await outcome(chair.record(input([entry('a1', 'bo')])))).toBe('CONFLICT input.idempotencyKey');
    expect(memory.stored.length).toBe(1);
  });

  it("turns the store's refusals into conflicts: the meeting moved on, or a speaker's attendance changed", async () => {
    expect(await outcome(service(caller('chair'), memoryStores({ storeSays: 'wrongState' })).record(input([entry('a1', 'ana')])))).toBe('CONFLICT');
    expect(await outcome(service(caller('chair'), memoryStores({ storeSays: 'notPresent' })).record(input([entry('a1', 'ana')])))).toBe('CONFLICT');
  });
});

describe('who spoke (in-memory stores)', () => {
  it('groups interventions by agenda item in agenda order, with the balance of each, read once per request until a recording', async () => {
    const memory = memoryStores();
    const chair = service(caller('chair'), memory);
    await chair.record(input([entry('a2.1', 'bo', 2), entry('a1', 'ana', 5), entry('a1', 'bo', 1)]));
    const view = await chair.speaking(MEETING);
    await chair.speaking(MEETING);
    expect(memory.reads).toEqual([MEETING.id]);
    expect(view?.interventions).toBe(3);
    expect(view?.byAgendaItem.map((item) => [item.agendaItemId, item.interventions.length, item.balance.byGroup.total])).toEqual([
      ['a1', 2, 2],
      ['a2.1', 1, 1],
    ]);
    expect(view?.balance.minutesByGroup.total).toBe(8);
    await chair.record(input([entry('a2', 'ana')], 'record-0002'));
    expect((await chair.speaking(MEETING))?.interventions).toBe(4);
    expect(memory.reads).toEqual([MEETING.id, MEETING.id]);
  });

  it('shows nothing to those who may not read the internal records until the meeting is closed', async () => {
    const memory = memoryStores();
    await service(caller('chair'), memory).record(input([entry('a1', 'ana')]));
    const outsider = service(PUBLIC_CALLER, memory, false);
    expect(await outsider.speaking(MEETING)).toBeNull();
    expect(memory.reads).toEqual([]);
    expect((await outsider.speaking({ ...MEETING, status: 'CLOSED' }))?.interventions).toBe(1);
  });

  it('refuses a threshold outside 0..1 (BAD_USER_INPUT)', async () => {
    expect(await outcome(service(caller('chair'), memoryStores()).speaking(MEETING, 1.5))).toBe('BAD_USER_INPUT threshold');
  });
});
