/** The inputs of the theme service, checked with zod before any read. */
import * as z from 'zod';
import { text } from '../../core/validation';
import { developmentDimensionInput } from './issue.inputs';
import { MAX_ISSUES_PER_THEME, MAX_THEMES_PER_SUBJECT } from './programme.model';

/** A theme's development linkage is required: DIRECT or INDIRECT (a theme without one is not a theme of this process). */
const themeDimension = developmentDimensionInput.refine((d) => d.linkage !== 'NONE', {
  message: 'a theme must be linked to the development dimension (DIRECT or INDIRECT)',
  path: ['linkage'],
});
const questions = z.lazy(() => z.array(text(1, 500)).min(1, 'must have 1..20 policy questions').max(20, 'must have 1..20 policy questions'));
const issueIds = z.lazy(() =>
  z.array(z.string()).min(1, `must name 1..${MAX_ISSUES_PER_THEME} issues`).max(MAX_ISSUES_PER_THEME, `must name 1..${MAX_ISSUES_PER_THEME} issues`),
);

export const createInput = z.lazy(() =>
  z.object({
    programmeId: z.string(),
    title: text(1, 200),
    narrative: text(1, 10_000),
    developmentDimension: themeDimension,
    policyQuestions: questions,
    issueIds,
    idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
  }),
);

export const updateInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.number().int().min(1),
    title: text(1, 200).nullish(),
    narrative: text(1, 10_000).nullish(),
    developmentDimension: themeDimension.nullish(),
    policyQuestions: questions.nullish(),
    issueIds: issueIds.nullish(),
  }),
);

export const adoptInput = z.lazy(() =>
  z.object({
    themeId: z.string(),
    version: z.number().int().min(1),
    decision: z.object({ meetingId: z.string().min(1).max(80), decisionId: z.string().min(1).max(80), decidedAt: z.iso.datetime({ offset: true }) }),
  }),
);

export const tagInput = z.lazy(() =>
  z.object({
    subjectId: z.string(),
    themeIds: z.array(z.string()).max(MAX_THEMES_PER_SUBJECT, `must have at most ${MAX_THEMES_PER_SUBJECT} themes`),
  }),
);

export type CreateThemeInput = z.input<typeof createInput>;
export type UpdateThemeInput = z.input<typeof updateInput>;
/** What the meetings module passes when a decision adopting a theme is adopted (internal theme id). */
export type AdoptThemeInput = z.input<typeof adoptInput>;
export type TagWithThemesInput = z.input<typeof tagInput>;
