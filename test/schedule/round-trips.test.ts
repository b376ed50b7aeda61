/**
 * The DynamoDB requests of reading a day of the released schedule, asserted
 * exactly: the day (its rooms and slots) in one read, its speakers in one
 * BatchGetItem — whatever the number of slots and speakers.
 */
import { describe, expect, it } from 'vitest';
import { gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { must } from '../helpers/meetings';
import { createPerson } from '../helpers/people';
import { SCHEDULE_DAY } from './documents';
import { at, place, release, scene } from './helpers';

describe('DynamoDB round trips of the schedule', { timeout: 120_000 }, () => {
  it('reads a day of the released schedule with its rooms, slots and speakers in two BatchGetItems', async () => {
    // Prepare: six sessions of two speakers each in three rooms
    const people = await Promise.all(Array.from({ length: 12 }, () => createPerson()));
    const s = await scene(
      Array.from({ length: 6 }, (_, i) => [people[2 * i]!, people[2 * i + 1]!]),
      [100, 80, 60],
    );
    for (let i = 0; i < 6; i++) await place(s, i, i % 3, at(s, 1, i < 3 ? '09:00' : '11:00'));
    must(await release(s));
    const commands: string[] = [];

    // Act
    const stop = onDynamoRequest((command) => commands.push(command));
    const result = await gql(SCHEDULE_DAY, { year: s.call.year, date: `${s.call.year}-06-24` }).finally(stop);

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.scheduleDay.rooms).toHaveLength(3);
    expect(result.data?.scheduleDay.slots).toHaveLength(6);
    expect(
      result.data?.scheduleDay.slots.flatMap((slot: { speakers: { stakeholder: { name: string } }[] }) => slot.speakers.map((sp) => sp.stakeholder.name)),
    ).toHaveLength(12);
    expect(commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
  });
});
