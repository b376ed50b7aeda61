/**
 * The inputs of the MAG's evaluation — rounds, their settings, evaluations
 * and declines — as zod schemas, and the parsing of its global ids. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { BadUserInputError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { text } from '../../core/validation';
import { DECLINE_REASONS, LOW_SCORE_REASONS, SCORERS, SCORE_VISIBILITIES, parseSheetId, yearOfRoundId } from './evaluation.model';
import { SESSION_TYPE_CODES } from './sessions.model';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const count = (min: number, max: number) => z.number().int().min(min, `must be ${min}..${max}`).max(max, `must be ${min}..${max}`);
const idempotencyKey = z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters');
const version = z.number().int().min(1);

const criterionInput = z.lazy(() =>
  z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be 2..40 capitals, digits or _'),
    title: text(3, 200),
    weight: z.number().min(0.1, 'must be 0.1..10').max(10, 'must be 0.1..10'),
  }),
);
const criteria = z.lazy(() => z.array(criterionInput).min(1, 'must list 1..12 criteria').max(12, 'must list 1..12 criteria'));

export const createRoundInput = z.lazy(() =>
  z.object({
    programmeId: z.string(),
    title: text(3, 200),
    opensAt: instant,
    closesAt: instant,
    blind: z.boolean().nullish(),
    scorers: z.enum(SCORERS).nullish(),
    scoresVisible: z.enum(SCORE_VISIBILITIES).nullish(),
    criteria: criteria.nullish(),
    evaluatorsPerProposal: count(1, 12).nullish(),
    minGroups: count(1, 6).nullish(),
    minRegions: count(1, 5).nullish(),
    maxPerGroup: count(1, 12).nullish(),
    rankedAfter: count(1, 12).nullish(),
    types: z.array(z.enum(SESSION_TYPE_CODES)).min(1, 'must name at least one session type').max(SESSION_TYPE_CODES.length).nullish(),
    idempotencyKey,
  }),
);
export const updateRoundInput = z.lazy(() =>
  z.object({
    roundId: z.string(),
    version,
    title: text(3, 200).nullish(),
    opensAt: instant.nullish(),
    closesAt: instant.nullish(),
    blind: z.boolean().nullish(),
    scoresVisible: z.enum(SCORE_VISIBILITIES).nullish(),
    criteria: criteria.nullish(),
  }),
);
export const roundOnlyInput = z.lazy(() => z.object({ roundId: z.string() }));
export const releaseInput = z.lazy(() => z.object({ roundId: z.string(), version }));
const scoreInput = z.lazy(() =>
  z.object({ criterion: z.string().max(40, 'must be at most 40 characters'), score: count(1, 5), reason: z.enum(LOW_SCORE_REASONS).nullish() }),
);
export const submitInput = z.lazy(() =>
  z.object({
    sheetId: z.string(),
    version: version.nullish(),
    scores: z.array(scoreInput).min(1, 'must score every criterion').max(12, 'must score every criterion once'),
    comment: text(1, 2000).nullish(),
  }),
);
export const declineInput = z.lazy(() => z.object({ sheetId: z.string(), version, reason: z.enum(DECLINE_REASONS), statement: text(5, 2000) }));

export type CreateEvaluationRoundInput = z.input<typeof createRoundInput>;
export type UpdateEvaluationRoundInput = z.input<typeof updateRoundInput>;
export type SubmitEvaluationInput = z.input<typeof submitInput>;
export type DeclineEvaluationInput = z.input<typeof declineInput>;

export const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

export function roundIdOf(globalId: string, field = 'roundId'): { year: number; id: string } {
  const id = internalId(globalId, 'EvaluationRound', field);
  const year = yearOfRoundId(id);
  if (year === undefined) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return { year, id };
}

export function sheetIdOf(globalId: string, field = 'input.sheetId'): { roundId: string; proposalId: string; year: number } {
  const parsed = parseSheetId(internalId(globalId, 'EvaluationSheet', field));
  if (!parsed) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return { ...parsed, year: yearOfRoundId(parsed.roundId)! };
}
