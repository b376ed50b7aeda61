/**
 * What the meeting services of a request share: the meetings, decisions and
 * minutes loaders, each meeting page read once, what the caller may see of a
 * meeting, and a meeting read for a change (at its version) or saved at it.
 */
import DataLoader from 'dataloader';
import type { Caller } from '../../core/auth/caller';
import { can } from '../../core/auth/policy';
import { ConflictError, NotFoundError, StaleVersionError, UnauthenticatedError } from '../../core/errors';
import { internalId } from '../../core/ids';
import type * as actionItems from './action-item.store';
import type * as attendance from './attendance.store';
import type * as decisions from './decision.store';
import { isPublic, type Decision, type Meeting, type MeetingPage, type MeetingStatus, type Minutes } from './meeting.model';
import type * as pages from './meeting-page.store';
import type * as meetings from './meeting.store';
import type * as minutes from './minutes.store';

/** The meetings module's stores, one per aggregate (index.ts passes the DynamoDB ones). */
export interface MeetingStores {
  readonly meetings: typeof meetings;
  readonly pages: typeof pages;
  readonly attendance: typeof attendance;
  readonly decisions: typeof decisions;
  readonly actionItems: typeof actionItems;
  readonly minutes: typeof minutes;
}

export class MeetingAccess {
  readonly loader: DataLoader<string, Meeting | undefined>;
  readonly decisionLoader: DataLoader<string, Decision | undefined>;
  /** Minutes by meeting id, for `node(id)` and the feed (a meeting page reads them with the rest instead). */
  readonly minutesLoader: DataLoader<string, Minutes | undefined>;
  private readonly pages = new Map<string, Promise<MeetingPage | undefined>>();

  constructor(
    private readonly caller: Caller,
    private readonly stores: MeetingStores,
  ) {
    this.loader = new DataLoader((ids) => stores.meetings.getMeetings(ids), { maxBatchSize: 100 });
    this.decisionLoader = new DataLoader((ids) => stores.decisions.getDecisions(ids), { maxBatchSize: 100 });
    this.minutesLoader = new DataLoader((ids) => stores.minutes.getMinutesMany(ids), { maxBatchSize: 100 });
  }

  /** After a write: the meeting's page is read again when next asked for. */
  forget(meetingId: string): void {
    this.pages.delete(meetingId);
  }

  /** MAG members of the meeting's year, its chair and the secretariat see what is internal. */
  mayReadInternal(meeting: Meeting): Promise<boolean> {
    return can(this.caller, { type: 'meeting.readInternal', year: meeting.year, chairId: meeting.chairId });
  }

  /** The meeting if the caller may see it: public ones for everyone, the others for those who read internal ones. */
  async visible(meeting: Meeting | undefined): Promise<Meeting | undefined> {
    if (!meeting) return undefined;
    return isPublic(meeting) || (await this.mayReadInternal(meeting)) ? meeting : undefined;
  }

  async get(id: string): Promise<Meeting | undefined> {
    return this.visible(await this.loader.load(id));
  }

  /** The meeting's item collection, read once per request. */
  page(id: string): Promise<MeetingPage | undefined> {
    let page = this.pages.get(id);
    if (!page) {
      page = this.stores.pages.getMeetingPage(id).then((read) => {
        if (read) this.loader.prime(id, read.meeting);
        for (const decision of read?.decisions ?? []) this.decisionLoader.prime(decision.id, decision);
        return read;
      });
      this.pages.set(id, page);
    }
    return page;
  }

  /** The meeting of a decision, an action item or minutes (it exists: its children are written with it). */
  async meetingOf(child: { meetingId: string }): Promise<Meeting> {
    const meeting = await this.loader.load(child.meetingId);
    if (!meeting) throw new Error(`No meeting ${child.meetingId}`);
    return meeting;
  }

  /** Who acts: their stakeholder id, or their sign-in subject when they have not registered. */
  async callerId(): Promise<string> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in first');
    return (await this.caller.roles())?.stakeholderId ?? `subject:${this.caller.subject}`;
  }

  /** The meeting about to change: it must exist and be at the version the caller edits. */
  async forChange(globalId: string, field: string, version?: number): Promise<Meeting> {
    const meeting = await this.stores.meetings.getMeetingConsistent(internalId(globalId, 'Meeting', field));
    if (!meeting) throw new NotFoundError('No such meeting');
    if (version !== undefined && meeting.version !== version) throw new StaleVersionError('meeting', meeting.version);
    return meeting;
  }

  /** After a conditional write lost a race: the one stale-version error, with the version now current. */
  async refuseStaleMeeting(id: string): Promise<never> {
    const latest = await this.stores.meetings.getMeetingConsistent(id);
    if (!latest) throw new NotFoundError('No such meeting');
    throw new StaleVersionError('meeting', latest.version);
  }

  /** Refuses (CONFLICT, with the status) a change the meeting's status does not allow. */
  assertStatus(meeting: Meeting, allowed: readonly MeetingStatus[], what: string): void {
    if (!allowed.includes(meeting.status)) throw new ConflictError(`${what} (the meeting is ${meeting.status})`, { status: meeting.status });
  }

  /** Saves the meeting at the version it was read in, while its status is still the one read. */
  async save(next: Meeting, current: Meeting): Promise<Meeting> {
    if ((await this.stores.meetings.saveMeeting(next, current.version, [current.status])) === 'stale') return this.refuseStaleMeeting(current.id);
    this.loader.clear(next.id).prime(next.id, next);
    this.pages.delete(next.id);
    return next;
  }
}
