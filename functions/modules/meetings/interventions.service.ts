/**
 * Rules for interventions: who spoke on which agenda item of a MAG meeting,
 * with the speaker's stakeholder group and region, so the balance of who
 * spoke is measured like the balance of who wrote (normalised entropy, as
 * the participation balance). Recorded by the chair or the secretariat while
 * the meeting is HELD or its minutes are a draft; seen like attendance.
 * Receives its stores (the meeting page and the interventions: index.ts
 * wires the DynamoDB ones); asks the policy module.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { authorize } from '../../core/auth/policy';
import type { Caller } from '../../core/auth/caller';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { parseInput } from '../../core/validation';
import { groupBalance, regionBalance, thresholdOf, type GroupBalanceView, type RegionBalanceView } from '../analytics';
import type { StakeholderService, StakeholderGroup, Region } from '../stakeholders';
import type * as interventions from './interventions.store';
import type { AgendaItem, Intervention, Meeting } from './meeting.model';
import type * as pages from './meeting-page.store';
import type { MeetingService } from './meeting.service';

/** The stores the intervention rules use (index.ts passes the DynamoDB ones; unit tests in-memory ones). */
export interface InterventionStores {
  readonly pages: Pick<typeof pages, 'getMeetingPage'>;
  readonly interventions: Pick<typeof interventions, 'listInterventions' | 'recordInterventions' | 'findRecording'>;
}

export const MAX_INTERVENTIONS_PER_CALL = 40;

const recordInput = z.lazy(() =>
  z.object({
    meetingId: z.string(),
    entries: z
      .array(
        z.object({
          agendaItemId: z.string().min(1).max(100),
          speakerId: z.string(),
          minutes: z.number().int().min(0, 'must be 0..240').max(240, 'must be 0..240').nullish(),
        }),
      )
      .min(1, `must have 1..${MAX_INTERVENTIONS_PER_CALL} entries`)
      .max(MAX_INTERVENTIONS_PER_CALL, `must have 1..${MAX_INTERVENTIONS_PER_CALL} entries`),
    idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
  }),
);

export type RecordInterventionsInput = z.input<typeof recordInput>;

export interface SpeakingBalanceView {
  readonly interventions: number;
  readonly byGroup: GroupBalanceView;
  readonly byRegion: RegionBalanceView;
  readonly minutesByGroup: GroupBalanceView;
}

export interface AgendaItemSpeakingView {
  readonly agendaItemId: string;
  readonly number: string;
  readonly title: string;
  readonly interventions: Intervention[];
  readonly balance: SpeakingBalanceView;
}

export interface MeetingSpeakingView {
  readonly interventions: number;
  readonly balance: SpeakingBalanceView;
  readonly byAgendaItem: AgendaItemSpeakingView[];
}

/** Every agenda item and sub-item, in agenda order. */
function flatten(items: readonly AgendaItem[]): AgendaItem[] {
  return items.flatMap((item) => [item, ...flatten(item.items)]);
}

/** The balance of a set of interventions: counts (and minutes) by group and region. */
export function speakingBalance(interventions: readonly Intervention[], threshold: number): SpeakingBalanceView {
  const byGroup: Partial<Record<StakeholderGroup, number>> = {};
  const byRegion: Partial<Record<Region, number>> = {};
  const minutesByGroup: Partial<Record<StakeholderGroup, number>> = {};
  for (const i of interventions) {
    byGroup[i.group] = (byGroup[i.group] ?? 0) + 1;
    byRegion[i.region] = (byRegion[i.region] ?? 0) + 1;
    minutesByGroup[i.group] = (minutesByGroup[i.group] ?? 0) + (i.minutes ?? 0);
  }
  return {
    interventions: interventions.length,
    byGroup: groupBalance(byGroup, threshold),
    byRegion: regionBalance(byRegion, threshold),
    minutesByGroup: groupBalance(minutesByGroup, threshold),
  };
}

