/**
 * Rules for MAG meetings: the lifecycle (planned → agenda adopted → held →
 * minutes draft → closed, or cancelled), the agenda, attendance, who may do
 * what and what the public sees. Decisions, action items and minutes have
 * services of their own (decision.service.ts, action-item.service.ts,
 * minutes.service.ts); this service is the module's face and hands their
 * operations to them. Talks to the meeting stores through MeetingAccess;
 * asks the policy module; uses the consultations and stakeholders modules
 * through their services.
 */
import type { Caller } from '../../core/auth/caller';
import { authorize, can } from '../../core/auth/policy';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { Page } from '../../core/dynamodb/query';
import { BadUserInputError, ConflictError, NotOpenError, StaleVersionError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import type { Consultation, ConsultationService, Contribution } from '../consultations';
import type { ContributionService } from '../contributions';
import type { IssueService, ThemeService } from '../programme';
import type { SelectionService } from '../sessions';
import type { StakeholderService } from '../stakeholders';
import { ActionItemService } from './action-item.service';
import { AgendaService } from './agenda.service';
import { DecisionService } from './decision.service';
import { MeetingAccess, type MeetingStores } from './meeting.access';
import {
  attendanceInput,
  cancelInput,
  createInput,
  transitionInput,
  updateInput,
  type CancelMeetingInput,
  type CreateActionItemInput,
  type CreateMeetingInput,
  type DecideInput,
  type DraftMinutesInput,
  type CirculateMinutesInput,
  type ProposeAmendmentInput,
  type RecordAttendanceInput,
  type RecordDecisionInput,
  type ReviseMinutesInput,
  type SetAgendaInput,
  type TransitionInput,
  type UpdateActionItemInput,
  type UpdateMeetingInput,
} from './meeting.inputs';
import {
  MEETING_STATUSES,
  canMove,
  flattenAgenda,
  type ActionItem,
  type AgendaItem,
  type Attendance,
  type Decision,
  type DecisionSubject,
  type Meeting,
  type MeetingStatus,
  type Minutes,
  type MinutesAmendment,
  type MinutesRevision,
} from './meeting.model';
import { MinutesService } from './minutes.service';

/** The chair adopts the agenda "at the start": from an hour before it. */
const ADOPTION_LEAD_MS = 3_600_000;

export class MeetingService {
  private readonly access: MeetingAccess;
  private readonly agendaService: AgendaService;
  private readonly decisionService: DecisionService;
  private readonly actionItemService: ActionItemService;
  private readonly minutesService: MinutesService;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly consultations: ConsultationService,
    contributions: ContributionService,
    private readonly stakeholders: StakeholderService,
    /** The annual programme's services, for decisions on issues and themes. */
    programme: { readonly issues: IssueService; readonly themes: ThemeService; readonly selection: SelectionService },
    private readonly stores: MeetingStores,
  ) {
    this.access = new MeetingAccess(caller, stores);
    this.agendaService = new AgendaService(caller, now, this.access, consultations, contributions);
    this.decisionService = new DecisionService(caller, now, this.access, stores, contributions, programme);
    this.actionItemService = new ActionItemService(caller, now, this.access, stores, stakeholders);
    this.minutesService = new MinutesService(caller, now, this.access, stores);
  }

  // ---------------------------------------------------------------- reading

  /** MAG members of the meeting's year, its chair and the secretariat see what is internal. */
  mayReadInternal(meeting: Meeting): Promise<boolean> {
    return this.access.mayReadInternal(meeting);
  }

  get(id: string): Promise<Meeting | undefined> {
    return this.access.get(id);
  }

  /** A meeting by global id, with its whole page read in one Query (the fields below reuse it). */
  async getByGlobalId(globalId: string): Promise<Meeting | undefined> {
    const id = internalId(globalId, 'Meeting');
    const page = await this.access.page(id);
    return this.access.visible(page?.meeting);
  }

  async list(
    filter: { year?: number | null; status?: MeetingStatus | null } | null | undefined,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<Meeting>> {
    const year = filter?.year ?? undefined;
    if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 9999))
      throw new BadUserInputError('filter.year: must be 2000..9999', 'filter.year');
    const status = filter?.status ?? undefined;
    if (status !== undefined && !MEETING_STATUSES.includes(status)) throw new BadUserInputError('filter.status: unknown status', 'filter.status');
    // MAG members see the internal meetings of their term's years; the list shows them to the secretariat and, by year, to those members.
    const includeInternal =
      (await can(this.caller, { type: 'meeting.manage' })) ||
      (year !== undefined && (await can(this.caller, { type: 'meeting.readInternal', year, chairId: '' })));
    const page = await this.stores.meetings.listMeetings({ year, status, includeInternal, first: pageSize(first), after });
    for (const meeting of page.items) this.access.loader.prime(meeting.id, meeting);
    return page;
  }

  /** The meetings that process a consultation and that the caller may see, by start. */
  async ofConsultation(consultation: Consultation): Promise<Meeting[]> {
    const ids = await this.stores.meetings.meetingIdsOfConsultation(consultation.id);
    const meetings = await Promise.all(ids.map((id) => this.access.get(id)));
    return meetings.filter((m): m is Meeting => m !== undefined);
  }

  /** Attendance: public once the minutes are published. */
  async attendance(meeting: Meeting): Promise<Attendance[] | null> {
    if (meeting.status !== 'CLOSED' && !(await this.access.mayReadInternal(meeting))) return null;
    return [...((await this.access.page(meeting.id))?.attendance ?? [])];
  }

  /** The meeting of a decision, an action item or minutes. */
  meetingOf(child: { meetingId: string }): Promise<Meeting> {
    return this.access.meetingOf(child);
  }

  // ---------------------------------------------------------------- the agenda, decisions, action items, minutes (their services)

  agenda(meeting: Meeting): AgendaItem[] {
    return this.agendaService.agenda(meeting);
  }

  consultationsOf(meeting: Meeting): Promise<Consultation[]> {
    return this.agendaService.consultationsOf(meeting);
  }

  agendaContributions(processing: NonNullable<AgendaItem['processes']>, first?: number | null, after?: string | null): Promise<Page<Contribution>> {
    return this.agendaService.agendaContributions(processing, first, after);
  }

  setAgenda(input: SetAgendaInput): Promise<Meeting> {
    return this.agendaService.setAgenda(input);
  }

  decisions(meeting: Meeting): Promise<Decision[]> {
    return this.decisionService.decisions(meeting);
  }
  decision(id: string): Promise<Decision | undefined> {
    return this.decisionService.decision(id);
  }
  decisionByGlobalId(globalId: string): Promise<Decision | undefined> {
    return this.decisionService.decisionByGlobalId(globalId);
  }
  subjects(decision: Decision, first?: number | null, after?: string | null): Promise<Page<DecisionSubject>> {
    return this.decisionService.subjects(decision, first, after);
  }
  decisionsOf(contribution: Contribution): Promise<Decision[]> {
    return this.decisionService.decisionsOf(contribution);
  }
  recordDecision(input: RecordDecisionInput): Promise<Decision> {
    return this.decisionService.recordDecision(input);
  }
  decide(input: DecideInput): Promise<Decision> {
    return this.decisionService.decide(input);
  }

  actionItems(meeting: Meeting): Promise<ActionItem[] | null> {
    return this.actionItemService.actionItems(meeting);
  }
  actionItem(id: string): Promise<ActionItem | undefined> {
    return this.actionItemService.actionItem(id);
  }
  createActionItem(input: CreateActionItemInput): Promise<ActionItem> {
    return this.actionItemService.createActionItem(input);
  }
  updateActionItem(input: UpdateActionItemInput): Promise<ActionItem> {
    return this.actionItemService.updateActionItem(input);
  }

  minutes(meeting: Meeting): Promise<Minutes | null> {
    return this.minutesService.minutes(meeting);
  }
  minutesById(meetingId: string): Promise<Minutes | undefined> {
    return this.minutesService.minutesById(meetingId);
  }
  amendments(m: Minutes, first?: number | null, after?: string | null): Promise<Page<MinutesAmendment>> {
    return this.minutesService.amendments(m, first, after);
  }
  minutesRevisions(m: Minutes, first?: number | null, after?: string | null): Promise<Page<MinutesRevision>> {
    return this.minutesService.minutesRevisions(m, first, after);
  }
  draftMinutes(input: DraftMinutesInput): Promise<Minutes> {
    return this.minutesService.draftMinutes(input);
  }
  reviseMinutes(input: ReviseMinutesInput): Promise<Minutes> {
    return this.minutesService.reviseMinutes(input);
  }
  circulateMinutes(input: CirculateMinutesInput): Promise<Minutes> {
    return this.minutesService.circulateMinutes(input);
  }
  proposeAmendment(input: ProposeAmendmentInput): Promise<Minutes> {
    return this.minutesService.proposeAmendment(input);
  }
  publishMinutes(input: TransitionInput): Promise<Minutes> {
    return this.minutesService.publishMinutes(input);
  }

  // ---------------------------------------------------------------- the meeting's lifecycle, agenda and attendance

  async create(input: CreateMeetingInput): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(createInput, input);
    const chairId = internalId(valid.chairId, 'Stakeholder', 'input.chairId');
    const consultationIds = [...new Set((valid.consultationIds ?? []).map((id) => internalId(id, 'Consultation', 'input.consultationIds')))];
    this.checkVenue(valid.format, valid.place ?? undefined, valid.onlineLink ?? undefined);
    const creator = await this.access.callerId();
    const guardKey = idempotencyGuardKey('createMeeting', creator, valid.idempotencyKey);
    const requestDigest = JSON.stringify([
      valid.year,
      valid.kind,
      valid.number,
      valid.title,
      valid.startsAt,
      valid.format,
      valid.place ?? null,
      valid.onlineLink ?? null,
      chairId,
      consultationIds,
    ]);
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
    const outcome = await this.stores.meetings.createMeeting(meeting, { key: guardKey, requestDigest }, now);
    switch (outcome.kind) {
      case 'created':
        this.access.loader.prime(meeting.id, meeting);
        return meeting;
      case 'numberTaken':
        throw new ConflictError(`${valid.kind} meeting ${valid.number} of ${valid.year} already exists`, { field: 'input.number' });
      case 'replayed': {
        if (outcome.requestDigest !== requestDigest)
          throw new ConflictError('This idempotency key was used for a different meeting', { field: 'input.idempotencyKey' });
        const earlier = await this.stores.meetings.getMeetingConsistent(outcome.resultId);
        if (!earlier) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
        return earlier;
      }
    }
  }

  private checkVenue(format: Meeting['format'], place: string | undefined, onlineLink: string | undefined): void {
    if (format !== 'ONLINE' && !place) throw new BadUserInputError('input.place: required for onsite and hybrid meetings', 'input.place');
    if (format !== 'ONSITE' && !onlineLink) throw new BadUserInputError('input.onlineLink: required for online and hybrid meetings', 'input.onlineLink');
  }

  async update(input: UpdateMeetingInput): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(updateInput, input);
    const current = await this.access.forChange(valid.id, 'input.id', valid.version);
    this.access.assertStatus(current, ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT'], 'A closed or cancelled meeting cannot be edited');
    if (valid.startsAt && current.status !== 'PLANNED')
      throw new ConflictError('The start can be moved while the meeting is PLANNED', { status: current.status });
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
    return this.access.save(next, current);
  }

  /** The chair adopts the agenda at the start; every consultation the meeting processes has an item about it. */
  async adoptAgenda(input: TransitionInput): Promise<Meeting> {
    const valid = parseInput(transitionInput, input);
    const current = await this.access.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.chair', chairId: current.chairId });
    if (current.version !== valid.version) throw new StaleVersionError('meeting', current.version);
    this.access.assertStatus(current, ['PLANNED'], 'Only a planned meeting can adopt its agenda');
    const now = this.now();
    if (now.getTime() < Date.parse(current.startsAt) - ADOPTION_LEAD_MS)
      throw new NotOpenError(`The agenda is adopted at the start of the meeting (${current.startsAt})`);
    if (current.agenda.length === 0) throw new ConflictError('The agenda is empty');
    const covered = new Set(flattenAgenda(current.agenda).flatMap((item) => (item.processes ? [item.processes.consultationId] : [])));
    const missing = current.consultationIds.filter((id) => !covered.has(id));
    if (missing.length)
      throw new ConflictError('Every consultation the meeting processes needs at least one agenda item about it', { consultations: missing.length });
    return this.transition(current, 'AGENDA_ADOPTED', { agendaAdoptedAt: now.toISOString() });
  }

  /** The chair or the secretariat marks the meeting held once it has started: decisions can be recorded. */
  async hold(input: TransitionInput): Promise<Meeting> {
    const valid = parseInput(transitionInput, input);
    const current = await this.access.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.conduct', chairId: current.chairId });
    if (current.version !== valid.version) throw new StaleVersionError('meeting', current.version);
    this.access.assertStatus(current, ['AGENDA_ADOPTED'], 'A meeting is held after its agenda is adopted');
    if (this.now().toISOString() < current.startsAt) throw new NotOpenError(`The meeting starts at ${current.startsAt}`);
    return this.transition(current, 'HELD', {});
  }

  async cancel(input: CancelMeetingInput): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(cancelInput, input);
    const current = await this.access.forChange(valid.meetingId, 'input.meetingId', valid.version);
    this.access.assertStatus(current, ['PLANNED', 'AGENDA_ADOPTED'], 'Only a meeting not yet held can be cancelled');
    const now = this.now().toISOString();
    return this.transition(current, 'CANCELLED', { cancellation: { reason: valid.reason, cancelledAt: now, cancelledBy: await this.access.callerId() } });
  }

  private transition(current: Meeting, to: MeetingStatus, changes: Partial<Meeting>): Promise<Meeting> {
    if (!canMove(current.status, to)) throw new ConflictError(`A ${current.status} meeting cannot become ${to}`, { status: current.status });
    return this.access.save({ ...current, ...changes, status: to, updatedAt: this.now().toISOString(), version: current.version + 1 }, current);
  }

  async recordAttendance(input: RecordAttendanceInput): Promise<Meeting> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(attendanceInput, input);
    const meeting = await this.access.forChange(valid.meetingId, 'input.meetingId');
    this.access.assertStatus(meeting, ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT'], 'Attendance is recorded until the minutes are published');
    const ids = valid.entries.map((entry, i) => internalId(entry.stakeholderId, 'Stakeholder', `input.entries.${i}.stakeholderId`));
    const duplicate = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (duplicate >= 0) throw new BadUserInputError(`input.entries.${duplicate}.stakeholderId: listed twice`, `input.entries.${duplicate}.stakeholderId`);
    const people = await Promise.all(ids.map((id) => this.stakeholders.get(id)));
    const unknown = people.findIndex((p) => !p);
    if (unknown >= 0) throw new BadUserInputError(`input.entries.${unknown}.stakeholderId: no such stakeholder`, `input.entries.${unknown}.stakeholderId`);
    const recordedAt = this.now().toISOString();
    const entries: Attendance[] = valid.entries.map((entry, i) => ({
      meetingId: meeting.id,
      stakeholderId: ids[i] as string,
      role: entry.role,
      mode: entry.mode,
      status: entry.status,
      recordedAt,
    }));
    if ((await this.stores.attendance.recordAttendance(meeting.id, entries)) === 'wrongState')
      throw new ConflictError('The meeting is no longer in a state that allows this; reload it');
    this.access.forget(meeting.id);
    return meeting;
  }
}
