/** The inputs of the schedule service, and the ids it takes apart, checked before any read. */
import * as z from 'zod';
import { BadUserInputError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { text } from '../../core/validation';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const windowInput = z.lazy(() => z.object({ startsAt: instant, endsAt: instant }));
const roomFields = {
  name: text(2, 100),
  capacity: z.number().int().min(1, 'must be 1..100000').max(100_000, 'must be 1..100000'),
  availability: z.array(windowInput).max(50, 'must list at most 50 windows'),
};
export const createRoomInput = z.lazy(() =>
  z.object({ programmeId: z.string(), ...roomFields, idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters') }),
);
export const updateRoomInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.number().int().min(1),
    name: roomFields.name.nullish(),
    capacity: roomFields.capacity.nullish(),
    availability: roomFields.availability.nullish(),
  }),
);
const attendance = z.number().int().min(0, 'must be 0..100000').max(100_000, 'must be 0..100000');
export const placeInput = z.lazy(() =>
  z.object({
    sessionId: z.string(),
    roomId: z.string(),
    startsAt: instant,
    expectedAttendance: attendance.nullish(),
    scheduleVersion: z.number().int().min(0),
  }),
);
export const moveInput = z.lazy(() =>
  z.object({
    slotId: z.string(),
    roomId: z.string().nullish(),
    startsAt: instant.nullish(),
    expectedAttendance: attendance.nullish(),
    scheduleVersion: z.number().int().min(0),
  }),
);
export const removeInput = z.lazy(() => z.object({ slotId: z.string(), scheduleVersion: z.number().int().min(0) }));
export const releaseInput = z.lazy(() => z.object({ programmeId: z.string(), scheduleVersion: z.number().int().min(0), note: text(3, 2000).nullish() }));

/** Room, slot ids: `<year>.<ulid>`; release ids: `<year>.<version>`. */
export function yearOfScheduleId(id: string): number | undefined {
  const match = /^(\d{4})\.[0-9A-Za-z]{1,26}$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export function programmeYear(globalId: string, field: string): number {
  const id = internalId(globalId, 'Programme', field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

export function childOf(globalId: string, type: 'Room' | 'ScheduleSlot' | 'Proposal', field: string): { id: string; year: number } {
  const id = internalId(globalId, type, field);
  const year = yearOfScheduleId(id);
  if (year === undefined) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return { id, year };
}

export type CreateRoomInput = z.input<typeof createRoomInput>;
export type UpdateRoomInput = z.input<typeof updateRoomInput>;
export type PlaceSessionInput = z.input<typeof placeInput>;
export type MoveSlotInput = z.input<typeof moveInput>;
export type RemoveSlotInput = z.input<typeof removeInput>;
export type ReleaseInput = z.input<typeof releaseInput>;
