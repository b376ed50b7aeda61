/** Rooms of a programme's schedule: their capacity and availability, kept by the secretariat (idempotent creation, versioned edits). */
import { createHash } from 'node:crypto';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import { ConflictError, NotFoundError, ServiceUnavailableError, StaleVersionError, BadUserInputError } from '../../core/errors';
import { newId } from '../../core/ids';
import { parseInput } from '../../core/validation';
import type { ProgrammeService } from '../programme';
import { MAX_ROOMS, type Room } from './schedule.model';
import { childOf, createRoomInput, programmeYear, updateRoomInput, type CreateRoomInput, type UpdateRoomInput } from './schedule.inputs';
import type * as schedule from './schedule.store';

/** What rooms need of the schedule store. */
export interface RoomStores {
  readonly schedule: Pick<typeof schedule, 'listRooms' | 'createRoom' | 'saveRoom' | 'getRoomConsistent' | 'findIdempotentResult'>;
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

export class RoomService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly programmes: Pick<ProgrammeService, 'get'>,
    private readonly stores: RoomStores,
  ) {}

  async create(input: CreateRoomInput): Promise<Room> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(createRoomInput, input);
    const year = programmeYear(valid.programmeId, 'input.programmeId');
    const programme = await this.programmes.get(year);
    if (!programme) throw new NotFoundError('No such programme');
    this.checkWindows(valid.availability, 'input.availability');
    const key = idempotencyGuardKey('createRoom', this.caller.kind === 'user' ? this.caller.subject : 'public', valid.idempotencyKey);
    const requestDigest = digest(valid);
    const replay = await this.replayRoom(key, requestDigest, year);
    if (replay) return replay;
    if ((await this.stores.schedule.listRooms(year, MAX_ROOMS)).items.length >= MAX_ROOMS)
      throw new ConflictError(`A programme has at most ${MAX_ROOMS} rooms`);
    const now = this.now();
    const at = now.toISOString();
    const room: Room = {
      id: `${programme.year}.${newId(now)}`,
      year,
      name: valid.name,
      capacity: valid.capacity,
      availability: valid.availability,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if ((await this.stores.schedule.createRoom(room, { key, requestDigest }, now)) === 'replayed') {
      const again = await this.replayRoom(key, requestDigest, year);
      if (again) return again;
      throw new ServiceUnavailableError('The earlier request with this idempotency key is still being processed; retry shortly', { retriable: true });
    }
    return room;
  }

  async update(input: UpdateRoomInput): Promise<Room> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(updateRoomInput, input);
    const { id, year } = childOf(valid.id, 'Room', 'input.id');
    const current = await this.stores.schedule.getRoomConsistent(year, id);
    if (!current) throw new NotFoundError('No such room');
    if (current.version !== valid.version) throw new StaleVersionError('room', current.version);
    if (valid.availability) this.checkWindows(valid.availability, 'input.availability');
    const next: Room = {
      ...current,
      name: valid.name ?? current.name,
      capacity: valid.capacity ?? current.capacity,
      availability: valid.availability ?? current.availability,
      version: current.version + 1,
      updatedAt: this.now().toISOString(),
    };
    if ((await this.stores.schedule.saveRoom(next, current.version)) === 'stale')
      throw new StaleVersionError('room', (await this.stores.schedule.getRoomConsistent(year, id))?.version ?? current.version);
    return next;
  }

  private checkWindows(windows: readonly { startsAt: string; endsAt: string }[], field: string): void {
    windows.forEach((w, i) => {
      if (w.endsAt <= w.startsAt) throw new BadUserInputError(`${field}.${i}.endsAt: must be after startsAt`, `${field}.${i}.endsAt`);
    });
  }

  private async replayRoom(key: ReturnType<typeof idempotencyGuardKey>, requestDigest: string, year: number): Promise<Room | undefined> {
    const earlier = await this.stores.schedule.findIdempotentResult(key);
    if (!earlier) return undefined;
    if (earlier.requestDigest !== requestDigest)
      throw new ConflictError('This idempotency key was used for a different request', { field: 'input.idempotencyKey' });
    return this.stores.schedule.getRoomConsistent(year, earlier.resultId);
  }
}
