/** The contributions module's inputs as zod schemas: what each mutation accepts. */
import * as z from 'zod';
import { languageTag, text } from '../../core/validation';
import { CAPACITIES, DISPOSITIONS } from '../consultations';

/** Bodies are NFC-normalised so the same text always digests the same. */
const body = text(1, 20_000).transform((value) => value.normalize('NFC'));

export const submitInput = z.lazy(() =>
  z.object({
    consultationId: z.string(),
    body,
    language: languageTag,
    questionId: z.string().nullish(),
    parentId: z.string().nullish(),
    capacity: z.enum(CAPACITIES).nullish(),
    organisationId: z.string().nullish(),
    idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
  }),
);

export const withdrawInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1) }));
export const editInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1), body, language: languageTag.nullish() }));

export const entry = z.lazy(() =>
  z.object({
    contributionId: z.string(),
    version: z.number().int().min(1),
    disposition: z.enum(DISPOSITIONS),
    response: text(1, 5000),
  }),
);

export const dispositionsInput = z.lazy(() =>
  z.object({
    consultationId: z.string(),
    entries: z.array(entry).min(1, 'must have 1..100 entries').max(100, 'must have 1..100 entries'),
  }),
);

export type SubmitContributionInput = z.input<typeof submitInput>;
export type EditContributionInput = z.input<typeof editInput>;
export type DispositionEntryInput = z.input<typeof entry>;
export type DispositionsInput = z.input<typeof dispositionsInput>;
