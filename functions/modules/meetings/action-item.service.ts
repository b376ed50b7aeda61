/**
 * Rules for the action items a MAG meeting sets: created once the meeting
 * is held and until its minutes are published, owned by a stakeholder,
 * reviewed at a later meeting. Public once the meeting is closed.
 */
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { BadUserInputError, ConflictError, NotFoundError, StaleVersionError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { parseInput } from '../../core/validation';
import type { StakeholderService } from '../stakeholders';
import type { MeetingAccess, MeetingStores } from './meeting.access';
import { createActionInput, updateActionInput, type CreateActionItemInput, type UpdateActionItemInput } from './meeting.inputs';
import { childId, childIdParts, type ActionItem, type Meeting } from './meeting.model';

export class ActionItemService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly access: MeetingAccess,
    private readonly stores: Pick<MeetingStores, 'meetings' | 'actionItems'>,
    private readonly stakeholders: StakeholderService,
  ) {}

  async actionItems(meeting: Meeting): Promise<ActionItem[] | null> {
    if (meeting.status !== 'CLOSED' && !(await this.access.mayReadInternal(meeting))) return null;
    return [...((await this.access.page(meeting.id))?.actionItems ?? [])];
  }

  async actionItem(id: string): Promise<ActionItem | undefined> {
    const parts = childIdParts(id);
    if (!parts) return undefined;
    const meeting = await this.access.get(parts.meetingId);
    if (!meeting) return undefined;
    const item = (await this.access.page(parts.meetingId))?.actionItems.find((a) => a.id === id);
    if (!item) return undefined;
    return meeting.status === 'CLOSED' || (await this.access.mayReadInternal(meeting)) ? item : undefined;
  }

  async createActionItem(input: CreateActionItemInput): Promise<ActionItem> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(createActionInput, input);
    const meeting = await this.access.forChange(valid.meetingId, 'input.meetingId');
    this.access.assertStatus(meeting, ['HELD', 'MINUTES_DRAFT'], 'Action items are set once the meeting is held and until its minutes are published');
    const ownerId = internalId(valid.ownerId, 'Stakeholder', 'input.ownerId');
    if (!(await this.stakeholders.get(ownerId))) throw new BadUserInputError('input.ownerId: no such stakeholder', 'input.ownerId');
    const now = this.now();
    const at = now.toISOString();
    const item: ActionItem = {
      id: childId(meeting.id, newId(now)),
      meetingId: meeting.id,
      text: valid.text,
      ownerId,
      dueAt: valid.dueAt,
      status: 'OPEN',
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if ((await this.stores.actionItems.createActionItem(item)) === 'wrongState')
      throw new ConflictError('The meeting is no longer in a state that allows this; reload it');
    this.access.forget(meeting.id);
    return item;
  }

  async updateActionItem(input: UpdateActionItemInput): Promise<ActionItem> {
    await authorize(this.caller, { type: 'meeting.manage' });
    const valid = parseInput(updateActionInput, input);
    const id = internalId(valid.id, 'ActionItem', 'input.id');
    // Input first: a malformed meeting id is refused before any read.
    const reviewId = valid.reviewedAtMeetingId != null ? internalId(valid.reviewedAtMeetingId, 'Meeting', 'input.reviewedAtMeetingId') : undefined;
    const current = await this.stores.actionItems.getActionItemConsistent(id);
    if (!current) throw new NotFoundError('No such action item');
    if (current.version !== valid.version) throw new StaleVersionError('action item', current.version);
    let reviewedAtMeetingId = current.reviewedAtMeetingId;
    if (reviewId !== undefined) {
      const review = await this.stores.meetings.getMeetingConsistent(reviewId);
      if (!review) throw new BadUserInputError('input.reviewedAtMeetingId: no such meeting', 'input.reviewedAtMeetingId');
      const origin = await this.access.meetingOf(current);
      if (review.startsAt <= origin.startsAt)
        throw new BadUserInputError('input.reviewedAtMeetingId: must be a meeting after the one that set the action', 'input.reviewedAtMeetingId');
      reviewedAtMeetingId = review.id;
    }
    const next: ActionItem = { ...current, status: valid.status, reviewedAtMeetingId, updatedAt: this.now().toISOString(), version: current.version + 1 };
    if ((await this.stores.actionItems.saveActionItem(next, current.version)) === 'stale') {
      throw new StaleVersionError('action item', (await this.stores.actionItems.getActionItemConsistent(current.id))?.version ?? current.version);
    }
    this.access.forget(current.meetingId);
    return next;
  }
}
