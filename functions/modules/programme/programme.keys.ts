/**
 * Key formats of the annual programme (programmes, the call for issues,
 * issues, supports, themes, theme tags) — the only code that knows them;
 * the module's stores build every key here, and its entity declarations
 * (programme.items.ts) say which index slot carries which. Kept beside the
 * module (not in core/dynamodb/keys.ts) because no other module reads these
 * items.
 *
 * | access pattern                                          | index | key condition                                                  |
 * |---------------------------------------------------------|-------|----------------------------------------------------------------|
 * | programme by year (unique: conditional put)             | table | PK = PROGRAMME#<year>, SK = #PROGRAMME                          |
 * | programmes, newest year first                           | GSI1  | GSI1PK = PROGRAMMES, GSI1SK = <year>                            |
 * | the call for issues of a year AND all its counters      | table | PK = PROGRAMME#<year>, SK = #ISSUECALL (counters `n:*` on the item) — 1 GetItem |
 * | issues one person submitted to a year's call (the cap)  | table | PK = PROGRAMME#<year>, SK = AUTHOR#<stakeholderId> (`n:issues`) |
 * | issue by id AND its support by group and region         | table | PK = ISSUE#<id>, SK = #ISSUE (the counts are on the item) — 1 GetItem |
 * | one person's support of an issue (one per person)       | table | PK = ISSUE#<id>, SK = SUPPORT#<stakeholderId>                   |
 * | a call's standing issues by support breadth             | GSI1  | GSI1PK = ISSUES#<year>, GSI1SK = <breadth>#<backers>#<id>, descending — 1 Query a page; sparse (merged/withdrawn removed) |
 * |   … with one breadth only (e.g. every group, one group) | GSI1  | GSI1PK = ISSUES#<year>, GSI1SK begins_with <breadth>#           |
 * | a call's standing issues, newest first                  | GSI3  | GSI3PK = ISSUES#<year>, GSI3SK = <createdAt>#<id>, descending; sparse |
 * | issues of an author, newest first                       | GSI2  | GSI2PK = ISSUES#AUTHOR#<stakeholderId>, GSI2SK = <createdAt>#<id> |
 * | listed supporters of an issue, oldest first             | GSI2  | GSI2PK = SUPPORTERS#<issueId>, GSI2SK = <createdAt>#<stakeholderId>; sparse (listed only) |
 * | theme by id                                             | table | PK = THEME#<id>, SK = #THEME                                    |
 * | themes of a programme, oldest first                     | GSI1  | GSI1PK = THEMES#<year>, GSI1SK = <createdAt>#<id>               |
 * | themes a consultation/contribution is tagged with       | table | PK = THEMETAGS#<type>#<id>, SK = THEME#<themeId>                |
 * | subjects tagged with a theme                            | GSI1  | GSI1PK = TAGGED#<themeId>, GSI1SK = <type>#<id>                  |
 * | a subject's tag set with its revision (the head of its tags) | table | PK = THEMETAGS#<type>#<id>, SK = #TAGS (`themeIds`, `rev`)     |
 * | a theme's participation counters (tagged contributions)  | table | PK = THEME#<id>, SK = #COUNTS (counters `n:*`) — 1 GetItem      |
 * | a contributor's active tagged contributions in a theme  | table | PK = THEME#<id>, SK = CONTRIBUTOR#<contributorId> (`active`)   |
 * | changes of issues / themes / programmes since a time    | Changes | ChangesPK = CHANGES#Issue (#Theme, #Programme, #IssueCall), ChangesSK > <since> |
 */
import type { ItemKey } from '../../core/dynamodb/keys';

const year4 = (year: number) => String(year).padStart(4, '0');

export const programmeKeys = {
  programme: (year: number): ItemKey => ({ PK: `PROGRAMME#${year4(year)}`, SK: '#PROGRAMME' }),
  programmes: () => 'PROGRAMMES',
  programmeSort: (year: number) => year4(year),
  call: (year: number): ItemKey => ({ PK: `PROGRAMME#${year4(year)}`, SK: '#ISSUECALL' }),
  authorCap: (year: number, stakeholderId: string): ItemKey => ({ PK: `PROGRAMME#${year4(year)}`, SK: `AUTHOR#${stakeholderId}` }),
  issue: (id: string): ItemKey => ({ PK: `ISSUE#${id}`, SK: '#ISSUE' }),
  support: (issueId: string, stakeholderId: string): ItemKey => ({ PK: `ISSUE#${issueId}`, SK: `SUPPORT#${stakeholderId}` }),
  issuesOfCall: (year: number) => `ISSUES#${year4(year)}`,
  issuesOfAuthor: (stakeholderId: string) => `ISSUES#AUTHOR#${stakeholderId}`,
  listedSupporters: (issueId: string) => `SUPPORTERS#${issueId}`,
  byTime: (at: string, id: string) => `${at}#${id}`,
  theme: (id: string): ItemKey => ({ PK: `THEME#${id}`, SK: '#THEME' }),
  themesOfProgramme: (year: number) => `THEMES#${year4(year)}`,
  tagsOf: (type: string, id: string) => `THEMETAGS#${type}#${id}`,
  tag: (type: string, id: string, themeId: string): ItemKey => ({ PK: `THEMETAGS#${type}#${id}`, SK: `THEME#${themeId}` }),
  tagPrefix: 'THEME#',
  taggedWith: (themeId: string) => `TAGGED#${themeId}`,
  taggedSort: (type: string, id: string) => `${type}#${id}`,
  tagHead: (type: string, id: string): ItemKey => ({ PK: `THEMETAGS#${type}#${id}`, SK: '#TAGS' }),
  themeCounts: (themeId: string): ItemKey => ({ PK: `THEME#${themeId}`, SK: '#COUNTS' }),
  themeContributor: (themeId: string, contributorId: string): ItemKey => ({ PK: `THEME#${themeId}`, SK: `CONTRIBUTOR#${contributorId}` }),
} as const;
