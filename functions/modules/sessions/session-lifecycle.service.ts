/**
 * The life of a selected session: the secretariat records conditions met (ACCEPTED, counted in the funnel), the
 * organisers confirm, the schedule places it (SCHEDULED) through `placement`, it is held (HELD, counted; its organisers
 * owe its report from then on) and reported (REPORTED) — or cancelled, freeing its slot. Each transition is one
 * transaction conditional on the status and version read. A conditional acceptance unmet by its deadline becomes
 * NOT_ACCEPTED by the clock (reads) and by the lapse job (`runLapses`: the stored status and the budget). Talks to the
 * selection store and the reports-due items; asks the policy.
 */
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { named, type NamedItem } from '../../core/dynamodb/transact';
import { BadUserInputError, ConflictError, DeadlinePassedError, ForbiddenError, NotFoundError, NotOpenError, StaleVersionError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { parseInput, text } from '../../core/validation';
import { STAKEHOLDER_GROUPS } from '../stakeholders';
import { yearOfProposalId, type ProposalStatus } from './sessions.model';
import {
  MAX_TAKEAWAYS,
  SESSION_TRANSITIONS,
  effectiveStatus,
  organisersOf,
  participantsByGroup,
  type Session,
  type SessionTransition,
  type SlotRef,
} from './selection.model';
import type { ProposalService } from './proposal.service';
import type { SessionStores } from './sessions.stores';

/** What the life of a session uses of the stores: sessions and their budgets, and the reports-due items it writes. */
export interface LifecycleStores {
  readonly selection: Pick<
    SessionStores['selection'],
    'getSessionConsistent' | 'allSessions' | 'getBudgetConsistent' | 'budgetMove' | 'sessionReplace' | 'saveTransition'
  >;
  readonly reportsDue: Pick<SessionStores['reportsDue'], 'reportDueAdd' | 'reportDueRemove'>;
}

const versioned = { id: z.string(), version: z.number().int().min(1) };
const meetInput = z.lazy(() => z.object({ ...versioned, note: text(5, 2000) }));
const transitionInput = z.lazy(() => z.object(versioned));
const cancelInput = z.lazy(() => z.object({ ...versioned, reason: text(5, 2000) }));
const count = z.number().int().min(0, 'must be 0..100000').max(100_000, 'must be 0..100000');
const reportInput = z.lazy(() =>
  z.object({
    ...versioned,
    keyTakeaways: z.array(text(5, 1000)).min(1, `must list 1..${MAX_TAKEAWAYS}`).max(MAX_TAKEAWAYS, `must list 1..${MAX_TAKEAWAYS}`),
    callsToAction: z.array(text(5, 1000)).max(MAX_TAKEAWAYS, `must list at most ${MAX_TAKEAWAYS}`),
    participantsByGroup: z.array(z.object({ group: z.enum(STAKEHOLDER_GROUPS), count })).max(STAKEHOLDER_GROUPS.length * 2),
    onsiteParticipants: count,
    onlineParticipants: count,
    womenParticipants: count,
    genderNarrative: text(10, 2000),
  }),
);

export class SessionLifecycle {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly proposals: Pick<ProposalService, 'funnel' | 'loader'>,
    private readonly stores: LifecycleStores,
  ) {}

  /** The secretariat records a conditional acceptance's conditions met, before its deadline: ACCEPTED. */
  async meetConditions(input: z.input<typeof meetInput>): Promise<Session> {
    await authorize(this.caller, { type: 'schedule.manage' });
    const valid = parseInput(meetInput, input);
    const current = await this.existing(valid.id);
    const at = this.now().toISOString();
    if (current.status === 'CONDITIONALLY_ACCEPTED' && current.selection?.deadline !== undefined && current.selection.deadline <= at) {
      throw new DeadlinePassedError(`The conditions were due by ${current.selection.deadline}`);
    }
    const by = await this.actorId();
    return this.transition(
      current,
      valid.version,
      'meetConditions',
      (s) => ({ ...s, selection: s.selection && { ...s.selection, conditionsMet: { note: valid.note, by, at } } }),
      {
        condition: { expression: '#sel.#dl > :now', names: { '#sel': 'selection', '#dl': 'deadline' }, values: { ':now': at } },
        note: valid.note,
        funnel: 'ACCEPTED',
      },
    );
  }

  /** The organisers confirm an accepted session: it will take place (CONFIRMED). */
  async confirm(input: z.input<typeof transitionInput>): Promise<Session> {
    const valid = parseInput(transitionInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.organise', organiserIds: organisersOf(current) });
    const at = this.now().toISOString();
    return this.transition(current, valid.version, 'confirm', (s) => ({ ...s, confirmedAt: at }));
  }

  /** Marks a scheduled session held, from its start (the organisers or the secretariat). */
  async hold(input: z.input<typeof transitionInput>): Promise<Session> {
    const valid = parseInput(transitionInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.run', organiserIds: organisersOf(current) });
    const at = this.now().toISOString();
    if (current.status === 'SCHEDULED' && current.slot && at < current.slot.startsAt) throw new NotOpenError(`The session starts at ${current.slot.startsAt}`);
    // Its organisers owe its report from now on (screening of later programmes reads it).
    const reportsDue = organisersOf(current).map((id) => named('reportDue', this.stores.reportsDue.reportDueAdd(id, current.id), id));
    return this.transition(current, valid.version, 'hold', (s) => ({ ...s, heldAt: at }), { funnel: 'HELD', extra: reportsDue });
  }

  /** The organisers file the session report of a held session: REPORTED. */
  async report(input: z.input<typeof reportInput>): Promise<Session> {
    const valid = parseInput(reportInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.organise', organiserIds: organisersOf(current) });
    const total = valid.onsiteParticipants + valid.onlineParticipants;
    const byGroup = participantsByGroup(valid.participantsByGroup);
    if (Object.values(byGroup).reduce((n, c) => n + c, 0) > total)
      throw new BadUserInputError('input.participantsByGroup: more participants by group than onsite and online together', 'input.participantsByGroup');
    if (valid.womenParticipants > total) throw new BadUserInputError('input.womenParticipants: more than the participants', 'input.womenParticipants');
    const at = this.now().toISOString();
    const by = await this.actorId();
    const reportsDue = organisersOf(current).map((id) => named('reportDue', this.stores.reportsDue.reportDueRemove(id, current.id), id));
    return this.transition(
      current,
      valid.version,
      'report',
      (s) => ({
        ...s,
        report: {
          keyTakeaways: valid.keyTakeaways,
          callsToAction: valid.callsToAction,
          participantsByGroup: byGroup,
          onsiteParticipants: valid.onsiteParticipants,
          onlineParticipants: valid.onlineParticipants,
          womenParticipants: valid.womenParticipants,
          genderNarrative: valid.genderNarrative,
          reportedBy: by,
          reportedAt: at,
        },
      }),
      { extra: reportsDue },
    );
  }

  /** Cancels a selected session before it is scheduled (the organisers or the secretariat); its slot goes back to the budget. */
  async cancel(input: z.input<typeof cancelInput>): Promise<Session> {
    const valid = parseInput(cancelInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'session.run', organiserIds: organisersOf(current) });
    if (current.status === 'SCHEDULED') throw new ConflictError('The session is in the schedule: remove it from its slot first', { status: current.status });
    const at = this.now().toISOString();
    const by = await this.actorId();
    const state = await this.stores.selection.getBudgetConsistent(current.year);
    const move = this.stores.selection.budgetMove(state, { [current.type]: -1 });
    return this.transition(current, valid.version, 'cancel', (s) => ({ ...s, cancellation: { reason: valid.reason, by, at } }), {
      extra: move ? [named('slotBudget', move)] : [],
      note: valid.reason,
    });
  }

  /**
   * The schedule's side of placing a session in a slot (CONFIRMED → SCHEDULED, or moving a scheduled one) and of
   * taking it out (SCHEDULED → CONFIRMED): the session item, to write in the schedule's own transaction.
   */
  async placement(sessionId: string, slot: SlotRef | undefined, field: string): Promise<{ session: Session; item: NamedItem }> {
    const current = yearOfProposalId(sessionId) !== undefined ? await this.stores.selection.getSessionConsistent(sessionId) : undefined;
    if (!current) throw new BadUserInputError(`${field}: no such session`, field);
    const at = this.now().toISOString();
    const by = await this.actorId();
    let next: Session;
    if (slot) {
      if (current.status !== 'CONFIRMED' && current.status !== 'SCHEDULED') {
        throw new ConflictError(`${field}: only a confirmed session is scheduled (it is ${current.status})`, { field, status: current.status });
      }
      if (current.status === 'SCHEDULED' && current.slot?.slotId !== slot.slotId)
        throw new ConflictError(`${field}: the session has a slot already`, { field, status: current.status });
      next = { ...current, status: 'SCHEDULED', slot, version: current.version + 1, updatedAt: at };
      if (current.status === 'CONFIRMED') next = { ...next, history: [...(current.history ?? []), { status: 'SCHEDULED', at, by }] };
    } else {
      if (current.status !== 'SCHEDULED') throw new ConflictError(`${field}: the session is not scheduled`, { field, status: current.status });
      next = {
        ...current,
        status: 'CONFIRMED',
        slot: undefined,
        version: current.version + 1,
        updatedAt: at,
        history: [...(current.history ?? []), { status: 'CONFIRMED', at, by, note: 'removed from the schedule' }],
      };
    }
    return { session: next, item: named('session', this.stores.selection.sessionReplace(next, current), current.id) };
  }

  private async transition(
    current: Session,
    version: number,
    name: SessionTransition,
    change: (s: Session) => Session,
    options: {
      condition?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
      extra?: NamedItem[];
      note?: string;
      funnel?: 'ACCEPTED' | 'HELD';
    } = {},
  ): Promise<Session> {
    if (current.version !== version) throw new StaleVersionError('session', current.version);
    const rule = SESSION_TRANSITIONS[name];
    const status = effectiveStatus(current, this.now());
    if (!(rule.from as readonly ProposalStatus[]).includes(status) || status !== current.status) {
      throw new ConflictError(`The session is ${status}; this needs ${rule.from.join(' or ')}`, { status });
    }
    const at = this.now().toISOString();
    const by = await this.actorId();
    let next: Session = {
      ...change(current),
      status: rule.to,
      history: [...(current.history ?? []), { status: rule.to, at, by, ...(options.note ? { note: options.note } : {}) }],
      version: current.version + 1,
      updatedAt: at,
    };
    // The funnel's stage, counted in the same transaction (main sessions are not proposals of the call: not counted).
    const entry = options.funnel && current.type !== 'MAIN_SESSION' ? await this.proposals.funnel.enter(options.funnel, [current], at) : undefined;
    if (entry) next = entry.stamp(next);
    const outcome = await this.stores.selection.saveTransition([
      named('session', this.stores.selection.sessionReplace(next, current, options.condition)),
      ...(options.extra ?? []),
      ...(entry?.items() ?? []),
    ]);
    if (!outcome.ok) {
      const latest = await this.stores.selection.getSessionConsistent(current.id);
      if (outcome.failed === 'session' && latest && latest.version !== current.version) throw new StaleVersionError('session', latest.version);
      if (outcome.failed === 'session' && name === 'meetConditions') throw new DeadlinePassedError('The conditions were due by their deadline');
      throw new ConflictError('The session or the slot budget changed meanwhile; reload and retry');
    }
    this.proposals.loader.clear(next.id).prime(next.id, next);
    return next;
  }

  private async existing(globalId: string): Promise<Session> {
    const id = internalId(globalId, 'Proposal', 'input.id');
    const session = yearOfProposalId(id) !== undefined ? await this.stores.selection.getSessionConsistent(id) : undefined;
    if (!session) throw new NotFoundError('No such session');
    return session;
  }

  private async actorId(): Promise<string> {
    if (this.caller.kind !== 'user') throw new ForbiddenError('Sign in first');
    return (await this.caller.roles())?.stakeholderId ?? `secretariat:${this.caller.subject}`;
  }
}

/**
 * The lapse job: conditional acceptances past their deadline become NOT_ACCEPTED and give their slot back
 * (each in its own transaction, conditional on the status and version read). Reads already show them so.
 */
export async function runLapses(now: Date, stores: Pick<LifecycleStores, 'selection'>): Promise<number> {
  const store = stores.selection;
  const at = now.toISOString();
  const year = now.getUTCFullYear();
  let changed = 0;
  for (const y of [year - 1, year, year + 1]) {
    for (const current of await store.allSessions(y, 'CONDITIONALLY_ACCEPTED')) {
      if (current.selection?.deadline === undefined || current.selection.deadline > at) continue;
      const next: Session = {
        ...current,
        status: 'NOT_ACCEPTED',
        selection: { ...current.selection, lapsedAt: at },
        history: [...(current.history ?? []), { status: 'NOT_ACCEPTED', at, by: 'scheduler', note: 'conditions unmet by the deadline' }],
        version: current.version + 1,
        updatedAt: at,
      };
      const move = store.budgetMove(await store.getBudgetConsistent(y), { [current.type]: -1 });
      const outcome = await store.saveTransition([named('session', store.sessionReplace(next, current)), ...(move ? [named('slotBudget', move)] : [])]);
      if (outcome.ok) changed++;
    }
  }
  return changed;
}
