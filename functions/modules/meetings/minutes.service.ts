/**
 * Rules for the minutes of a MAG meeting: drafted once it is held, revised,
 * circulated with an amendment window in which attendees recorded PRESENT
 * propose amendments, approved by a decision of a later meeting, then
 * published (public, immutable) — which closes the meeting.
 */
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import type { Page } from '../../core/dynamodb/query';
import { ConflictError, DeadlinePassedError, ForbiddenError, NotFoundError, StaleVersionError } from '../../core/errors';
import { newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import type { MeetingAccess, MeetingStores } from './meeting.access';
import {
  amendmentInput,
  circulateInput,
  draftMinutesInput,
  reviseMinutesInput,
  transitionInput,
  type CirculateMinutesInput,
  type DraftMinutesInput,
  type ProposeAmendmentInput,
  type ReviseMinutesInput,
  type TransitionInput,
} from './meeting.inputs';
import { amendmentWindowOpen, type Meeting, type Minutes, type MinutesAmendment, type MinutesRevision } from './meeting.model';

const DAY_MS = 86_400_000;

export class MinutesService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly access: MeetingAccess,
    private readonly stores: Pick<MeetingStores, 'minutes'>,
  ) {}

  /** The minutes: public once published; drafts for those who see what is internal. */
  async minutes(meeting: Meeting): Promise<Minutes | null> {
    const minutes = (await this.access.page(meeting.id))?.minutes;
    if (!minutes) return null;
    return minutes.status === 'PUBLISHED' || (await this.access.mayReadInternal(meeting)) ? minutes : null;
  }

  /** Minutes by their global id's meeting: two batched reads (the meeting, the minutes), not the meeting page. */
  async minutesById(meetingId: string): Promise<Minutes | undefined> {
    const [meeting, minutes] = await Promise.all([this.access.get(meetingId), this.access.minutesLoader.load(meetingId)]);
    if (!meeting || !minutes) return undefined;
    return minutes.status === 'PUBLISHED' || (await this.access.mayReadInternal(meeting)) ? minutes : undefined;
  }

  async amendments(minutes: Minutes, first?: number | null, after?: string | null): Promise<Page<MinutesAmendment>> {
    await this.authorizeInternal(minutes.meetingId);
    return this.stores.minutes.listAmendments(minutes.meetingId, pageSize(first), after);
  }

  async minutesRevisions(minutes: Minutes, first?: number | null, after?: string | null): Promise<Page<MinutesRevision>> {
    await this.authorizeInternal(minutes.meetingId);
    return this.stores.minutes.listMinutesRevisions(minutes.meetingId, pageSize(first), after);
  }

  private async authorizeInternal(meetingId: string): Promise<void> {
    const meeting = await this.access.meetingOf({ meetingId });
    await authorize(this.caller, { type: 'meeting.readInternal', year: meeting.year, chairId: meeting.chairId });
  }

  async draftMinutes(input: DraftMinutesInput): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(draftMinutesInput, input);
    const meeting = await this.access.forChange(valid.meetingId, 'input.meetingId', valid.version);
    this.access.assertStatus(meeting, ['HELD'], 'Minutes are drafted once the meeting is held');
    const at = this.now().toISOString();
    const minutes: Minutes = {
      meetingId: meeting.id,
      status: 'DRAFT',
      body: valid.body,
      revision: 1,
      corrections: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const next: Meeting = { ...meeting, status: 'MINUTES_DRAFT', updatedAt: at, version: meeting.version + 1 };
    if ((await this.stores.minutes.draftMinutes(next, meeting.version, minutes)) === 'stale') return this.access.refuseStaleMeeting(meeting.id);
    this.access.loader.clear(meeting.id).prime(meeting.id, next);
    this.access.forget(meeting.id);
    return minutes;
  }

  private async minutesForChange(meetingGlobalId: string, version: number): Promise<{ meeting: Meeting; minutes: Minutes }> {
    const meeting = await this.access.forChange(meetingGlobalId, 'input.meetingId');
    const minutes = await this.stores.minutes.getMinutesConsistent(meeting.id);
    if (!minutes) throw new NotFoundError('The meeting has no minutes yet');
    if (minutes.version !== version) throw new StaleVersionError('minutes', minutes.version);
    return { meeting, minutes };
  }

  private async saveMinutes(next: Minutes, current: Minutes, newRevision: boolean, meeting?: { next: Meeting; expectedVersion: number }): Promise<Minutes> {
    if ((await this.stores.minutes.saveMinutes(next, current.version, [current.status], newRevision, meeting)) === 'stale') {
      const latest = await this.stores.minutes.getMinutesConsistent(next.meetingId);
      if (meeting && latest?.version === current.version) return this.access.refuseStaleMeeting(next.meetingId);
      throw new StaleVersionError('minutes', latest?.version ?? current.version);
    }
    this.access.forget(next.meetingId);
    if (meeting) this.access.loader.clear(next.meetingId).prime(next.meetingId, meeting.next);
    return next;
  }

  async reviseMinutes(input: ReviseMinutesInput): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(reviseMinutesInput, input);
    const { minutes } = await this.minutesForChange(valid.meetingId, valid.version);
    if (minutes.status !== 'DRAFT' && minutes.status !== 'CIRCULATED')
      throw new ConflictError(`${minutes.status} minutes change only through a decision`, { status: minutes.status });
    const at = this.now().toISOString();
    return this.saveMinutes({ ...minutes, body: valid.body, revision: minutes.revision + 1, updatedAt: at, version: minutes.version + 1 }, minutes, true);
  }

  async circulateMinutes(input: CirculateMinutesInput): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(circulateInput, input);
    const { minutes } = await this.minutesForChange(valid.meetingId, valid.version);
    if (minutes.status !== 'DRAFT') throw new ConflictError('Only draft minutes can be circulated', { status: minutes.status });
    const now = this.now();
    const amendmentWindowEndsAt = new Date(now.getTime() + (valid.amendmentDays ?? 7) * DAY_MS).toISOString();
    return this.saveMinutes(
      { ...minutes, status: 'CIRCULATED', amendmentWindowEndsAt, updatedAt: now.toISOString(), version: minutes.version + 1 },
      minutes,
      false,
    );
  }

  /** An attendee who was PRESENT proposes an amendment while the circulated minutes' window is open. */
  async proposeAmendment(input: ProposeAmendmentInput): Promise<Minutes> {
    await authorize(this.caller, { type: 'minutes.amend' });
    const valid = parseInput(amendmentInput, input);
    const meeting = await this.access.forChange(valid.meetingId, 'input.meetingId');
    const minutes = await this.stores.minutes.getMinutesConsistent(meeting.id);
    if (!minutes) throw new NotFoundError('The meeting has no minutes yet');
    const authorId = await this.access.callerId();
    const now = this.now();
    if (minutes.status !== 'CIRCULATED') throw new ConflictError('Amendments are proposed while the minutes are circulated', { status: minutes.status });
    if (!amendmentWindowOpen(minutes, now)) throw new DeadlinePassedError(`The amendment window closed at ${minutes.amendmentWindowEndsAt}`);
    const outcome = await this.stores.minutes.proposeAmendment(
      { meetingId: meeting.id, id: newId(now), authorId, text: valid.text, createdAt: now.toISOString() },
      now,
    );
    if (outcome === 'notPresent') throw new ForbiddenError('Only attendees recorded as PRESENT may propose amendments');
    if (outcome === 'windowClosed') throw new DeadlinePassedError('The amendment window has closed');
    return minutes;
  }

  /** Publishes approved minutes (public, immutable); the meeting is then CLOSED. */
  async publishMinutes(input: TransitionInput): Promise<Minutes> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(transitionInput, input);
    const { meeting, minutes } = await this.minutesForChange(valid.meetingId, valid.version);
    if (minutes.status !== 'APPROVED')
      throw new ConflictError('Minutes are published once a decision of a later meeting has approved them', { status: minutes.status });
    const at = this.now().toISOString();
    const next: Minutes = { ...minutes, status: 'PUBLISHED', publishedAt: at, updatedAt: at, version: minutes.version + 1 };
    const closed: Meeting = { ...meeting, status: 'CLOSED', updatedAt: at, version: meeting.version + 1 };
    return this.saveMinutes(next, minutes, false, { next: closed, expectedVersion: meeting.version });
  }
}
