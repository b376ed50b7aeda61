/** The entity declaration (core/dynamodb/entity.ts): the item it builds, the value it parses back, the item it refuses. */
import { describe, expect, it } from 'vitest';
import { attr, defineEntity, MalformedItemError } from '../../functions/core/dynamodb/entity';
import { stakeholderEntity } from '../../functions/modules/stakeholders/stakeholder.items';
import type { Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';

interface Talk {
  readonly id: string;
  readonly room: string;
  readonly title: string;
  readonly level: 'INTRO' | 'DEEP';
  readonly tags: readonly string[];
  readonly chair?: { readonly name: string; readonly seat: number } | undefined;
  readonly storedState: 'OPEN' | 'SHUT';
  readonly updatedAt: string;
}

const talks = defineEntity<Talk>()({
  name: 'Talk',
  attributes: {
    id: attr.string,
    room: attr.string,
    title: attr.string,
    level: attr.oneOf(['INTRO', 'DEEP'] as const),
    tags: attr.orElse(attr.list(attr.string), []),
    chair: attr.optional(attr.object({ name: attr.string, seat: attr.number })),
    storedState: attr.storedAs('state', attr.oneOf(['OPEN', 'SHUT'] as const)),
    updatedAt: attr.string,
  },
  key: (talk) => ({ PK: `TALK#${talk.id}`, SK: 'META' }),
  changes: (talk) => [talk.updatedAt, talk.id],
  patterns: {
    byRoom: { index: 'gsi1', pk: (p: Pick<Talk, 'room'>) => `ROOM#${p.room}`, sk: (talk) => `${talk.title}#${talk.id}` },
    moved: { index: 'gsi2', pk: () => 'MOVED' },
    ofRoomTable: { pk: (p: Pick<Talk, 'room'>) => `ROOM#${p.room}` },
  },
});

const talk: Talk = {
  id: 't1',
  room: 'A',
  title: 'Keys',
  level: 'DEEP',
  tags: ['dynamodb'],
  chair: { name: 'Ana', seat: 3 },
  storedState: 'OPEN',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('an entity declaration', () => {
  it('builds the whole item: key, entity, the index slots its patterns fill, the change feed, the attributes under their stored names', () => {
    // Act
    const item = talks.item(talk);
    // Assess
    expect(item).toEqual({
      PK: 'TALK#t1',
      SK: 'META',
      entity: 'Talk',
      GSI1PK: 'ROOM#A',
      GSI1SK: 'Keys#t1',
      ChangesPK: 'CHANGES#Talk',
      ChangesSK: '2026-01-01T00:00:00.000Z#t1',
      id: 't1',
      room: 'A',
      title: 'Keys',
      level: 'DEEP',
      tags: ['dynamodb'],
      chair: { name: 'Ana', seat: 3 },
      state: 'OPEN',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    // A pattern without a sort key (filled by an update elsewhere) is not written.
    expect(item).not.toHaveProperty('GSI2PK');
    expect(item).not.toHaveProperty('storedState');
  });

  it('parses its own item back to the same value, and defaults what older items lack', () => {
    // Prepare
    const { tags: _tags, chair: _chair, ...older } = talks.item(talk);
    // Act, Assess
    expect(talks.parse(talks.item(talk))).toEqual(talk);
    expect(talks.parse(older)).toEqual({ ...talk, tags: [], chair: undefined });
  });

  it('names a pattern for a query: its index and partition, from only what the query knows', () => {
    expect(talks.at.byRoom({ room: 'B' })).toEqual({ index: 'gsi1', pk: 'ROOM#B' });
    expect(talks.at.moved({})).toEqual({ index: 'gsi2', pk: 'MOVED' });
    expect(talks.at.ofRoomTable({ room: 'B' })).toEqual({ pk: 'ROOM#B' });
  });

  it('refuses a malformed item, naming the attribute and what it should be', () => {
    const item = talks.item(talk);
    const refusal = (bad: Record<string, unknown>) => {
      try {
        talks.parse(bad);
      } catch (error) {
        return error instanceof MalformedItemError ? `${error.path}: ${error.expected}` : error;
      }
      return 'accepted';
    };
    expect(refusal({ ...item, title: 42 })).toBe('Talk.title: a string');
    expect(refusal({ ...item, title: undefined })).toBe('Talk.title: a string');
    expect(refusal({ ...item, level: 'SHALLOW' })).toBe('Talk.level: one of INTRO, DEEP');
    expect(refusal({ ...item, state: undefined })).toBe('Talk.state: one of OPEN, SHUT');
    expect(refusal({ ...item, tags: 'dynamodb' })).toBe('Talk.tags: a list');
    expect(refusal({ ...item, tags: ['a', 7] })).toBe('Talk.tags[1]: a string');
    expect(refusal({ ...item, chair: { name: 'Ana', seat: '3' } })).toBe('Talk.chair.seat: a number');
    expect(refusal({ ...item, chair: ['Ana'] })).toBe('Talk.chair: a map');
    expect(refusal({ ...item, entity: 'Room' })).toBe('Talk.entity: "Talk"');
  });

  it('reads an item by key as undefined when it is absent or another entity, and refuses it when malformed', () => {
    const item = talks.item(talk);
    expect(talks.from(undefined)).toBeUndefined();
    expect(talks.from({ ...item, entity: 'Room' })).toBeUndefined();
    expect(talks.from(item)).toEqual(talk);
    expect(() => talks.from({ ...item, updatedAt: 1 })).toThrow(MalformedItemError);
  });

  it('parses only the fields a projected query read', () => {
    const pick = talks.pick(['id', 'title']);
    expect(pick({ id: 't1', title: 'Keys' })).toEqual({ id: 't1', title: 'Keys' });
    expect(() => pick({ id: 't1' })).toThrow(MalformedItemError);
  });

  it('reads a string set as a list of its declared values', () => {
    const kinds = attr.set(attr.oneOf(['A', 'B'] as const));
    expect(kinds.parse(new Set(['B', 'A']), 'x').sort()).toEqual(['A', 'B']);
    expect(() => kinds.parse(new Set(['C']), 'x')).toThrow('Malformed item: x[0] is not one of A, B');
    expect(() => kinds.parse(['A'], 'x')).toThrow('Malformed item: x is not a set');
  });

  it('refuses a declaration whose two patterns fill the same index slot', () => {
    expect(() =>
      defineEntity<Pick<Talk, 'id'>>()({
        name: 'Clash',
        attributes: { id: attr.string },
        key: (v) => ({ PK: v.id, SK: 'X' }),
        patterns: { one: { index: 'gsi1', pk: () => 'A', sk: (v) => v.id }, two: { index: 'gsi1', pk: () => 'B', sk: (v) => v.id } },
      }),
    ).toThrow('Clash: two access patterns fill the same index slot');
  });
});

describe('the stakeholder declaration', () => {
  const stakeholder: Stakeholder = {
    id: 's1',
    kind: 'PERSON',
    name: 'Élise Martin',
    group: 'CIVIL_SOCIETY',
    region: 'WESTERN_EUROPEAN_AND_OTHERS',
    country: 'FR',
    languages: ['fr'],
    contactEmail: 'elise@example.org',
    verification: 'VERIFIED',
    relevantOrganisation: false,
    representativeOf: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    version: 2,
  };

  it('fills the four directory slots with the name key and the change feed with its last change', () => {
    const item = stakeholderEntity.item(stakeholder);
    expect(item).toMatchObject({
      PK: 'STAKEHOLDER#s1',
      SK: 'PROFILE',
      entity: 'Stakeholder',
      GSI1PK: 'STAKEHOLDERS#GROUP#CIVIL_SOCIETY',
      GSI2PK: 'STAKEHOLDERS#REGION#WESTERN_EUROPEAN_AND_OTHERS',
      GSI3PK: 'STAKEHOLDERS#COUNTRY#FR',
      GSI4PK: 'STAKEHOLDERS',
      GSI4SK: 'elise martin#s1',
      ChangesSK: '2026-01-02T00:00:00.000Z#s1',
    });
    expect(stakeholderEntity.parse(item)).toEqual({
      ...stakeholder,
      affiliationId: undefined,
      website: undefined,
      description: undefined,
      confirmedEmail: undefined,
      confirmedEmailAt: undefined,
      gender: undefined,
      magTerm: undefined,
      proposedBy: undefined,
      subject: undefined,
    });
  });

  it('refuses a profile with a group that does not exist', () => {
    expect(() => stakeholderEntity.parse({ ...stakeholderEntity.item(stakeholder), group: 'PIRATES' })).toThrow(/Stakeholder\.group is not one of/);
  });
});
