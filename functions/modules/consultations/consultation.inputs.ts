/** The consultations module's inputs as zod schemas: what each mutation and list accepts. */
import * as z from 'zod';
import { languageTag, text } from '../../core/validation';

const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 instant')
  .transform((v) => new Date(v).toISOString());
const questionText = text(3, 1000);

export const createInput = z.lazy(() =>
  z.object({
    year: z.number().int().min(2000, 'must be 2000..2100').max(2100, 'must be 2000..2100'),
    sequence: z.number().int().min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3'),
    title: text(3, 200),
    summary: text(1, 1000),
    body: text(1, 50_000),
    questions: z.array(questionText).max(20, 'must list at most 20 questions').nullish(),
    language: languageTag,
    opensAt: isoInstant,
    closesAt: isoInstant,
  }),
);

export const updateInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.number().int().min(1),
    title: text(3, 200).nullish(),
    summary: text(1, 1000).nullish(),
    body: text(1, 50_000).nullish(),
    questions: z.array(questionText).max(20, 'must list at most 20 questions').nullish(),
    language: languageTag.nullish(),
    opensAt: isoInstant.nullish(),
    closesAt: isoInstant.nullish(),
  }),
);

export const scheduleInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1) }));
export const publishInput = z.lazy(() => z.object({ consultationId: z.string(), version: z.number().int().min(1), body: text(1, 100_000) }));

export interface ContributionsArgs {
  readonly filter?:
    | {
        readonly questionId?: string | null | undefined;
        readonly group?: string | null | undefined;
        readonly region?: string | null | undefined;
        readonly disposition?: string | null | undefined;
      }
    | null
    | undefined;
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}

export type CreateConsultationInput = z.input<typeof createInput>;
export type UpdateConsultationInput = z.input<typeof updateInput>;
export type PublishSynthesisInput = z.input<typeof publishInput>;
