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
 * Consultations and contributions (issue 4):
 *
 * | access pattern                                  | index | key condition                                              |
 * |-------------------------------------------------|-------|------------------------------------------------------------|
 * | consultation by id (+ its counters)             | table | PK = CONSULTATION#<id>, SK = #META (#COUNTS)                |
 * | consultation, counters AND first page of its contributions, oldest first | table | PK = CONSULTATION#<id>, SK < "C$" (#COUNTS, #META, then C#<ulid>…) — ONE Query |
 * | next pages of a consultation's contributions    | table | PK = CONSULTATION#<id>, SK BETWEEN "C#" AND "C$" (after a cursor) |
 * | contribution by id (id = <consultationId>.<ulid>) | table | PK = CONSULTATION#<consultationId>, SK = C#<ulid>       |
 * | distinct-contributor marker per consultation    | table | PK = CONSULTATION#<id>, SK = CONTRIBUTOR#<stakeholderId>    |
 * | revisions of a contribution, in order           | table | PK = CONTRIBUTION#<id>, SK begins_with REV#                 |
 * | cycle uniqueness (year, sequence) guard         | table | PK = CYCLE#<year>, SK = SEQUENCE#<n>                        |
 * | per-year (cycle) counters                       | table | PK = CYCLE#<year>, SK = #COUNTS                             |
 * | distinct-contributor marker per year            | table | PK = CYCLE#<year>, SK = CONTRIBUTOR#<stakeholderId>         |
 * | contributions by author, newest first           | GSI1  | GSI1PK = CONTRIBUTIONS#AUTHOR#<stakeholderId>, GSI1SK = <createdAt>#<id> (descending) |
 * | replies of a contribution, oldest first         | GSI2  | GSI2PK = REPLIES#<parentId>, GSI2SK = <createdAt>#<id>      |
 * | consultations ordered by closing date (status filter) | GSI3 | GSI3PK = CONSULTATIONS, GSI3SK = <closesAt>#<id>        |
 * | consultations of a year ordered by closing date | GSI4  | GSI4PK = CONSULTATIONS#YEAR#<year>, GSI4SK = <closesAt>#<id> |
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

/**
 * Consultations and contributions. A consultation's partition holds its
 * counters (`#COUNTS`), the consultation (`#META`) — both sort before the
 * contributions (`C#<ulid>`), so one Query returns the consultation and a
 * page of its contributions — and the distinct-contributor markers
 * (`CONTRIBUTOR#…`, after `C$`, so never in that Query).
 */
export const consultationKeys = {
  partition: (id: string) => `CONSULTATION#${id}`,
  item: (id: string): ItemKey => ({ PK: `CONSULTATION#${id}`, SK: '#META' }),
  counts: (id: string): ItemKey => ({ PK: `CONSULTATION#${id}`, SK: '#COUNTS' }),
  metaSk: '#META',
  countsSk: '#COUNTS',
  /** Every contribution sort key lies in [contributionFirst, contributionEnd). */
  contributionFirst: 'C#',
  contributionEnd: 'C$',
  contribution: (consultationId: string, localId: string): ItemKey => ({ PK: `CONSULTATION#${consultationId}`, SK: `C#${localId}` }),
  contributor: (consultationId: string, stakeholderId: string): ItemKey => ({
    PK: `CONSULTATION#${consultationId}`,
    SK: `CONTRIBUTOR#${stakeholderId}`,
  }),
  revision: (contributionId: string, revision: number): ItemKey => ({
    PK: `CONTRIBUTION#${contributionId}`,
    SK: `REV#${String(revision).padStart(6, '0')}`,
  }),
  revisionsPartition: (contributionId: string) => `CONTRIBUTION#${contributionId}`,
  revisionPrefix: 'REV#',
  cycleGuard: (year: number, sequence: number): ItemKey => ({ PK: `CYCLE#${year}`, SK: `SEQUENCE#${sequence}` }),
  yearCounts: (year: number): ItemKey => ({ PK: `CYCLE#${year}`, SK: '#COUNTS' }),
  yearContributor: (year: number, stakeholderId: string): ItemKey => ({ PK: `CYCLE#${year}`, SK: `CONTRIBUTOR#${stakeholderId}` }),
  byClosingDate: (closesAt: string, id: string) => `${closesAt}#${id}`,
  all: () => 'CONSULTATIONS',
  byYear: (year: number) => `CONSULTATIONS#YEAR#${year}`,
  byAuthor: (stakeholderId: string) => `CONTRIBUTIONS#AUTHOR#${stakeholderId}`,
  replies: (parentId: string) => `REPLIES#${parentId}`,
  byTime: (createdAt: string, id: string) => `${createdAt}#${id}`,
} as const;

/** Bookkeeping items of the local tools (the demo-data marker). */
export const metaKeys = {
  seed: (): ItemKey => ({ PK: 'META', SK: 'SEED' }),
} as const;
