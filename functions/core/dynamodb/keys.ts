/**
 * Key formats of the single table — the only module that knows them.
 *
 * Access patterns → key condition:
 *
 * | access pattern                                  | index | key condition                                              |
 * |-------------------------------------------------|-------|------------------------------------------------------------|
 * | stakeholder by id                               | table | PK = STAKEHOLDER#<id>, SK = PROFILE                        |
 * | stakeholder by email (uniqueness guard)         | table | PK = EMAIL#<normalised email>, SK = GUARD                  |
 * | caller identity and roles by token subject      | table | PK = SUBJECT#<sub>, SK = IDENTITY                          |
 * | stakeholders by group, ordered by name          | GSI1  | GSI1PK = STAKEHOLDERS#GROUP#<group>, GSI1SK begins_with name |
 * | stakeholders by region, ordered by name         | GSI2  | GSI2PK = STAKEHOLDERS#REGION#<region>, GSI2SK ...          |
 * | stakeholders by country, ordered by name        | GSI3  | GSI3PK = STAKEHOLDERS#COUNTRY#<cc>, GSI3SK ...             |
 * | all stakeholders, ordered by name               | GSI4  | GSI4PK = STAKEHOLDERS, GSI4SK begins_with name             |
 * | changes of one entity type since a time         | Changes | ChangesPK = CHANGES#<type>, ChangesSK > <since ISO>       |
 *
 * Sort keys that order by name use `nameKey(name)#<id>`: a case- and
 * accent-folded name, so a name prefix is a `begins_with` condition.
 */

export type ItemKey = { readonly PK: string; readonly SK: string };

/** Folds case and accents so ordering and prefix search match what people expect. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The change-feed keys every entity item carries (written with the item, so
 * the feed never misses a change): ordered by `updatedAt`, then id.
 */
export function changeKeys(type: string, updatedAt: string, id: string) {
  return { ChangesPK: `CHANGES#${type}`, ChangesSK: `${updatedAt}#${id}` } as const;
}

export const stakeholderKeys = {
  item: (id: string): ItemKey => ({ PK: `STAKEHOLDER#${id}`, SK: 'PROFILE' }),
  emailGuard: (email: string): ItemKey => ({ PK: `EMAIL#${email.trim().toLowerCase()}`, SK: 'GUARD' }),
  identity: (subject: string): ItemKey => ({ PK: `SUBJECT#${subject}`, SK: 'IDENTITY' }),
  byName: (name: string, id: string) => `${nameKey(name)}#${id}`,
  byGroup: (group: string) => `STAKEHOLDERS#GROUP#${group}`,
  byRegion: (region: string) => `STAKEHOLDERS#REGION#${region}`,
  byCountry: (country: string) => `STAKEHOLDERS#COUNTRY#${country}`,
  all: () => 'STAKEHOLDERS',
} as const;

/** Bookkeeping items of the local tools (the demo-data marker). */
export const metaKeys = {
  seed: (): ItemKey => ({ PK: 'META', SK: 'SEED' }),
} as const;
