/**
 * Key formats of the MAG's evaluation — the only code that knows them. A
 * proposal's sheet and evaluations live in the proposal's item collection
 * (`#EVAL#` sorts before `#PROPOSAL`), so one Query reads a round's sheet,
 * its evaluations and the proposal itself.
 *
 * | access pattern                                                   | index | key condition                                                                      |
 * |------------------------------------------------------------------|-------|------------------------------------------------------------------------------------|
 * | a round by id (with its counters: loads, agreement)              | table | PK = PROGRAMME#<year>, SK = EVALROUND#<roundId> — 1 GetItem                        |
 * | the rounds of a programme, oldest first                          | table | PK = PROGRAMME#<year>, SK begins_with EVALROUND#                                   |
 * | a proposal in a round: sheet, evaluations AND the proposal       | table | PK = PROPOSAL#<id>, SK between #EVAL#<roundId># and #PROPOSAL — 1 Query             |
 * | the ranked board of a round                                      | GSI1  | GSI1PK = EVALBOARD#<roundId>, GSI1SK = <unranked?>#<−median>#<−mean>#<proposalId>   |
 * | the ranked board of a round, one theme                           | GSI3  | GSI3PK = EVALBOARD#<roundId>#THEME#<themeId>, GSI3SK = the rank key                 |
 * | the ranked board of a round, one session type                    | GSI4  | GSI4PK = EVALBOARD#<roundId>#TYPE#<type>, GSI4SK = the rank key                     |
 * | an evaluator's queue in a round, to do first                     | GSI2  | GSI2PK = EVALQUEUE#<roundId>#<evaluatorId>, GSI2SK = <0 to do, 1 done, 2 declined>#<proposalId> |
 */
import type { ItemKey } from '../../core/dynamodb/keys';
import type { EvaluationStatus } from './evaluation.model';

const year4 = (year: number) => String(year).padStart(4, '0');

const QUEUE_ORDER: Record<EvaluationStatus, string> = { ASSIGNED: '0', SUBMITTED: '1', CONFLICT: '2', ABSTAINED: '2' };

export const evaluationKeys = {
  round: (year: number, roundId: string): ItemKey => ({ PK: `PROGRAMME#${year4(year)}`, SK: `EVALROUND#${roundId}` }),
  roundsOf: (year: number) => `PROGRAMME#${year4(year)}`,
  roundPrefix: 'EVALROUND#',
  sheet: (roundId: string, proposalId: string): ItemKey => ({ PK: `PROPOSAL#${proposalId}`, SK: `#EVAL#${roundId}#!SHEET` }),
  evaluation: (roundId: string, proposalId: string, evaluatorId: string): ItemKey => ({
    PK: `PROPOSAL#${proposalId}`,
    SK: `#EVAL#${roundId}#E#${evaluatorId}`,
  }),
  proposalPartition: (proposalId: string) => `PROPOSAL#${proposalId}`,
  /** From the round's first item to the proposal item (later rounds' items in between are dropped by the store). */
  sheetRange: (roundId: string): readonly [string, string] => [`#EVAL#${roundId}#`, '#PROPOSAL'],
  board: (roundId: string) => `EVALBOARD#${roundId}`,
  boardOfTheme: (roundId: string, themeId: string) => `EVALBOARD#${roundId}#THEME#${themeId}`,
  boardOfType: (roundId: string, type: string) => `EVALBOARD#${roundId}#TYPE#${type}`,
  queue: (roundId: string, evaluatorId: string) => `EVALQUEUE#${roundId}#${evaluatorId}`,
  queueOrder: (status: EvaluationStatus, proposalId: string) => `${QUEUE_ORDER[status]}#${proposalId}`,
} as const;
