/**
 * Rules for MAG meetings: the lifecycle (planned → agenda adopted → held →
 * minutes draft → closed, or cancelled), who may do what, what the public
 * sees, decisions and their typed subjects, action items, and the minutes
 * with their amendment window. Talks to the meeting store; asks the policy
 * module; uses the consultations and stakeholders modules through their
 * services.
 */
import DataLoader from 'dataloader';
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { decodeCursor, encodeCursor } from '../../core/cursor';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { Page } from '../../core/dynamodb/query';
import { BadUserInputError, ConflictError, DeadlinePassedError, ForbiddenError, NotFoundError, NotOpenError, StaleVersionError, UnauthenticatedError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { httpsUrl, parseInput, text } from '../../core/validation';
import { contributionIdParts, type Consultation, type ConsultationService, type Contribution, type ContributionService } from '../consultations';
import type { IssueService, ThemeService } from '../programme';
import type { SelectionService } from '../sessions';
import { REGIONS, STAKEHOLDER_GROUPS, type StakeholderService } from '../stakeholders';
import {
  ACTION_ITEM_STATUSES,
  ATTENDANCE_MODES,
  ATTENDANCE_STATUSES,
  ATTENDEE_ROLES,
  DECISION_METHODS,
  DECISION_STATES,
  FIRST_SUBJECTS,
  MAX_SUBJECTS,
  MEETING_FORMATS,
  MEETING_KINDS,
  MEETING_STATUSES,
  amendmentWindowOpen,
  canMove,
  childId,
  childIdParts,
  flattenAgenda,
  isPublic,
  type ActionItem,
  type AgendaItem,
  type Attendance,
  type Decision,
  type DecisionSubject,
  type Meeting,
  type MeetingPage,
  type MeetingStatus,
  type Minutes,
  type MinutesAmendment,
  type MinutesRevision,
} from './meeting.model';
import * as store from './meeting.store';
import { SUBJECT_KIND_LIST, type SubjectContext, type SubjectKind } from './subject-kinds';

const isoInstant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 instant').transform((v) => new Date(v).toISOString());
const MAX_AGENDA_ITEMS = 50;
const DAY_MS = 86_400_000;
/** The chair adopts the agenda "at the start": from an hour before it. */
const ADOPTION_LEAD_MS = 3_600_000;

const agendaProcessing = z.lazy(() => z.object({
  consultationId: z.string(),
  questionIds: z.array(z.string().max(80)).max(1, 'must list at most one question (one agenda item per question)').nullish(),
  contributionIds: z.array(z.string()).max(100, 'must list at most 100 contributions').nullish(),
  group: z.enum(STAKEHOLDER_GROUPS).nullish(),
  region: z.enum(REGIONS).nullish(),
}));

interface AgendaItemInput {
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
const agendaItem = z.lazy(() => agendaLeaf.extend({ items: z.array(agendaLeaf.extend({ items: z.array(z.unknown()).max(0, 'agenda items nest one level deep').nullish() })).nullish() }));

const createInput = z.lazy(() => z.object({
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
}));

const updateInput = z.lazy(() => z.object({
  id: z.string(),
  version: z.number().int().min(1),
  title: text(3, 200).nullish(),
  startsAt: isoInstant.nullish(),
  format: z.enum(MEETING_FORMATS).nullish(),
  place: text(1, 300).nullish(),
  onlineLink: httpsUrl.nullish(),
  recordingUrl: httpsUrl.nullish(),
  transcriptUrl: httpsUrl.nullish(),
}));

const transitionInput = z.object({ meetingId: z.string(), version: z.number().int().min(1) });
const cancelInput = z.lazy(() => transitionInput.extend({ reason: text(3, 1000) }));
const setAgendaInput = z.lazy(() => transitionInput.extend({ items: z.array(agendaItem).max(MAX_AGENDA_ITEMS, `must list at most ${MAX_AGENDA_ITEMS} items`) }));

const attendanceInput = z.lazy(() => z.object({
  meetingId: z.string(),
  entries: z
    .array(z.object({ stakeholderId: z.string(), role: z.enum(ATTENDEE_ROLES), mode: z.enum(ATTENDANCE_MODES), status: z.enum(ATTENDANCE_STATUSES) }))
    .min(1, 'must have 1..90 entries')
    .max(90, 'must have 1..90 entries'),
}));

const subjectInput = z.lazy(() => z.record(z.string(), z.unknown().nullish()));
const recordDecisionInput = z.lazy(() => z.object({
  meetingId: z.string(),
  agendaItemId: z.string().max(80).nullish(),
  text: text(1, 10_000),
  method: z.enum(DECISION_METHODS).nullish(),
  subjects: z.array(subjectInput).max(MAX_SUBJECTS, `must list at most ${MAX_SUBJECTS} subjects`).nullish(),
  idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
}));

const decideInput = z.lazy(() => z.object({
  decisionId: z.string(),
  version: z.number().int().min(1),
  state: z.enum(DECISION_STATES).refine((state) => state !== 'PROPOSED', 'must be ADOPTED, DEFERRED or REJECTED'),
  objections: z.array(text(1, 2000)).max(20, 'must list at most 20 objections').nullish(),
}));

const createActionInput = z.lazy(() => z.object({ meetingId: z.string(), text: text(3, 2000), ownerId: z.string(), dueAt: isoInstant }));
const updateActionInput = z.lazy(() => z.object({
  id: z.string(),
  version: z.number().int().min(1),
  status: z.enum(ACTION_ITEM_STATUSES),
  reviewedAtMeetingId: z.string().nullish(),
}));

const minutesBody = text(1, 200_000);
const draftMinutesInput = z.lazy(() => transitionInput.extend({ body: minutesBody }));
const reviseMinutesInput = z.lazy(() => transitionInput.extend({ body: minutesBody }));
const circulateInput = z.lazy(() => transitionInput.extend({ amendmentDays: z.number().int().min(1, 'must be 1..30').max(30, 'must be 1..30').nullish() }));
const amendmentInput = z.lazy(() => z.object({ meetingId: z.string(), text: text(1, 5000) }));

export type CreateMeetingInput = z.input<typeof createInput>;

/** The input of DecisionSubjectInput: one field per kind, exactly one set. */
export type DecisionSubjectInput = Record<string, unknown>;

export class MeetingService {
  readonly loader = new DataLoader<string, Meeting | undefined>((ids) => store.getMeetings(ids), { maxBatchSize: 100 });
  readonly decisionLoader = new DataLoader<string, Decision | undefined>((ids) => store.getDecisions(ids), { maxBatchSize: 100 });
  /** Minutes by meeting id, for `node(id)` and the feed (a meeting page reads them with the rest instead). */
  private readonly minutesLoader = new DataLoader<string, Minutes | undefined>((ids) => store.getMinutesMany(ids), { maxBatchSize: 100 });
  private readonly pages = new Map<string, Promise<MeetingPage | undefined>>();

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly consultations: ConsultationService,
    private readonly contributions: ContributionService,
    private readonly stakeholders: StakeholderService,
    /** The annual programme's services, for decisions on issues and themes. */
    private readonly programme: { readonly issues: IssueService; readonly themes: ThemeService; readonly selection: SelectionService },
  ) {}

  // ---------------------------------------------------------------- reading

  /** MAG members of the meeting's year, its chair and the secretariat see what is internal. */
  mayReadInternal(meeting: Meeting): Promise<boolean> {
    return can(this.caller, { type: 'meeting.readInternal', year: meeting.year, chairId: meeting.chairId });
  }

  private async visible(meeting: Meeting | undefined): Promise<Meeting | undefined> {
    if (!meeting) return undefined;
    return isPublic(meeting) || (await this.mayReadInternal(meeting)) ? meeting : undefined;
  }

  async get(id: string): Promise<Meeting | undefined> {
    return this.visible(await this.loader.load(id));
  }

  /** A meeting by global id, with its whole page read in one Query (the fields below reuse it). */
  async getByGlobalId(globalId: string): Promise<Meeting | undefined> {
    const id = internalId(globalId, 'Meeting');
    const page = await this.page(id);
    return this.visible(page?.meeting);
  }

  /** The meeting's item collection, read once per request. */
  private page(id: string): Promise<MeetingPage | undefined> {
    let page = this.pages.get(id);
    if (!page) {
      page = store.getMeetingPage(id).then((read) => {
        if (read) this.loader.prime(id, read.meeting);
        for (const decision of read?.decisions ?? []) this.decisionLoader.prime(decision.id, decision);
        return read;
      });
      this.pages.set(id, page);
    }
    return page;
  }

  async list(filter: { year?: number | null; status?: MeetingStatus | null } | null | undefined, first?: number | null, after?: string | null): Promise<Page<Meeting>> {
    const year = filter?.year ?? undefined;
    if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 9999)) throw new BadUserInputError('filter.year: must be 2000..9999', 'filter.year');
    const status = filter?.status ?? undefined;
    if (status !== undefined && !MEETING_STATUSES.includes(status)) throw new BadUserInputError('filter.status: unknown status', 'filter.status');
    // MAG members see the internal meetings of their term's years; the list shows them to the secretariat and, by year, to those members.
    const includeInternal =
      (await can(this.caller, { type: 'meeting.manage' })) ||
      (year !== undefined && (await can(this.caller, { type: 'meeting.readInternal', year, chairId: '' })));
    const page = await store.listMeetings({ year, status, includeInternal, first: pageSize(first), after });
    for (const meeting of page.items) this.loader.prime(meeting.id, meeting);
    return page;
  }

  /** The meetings that process a consultation and that the caller may see, by start. */
  async ofConsultation(consultation: Consultation): Promise<Meeting[]> {
    const ids = await store.meetingIdsOfConsultation(consultation.id);
    const meetings = await Promise.all(ids.map((id) => this.get(id)));
    return meetings.filter((m): m is Meeting => m !== undefined);
  }

  /** The contributions an agenda item processes: the listed ones, or the consultation's list with the saved filter. */
  async agendaContributions(processing: NonNullable<AgendaItem['processes']>, first?: number | null, after?: string | null): Promise<Page<Contribution>> {
    const size = pageSize(first);
    if (processing.contributionIds.length === 0) {
      const consultation = await this.consultations.get(processing.consultationId);
      if (!consultation) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
      const filter = { questionId: processing.questionIds[0] ?? null, group: processing.group ?? null, region: processing.region ?? null };
      return this.consultations.contributions(consultation, { filter, first: size, after });
    }
    // A listed selection (≤ 100 ids): pages by position, read in one BatchGetItem.
    const scope = `agenda-selection:${processing.consultationId}:${processing.contributionIds.join(',')}`;
    const position = after ? decodeCursor(scope, after).i : -1;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < -1) throw new BadUserInputError('The cursor is not valid', 'after');
    const start = position + 1;
    const ids = processing.contributionIds.slice(start, start + size);
    const found = await Promise.all(ids.map((id) => this.contributions.get(id)));
    const items = found.filter((c): c is Contribution => c !== undefined);
    const cursors = ids.map((_, i) => encodeCursor(scope, { i: start + i })).filter((_, i) => found[i] !== undefined);
    return { items, cursors, hasNextPage: start + size < processing.contributionIds.length, endCursor: ids.length ? encodeCursor(scope, { i: start + ids.length - 1 }) : null };
  }

  agenda(meeting: Meeting): AgendaItem[] {
    return [...meeting.agenda];
  }

  async consultationsOf(meeting: Meeting): Promise<Consultation[]> {
    const found = await Promise.all(meeting.consultationIds.map((id) => this.consultations.get(id)));
    return found.filter((c): c is Consultation => c !== undefined);
  }

  /** Attendance: public once the minutes are published. */
  async attendance(meeting: Meeting): Promise<Attendance[] | null> {
    if (meeting.status !== 'CLOSED' && !(await this.mayReadInternal(meeting))) return null;
    return [...((await this.page(meeting.id))?.attendance ?? [])];
  }

  /** Decisions in order; PROPOSED ones only for those who see what is internal. */
  async decisions(meeting: Meeting): Promise<Decision[]> {
    const all = (await this.page(meeting.id))?.decisions ?? [];
    if (await this.mayReadInternal(meeting)) return [...all];
    return all.filter((decision) => decision.state !== 'PROPOSED');
  }

  async actionItems(meeting: Meeting): Promise<ActionItem[] | null> {
    if (meeting.status !== 'CLOSED' && !(await this.mayReadInternal(meeting))) return null;
    return [...((await this.page(meeting.id))?.actionItems ?? [])];
  }

  /** The minutes: public once published; drafts for those who see what is internal. */
  async minutes(meeting: Meeting): Promise<Minutes | null> {
    const minutes = (await this.page(meeting.id))?.minutes;
    if (!minutes) return null;
    return minutes.status === 'PUBLISHED' || (await this.mayReadInternal(meeting)) ? minutes : null;
  }

  /** Minutes by their global id's meeting: two batched reads (the meeting, the minutes), not the meeting page. */
  async minutesById(meetingId: string): Promise<Minutes | undefined> {
    const [meeting, minutes] = await Promise.all([this.get(meetingId), this.minutesLoader.load(meetingId)]);
    if (!meeting || !minutes) return undefined;
    return minutes.status === 'PUBLISHED' || (await this.mayReadInternal(meeting)) ? minutes : undefined;
  }

  async decision(id: string): Promise<Decision | undefined> {
    const decision = childIdParts(id) ? await this.decisionLoader.load(id) : undefined;
    if (!decision) return undefined;
    const meeting = await this.get(decision.meetingId);
    if (!meeting) return undefined;
    return decision.state !== 'PROPOSED' || (await this.mayReadInternal(meeting)) ? decision : undefined;
  }

  decisionByGlobalId(globalId: string): Promise<Decision | undefined> {
    return this.decision(internalId(globalId, 'Decision'));
  }

  async actionItem(id: string): Promise<ActionItem | undefined> {
    const parts = childIdParts(id);
    if (!parts) return undefined;
    const meeting = await this.get(parts.meetingId);
    if (!meeting) return undefined;
    const item = (await this.page(parts.meetingId))?.actionItems.find((a) => a.id === id);
    if (!item) return undefined;
    return meeting.status === 'CLOSED' || (await this.mayReadInternal(meeting)) ? item : undefined;
  }

  async meetingOf(child: { meetingId: string }): Promise<Meeting> {
    const meeting = await this.loader.load(child.meetingId);
    if (!meeting) throw new Error(`No meeting ${child.meetingId}`);
    return meeting;
  }

  /** A decision's subjects: the first ones come with the decision item; later pages are one Query. */
  async subjects(decision: Decision, first?: number | null, after?: string | null): Promise<Page<DecisionSubject>> {
    const size = pageSize(first);
    if (!after && (size <= decision.firstSubjects.length || decision.subjectCount <= decision.firstSubjects.length)) {
      const items = decision.firstSubjects.slice(0, size);
      // The same cursors the Query would give, so the next page continues from the embedded ones.
      const cursors = items.map((_, i) => encodeCursor(`subjects:${decision.id}`, store.subjectKey(decision.id, i + 1)));
      return { items, cursors, hasNextPage: decision.subjectCount > items.length, endCursor: cursors.at(-1) ?? null };
    }
    return store.listSubjects(decision.id, size, after);
  }

  /** The adopted decisions that processed a contribution, in the order adopted. */
  async decisionsOf(contribution: Contribution): Promise<Decision[]> {
    const ids = contribution.processedBy ?? [];
    const found = await Promise.all(ids.map((id) => this.decision(id)));
    return found.filter((d): d is Decision => d !== undefined);
  }

  async amendments(minutes: Minutes, first?: number | null, after?: string | null): Promise<Page<MinutesAmendment>> {
    await this.authorizeInternal(minutes.meetingId);
    return store.listAmendments(minutes.meetingId, pageSize(first), after);
  }

  async minutesRevisions(minutes: Minutes, first?: number | null, after?: string | null): Promise<Page<MinutesRevision>> {
    await this.authorizeInternal(minutes.meetingId);
    return store.listMinutesRevisions(minutes.meetingId, pageSize(first), after);
  }

  private async authorizeInternal(meetingId: string): Promise<void> {
    const meeting = await this.meetingOf({ meetingId });
    await authorize(this.caller, { type: 'meeting.readInternal', year: meeting.year, chairId: meeting.chairId });
  }

  // ---------------------------------------------------------------- the meeting's lifecycle

  private async callerId(): Promise<string> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in first');
    return (await this.caller.roles())?.stakeholderId ?? `subject:${this.caller.subject}`;
  }

  /** The meeting about to change: it must exist and be at the version the caller edits. */
  private async forChange(globalId: string, field: string, version?: number): Promise<Meeting> {
    const meeting = await store.getMeetingConsistent(internalId(globalId, 'Meeting', field));
    if (!meeting) throw new NotFoundError('No such meeting');
    if (version !== undefined && meeting.version !== version) throw new StaleVersionError('meeting', meeting.version);
    return meeting;
  }

  /** After a conditional write lost a race: the one stale-version error, with the version now current. */
  private async refuseStaleMeeting(id: string): Promise<never> {
    const latest = await store.getMeetingConsistent(id);
    if (!latest) throw new NotFoundError('No such meeting');
    throw new StaleVersionError('meeting', latest.version);
  }

  private assertStatus(meeting: Meeting, allowed: readonly MeetingStatus[], what: string): void {
    if (!allowed.includes(meeting.status)) throw new ConflictError(`${what} (the meeting is ${meeting.status})`, { status: meeting.status });
  }

  private async save(next: Meeting, current: Meeting): Promise<Meeting> {
    if ((await store.saveMeeting(next, current.version, [current.status])) === 'stale') return this.refuseStaleMeeting(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    this.pages.delete(next.id);
    return next;
  }

  async create(input: CreateMeetingInput): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(createInput, input);
    const chairId = internalId(valid.chairId, 'Stakeholder', 'input.chairId');
    const consultationIds = [...new Set((valid.consultationIds ?? []).map((id) => internalId(id, 'Consultation', 'input.consultationIds')))];
    this.checkVenue(valid.format, valid.place ?? undefined, valid.onlineLink ?? undefined);
    const creator = await this.callerId();
    const guardKey = idempotencyGuardKey('createMeeting', creator, valid.idempotencyKey);
    const requestDigest = JSON.stringify([valid.year, valid.kind, valid.number, valid.title, valid.startsAt, valid.format, valid.place ?? null, valid.onlineLink ?? null, chairId, consultationIds]);
    const [chair, ...consultations] = await Promise.all([this.stakeholders.get(chairId), ...consultationIds.map((id) => this.consultations.get(id))]);
    if (!chair || chair.kind !== 'PERSON') throw new BadUserInputError('input.chairId: no such person', 'input.chairId');
    if (consultations.some((c) => !c)) throw new BadUserInputError('input.consultationIds: no such consultation', 'input.consultationIds');
    const now = this.now();
    const at = now.toISOString();
    const meeting: Meeting = {
      id: newId(now),
      year: valid.year,
      kind: valid.kind,
      number: valid.number,
      title: valid.title,
      startsAt: valid.startsAt,
      format: valid.format,
      place: valid.place ?? undefined,
      onlineLink: valid.onlineLink ?? undefined,
      chairId,
      consultationIds,
      status: 'PLANNED',
      agenda: [],
      decisionCount: 0,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const outcome = await store.createMeeting(meeting, { key: guardKey, requestDigest }, now);
    switch (outcome.kind) {
      case 'created':
        this.loader.prime(meeting.id, meeting);
        return meeting;
      case 'numberTaken':
        throw new ConflictError(`${valid.kind} meeting ${valid.number} of ${valid.year} already exists`, { field: 'input.number' });
      case 'replayed': {
        if (outcome.requestDigest !== requestDigest) throw new ConflictError('This idempotency key was used for a different meeting', { field: 'input.idempotencyKey' });
        const earlier = await store.getMeetingConsistent(outcome.resultId);
        if (!earlier) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
        return earlier;
      }
    }
  }

  private checkVenue(format: Meeting['format'], place: string | undefined, onlineLink: string | undefined): void {
    if (format !== 'ONLINE' && !place) throw new BadUserInputError('input.place: required for onsite and hybrid meetings', 'input.place');
    if (format !== 'ONSITE' && !onlineLink) throw new BadUserInputError('input.onlineLink: required for online and hybrid meetings', 'input.onlineLink');
  }

  async update(input: z.input<typeof updateInput>): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(updateInput, input);
    const current = await this.forChange(valid.id, 'input.id', valid.version);
    this.assertStatus(current, ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT'], 'A closed or cancelled meeting cannot be edited');
    if (valid.startsAt && current.status !== 'PLANNED') throw new ConflictError('The start can be moved while the meeting is PLANNED', { status: current.status });
    const next: Meeting = {
      ...current,
      title: valid.title ?? current.title,
      startsAt: valid.startsAt ?? current.startsAt,
      format: valid.format ?? current.format,
      place: valid.place ?? current.place,
      onlineLink: valid.onlineLink ?? current.onlineLink,
      recordingUrl: valid.recordingUrl ?? current.recordingUrl,
      transcriptUrl: valid.transcriptUrl ?? current.transcriptUrl,
      updatedAt: this.now().toISOString(),
      version: current.version + 1,
    };
    this.checkVenue(next.format, next.place, next.onlineLink);
    return this.save(next, current);
  }

  async setAgenda(input: z.input<typeof setAgendaInput>): Promise<Meeting> {
    const valid = parseInput(setAgendaInput, input);
    const current = await this.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.prepareAgenda', chairId: current.chairId });
    if (current.version !== valid.version) throw new StaleVersionError('meeting', current.version);
    this.assertStatus(current, ['PLANNED'], 'The agenda can be changed while the meeting is PLANNED');
    const now = this.now();
    const count = valid.items.reduce((n, item) => n + 1 + (item.items?.length ?? 0), 0);
    if (count > MAX_AGENDA_ITEMS) throw new BadUserInputError(`input.items: at most ${MAX_AGENDA_ITEMS} items, sub-items included`, 'input.items');
    const consultations = new Map((await this.consultationsOf(current)).map((c) => [c.id, c]));
    const build = (items: readonly AgendaItemInput[], prefix: string, field: string): AgendaItem[] =>
      items.map((item, i) => ({
        id: newId(now),
        number: `${prefix}${i + 1}`,
        title: item.title,
        expectedOutput: item.expectedOutput ?? undefined,
        minutes: item.minutes ?? undefined,
        documents: item.documents ?? [],
        processes: item.processes ? this.processing(item.processes, consultations, `${field}.${i}.processes`) : undefined,
        items: build((item.items ?? []) as AgendaItemInput[], `${prefix}${i + 1}.`, `${field}.${i}.items`),
      }));
    const next: Meeting = { ...current, agenda: build(valid.items, '', 'input.items'), updatedAt: now.toISOString(), version: current.version + 1 };
    return this.save(next, current);
  }

  /** What an agenda item processes: a consultation of the meeting, its questions, its contributions. */
  private processing(input: z.output<typeof agendaProcessing>, consultations: Map<string, Consultation>, field: string): AgendaItem['processes'] {
    const consultationId = internalId(input.consultationId, 'Consultation', `${field}.consultationId`);
    const consultation = consultations.get(consultationId);
    if (!consultation) throw new BadUserInputError(`${field}.consultationId: not a consultation this meeting processes`, `${field}.consultationId`);
    const questionIds = input.questionIds ?? [];
    if (questionIds.some((q) => !consultation.questions.some((question) => question.id === q))) {
      throw new BadUserInputError(`${field}.questionIds: not a question of that consultation`, `${field}.questionIds`);
    }
    const contributionIds = (input.contributionIds ?? []).map((id) => {
      const internal = internalId(id, 'Contribution', `${field}.contributionIds`);
      if (contributionIdParts(internal)?.consultationId !== consultationId) {
        throw new BadUserInputError(`${field}.contributionIds: not a contribution of that consultation`, `${field}.contributionIds`);
      }
      return internal;
    });
    return { consultationId, questionIds, contributionIds, group: input.group ?? undefined, region: input.region ?? undefined };
  }

  /** The chair adopts the agenda at the start; every consultation the meeting processes has an item about it. */
  async adoptAgenda(input: z.input<typeof transitionInput>): Promise<Meeting> {
    const valid = parseInput(transitionInput, input);
    const current = await this.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.chair', chairId: current.chairId });
    if (current.version !== valid.version) throw new StaleVersionError('meeting', current.version);
    this.assertStatus(current, ['PLANNED'], 'Only a planned meeting can adopt its agenda');
    const now = this.now();
    if (now.getTime() < Date.parse(current.startsAt) - ADOPTION_LEAD_MS) throw new NotOpenError(`The agenda is adopted at the start of the meeting (${current.startsAt})`);
    if (current.agenda.length === 0) throw new ConflictError('The agenda is empty');
    const covered = new Set(flattenAgenda(current.agenda).flatMap((item) => (item.processes ? [item.processes.consultationId] : [])));
    const missing = current.consultationIds.filter((id) => !covered.has(id));
    if (missing.length) throw new ConflictError('Every consultation the meeting processes needs at least one agenda item about it', { consultations: missing.length });
    return this.transition(current, 'AGENDA_ADOPTED', { agendaAdoptedAt: now.toISOString() });
  }

  /** The chair or the secretariat marks the meeting held once it has started: decisions can be recorded. */
  async hold(input: z.input<typeof transitionInput>): Promise<Meeting> {
    const valid = parseInput(transitionInput, input);
    const current = await this.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.conduct', chairId: current.chairId });
    if (current.version !== valid.version) throw new StaleVersionError('meeting', current.version);
    this.assertStatus(current, ['AGENDA_ADOPTED'], 'A meeting is held after its agenda is adopted');
    if (this.now().toISOString() < current.startsAt) throw new NotOpenError(`The meeting starts at ${current.startsAt}`);
    return this.transition(current, 'HELD', {});
  }

  async cancel(input: z.input<typeof cancelInput>): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(cancelInput, input);
    const current = await this.forChange(valid.meetingId, 'input.meetingId', valid.version);
    this.assertStatus(current, ['PLANNED', 'AGENDA_ADOPTED'], 'Only a meeting not yet held can be cancelled');
    const now = this.now().toISOString();
    return this.transition(current, 'CANCELLED', { cancellation: { reason: valid.reason, cancelledAt: now, cancelledBy: await this.callerId() } });
  }

  private transition(current: Meeting, to: MeetingStatus, changes: Partial<Meeting>): Promise<Meeting> {
    if (!canMove(current.status, to)) throw new ConflictError(`A ${current.status} meeting cannot become ${to}`, { status: current.status });
    return this.save({ ...current, ...changes, status: to, updatedAt: this.now().toISOString(), version: current.version + 1 }, current);
  }

  async recordAttendance(input: z.input<typeof attendanceInput>): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(attendanceInput, input);
    const meeting = await this.forChange(valid.meetingId, 'input.meetingId');
    this.assertStatus(meeting, ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT'], 'Attendance is recorded until the minutes are published');
    const ids = valid.entries.map((entry, i) => internalId(entry.stakeholderId, 'Stakeholder', `input.entries.${i}.stakeholderId`));
    const duplicate = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (duplicate >= 0) throw new BadUserInputError(`input.entries.${duplicate}.stakeholderId: listed twice`, `input.entries.${duplicate}.stakeholderId`);
    const people = await Promise.all(ids.map((id) => this.stakeholders.get(id)));
    const unknown = people.findIndex((p) => !p);
    if (unknown >= 0) throw new BadUserInputError(`input.entries.${unknown}.stakeholderId: no such stakeholder`, `input.entries.${unknown}.stakeholderId`);
    const recordedAt = this.now().toISOString();
    const entries: Attendance[] = valid.entries.map((entry, i) => ({ meetingId: meeting.id, stakeholderId: ids[i] as string, role: entry.role, mode: entry.mode, status: entry.status, recordedAt }));
    if ((await store.recordAttendance(meeting.id, entries)) === 'wrongState') throw new ConflictError('The meeting is no longer in a state that allows this; reload it');
    this.pages.delete(meeting.id);
    return meeting;
  }

  // ---------------------------------------------------------------- decisions

  private subjectContext(meeting: Meeting, decidedBy: string): SubjectContext {
    return { meeting, contributions: this.contributions, issues: this.programme.issues, themes: this.programme.themes, selection: this.programme.selection, decidedBy, now: this.now() };
  }

  /** Parses subject inputs: exactly one kind's field each, no subject twice. */
  private parseSubjects(inputs: readonly DecisionSubjectInput[]): DecisionSubject[] {
    const seen = new Set<string>();
    return inputs.map((input, i) => {
      const field = `input.subjects.${i}`;
      const set = SUBJECT_KIND_LIST.filter((kind) => input[kind.inputField] !== undefined && input[kind.inputField] !== null);
      const kind = set[0];
      if (set.length !== 1 || !kind) throw new BadUserInputError(`${field}: set exactly one of ${SUBJECT_KIND_LIST.map((k) => k.inputField).join(', ')}`, field);
      const subject = kind.parse(input[kind.inputField] as Record<string, unknown>, `${field}.${kind.inputField}`);
      const identity = kind.identity(subject);
      if (seen.has(identity)) throw new BadUserInputError(`${field}: listed twice`, field);
      seen.add(identity);
      return subject;
    });
  }

  /** Runs `visit` once per kind present, with that kind's subjects and their input positions. */
  private async perKind<T>(subjects: readonly DecisionSubject[], visit: (kind: SubjectKind<DecisionSubject['kind']>, ofKind: DecisionSubject[], positions: number[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (const kind of SUBJECT_KIND_LIST) {
      const positions = subjects.flatMap((s, i) => (s.kind === kind.kind ? [i] : []));
      if (positions.length) out.push(...(await visit(kind, positions.map((i) => subjects[i] as DecisionSubject), positions)));
    }
    return out;
  }

  async recordDecision(input: z.input<typeof recordDecisionInput>): Promise<Decision> {
    const valid = parseInput(recordDecisionInput, input);
    const meeting = await this.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.conduct', chairId: meeting.chairId });
    this.assertStatus(meeting, ['HELD'], 'Decisions are recorded while the meeting is HELD');
    // An empty id is an id that names no item, not an absent one.
    if (valid.agendaItemId != null && !flattenAgenda(meeting.agenda).some((item) => item.id === valid.agendaItemId)) {
      throw new BadUserInputError('input.agendaItemId: not an item of this meeting’s agenda', 'input.agendaItemId');
    }
    const subjects = this.parseSubjects(valid.subjects ?? []);
    const recorder = await this.callerId();
    const context = this.subjectContext(meeting, recorder);
    await this.perKind(subjects, async (kind, ofKind, positions) => {
      await (kind.check as SubjectKind<DecisionSubject['kind']>['check'])(ofKind, context, (i) => `input.subjects.${positions[i]}.${kind.inputField}`);
      return [];
    });
    const guardKey = idempotencyGuardKey('recordDecision', recorder, valid.idempotencyKey);
    const requestDigest = JSON.stringify([meeting.id, valid.agendaItemId ?? null, valid.text, valid.method ?? 'CONSENSUS', subjects]);
    const now = this.now();
    const at = now.toISOString();
    const decision: Decision = {
      id: childId(meeting.id, newId(now)),
      meetingId: meeting.id,
      number: meeting.decisionCount + 1,
      agendaItemId: valid.agendaItemId ?? undefined,
      text: valid.text,
      method: valid.method ?? 'CONSENSUS',
      objections: [],
      state: 'PROPOSED',
      subjectCount: subjects.length,
      firstSubjects: subjects.slice(0, FIRST_SUBJECTS),
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const outcome = await store.recordDecision(decision, subjects, { key: guardKey, requestDigest }, now);
    switch (outcome.kind) {
      case 'recorded':
        this.pages.delete(meeting.id);
        this.decisionLoader.prime(decision.id, decision);
        return decision;
      case 'notHeld':
        throw new ConflictError('Decisions are recorded while the meeting is HELD');
      case 'numberMoved':
        throw new ConflictError('Another decision was recorded at the same time; retry');
      case 'replayed': {
        if (outcome.requestDigest !== requestDigest) throw new ConflictError('This idempotency key was used for a different decision', { field: 'input.idempotencyKey' });
        const earlier = await store.getDecisionConsistent(outcome.resultId);
        if (!earlier) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
        return earlier;
      }
    }
  }

  /** Adopts, defers or rejects a proposed decision; adoption applies it to its subjects in the same transaction. */
  async decide(input: z.input<typeof decideInput>): Promise<Decision> {
    const valid = parseInput(decideInput, input);
    const id = internalId(valid.decisionId, 'Decision', 'input.decisionId');
    const current = childIdParts(id) ? await store.getDecisionConsistent(id) : undefined;
    if (!current) throw new NotFoundError('No such decision');
    const meeting = await this.meetingOf(current);
    await authorize(this.caller, { type: 'meeting.conduct', chairId: meeting.chairId });
    if (current.state !== 'PROPOSED') throw new ConflictError(`The decision is already ${current.state}`, { state: current.state });
    if (current.version !== valid.version) throw new StaleVersionError('decision', current.version);
    const fresh = (await store.getMeetingConsistent(meeting.id)) ?? meeting;
    this.assertStatus(fresh, ['HELD'], 'Decisions are taken while the meeting is HELD');
    const now = this.now();
    const next: Decision = {
      ...current,
      state: valid.state,
      objections: valid.objections ?? [],
      decidedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    const context = this.subjectContext(fresh, await this.callerId());
    const subjects = valid.state === 'ADOPTED' ? await store.allSubjects(current.id) : [];
    const effects = await this.perKind(subjects, (kind, ofKind) => (kind.effects as SubjectKind<DecisionSubject['kind']>['effects'])(ofKind, next, context));
    const outcome = await store.transact([store.meetingInStatus(meeting.id, ['HELD']), store.decisionPut(next, current.version), ...effects]);
    if (!outcome.ok) {
      if (outcome.failed === 'meetingStatus') throw new ConflictError('Decisions are taken while the meeting is HELD');
      if (outcome.failed === 'decision') throw new StaleVersionError('decision', (await store.getDecisionConsistent(current.id))?.version ?? current.version);
      for (const kind of SUBJECT_KIND_LIST) {
        const refusal = kind.refusal(outcome.failed);
        if (refusal) throw refusal;
      }
      throw new Error(`Decision ${current.id} could not be decided (${outcome.failed})`);
    }
    this.pages.delete(meeting.id);
    this.decisionLoader.clear(next.id).prime(next.id, next);
    return next;
  }

  // ---------------------------------------------------------------- action items

  async createActionItem(input: z.input<typeof createActionInput>): Promise<ActionItem> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(createActionInput, input);
    const meeting = await this.forChange(valid.meetingId, 'input.meetingId');
    this.assertStatus(meeting, ['HELD', 'MINUTES_DRAFT'], 'Action items are set once the meeting is held and until its minutes are published');
    const ownerId = internalId(valid.ownerId, 'Stakeholder', 'input.ownerId');
    if (!(await this.stakeholders.get(ownerId))) throw new BadUserInputError('input.ownerId: no such stakeholder', 'input.ownerId');
    const now = this.now();
    const at = now.toISOString();
    const item: ActionItem = { id: childId(meeting.id, newId(now)), meetingId: meeting.id, text: valid.text, ownerId, dueAt: valid.dueAt, status: 'OPEN', createdAt: at, updatedAt: at, version: 1 };
    if ((await store.createActionItem(item)) === 'wrongState') throw new ConflictError('The meeting is no longer in a state that allows this; reload it');
    this.pages.delete(meeting.id);
    return item;
  }

  async updateActionItem(input: z.input<typeof updateActionInput>): Promise<ActionItem> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(updateActionInput, input);
    const id = internalId(valid.id, 'ActionItem', 'input.id');
    // Input first: a malformed meeting id is refused before any read.
    const reviewId = valid.reviewedAtMeetingId != null ? internalId(valid.reviewedAtMeetingId, 'Meeting', 'input.reviewedAtMeetingId') : undefined;
    const current = await store.getActionItemConsistent(id);
    if (!current) throw new NotFoundError('No such action item');
    if (current.version !== valid.version) throw new StaleVersionError('action item', current.version);
    let reviewedAtMeetingId = current.reviewedAtMeetingId;
    if (reviewId !== undefined) {
      const review = await store.getMeetingConsistent(reviewId);
      if (!review) throw new BadUserInputError('input.reviewedAtMeetingId: no such meeting', 'input.reviewedAtMeetingId');
      const origin = await this.meetingOf(current);
      if (review.startsAt <= origin.startsAt) throw new BadUserInputError('input.reviewedAtMeetingId: must be a meeting after the one that set the action', 'input.reviewedAtMeetingId');
      reviewedAtMeetingId = review.id;
    }
    const next: ActionItem = { ...current, status: valid.status, reviewedAtMeetingId, updatedAt: this.now().toISOString(), version: current.version + 1 };
    if ((await store.saveActionItem(next, current.version)) === 'stale') {
      throw new StaleVersionError('action item', (await store.getActionItemConsistent(current.id))?.version ?? current.version);
    }
    this.pages.delete(current.meetingId);
    return next;
  }

  // ---------------------------------------------------------------- minutes

  async draftMinutes(input: z.input<typeof draftMinutesInput>): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(draftMinutesInput, input);
    const meeting = await this.forChange(valid.meetingId, 'input.meetingId', valid.version);
    this.assertStatus(meeting, ['HELD'], 'Minutes are drafted once the meeting is held');
    const at = this.now().toISOString();
    const minutes: Minutes = { meetingId: meeting.id, status: 'DRAFT', body: valid.body, revision: 1, corrections: [], createdAt: at, updatedAt: at, version: 1 };
    const next: Meeting = { ...meeting, status: 'MINUTES_DRAFT', updatedAt: at, version: meeting.version + 1 };
    if ((await store.draftMinutes(next, meeting.version, minutes)) === 'stale') return this.refuseStaleMeeting(meeting.id);
    this.loader.clear(meeting.id).prime(meeting.id, next);
    this.pages.delete(meeting.id);
    return minutes;
  }

  private async minutesForChange(meetingGlobalId: string, version: number): Promise<{ meeting: Meeting; minutes: Minutes }> {
    const meeting = await this.forChange(meetingGlobalId, 'input.meetingId');
    const minutes = await store.getMinutesConsistent(meeting.id);
    if (!minutes) throw new NotFoundError('The meeting has no minutes yet');
    if (minutes.version !== version) throw new StaleVersionError('minutes', minutes.version);
    return { meeting, minutes };
  }

  private async saveMinutes(next: Minutes, current: Minutes, newRevision: boolean, meeting?: { next: Meeting; expectedVersion: number }): Promise<Minutes> {
    if ((await store.saveMinutes(next, current.version, [current.status], newRevision, meeting)) === 'stale') {
      const latest = await store.getMinutesConsistent(next.meetingId);
      if (meeting && latest?.version === current.version) return this.refuseStaleMeeting(next.meetingId);
      throw new StaleVersionError('minutes', latest?.version ?? current.version);
    }
    this.pages.delete(next.meetingId);
    if (meeting) this.loader.clear(next.meetingId).prime(next.meetingId, meeting.next);
    return next;
  }

  async reviseMinutes(input: z.input<typeof reviseMinutesInput>): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(reviseMinutesInput, input);
    const { minutes } = await this.minutesForChange(valid.meetingId, valid.version);
    if (minutes.status !== 'DRAFT' && minutes.status !== 'CIRCULATED') throw new ConflictError(`${minutes.status} minutes change only through a decision`, { status: minutes.status });
    const at = this.now().toISOString();
    return this.saveMinutes({ ...minutes, body: valid.body, revision: minutes.revision + 1, updatedAt: at, version: minutes.version + 1 }, minutes, true);
  }

  async circulateMinutes(input: z.input<typeof circulateInput>): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(circulateInput, input);
    const { minutes } = await this.minutesForChange(valid.meetingId, valid.version);
    if (minutes.status !== 'DRAFT') throw new ConflictError('Only draft minutes can be circulated', { status: minutes.status });
    const now = this.now();
    const amendmentWindowEndsAt = new Date(now.getTime() + (valid.amendmentDays ?? 7) * DAY_MS).toISOString();
    return this.saveMinutes({ ...minutes, status: 'CIRCULATED', amendmentWindowEndsAt, updatedAt: now.toISOString(), version: minutes.version + 1 }, minutes, false);
  }

  /** An attendee who was PRESENT proposes an amendment while the circulated minutes' window is open. */
  async proposeAmendment(input: z.input<typeof amendmentInput>): Promise<Minutes> {
    await authorize(this.caller, { type: 'minutes.amend' });
    const valid = parseInput(amendmentInput, input);
    const meeting = await this.forChange(valid.meetingId, 'input.meetingId');
    const minutes = await store.getMinutesConsistent(meeting.id);
    if (!minutes) throw new NotFoundError('The meeting has no minutes yet');
    const authorId = await this.callerId();
    const now = this.now();
    if (minutes.status !== 'CIRCULATED') throw new ConflictError('Amendments are proposed while the minutes are circulated', { status: minutes.status });
    if (!amendmentWindowOpen(minutes, now)) throw new DeadlinePassedError(`The amendment window closed at ${minutes.amendmentWindowEndsAt}`);
    const outcome = await store.proposeAmendment({ meetingId: meeting.id, id: newId(now), authorId, text: valid.text, createdAt: now.toISOString() }, now);
    if (outcome === 'notPresent') throw new ForbiddenError('Only attendees recorded as PRESENT may propose amendments');
    if (outcome === 'windowClosed') throw new DeadlinePassedError('The amendment window has closed');
    return minutes;
  }

  /** Publishes approved minutes (public, immutable); the meeting is then CLOSED. */
  async publishMinutes(input: z.input<typeof transitionInput>): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(transitionInput, input);
    const { meeting, minutes } = await this.minutesForChange(valid.meetingId, valid.version);
    if (minutes.status !== 'APPROVED') throw new ConflictError('Minutes are published once a decision of a later meeting has approved them', { status: minutes.status });
    const at = this.now().toISOString();
    const next: Minutes = { ...minutes, status: 'PUBLISHED', publishedAt: at, updatedAt: at, version: minutes.version + 1 };
    const closed: Meeting = { ...meeting, status: 'CLOSED', updatedAt: at, version: meeting.version + 1 };
    return this.saveMinutes(next, minutes, false, { next: closed, expectedVersion: meeting.version });
  }
}