export class InterventionService {
  private readonly read = new Map<string, Promise<Intervention[]>>();

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly meetings: MeetingService,
    private readonly stakeholders: StakeholderService,
    private readonly stores: InterventionStores,
  ) {}

  /** Who spoke: public once the minutes are published (like attendance); null for those who may not see it yet. */
  async speaking(meeting: Meeting, threshold?: number | null): Promise<MeetingSpeakingView | null> {
    const share = thresholdOf(threshold);
    if (meeting.status !== 'CLOSED' && !(await this.meetings.mayReadInternal(meeting))) return null;
    let pending = this.read.get(meeting.id);
    if (!pending) this.read.set(meeting.id, (pending = this.stores.interventions.listInterventions(meeting.id)));
    const all = await pending;
    const byItem = new Map<string, Intervention[]>();
    for (const i of all) byItem.set(i.agendaItemId, [...(byItem.get(i.agendaItemId) ?? []), i]);
    return {
      interventions: all.length,
      balance: speakingBalance(all, share),
      byAgendaItem: flatten(meeting.agenda)
        .filter((item) => byItem.has(item.id))
        .map((item) => {
          const ofItem = byItem.get(item.id) ?? [];
          return { agendaItemId: item.id, number: item.number, title: item.title, interventions: ofItem, balance: speakingBalance(ofItem, share) };
        }),
    };
  }

  async record(input: RecordInterventionsInput): Promise<Meeting> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to record interventions');
    const valid = parseInput(recordInput, input);
    const meetingId = internalId(valid.meetingId, 'Meeting', 'input.meetingId');
    const page = await this.stores.pages.getMeetingPage(meetingId, true);
    if (!page) throw new NotFoundError('No such meeting');
    const meeting = page.meeting;
    await authorize(this.caller, { type: 'meeting.conduct', chairId: meeting.chairId });
    const recordedBy = (await this.caller.roles())?.stakeholderId ?? `subject:${this.caller.subject}`;
    const entries = valid.entries.map((entry, i) => ({
      agendaItemId: entry.agendaItemId,
      speakerId: internalId(entry.speakerId, 'Stakeholder', `input.entries.${i}.speakerId`),
      minutes: entry.minutes ?? undefined,
    }));
    const guardKey = idempotencyGuardKey('recordInterventions', recordedBy, valid.idempotencyKey);
    const requestDigest = createHash('sha256')
      .update(JSON.stringify([meetingId, entries]))
      .digest('hex');
    const earlier = await this.stores.interventions.findRecording(guardKey);
    if (earlier) return this.replay(earlier.requestDigest, requestDigest, meeting);

    if (meeting.status !== 'HELD' && meeting.status !== 'MINUTES_DRAFT') {
      throw new ConflictError('Interventions are recorded once the meeting is held, until its minutes circulate', { status: meeting.status });
    }
    const agendaIds = new Set(flatten(meeting.agenda).map((item) => item.id));
    const present = new Set(page.attendance.filter((a) => a.status === 'PRESENT').map((a) => a.stakeholderId));
    entries.forEach((entry, i) => {
      if (!agendaIds.has(entry.agendaItemId))
        throw new BadUserInputError(`input.entries.${i}.agendaItemId: not an item of this meeting's agenda`, `input.entries.${i}.agendaItemId`);
      if (!present.has(entry.speakerId))
        throw new BadUserInputError(`input.entries.${i}.speakerId: not recorded PRESENT at this meeting`, `input.entries.${i}.speakerId`);
    });
    const speakers = await Promise.all(entries.map((entry) => this.stakeholders.get(entry.speakerId)));
    const now = this.now();
    const batch = newId(now);
    const interventions: Intervention[] = entries.map((entry, i) => {
      const speaker = speakers[i];
      if (!speaker) throw new BadUserInputError(`input.entries.${i}.speakerId: no such stakeholder`, `input.entries.${i}.speakerId`);
      return {
        meetingId,
        // The batch's ULID and the position: the order spoken.
        id: `${batch}.${String(i).padStart(2, '0')}`,
        agendaItemId: entry.agendaItemId,
        speakerId: entry.speakerId,
        group: speaker.group,
        region: speaker.region,
        minutes: entry.minutes,
        recordedAt: now.toISOString(),
        recordedBy,
      };
    });
    switch (await this.stores.interventions.recordInterventions(meetingId, interventions, { key: guardKey, requestDigest }, now)) {
      case 'saved':
        this.read.delete(meetingId);
        return meeting;
      case 'wrongState':
        throw new ConflictError('The meeting is no longer in a state that allows this; reload it');
      case 'notPresent':
        throw new ConflictError('A speaker is no longer recorded PRESENT; reload the attendance');
      case 'replayed': {
        const first = await this.stores.interventions.findRecording(guardKey);
        return this.replay(first?.requestDigest ?? '', requestDigest, meeting);
      }
    }
  }

  private replay(earlierDigest: string, requestDigest: string, meeting: Meeting): Meeting {
    if (earlierDigest !== requestDigest) throw new ConflictError('This idempotency key was used for other interventions', { field: 'input.idempotencyKey' });
    return meeting;
  }
}
