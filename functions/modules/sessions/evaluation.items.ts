/**
 * The MAG's evaluation items, declared once (core/dynamodb/entity.ts): a round
 * (its counters `n:*` on the item), a proposal's sheet in a round (indexed for
 * the ranked board, whole and by theme and type) and one evaluator's
 * evaluation of it (indexed for the evaluator's queue). Key formats stay in
 * evaluation.keys.ts; the evaluation store builds and parses these items only
 * here.
 */
import type { Item } from '../../core/dynamodb/batch';
import { readCounts } from '../../core/dynamodb/counters';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import { evaluationKeys as keys } from './evaluation.keys';
import {
  EVALUATION_STATUSES,
  LOW_SCORE_REASONS,
  DECLINE_REASONS,
  SCORE_VISIBILITIES,
  SCORERS,
  rankKey,
  sheetId,
  type Evaluation,
  type EvaluationRound,
  type EvaluationRoundWithCounts,
  type EvaluationSheet,
} from './evaluation.model';
import { SESSION_TYPE_CODES } from './sessions.model';

export const roundEntity = defineEntity<EvaluationRound>()({
  name: 'EvaluationRound',
  attributes: {
    id: attr.string,
    year: attr.number,
    title: attr.string,
    opensAt: attr.string,
    closesAt: attr.string,
    blind: attr.boolean,
    scorers: attr.oneOf(SCORERS),
    scoresVisible: attr.oneOf(SCORE_VISIBILITIES),
    criteria: attr.list(attr.object({ code: attr.string, title: attr.string, weight: attr.number })),
    assignment: attr.object({
      evaluatorsPerProposal: attr.number,
      minGroups: attr.number,
      minRegions: attr.number,
      maxPerGroup: attr.number,
      rankedAfter: attr.number,
    }),
    types: attr.list(attr.oneOf(SESSION_TYPE_CODES)),
    feedbackReleasedAt: attr.optional(attr.string),
    createdBy: attr.string,
    version: attr.number,
    createdAt: attr.string,
    updatedAt: attr.string,
  },
  key: (round) => keys.round(round.year, round.id),
  changes: (round) => [round.updatedAt, round.id],
  patterns: {
    /** A programme's rounds, oldest first (in the programme's partition; `sk` begins with the rounds' prefix). */
    ofYear: { pk: (p: Pick<EvaluationRound, 'year'>) => keys.roundsOf(p.year) },
  },
});

export const roundFromItem = (item: Item): EvaluationRoundWithCounts => ({ ...roundEntity.parse(item), counts: readCounts(item) });

/** The sheet as stored: with its `id`, for the change feed only (the domain object is keyed by round and proposal). */
type StoredSheet = EvaluationSheet & { readonly id: string };

const rank = (sheet: StoredSheet) => rankKey(sheet, sheet.proposalId);
const reasonCode = attr.oneOf(LOW_SCORE_REASONS);

export const sheetEntity = defineEntity<StoredSheet>()({
  name: 'EvaluationSheet',
  attributes: {
    id: attr.string,
    roundId: attr.string,
    proposalId: attr.string,
    year: attr.number,
    title: attr.string,
    type: attr.oneOf(SESSION_TYPE_CODES),
    themeId: attr.string,
    equity: attr.object({ firstTimeProposer: attr.boolean, developingCountryProposer: attr.boolean }),
    blind: attr.boolean,
    evaluators: attr.list(
      attr.object({ evaluatorId: attr.string, group: attr.oneOf(STAKEHOLDER_GROUPS), region: attr.oneOf(REGIONS), status: attr.oneOf(EVALUATION_STATUSES) }),
    ),
    conflicted: attr.list(attr.string),
    evaluations: attr.number,
    median: attr.optional(attr.number),
    mean: attr.optional(attr.number),
    spread: attr.optional(attr.number),
    pairwise: attr.optional(attr.number),
    criterionMedians: attr.list(attr.object({ criterion: attr.string, median: attr.number })),
    reasons: attr.list(attr.object({ reason: reasonCode, count: attr.number })),
    ranked: attr.boolean,
    version: attr.number,
    updatedAt: attr.string,
  },
  key: (sheet) => keys.sheet(sheet.roundId, sheet.proposalId),
  // The change feed resolves a sheet through the sheet rules (blind rounds stay blind there too).
  changes: (sheet) => [sheet.updatedAt, sheet.id],
  patterns: {
    /** The ranked board of a round: ranked first, highest median first. */
    board: { index: 'gsi1', pk: (p: Pick<EvaluationSheet, 'roundId'>) => keys.board(p.roundId), sk: rank },
    /** The ranked board of a round, one theme. */
    boardOfTheme: { index: 'gsi3', pk: (p: Pick<EvaluationSheet, 'roundId' | 'themeId'>) => keys.boardOfTheme(p.roundId, p.themeId), sk: rank },
    /** The ranked board of a round, one session type. */
    boardOfType: { index: 'gsi4', pk: (p: Pick<EvaluationSheet, 'roundId'> & { readonly type: string }) => keys.boardOfType(p.roundId, p.type), sk: rank },
  },
});

export const sheetItem = (sheet: EvaluationSheet): Item => sheetEntity.item({ ...sheet, id: sheetId(sheet.roundId, sheet.proposalId) });

export function sheetFromItem(item: Item): EvaluationSheet {
  const { id: _id, ...sheet } = sheetEntity.parse(item);
  return sheet;
}

export const evaluationEntity = defineEntity<Evaluation>()({
  name: 'Evaluation',
  attributes: {
    roundId: attr.string,
    proposalId: attr.string,
    evaluatorId: attr.string,
    evaluatorGroup: attr.oneOf(STAKEHOLDER_GROUPS),
    evaluatorRegion: attr.oneOf(REGIONS),
    status: attr.oneOf(EVALUATION_STATUSES),
    scores: attr.optional(attr.list(attr.object({ criterion: attr.string, score: attr.number, reason: attr.optional(reasonCode) }))),
    weighted: attr.optional(attr.number),
    comment: attr.optional(attr.string),
    declined: attr.optional(attr.object({ reason: attr.oneOf(DECLINE_REASONS), statement: attr.string, at: attr.string })),
    assigned: attr.boolean,
    assignedAt: attr.string,
    submittedAt: attr.optional(attr.string),
    title: attr.string,
    type: attr.oneOf(SESSION_TYPE_CODES),
    themeId: attr.string,
    version: attr.number,
    updatedAt: attr.string,
  },
  key: (e) => keys.evaluation(e.roundId, e.proposalId, e.evaluatorId),
  patterns: {
    /** An evaluator's queue in a round: to do first, then done, then declined. */
    queue: {
      index: 'gsi2',
      pk: (p: Pick<Evaluation, 'roundId' | 'evaluatorId'>) => keys.queue(p.roundId, p.evaluatorId),
      sk: (e) => keys.queueOrder(e.status, e.proposalId),
    },
  },
});
