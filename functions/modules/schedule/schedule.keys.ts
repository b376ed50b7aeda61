/**
 * Key formats of the schedule — the only code that knows them. A programme's
 * schedule is one partition, `SCHEDULE#<year>`:
 *
 * | access pattern                                        | index | key condition                                        |
 * |-------------------------------------------------------|-------|------------------------------------------------------|
 * | the schedule's head (work-in-progress version, last release) | table | PK = SCHEDULE#<year>, SK = #HEAD — 1 GetItem  |
 * | a room by id; the programme's rooms                   | table | PK = SCHEDULE#<year>, SK = ROOM#<id> / begins_with ROOM# |
 * | a work-in-progress slot; all of them                  | table | PK = SCHEDULE#<year>, SK = SLOT#<id> / begins_with SLOT# |
 * | a release; the releases, newest first                 | table | PK = SCHEDULE#<year>, SK = RELEASE#<version, 6 digits> / begins_with RELEASE# |
 * | a day of the released schedule (rooms and slots in it) | table | PK = SCHEDULE#<year>, SK = DAY#<YYYY-MM-DD> — 1 GetItem |
 */
import type { ItemKey } from '../../core/dynamodb/keys';

const year4 = (year: number) => String(year).padStart(4, '0');
const partition = (year: number) => `SCHEDULE#${year4(year)}`;

export const scheduleKeys = {
  partition,
  head: (year: number): ItemKey => ({ PK: partition(year), SK: '#HEAD' }),
  room: (year: number, id: string): ItemKey => ({ PK: partition(year), SK: `ROOM#${id}` }),
  roomPrefix: 'ROOM#',
  slot: (year: number, id: string): ItemKey => ({ PK: partition(year), SK: `SLOT#${id}` }),
  slotPrefix: 'SLOT#',
  release: (year: number, version: number): ItemKey => ({ PK: partition(year), SK: `RELEASE#${String(version).padStart(6, '0')}` }),
  releasePrefix: 'RELEASE#',
  day: (year: number, date: string): ItemKey => ({ PK: partition(year), SK: `DAY#${date}` }),
} as const;
