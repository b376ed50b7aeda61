/**
 * Key formats of session proposals — the only code that knows them; the
 * module's store builds every key here.
 *
 * | access pattern                                              | index | key condition                                                        |
 * |-------------------------------------------------------------|-------|----------------------------------------------------------------------|
 * | the call for proposals of a year AND its counters           | table | PK = PROGRAMME#<year>, SK = #PROPOSALCALL (counters `n:*` on it) — 1 GetItem |
 * | proposal by id with its speakers and diversity inputs       | table | PK = PROPOSAL#<id>, SK = #PROPOSAL — 1 GetItem (speakers are on the item) |
 * | saved versions of a proposal, newest first                  | table | PK = PROPOSAL#<id>, SK begins_with VERSION#                          |
 * | proposals of a proposer, newest first                       | GSI2  | GSI2PK = PROPOSALS#PROPOSER#<stakeholderId>, GSI2SK = <createdAt>#<id> |
 * | a year's proposals by status, oldest first                  | GSI1  | GSI1PK = PROPOSALS#<year>, GSI1SK = <status>#<createdAt>#<id>         |
 * | invitations of a speaker, newest first                      | GSI2  | GSI2PK = INVITATIONS#<stakeholderId>, GSI2SK = <createdAt>#<proposalId> |
 * | one speaker's invitation to a proposal                      | table | PK = PROPOSAL#<id>, SK = SPEAKER#<stakeholderId>                     |
 * | the funnel of a programme: one counter item per stage       | table | PK = PROGRAMME#<year>, SK = #FUNNEL#<stage> — the 4 stages in 1 BatchGetItem |
 * | a person's or organisation's years on proposals (first-time) | table | PK = SESSIONHISTORY#<stakeholderId>, SK = #SESSIONHISTORY            |
 * | sessions a person or organisation organised that were held and not reported yet (screening) | table | PK = REPORTSDUE#<stakeholderId>, SK = #REPORTSDUE — a string set of session ids; screening reads a programme's proposers and organisers in BatchGetItems of ≤ 100 keys |
 */
import type { ItemKey } from '../../core/dynamodb/keys';

const year4 = (year: number) => String(year).padStart(4, '0');
const version6 = (version: number) => String(version).padStart(6, '0');

export const sessionKeys = {
  call: (year: number): ItemKey => ({ PK: `PROGRAMME#${year4(year)}`, SK: '#PROPOSALCALL' }),
  proposal: (id: string): ItemKey => ({ PK: `PROPOSAL#${id}`, SK: '#PROPOSAL' }),
  proposalPartition: (id: string) => `PROPOSAL#${id}`,
  version: (id: string, version: number): ItemKey => ({ PK: `PROPOSAL#${id}`, SK: `VERSION#${version6(version)}` }),
  versionPrefix: 'VERSION#',
  invitation: (proposalId: string, stakeholderId: string): ItemKey => ({ PK: `PROPOSAL#${proposalId}`, SK: `SPEAKER#${stakeholderId}` }),
  proposalsOfProposer: (stakeholderId: string) => `PROPOSALS#PROPOSER#${stakeholderId}`,
  proposalsOfYear: (year: number) => `PROPOSALS#${year4(year)}`,
  byStatus: (status: string, at: string, id: string) => `${status}#${at}#${id}`,
  invitationsOf: (stakeholderId: string) => `INVITATIONS#${stakeholderId}`,
  byTime: (at: string, id: string) => `${at}#${id}`,
  funnel: (year: number, stage: string): ItemKey => ({ PK: `PROGRAMME#${year4(year)}`, SK: `#FUNNEL#${stage}` }),
  history: (stakeholderId: string): ItemKey => ({ PK: `SESSIONHISTORY#${stakeholderId}`, SK: '#SESSIONHISTORY' }),
  reportsDue: (stakeholderId: string): ItemKey => ({ PK: `REPORTSDUE#${stakeholderId}`, SK: '#REPORTSDUE' }),
} as const;
