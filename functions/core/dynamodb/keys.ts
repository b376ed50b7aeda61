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
 * | directory with several filters                  | GSI3 (country) > GSI1 (group) > GSI2 (region) > GSI4; the other filters as FilterExpression |
 * | representatives of an organisation              | table | PK = STAKEHOLDER#<orgId>, SK begins_with REPRESENTATIVE#   |
 * | the MAG roster (composition by group × region)  | table | PK = MAG#ROSTER (one item per appointed member, ≤ ~100)    |
 * | changes of one entity type since a time         | Changes | ChangesPK = CHANGES#<type>, ChangesSK > <since ISO>       |
 * |   (the feed merges one such Query per type; its cursor holds each type's last ChangesSK) |  |                   |
 * | reporting cycle by year (unique: conditional put) | table | PK = REPORTING_CYCLE#<year>, SK = CYCLE                    |
 * |   … with its compliance counters (same item)    | table | (counters `n:*` on the cycle item, ADDed in every transition's transaction) |
 * | reporting cycles, newest year first             | GSI1  | GSI1PK = REPORTING_CYCLES, GSI1SK = <year, 4 digits>       |
 * | reporting cycles by due date (the deadline job) | GSI2  | GSI2PK = REPORTING_CYCLES#DUE, GSI2SK = <dueAt>#<year> (<= <ISO instant>#~) |
 * | report of an organisation for a year            | table | PK = REPORT#<year>#<orgId>, SK = REPORT                    |
 * | revisions of a report, in order (kept forever)  | table | PK = REPORT#<year>#<orgId>, SK begins_with REV#            |
 * | reports of a year with a status, by org name    | GSI1  | GSI1PK = REPORTS#<year>#<status>, GSI1SK = <name>#<orgId>  |
 * |   (DRAFT = organisations still missing)         |       |                                                            |
 * | reports of an organisation across years         | GSI2  | GSI2PK = REPORTS#ORG#<orgId>, GSI2SK = <year>              |
 * | all reports of a year, by organisation name     | GSI3  | GSI3PK = REPORTS#<year>, GSI3SK = <name>#<orgId>           |
 * | notifications of an organisation, newest first  | table | PK = NOTIFICATIONS#<orgId>, SK = <ISO instant>#<id>        |
 * | reminder sent once (guard)                      | table | PK = REMINDER#<year>#<orgId>, SK = DAYS#<n> (or OVERDUE)   |
 *
 * A "reporting cycle" is the year of annual reporting (REPORTING_CYCLE#); a
 * "consultation year" holds the year's three consultations and their
 * counters (CONSULTATION_YEAR#). The two never share a partition.
 *
 * Consultations and contributions:
 *
 * | access pattern                                  | index | key condition                                              |
 * |-------------------------------------------------|-------|------------------------------------------------------------|
 * | consultation by id                              | table | PK = CONSULTATION#<id>, SK = #META                          |
 * | consultation AND first page of its contributions, oldest first | table | PK = CONSULTATION#<id>, SK < "C$" (#META, then C#<ulid>…) — ONE Query |
 * | next pages of a consultation's contributions    | table | PK = CONSULTATION#<id>, SK BETWEEN "C#" AND "C$" (after a cursor) |
 * | contribution by id (id = <consultationId>.<ulid>) | table | PK = CONSULTATION#<consultationId>, SK = C#<ulid>       |
 * | consultation counters: all shards, summed       | table | BatchGet of PK = CONSULTATION#<id>#COUNTS#00..31, SK = #COUNTS |
 * | revisions of a contribution, in order           | table | PK = CONTRIBUTION#<id>, SK begins_with REV#                 |
 * | consultation (year, sequence) uniqueness guard  | table | PK = CONSULTATION_YEAR#<year>, SK = SEQUENCE#<n>            |
 * | consultation-year counters: all shards, summed  | table | BatchGet of PK = CONSULTATION_YEAR#<year>#COUNTS#00..31, SK = #COUNTS |
 * | distinct-contributor marker per consultation    | table | PK = PARTICIPANT#<stakeholderId>, SK = CONSULTATION#<id>   |
 * | distinct-contributor marker per year            | table | PK = PARTICIPANT#<stakeholderId>, SK = YEAR#<year>         |
 * | contributions by author, newest first           | GSI1  | GSI1PK = CONTRIBUTIONS#AUTHOR#<stakeholderId>, GSI1SK = <createdAt>#<id> (descending) |
 * | replies of a contribution, oldest first         | GSI2  | GSI2PK = REPLIES#<parentId>, GSI2SK = <createdAt>#<id>      |
 * | consultations ordered by closing date (status filter) | GSI3 | GSI3PK = CONSULTATIONS, GSI3SK = <closesAt>#<id>        |
 * | consultations of a year ordered by closing date | GSI4  | GSI4PK = CONSULTATIONS#YEAR#<year>, GSI4SK = <closesAt>#<id> |
 *
 * Mail (outbox, deliveries, confirmations, preferences, subscriptions):
 *
 * | access pattern                                  | index | key condition                                              |
 * |-------------------------------------------------|-------|------------------------------------------------------------|
 * | a mail event (outbox item) and its deliveries   | table | PK = MAIL#<eventId>, SK = EVENT / TO#<stakeholderId>       |
 * | mail due to be processed, oldest first          | GSI1  | GSI1PK = MAIL#QUEUE, GSI1SK <= <ISO instant>#~             |
 * | dead letters, newest first                      | GSI1  | GSI1PK = MAIL#DEAD, GSI1SK = <parkedAt>#<id>               |
 * | confirmation code (hashed) → stakeholder, address | table | PK = MAILCONFIRM#<sha-256 of the code>, SK = CODE        |
 * | address undeliverable (bounce, complaint)       | table | PK = EMAIL#<address>, SK = SUPPRESSED                      |
 * | a stakeholder's mail preferences                | table | PK = STAKEHOLDER#<id>, SK = MAIL#PREFERENCES               |
 * | unsubscribe token → stakeholder                 | table | PK = UNSUBSCRIBE#<token>, SK = TOKEN                       |
 * | subscribers of a topic (a year; later a theme)  | table | PK = SUBSCRIBERS#<topic>, SK = <stakeholderId>             |
 * | a stakeholder's subscriptions                   | table | PK = STAKEHOLDER#<id>, SK begins_with MAIL#SUB#            |
 * | notifications a person has read                 | table | PK = READ#<stakeholderId>, SK = <notificationId>           |
 *
 * Idempotent creation (core/dynamodb/idempotency.ts):
 *
 * | access pattern                                  | index | key condition                                              |
 * |-------------------------------------------------|-------|------------------------------------------------------------|
 * | the first result of a request key (guard, TTL)  | table | PK = IDEMPOTENCY#<sha-256 of scope, caller, key>, SK = GUARD |
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
  return { ChangesPK: changesPartition(type), ChangesSK: `${updatedAt}#${id}` } as const;
}

/** The change-feed partition of one entity type. */
export const changesPartition = (type: string) => `CHANGES#${type}`;

export const stakeholderKeys = {
  item: (id: string): ItemKey => ({ PK: `STAKEHOLDER#${id}`, SK: 'PROFILE' }),
  emailGuard: (email: string): ItemKey => ({ PK: `EMAIL#${email.trim().toLowerCase()}`, SK: 'GUARD' }),
  identity: (subject: string): ItemKey => ({ PK: `SUBJECT#${subject}`, SK: 'IDENTITY' }),
  byName: (name: string, id: string) => `${nameKey(name)}#${id}`,
  byGroup: (group: string) => `STAKEHOLDERS#GROUP#${group}`,
  byRegion: (region: string) => `STAKEHOLDERS#REGION#${region}`,
  byCountry: (country: string) => `STAKEHOLDERS#COUNTRY#${country}`,
  all: () => 'STAKEHOLDERS',
  /** The link of a representative to the organisation they represent, in the organisation's partition. */
  representative: (organisationId: string, personId: string): ItemKey => ({
    PK: `STAKEHOLDER#${organisationId}`,
    SK: `REPRESENTATIVE#${personId}`,
  }),
  representativesOf: (organisationId: string) => ({ PK: `STAKEHOLDER#${organisationId}`, SKPrefix: 'REPRESENTATIVE#' }) as const,
} as const;

/** The MAG roster: one item per appointed member, written in the appointment transaction. */
export const magKeys = {
  roster: () => 'MAG#ROSTER',
  member: (stakeholderId: string): ItemKey => ({ PK: 'MAG#ROSTER', SK: `MEMBER#${stakeholderId}` }),
} as const;

const year4 = (year: number) => String(year).padStart(4, '0');

/** Annual reporting (enhanced cooperation): cycles, reports, revisions, notifications. */
export const reportingKeys = {
  cycle: (year: number): ItemKey => ({ PK: `REPORTING_CYCLE#${year4(year)}`, SK: 'CYCLE' }),
  cycles: () => 'REPORTING_CYCLES',
  cycleSort: (year: number) => year4(year),
  cyclesByDue: () => 'REPORTING_CYCLES#DUE',
  /** A cycle's position in the due-date index: its due instant, then its year. */
  cycleDue: (dueAt: string, year: number) => `${dueAt}#${year}`,
  report: (year: number, organisationId: string): ItemKey => ({ PK: `REPORT#${year4(year)}#${organisationId}`, SK: 'REPORT' }),
  revision: (year: number, organisationId: string, number: number): ItemKey => ({
    PK: `REPORT#${year4(year)}#${organisationId}`,
    SK: `REV#${String(number).padStart(6, '0')}`,
  }),
  revisionPrefix: () => 'REV#',
  reportsByStatus: (year: number, status: string) => `REPORTS#${year4(year)}#${status}`,
  reportsOfYear: (year: number) => `REPORTS#${year4(year)}`,
  reportByName: (organisationName: string, organisationId: string) => `${nameKey(organisationName)}#${organisationId}`,
  reportsOfOrganisation: (organisationId: string) => `REPORTS#ORG#${organisationId}`,
  notifications: (organisationId: string) => `NOTIFICATIONS#${organisationId}`,
  notification: (organisationId: string, createdAt: string, id: string): ItemKey => ({
    PK: `NOTIFICATIONS#${organisationId}`,
    SK: `${createdAt}#${id}`,
  }),
  reminderGuard: (year: number, organisationId: string, kind: number | 'OVERDUE'): ItemKey => ({
    PK: `REMINDER#${year4(year)}#${organisationId}`,
    SK: kind === 'OVERDUE' ? 'OVERDUE' : `DAYS#${String(kind).padStart(2, '0')}`,
  }),
} as const;

/**
 * How many items a consultation's (and a year's) counters are spread over. Every submission into a consultation
 * adds to its counters; on one item, concurrent transactions would meet there and be refused (TransactionConflict).
 * Spread over this many shards, each write adds to one shard (chosen by a hash of the contribution id) and a read
 * sums them all: a fixed number of items, whatever the number of contributions. See docs/performance.md.
 */
export const COUNTER_SHARDS = 32;

/** The counter shard of a contribution: FNV-1a of its id, so every write of the same contribution lands on the same shard. */
export function counterShard(contributionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < contributionId.length; i++) {
    hash ^= contributionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % COUNTER_SHARDS;
}

const shardOf = (shard: number) => String(shard).padStart(2, '0');
const shards = () => Array.from({ length: COUNTER_SHARDS }, (_, shard) => shard);

/**
 * Consultations and contributions. A consultation's partition holds the
 * consultation (`#META`), which sorts before the contributions (`C#<ulid>`),
 * so one Query returns the consultation and a page of its contributions.
 * Each counter shard is a partition of its own (`…#COUNTS#<nn>`), and the
 * distinct-contributor markers live in the contributor's partition: a busy
 * consultation's partition then takes only the contributions' own write
 * units, and no partition takes more than a shard's share of the counters'.
 */
export const consultationKeys = {
  partition: (id: string) => `CONSULTATION#${id}`,
  item: (id: string): ItemKey => ({ PK: `CONSULTATION#${id}`, SK: '#META' }),
  /** A consultation's counter shard (it carries a copy of the consultation's window, see consultation-window.store.ts). */
  countsShard: (id: string, shard: number): ItemKey => ({ PK: `CONSULTATION#${id}#COUNTS#${shardOf(shard)}`, SK: '#COUNTS' }),
  countsShards: (id: string): ItemKey[] => shards().map((shard) => ({ PK: `CONSULTATION#${id}#COUNTS#${shardOf(shard)}`, SK: '#COUNTS' })),
  metaSk: '#META',
  /** Every contribution sort key lies in [contributionFirst, contributionEnd). */
  contributionFirst: 'C#',
  contributionEnd: 'C$',
  contribution: (consultationId: string, localId: string): ItemKey => ({ PK: `CONSULTATION#${consultationId}`, SK: `C#${localId}` }),
  contributor: (consultationId: string, stakeholderId: string): ItemKey => ({
    PK: `PARTICIPANT#${stakeholderId}`,
    SK: `CONSULTATION#${consultationId}`,
  }),
  revision: (contributionId: string, revision: number): ItemKey => ({
    PK: `CONTRIBUTION#${contributionId}`,
    SK: `REV#${String(revision).padStart(6, '0')}`,
  }),
  revisionsPartition: (contributionId: string) => `CONTRIBUTION#${contributionId}`,
  revisionPrefix: 'REV#',
  // The consultation year (three consultations, sequences 1..3) is not a reporting cycle: its own partition prefix.
  sequenceGuard: (year: number, sequence: number): ItemKey => ({ PK: `CONSULTATION_YEAR#${year}`, SK: `SEQUENCE#${sequence}` }),
  yearCountsShard: (year: number, shard: number): ItemKey => ({ PK: `CONSULTATION_YEAR#${year}#COUNTS#${shardOf(shard)}`, SK: '#COUNTS' }),
  yearCountsShards: (year: number): ItemKey[] => shards().map((shard) => ({ PK: `CONSULTATION_YEAR#${year}#COUNTS#${shardOf(shard)}`, SK: '#COUNTS' })),
  yearContributor: (year: number, stakeholderId: string): ItemKey => ({ PK: `PARTICIPANT#${stakeholderId}`, SK: `YEAR#${year}` }),
  byClosingDate: (closesAt: string, id: string) => `${closesAt}#${id}`,
  all: () => 'CONSULTATIONS',
  byYear: (year: number) => `CONSULTATIONS#YEAR#${year}`,
  byAuthor: (stakeholderId: string) => `CONTRIBUTIONS#AUTHOR#${stakeholderId}`,
  replies: (parentId: string) => `REPLIES#${parentId}`,
  byTime: (createdAt: string, id: string) => `${createdAt}#${id}`,
} as const;

/** Mail: the outbox and its deliveries, confirmations, suppressions, preferences, subscriptions, read markers. */
export const mailKeys = {
  event: (eventId: string): ItemKey => ({ PK: `MAIL#${eventId}`, SK: 'EVENT' }),
  delivery: (eventId: string, stakeholderId: string): ItemKey => ({ PK: `MAIL#${eventId}`, SK: `TO#${stakeholderId}` }),
  queue: () => 'MAIL#QUEUE',
  dead: () => 'MAIL#DEAD',
  queueSort: (at: string, id: string) => `${at}#${id}`,
  confirmation: (codeHash: string): ItemKey => ({ PK: `MAILCONFIRM#${codeHash}`, SK: 'CODE' }),
  suppression: (address: string): ItemKey => ({ PK: `EMAIL#${address.trim().toLowerCase()}`, SK: 'SUPPRESSED' }),
  preferences: (stakeholderId: string): ItemKey => ({ PK: `STAKEHOLDER#${stakeholderId}`, SK: 'MAIL#PREFERENCES' }),
  unsubscribe: (token: string): ItemKey => ({ PK: `UNSUBSCRIBE#${token}`, SK: 'TOKEN' }),
  subscriber: (topic: string, stakeholderId: string): ItemKey => ({ PK: `SUBSCRIBERS#${topic}`, SK: stakeholderId }),
  subscribers: (topic: string) => `SUBSCRIBERS#${topic}`,
  subscription: (stakeholderId: string, topic: string): ItemKey => ({ PK: `STAKEHOLDER#${stakeholderId}`, SK: `MAIL#SUB#${topic}` }),
  subscriptionPrefix: () => 'MAIL#SUB#',
  read: (stakeholderId: string, notificationId: string): ItemKey => ({ PK: `READ#${stakeholderId}`, SK: notificationId }),
} as const;

/** The guard of an idempotent creation, by the digest of its scope, caller and idempotency key. */
export const idempotencyKeys = {
  guard: (digest: string): ItemKey => ({ PK: `IDEMPOTENCY#${digest}`, SK: 'GUARD' }),
} as const;

/** Bookkeeping items of the local tools (the demo-data marker). */
export const metaKeys = {
  seed: (): ItemKey => ({ PK: 'META', SK: 'SEED' }),
} as const;
