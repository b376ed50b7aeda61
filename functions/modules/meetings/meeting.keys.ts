/**
 * Key formats of the meetings module (the store is their only user).
 *
 * | access pattern                                              | index | key condition                                                    |
 * |-------------------------------------------------------------|-------|------------------------------------------------------------------|
 * | meeting page: meeting (agenda inside), attendance, decisions (with their first subjects), action items, minutes | table | PK = MEETING#<id> — ONE Query of the item collection |
 * | meeting by id                                               | table | PK = MEETING#<id>, SK = #META                                    |
 * | meeting number unique per year and kind (guard)             | table | PK = MEETINGNO#<year>#<kind>#<n>, SK = GUARD                     |
 * | meetings of a year, by start                                | GSI1  | GSI1PK = MEETINGS#YEAR#<year>, GSI1SK = <startsAt>#<id>          |
 * | all meetings, by start                                      | GSI2  | GSI2PK = MEETINGS, GSI2SK = <startsAt>#<id>                      |
 * | meetings that process a consultation, by start              | GSI3  | GSI3PK = MEETINGS#CONSULTATION#<cid> (link items PROCESSES#<cid> in the meeting's partition) |
 * | attendance of a person at a meeting (presence check)        | table | PK = MEETING#<id>, SK = ATT#<stakeholderId>                      |
 * | decision by id (<meetingId>.<ulid>)                         | table | PK = MEETING#<meetingId>, SK = DEC#<ulid>                        |
 * | subjects of a decision, in order                            | table | PK = DECISION#<decisionId>, SK = S#<position, 3 digits>          |
 * | action item by id (<meetingId>.<ulid>)                      | table | PK = MEETING#<meetingId>, SK = ACT#<ulid>                        |
 * | minutes of a meeting (current state)                        | table | PK = MEETING#<id>, SK = MINUTES                                  |
 * | revisions of minutes, in order (kept forever)               | table | PK = MINUTES#<meetingId>, SK = REV#<n, 6 digits>                 |
 * | amendments to minutes, oldest first                         | table | PK = MINUTES#<meetingId>, SK = AMD#<ulid>                        |
 * | processing figures of a consultation                        | table | the consultation's counter item (consultations module), ONE read |
 * | a meeting's interventions, as recorded                      | table | PK = INTERVENTIONS#<meetingId>, SK begins_with I#                |
 *
 * Interventions have their own partition, not the meeting's: the meeting page's one Query stays the size it
 * was, and the speaking figures read that partition in one Query.
 *
 * The items, their attributes and which index slot carries which key: meeting.items.ts.
 */
import type { ItemKey } from '../../core/dynamodb/keys';

export const meetingKeys = {
  partition: (id: string) => `MEETING#${id}`,
  meeting: (id: string): ItemKey => ({ PK: `MEETING#${id}`, SK: '#META' }),
  metaSk: '#META',
  numberGuard: (year: number, kind: string, number: number): ItemKey => ({ PK: `MEETINGNO#${year}#${kind}#${number}`, SK: 'GUARD' }),
  byStart: (startsAt: string, id: string) => `${startsAt}#${id}`,
  ofYear: (year: number) => `MEETINGS#YEAR#${year}`,
  all: () => 'MEETINGS',
  processesLink: (meetingId: string, consultationId: string): ItemKey => ({ PK: `MEETING#${meetingId}`, SK: `PROCESSES#${consultationId}` }),
  ofConsultation: (consultationId: string) => `MEETINGS#CONSULTATION#${consultationId}`,
  attendance: (meetingId: string, stakeholderId: string): ItemKey => ({ PK: `MEETING#${meetingId}`, SK: `ATT#${stakeholderId}` }),
  attendancePrefix: 'ATT#',
  decision: (meetingId: string, localId: string): ItemKey => ({ PK: `MEETING#${meetingId}`, SK: `DEC#${localId}` }),
  decisionPrefix: 'DEC#',
  subjectsPartition: (decisionId: string) => `DECISION#${decisionId}`,
  subject: (decisionId: string, position: number): ItemKey => ({ PK: `DECISION#${decisionId}`, SK: `S#${String(position).padStart(3, '0')}` }),
  subjectPrefix: 'S#',
  actionItem: (meetingId: string, localId: string): ItemKey => ({ PK: `MEETING#${meetingId}`, SK: `ACT#${localId}` }),
  actionPrefix: 'ACT#',
  minutes: (meetingId: string): ItemKey => ({ PK: `MEETING#${meetingId}`, SK: 'MINUTES' }),
  minutesSk: 'MINUTES',
  minutesPartition: (meetingId: string) => `MINUTES#${meetingId}`,
  minutesRevision: (meetingId: string, revision: number): ItemKey => ({ PK: `MINUTES#${meetingId}`, SK: `REV#${String(revision).padStart(6, '0')}` }),
  revisionPrefix: 'REV#',
  amendment: (meetingId: string, localId: string): ItemKey => ({ PK: `MINUTES#${meetingId}`, SK: `AMD#${localId}` }),
  amendmentPrefix: 'AMD#',
} as const;

export const interventionKeys = {
  partition: (meetingId: string) => `INTERVENTIONS#${meetingId}`,
  intervention: (meetingId: string, localId: string): ItemKey => ({ PK: `INTERVENTIONS#${meetingId}`, SK: `I#${localId}` }),
  prefix: 'I#',
} as const;
