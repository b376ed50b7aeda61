/** The inputs of the issue services, checked with zod before any read. */
import * as z from 'zod';
import { text } from '../../core/validation';
import { CAPACITIES, DEVELOPMENT_LINKAGES, MAX_CATEGORIES_PER_ISSUE } from './programme.model';

export const developmentDimensionInput = z.lazy(() =>
  z.object({
    linkage: z.enum(DEVELOPMENT_LINKAGES),
    explanation: text(10, 2000),
  }),
);

export const submitInput = z.lazy(() =>
  z.object({
    callId: z.string(),
    title: text(5, 200),
    description: text(20, 5000),
    categories: z
      .array(z.string())
      .min(1, `must name 1..${MAX_CATEGORIES_PER_ISSUE} categories`)
      .max(MAX_CATEGORIES_PER_ISSUE, `must name 1..${MAX_CATEGORIES_PER_ISSUE} categories`),
    developmentDimension: developmentDimensionInput,
    sdgs: z.array(z.number().int().min(1, 'SDGs are 1..17').max(17, 'SDGs are 1..17')).max(17).nullish(),
    discussedElsewhere: text(1, 2000).nullish(),
    capacity: z.enum(CAPACITIES).nullish(),
    organisationId: z.string().nullish(),
    idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
  }),
);

export const withdrawInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1) }));
export const supportInput = z.lazy(() => z.object({ issueId: z.string(), comment: text(1, 1000).nullish(), listed: z.boolean().nullish() }));
export const mergeInput = z.lazy(() => z.object({ issueId: z.string(), version: z.number().int().min(1), intoIssueId: z.string() }));
export const declineInput = z.lazy(() =>
  z.object({
    issueId: z.string(),
    reason: text(10, 2000),
    decision: z.object({ meetingId: z.string().min(1).max(80), decisionId: z.string().min(1).max(80), decidedAt: z.iso.datetime({ offset: true }) }),
  }),
);

export type SubmitIssueInput = z.input<typeof submitInput>;
export type SupportIssueInput = z.input<typeof supportInput>;
export type MergeIssueInput = z.input<typeof mergeInput>;
/** What the meetings module passes when a decision not to take an issue up is adopted (internal ids). */
export type DeclineIssueInput = z.input<typeof declineInput>;

export interface IssueListArgs {
  readonly orderBy?: 'SUPPORT_BREADTH' | 'NEWEST' | null | undefined;
  readonly breadth?: number | null | undefined;
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}
export type WithdrawIssueInput = z.input<typeof withdrawInput>;
