/**
 * The inputs of the call for proposals and of proposals, as validated schemas, and the small id helpers the
 * proposal services share. No I/O.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { BadUserInputError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { text } from '../../core/validation';
import {
  ATTENDANCES,
  MAX_DESCRIPTION_WORDS,
  MAX_ORGANISERS,
  MAX_PROMPTS,
  MAX_SPEAKERS,
  MAX_TITLE_CHARACTERS,
  SESSION_FORMATS,
  SESSION_TYPE_CODES,
  SPEAKER_ROLES,
  wordCount,
  type Proposal,
} from './sessions.model';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const count = (min: number, max: number) => z.number().int().min(min, `must be ${min}..${max}`).max(max, `must be ${min}..${max}`);

const rulesInput = z.lazy(() =>
  z.object({
    minConfirmedSpeakers: count(0, 12).nullish(),
    genderDiverse: z.boolean().nullish(),
    minGroups: count(0, 6).nullish(),
    minRegions: count(0, 5).nullish(),
    minOnsiteSpeakers: count(0, 12).nullish(),
  }),
);

const screeningRulesInput = z.lazy(() =>
  z.object({
    proposalsPerProposer: count(0, 50).nullish(),
    sessionsPerSpeaker: count(0, 50).nullish(),
    magMembersMayNotPropose: z.boolean().nullish(),
    earlierReportsRequired: z.boolean().nullish(),
    windowDays: count(1, 90).nullish(),
  }),
);

export const scheduleInput = z.lazy(() =>
  z.object({
    programmeId: z.string(),
    version: z.number().int().min(1).nullish(),
    opensAt: instant,
    closesAt: instant,
    rules: rulesInput.nullish(),
    screening: screeningRulesInput.nullish(),
  }),
);

export const speakerInput = z.lazy(() => z.object({ stakeholderId: z.string(), role: z.enum(SPEAKER_ROLES), attendance: z.enum(ATTENDANCES) }));
const developmentDimension = z.lazy(() => z.object({ linkage: z.enum(['DIRECT', 'INDIRECT', 'NONE']), explanation: text(10, 2000) }));

export const proposalFields = {
  type: z.enum(SESSION_TYPE_CODES),
  format: z.enum(SESSION_FORMATS),
  durationMinutes: z.number().int(),
  themeId: z.string(),
  policyQuestions: z
    .array(z.number().int().min(0))
    .min(1, "must name 1..3 of the theme's policy questions")
    .max(3, "must name 1..3 of the theme's policy questions"),
  title: text(5, MAX_TITLE_CHARACTERS),
  description: text(20, 3000).refine((value) => wordCount(value) <= MAX_DESCRIPTION_WORDS, `must be at most ${MAX_DESCRIPTION_WORDS} words`),
  developmentDimension,
  interactionPlan: text(10, 2000),
  onlineParticipationPlan: text(10, 2000),
  organiserIds: z.array(z.string()).min(1, `must name 1..${MAX_ORGANISERS} organisers`).max(MAX_ORGANISERS, `must name 1..${MAX_ORGANISERS} organisers`),
  speakers: z.array(speakerInput).max(MAX_SPEAKERS, `must list at most ${MAX_SPEAKERS} speakers`),
  contributionIds: z.array(z.string()).max(MAX_PROMPTS, `must name at most ${MAX_PROMPTS}`).nullish(),
  issueIds: z.array(z.string()).max(MAX_PROMPTS, `must name at most ${MAX_PROMPTS}`).nullish(),
};

export const createInput = z.lazy(() =>
  z.object({ callId: z.string(), ...proposalFields, idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters') }),
);
export const updateInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.number().int().min(1),
    type: proposalFields.type.nullish(),
    format: proposalFields.format.nullish(),
    durationMinutes: proposalFields.durationMinutes.nullish(),
    themeId: proposalFields.themeId.nullish(),
    policyQuestions: proposalFields.policyQuestions.nullish(),
    title: proposalFields.title.nullish(),
    description: proposalFields.description.nullish(),
    developmentDimension: developmentDimension.nullish(),
    interactionPlan: proposalFields.interactionPlan.nullish(),
    onlineParticipationPlan: proposalFields.onlineParticipationPlan.nullish(),
    organiserIds: proposalFields.organiserIds.nullish(),
    speakers: proposalFields.speakers.nullish(),
    contributionIds: proposalFields.contributionIds,
    issueIds: proposalFields.issueIds,
  }),
);
export const submitInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1) }));
export const answerInput = z.lazy(() => z.object({ proposalId: z.string(), accept: z.boolean() }));

export type ScheduleProposalCallInput = z.input<typeof scheduleInput>;
export type CreateProposalInput = z.input<typeof createInput>;
export type UpdateProposalInput = z.input<typeof updateInput>;
export type SubmitProposalInput = z.input<typeof submitInput>;
export type AnswerInvitationInput = z.input<typeof answerInput>;

export const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

export function proposalCallYear(globalId: string, field = 'id'): number {
  const id = internalId(globalId, 'ProposalCall', field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

export function programmeYearOf(globalId: string, field: string): number {
  const id = internalId(globalId, 'Programme', field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

/** Everyone a proposal names: who may read it before the programme is decided (with the secretariat). */
export const participantsOf = (p: Proposal): string[] => [p.proposerId, ...p.organiserIds, ...p.speakers.map((s) => s.stakeholderId)];

export type Fields = {
  -readonly [K in keyof typeof proposalFields]: z.output<(typeof proposalFields)[K]>;
};
