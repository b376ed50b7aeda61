/**
 * Rules for rooms and the schedule. The secretariat keeps rooms (capacity,
 * availability) and edits the work-in-progress schedule — placing a confirmed
 * session in a room at a time makes it SCHEDULED, in the same transaction
 * (through the selection service) — at the schedule's version. The work in
 * progress is internal (MAG members in term, secretariat). A release
 * publishes it as numbered version N+1, refused while the checks find a
 * refusal (schedule.model.ts), with the warnings recorded; it names the slots
 * that changed since the last release and mails the affected speakers
 * through the outbox, in the release's transaction. Released days are public.
 */
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import type { Page } from '../../core/dynamodb/query';
import { BadUserInputError, ConflictError, NotFoundError, RulesBrokenError, StaleVersionError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import { mailEvent } from '../outbox';
import type { ProgrammeService } from '../programme';
import type { ProposalService, SelectionService, Session } from '../sessions';
import {
  MAX_SLOTS,
  attendingSpeakers,
  checkSchedule,
  dayOf,
  diffSlots,
  type DayView,
  type Release,
  type Room,
  type ScheduleHead,
  type ScheduleIssue,
  type Slot,
  type SlotPrint,
  type WorkInProgress,
} from './schedule.model';
import {
  childOf,
  moveInput,
  placeInput,
  programmeYear,
  releaseInput,
  removeInput,
  yearOfScheduleId,
  type CreateRoomInput,
  type MoveSlotInput,
  type PlaceSessionInput,
  type ReleaseInput,
  type RemoveSlotInput,
  type UpdateRoomInput,
} from './schedule.inputs';
import { RoomService } from './room.service';
import { releaseRecord } from './schedule.release';
import type * as schedule from './schedule.store';

/** The stores the schedule service works with (index.ts passes the DynamoDB one). */
export interface ScheduleStores {
  readonly schedule: typeof schedule;
}

type Programme = NonNullable<Awaited<ReturnType<ProgrammeService['get']>>>;

export interface ReleaseResult {
  readonly release: Release;
  readonly warnings: readonly ScheduleIssue[];
}

export class ScheduleService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly programmes: Pick<ProgrammeService, 'get'>,
    private readonly selection: Pick<SelectionService, 'placement'>,
    private readonly proposals: Pick<ProposalService, 'loader' | 'call'>,
    private readonly stores: ScheduleStores,
    private readonly roomService = new RoomService(caller, now, programmes, stores),
  ) {}

  // ── public reads ──

  async head(year: number): Promise<ScheduleHead> {
    const [head] = await this.stores.schedule.getHeads([year]);
    return head as ScheduleHead;
  }

  rooms(year: number, first?: number | null, after?: string | null): Promise<Page<Room>> {
    return this.stores.schedule.listRooms(year, pageSize(first), after);
  }

  async room(id: string): Promise<Room | undefined> {
    const year = yearOfScheduleId(id);
    return year === undefined ? undefined : (await this.stores.schedule.getRooms([{ year, id }]))[0];
  }

  roomByGlobalId(globalId: string): Promise<Room | undefined> {
    return this.room(internalId(globalId, 'Room'));
  }

  /** The latest release of a schedule (its days). */
  async latestRelease(head: ScheduleHead): Promise<Release | undefined> {
    return head.releasedVersion > 0 ? (await this.stores.schedule.getReleases([{ year: head.year, version: head.releasedVersion }]))[0] : undefined;
  }

  releases(year: number, first?: number | null, after?: string | null): Promise<Page<Release>> {
    return this.stores.schedule.listReleases(year, pageSize(first), after);
  }

  async release(id: string): Promise<Release | undefined> {
    const match = /^(\d{4})\.(\d{1,6})$/.exec(id);
    return match ? (await this.stores.schedule.getReleases([{ year: Number(match[1]), version: Number(match[2]) }]))[0] : undefined;
  }

  /** A day of the released schedule (one GetItem; the speakers' names come through the registry's loader). */
  async day(year: number, date: string): Promise<DayView | undefined> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new BadUserInputError('date: must be YYYY-MM-DD', 'date');
    return (await this.stores.schedule.getDays([{ year, date }]))[0];
  }

  // ── the work in progress (internal) ──

  async workInProgress(year: number): Promise<WorkInProgress | undefined> {
    if (!(await can(this.caller, { type: 'schedule.readDraft', year }))) return undefined;
    const [head, slots, rooms] = await Promise.all([
      this.stores.schedule.getHeadConsistent(year),
      this.stores.schedule.allSlots(year),
      this.stores.schedule.allRooms(year),
    ]);
    return { head, slots, rooms };
  }

  async slot(id: string): Promise<Slot | undefined> {
    const year = yearOfScheduleId(id);
    if (year === undefined || !(await can(this.caller, { type: 'schedule.readDraft', year }))) return undefined;
    return (await this.stores.schedule.getSlots([{ year, id }]))[0];
  }

  /** The refusals and warnings releasing the work in progress would meet now. */
  async issues(wip: WorkInProgress): Promise<{ refusals: ScheduleIssue[]; warnings: ScheduleIssue[] }> {
    const sessions = await this.sessionsOf(wip.slots);
    return checkSchedule(wip.slots, new Map(wip.rooms.map((r) => [r.id, r])), sessions, await this.speakerCap(wip.head.year));
  }

  // ── rooms (room.service.ts) ──

  createRoom(input: CreateRoomInput): Promise<Room> {
    return this.roomService.create(input);
  }

  updateRoom(input: UpdateRoomInput): Promise<Room> {
    return this.roomService.update(input);
  }

  // ── editing the work in progress ──

  /** Places a confirmed session in a room at a time: a new slot, the session SCHEDULED. */
  async placeSession(input: PlaceSessionInput): Promise<{ slot: Slot; head: ScheduleHead }> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(placeInput, input);
    const session = childOf(valid.sessionId, 'Proposal', 'input.sessionId');
    const room = childOf(valid.roomId, 'Room', 'input.roomId');
    if (room.year !== session.year) throw new BadUserInputError("input.roomId: a room of the session's programme", 'input.roomId');
    const year = session.year;
    const [programme, head, foundRoom] = await Promise.all([
      this.programme(year),
      this.stores.schedule.getHeadConsistent(year),
      this.stores.schedule.getRoomConsistent(year, room.id),
    ]);
    if (!foundRoom) throw new BadUserInputError('input.roomId: no such room', 'input.roomId');
    if (head.version !== valid.scheduleVersion) throw new StaleVersionError('schedule', head.version);
    const current = (await this.proposals.loader.clear(session.id).load(session.id)) as Session | undefined;
    if (!current) throw new BadUserInputError('input.sessionId: no such session', 'input.sessionId');
    const endsAt = new Date(Date.parse(valid.startsAt) + current.durationMinutes * 60_000).toISOString();
    this.checkWithinProgramme(programme, valid.startsAt, endsAt, 'input.startsAt');
    const at = this.now().toISOString();
    const slot: Slot = {
      id: `${year}.${newId(this.now())}`,
      year,
      sessionId: session.id,
      roomId: room.id,
      startsAt: valid.startsAt,
      endsAt,
      ...(valid.expectedAttendance != null ? { expectedAttendance: valid.expectedAttendance } : {}),
      createdAt: at,
      updatedAt: at,
    };
    const { count } = await this.slotCount(year);
    if (count >= MAX_SLOTS) throw new ConflictError(`A schedule has at most ${MAX_SLOTS} slots`);
    const placement = await this.selection.placement(session.id, { slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt }, 'input.sessionId');
    await this.edit(head, { put: slot, creating: true }, placement.item, at);
    this.proposals.loader.clear(session.id);
    return { slot, head: { ...head, version: head.version + 1, updatedAt: at } };
  }

  /** Moves a slot to another room or time (the session stays SCHEDULED). */
  async moveSlot(input: MoveSlotInput): Promise<{ slot: Slot; head: ScheduleHead }> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(moveInput, input);
    const { id, year } = childOf(valid.slotId, 'ScheduleSlot', 'input.slotId');
    const roomId = valid.roomId != null ? childOf(valid.roomId, 'Room', 'input.roomId') : undefined;
    if (roomId && roomId.year !== year) throw new BadUserInputError("input.roomId: a room of the slot's programme", 'input.roomId');
    const [current, head, programme] = await Promise.all([
      this.stores.schedule.getSlotConsistent(year, id),
      this.stores.schedule.getHeadConsistent(year),
      this.programme(year),
    ]);
    if (!current) throw new NotFoundError('No such slot');
    if (head.version !== valid.scheduleVersion) throw new StaleVersionError('schedule', head.version);
    if (roomId && !(await this.stores.schedule.getRoomConsistent(year, roomId.id))) throw new BadUserInputError('input.roomId: no such room', 'input.roomId');
    const startsAt = valid.startsAt ?? current.startsAt;
    const endsAt = new Date(Date.parse(startsAt) + (Date.parse(current.endsAt) - Date.parse(current.startsAt))).toISOString();
    this.checkWithinProgramme(programme, startsAt, endsAt, 'input.startsAt');
    const at = this.now().toISOString();
    const next: Slot = {
      ...current,
      roomId: roomId?.id ?? current.roomId,
      startsAt,
      endsAt,
      ...(valid.expectedAttendance != null ? { expectedAttendance: valid.expectedAttendance } : {}),
      updatedAt: at,
    };
    const placement = await this.selection.placement(current.sessionId, { slotId: current.id, startsAt, endsAt }, 'input.slotId');
    await this.edit(head, { put: next }, placement.item, at);
    this.proposals.loader.clear(current.sessionId);
    return { slot: next, head: { ...head, version: head.version + 1, updatedAt: at } };
  }

  /** Takes a session out of the schedule: its slot goes, the session is CONFIRMED again. */
  async removeSlot(input: RemoveSlotInput): Promise<ScheduleHead> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(removeInput, input);
    const { id, year } = childOf(valid.slotId, 'ScheduleSlot', 'input.slotId');
    const [current, head] = await Promise.all([this.stores.schedule.getSlotConsistent(year, id), this.stores.schedule.getHeadConsistent(year)]);
    if (!current) throw new NotFoundError('No such slot');
    if (head.version !== valid.scheduleVersion) throw new StaleVersionError('schedule', head.version);
    const at = this.now().toISOString();
    const placement = await this.selection.placement(current.sessionId, undefined, 'input.slotId');
    await this.edit(head, { deleteId: id }, placement.item, at);
    this.proposals.loader.clear(current.sessionId);
    return { ...head, version: head.version + 1, updatedAt: at };
  }

  // ── releasing ──

  /** Releases the work in progress at its version as the next numbered version (refused while a check fails). */
  async releaseWorkInProgress(input: ReleaseInput): Promise<ReleaseResult> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(releaseInput, input);
    const year = programmeYear(valid.programmeId, 'input.programmeId');
    await this.programme(year);
    const [head, slots, rooms] = await Promise.all([
      this.stores.schedule.getHeadConsistent(year),
      this.stores.schedule.allSlots(year),
      this.stores.schedule.allRooms(year),
    ]);
    if (head.version !== valid.scheduleVersion) throw new StaleVersionError('schedule', head.version);
    if (head.version === 0 || head.releasedAtVersion === head.version) {
      throw new ConflictError('Nothing to release: the work in progress has not changed since the last release', { field: 'input.scheduleVersion' });
    }
    const sessions = await this.sessionsOf(slots);
    const roomMap = new Map(rooms.map((r) => [r.id, r]));
    const { refusals, warnings } = checkSchedule(slots, roomMap, sessions, await this.speakerCap(year));
    if (refusals.length > 0) {
      throw new RulesBrokenError(`The schedule cannot be released: ${refusals.length} problem(s) (${[...new Set(refusals.map((r) => r.rule))].join(', ')})`, {
        violations: refusals,
      });
    }
    const previous = await this.stores.schedule.getReleaseConsistent(year, head.releasedVersion);
    const prints: SlotPrint[] = slots.map((s) => ({ id: s.id, sessionId: s.sessionId, roomId: s.roomId, startsAt: s.startsAt, endsAt: s.endsAt }));
    const changes = diffSlots(previous?.slots ?? [], prints);
    // Speakers of every changed slot: of the sessions placed now, and of sessions taken out.
    const removedSessions = await this.loadSessions(changes.filter((c) => !sessions.has(c.sessionId)).map((c) => c.sessionId));
    const affected = [
      ...new Set(
        changes.flatMap((c) =>
          attendingSpeakers(sessions.get(c.sessionId) ?? removedSessions.get(c.sessionId) ?? { id: '', type: 'WORKSHOP', title: '', speakers: [] }),
        ),
      ),
    ].sort();
    const now = this.now();
    const at = now.toISOString();
    const version = head.releasedVersion + 1;
    const { release, days } = releaseRecord({
      year,
      version,
      note: valid.note ?? undefined,
      at,
      releasedBy: this.caller.kind === 'user' ? this.caller.subject : 'secretariat',
      slots,
      sessions,
      rooms,
      previous,
      changes,
      warnings,
      affected,
      prints,
    });
    const mail =
      affected.length > 0
        ? [mailEvent('SCHEDULE_CHANGED', { type: 'stakeholders', stakeholderIds: affected }, { year, version, changedSlots: changes.length }, now)]
        : [];
    if ((await this.stores.schedule.saveRelease(head, { ...release }, days, mail)) === 'stale') {
      const latest = await this.stores.schedule.getHeadConsistent(year);
      throw new StaleVersionError('schedule', latest.version);
    }
    return { release, warnings };
  }

  // ── helpers ──

  private async programme(year: number): Promise<Programme> {
    const programme = await this.programmes.get(year);
    if (!programme) throw new NotFoundError('No such programme');
    return programme;
  }

  private checkWithinProgramme(programme: Programme, startsAt: string, endsAt: string, field: string): void {
    if (dayOf(startsAt) < dayOf(programme.startsAt) || dayOf(endsAt) > dayOf(programme.endsAt)) {
      throw new BadUserInputError(`${field}: must fall within the programme's days (${dayOf(programme.startsAt)}..${dayOf(programme.endsAt)})`, field);
    }
  }

  private async edit(
    head: ScheduleHead,
    edit: Parameters<ScheduleStores['schedule']['editSlot']>[1],
    session: Parameters<ScheduleStores['schedule']['editSlot']>[2],
    at: string,
  ): Promise<void> {
    const outcome = await this.stores.schedule.editSlot(head, edit, session, at);
    if (outcome.ok) return;
    if (outcome.failed === 'head') throw new StaleVersionError('schedule', (await this.stores.schedule.getHeadConsistent(head.year)).version);
    throw new ConflictError('The session or the slot changed meanwhile; reload and retry');
  }

  private async slotCount(year: number): Promise<{ count: number }> {
    return { count: (await this.stores.schedule.listSlots(year, MAX_SLOTS)).items.length };
  }

  private async speakerCap(year: number): Promise<number> {
    // The per-event cap is the call's "sessions per speaker" rule (IGF 2015–2018: 3), configurable per programme.
    const call = await this.proposals.call(year);
    return call?.screening.sessionsPerSpeaker ?? 3;
  }

  private async loadSessions(ids: readonly string[]): Promise<Map<string, Session>> {
    const unique = [...new Set(ids)];
    const found = await this.proposals.loader.loadMany(unique);
    const out = new Map<string, Session>();
    found.forEach((s, i) => {
      if (s && !(s instanceof Error)) out.set(unique[i] as string, s as Session);
    });
    return out;
  }

  private sessionsOf(slots: readonly Slot[]): Promise<Map<string, Session>> {
    return this.loadSessions(slots.map((s) => s.sessionId));
  }
}
