/** The inputs of the meeting services, checked with zod before any read. */
import * as z from 'zod';
import { httpsUrl, text } from '../../core/validation';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import {
  ACTION_ITEM_STATUSES,
  ATTENDANCE_MODES,
  ATTENDANCE_STATUSES,
  ATTENDEE_ROLES,
  DECISION_METHODS,
  DECISION_STATES,
  MAX_SUBJECTS,
  MEETING_FORMATS,
  MEETING_KINDS,
} from './meeting.model';

const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 instant')
  .transform((v) => new Date(v).toISOString());
export const MAX_AGENDA_ITEMS = 50;

export const agendaProcessing = z.lazy(() =>
  z.object({
    consultationId: z.string(),
    questionIds: z.array(z.string().max(80)).max(1, 'must list at most one question (one agenda item per question)').nullish(),
    contributionIds: z.array(z.string()).max(100, 'must list at most 100 contributions').nullish(),
    group: z.enum(STAKEHOLDER_GROUPS).nullish(),
    region: z.enum(REGIONS).nullish(),
  }),
);

export interface AgendaItemInput {
  title: string;
  expectedOutput?: string | null | undefined;
  minutes?: number | null | undefined;
  documents?: string[] | null | undefined;
  processes?: z.output<typeof agendaProcessing> | null | undefined;
  items?: readonly unknown[] | null | undefined;
}

const agendaLeaf = z.object({
  title: text(3, 300),
  expectedOutput: text(1, 500).nullish(),
  minutes: z.number().int().min(1, 'must be 1..600').max(600, 'must be 1..600').nullish(),
  documents: z.array(httpsUrl).max(20, 'must list at most 20 documents').nullish(),
  processes: agendaProcessing.nullish(),
});
const agendaItem = agendaLeaf.extend({
  items: z.array(agendaLeaf.extend({ items: z.array(z.unknown()).max(0, 'agenda items nest one level deep').nullish() })).nullish(),
});

export const createInput = z.lazy(() =>
  z.object({
    year: z.number().int().min(2000, 'must be 2000..9999').max(9999, 'must be 2000..9999'),
    kind: z.enum(MEETING_KINDS),
    number: z.number().int().min(1, 'must be 1..99').max(99, 'must be 1..99'),
    title: text(3, 200),
    startsAt: isoInstant,
    format: z.enum(MEETING_FORMATS),
    place: text(1, 300).nullish(),
    onlineLink: httpsUrl.nullish(),
    chairId: z.string(),
    consultationIds: z.array(z.string()).max(3, 'must list at most 3 consultations').nullish(),
    idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
  }),
);

export const updateInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.number().int().min(1),
    title: text(3, 200).nullish(),
    startsAt: isoInstant.nullish(),
    format: z.enum(MEETING_FORMATS).nullish(),
    place: text(1, 300).nullish(),
    onlineLink: httpsUrl.nullish(),
    recordingUrl: httpsUrl.nullish(),
    transcriptUrl: httpsUrl.nullish(),
  }),
);

export const transitionInput = z.object({ meetingId: z.string(), version: z.number().int().min(1) });
export const cancelInput = transitionInput.extend({ reason: text(3, 1000) });
export const setAgendaInput = transitionInput.extend({ items: z.array(agendaItem).max(MAX_AGENDA_ITEMS, `must list at most ${MAX_AGENDA_ITEMS} items`) });

export const attendanceInput = z.lazy(() =>
  z.object({
    meetingId: z.string(),
    entries: z
      .array(z.object({ stakeholderId: z.string(), role: z.enum(ATTENDEE_ROLES), mode: z.enum(ATTENDANCE_MODES), status: z.enum(ATTENDANCE_STATUSES) }))
      .min(1, 'must have 1..90 entries')
      .max(90, 'must have 1..90 entries'),
  }),
);

const subjectInput = z.lazy(() => z.record(z.string(), z.unknown().nullish()));
export const recordDecisionInput = z.lazy(() =>
  z.object({
    meetingId: z.string(),
    agendaItemId: z.string().max(80).nullish(),
    text: text(1, 10_000),
    method: z.enum(DECISION_METHODS).nullish(),
    subjects: z.array(subjectInput).max(MAX_SUBJECTS, `must list at most ${MAX_SUBJECTS} subjects`).nullish(),
    idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
  }),
);

export const decideInput = z.lazy(() =>
  z.object({
    decisionId: z.string(),
    version: z.number().int().min(1),
    state: z.enum(DECISION_STATES).refine((state) => state !== 'PROPOSED', 'must be ADOPTED, DEFERRED or REJECTED'),
    objections: z.array(text(1, 2000)).max(20, 'must list at most 20 objections').nullish(),
  }),
);

export const createActionInput = z.lazy(() => z.object({ meetingId: z.string(), text: text(3, 2000), ownerId: z.string(), dueAt: isoInstant }));
export const updateActionInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.number().int().min(1),
    status: z.enum(ACTION_ITEM_STATUSES),
    reviewedAtMeetingId: z.string().nullish(),
  }),
);

const minutesBody = text(1, 200_000);
export const draftMinutesInput = transitionInput.extend({ body: minutesBody });
export const reviseMinutesInput = transitionInput.extend({ body: minutesBody });
export const circulateInput = transitionInput.extend({ amendmentDays: z.number().int().min(1, 'must be 1..30').max(30, 'must be 1..30').nullish() });
export const amendmentInput = z.lazy(() => z.object({ meetingId: z.string(), text: text(1, 5000) }));

export type CreateMeetingInput = z.input<typeof createInput>;

/** The input of DecisionSubjectInput: one field per kind, exactly one set. */
export type DecisionSubjectInput = Record<string, unknown>;
export type UpdateMeetingInput = z.input<typeof updateInput>;
export type TransitionInput = z.input<typeof transitionInput>;
export type CancelMeetingInput = z.input<typeof cancelInput>;
export type SetAgendaInput = z.input<typeof setAgendaInput>;
export type AgendaProcessingInput = z.output<typeof agendaProcessing>;
export type RecordAttendanceInput = z.input<typeof attendanceInput>;
export type RecordDecisionInput = z.input<typeof recordDecisionInput>;
export type DecideInput = z.input<typeof decideInput>;
export type CreateActionItemInput = z.input<typeof createActionInput>;
export type UpdateActionItemInput = z.input<typeof updateActionInput>;
export type DraftMinutesInput = z.input<typeof draftMinutesInput>;
export type ReviseMinutesInput = z.input<typeof reviseMinutesInput>;
export type CirculateMinutesInput = z.input<typeof circulateInput>;
export type ProposeAmendmentInput = z.input<typeof amendmentInput>;
