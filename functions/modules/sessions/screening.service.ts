/**
 * Rules for the secretariat's screening: it runs within the window after the
 * call closes, marks every submitted proposal ELIGIBLE or SCREENED_OUT with
 * one reason code per rule broken (screening.model.ts), counts the outcome on
 * the call in the same transactions, and is idempotent (screened proposals
 * are not screened again). A proposer appeals once; the secretariat restores
 * or upholds with a recorded reason. Talks to the sessions store and the
 * reports-due items (who owes a session report); reads the registry through
 * its service; asks the policy.
 */
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { ConflictError, DeadlinePassedError, NotFoundError, NotOpenError, StaleVersionError } from '../../core/errors';
import { internalId } from '../../core/ids';
import type { NamedItem } from '../../core/dynamodb/transact';
import { parseInput, text } from '../../core/validation';
import type { StakeholderService } from '../stakeholders';
import { screen } from './screening.model';
import { proposalCallCounter, yearOfProposalId, type Proposal, type ProposalCall } from './sessions.model';
import type { ProposalService } from './proposal.service';
import { proposalCallYear } from './proposal.inputs';
import type { SessionStores } from './sessions.stores';

/** What screening uses of the stores: the call, the proposals by status, the screening and appeal writes, who owes a report. */
export interface ScreeningStores {
  readonly sessions: Pick<
    SessionStores['sessions'],
    'getCallConsistent' | 'getProposalConsistent' | 'proposalsOfYearInStatus' | 'saveScreening' | 'saveAppeal'
  >;
  readonly reportsDue: Pick<SessionStores['reportsDue'], 'getReportsDue'>;
}

const DAY = 86_400_000;

const screenInput = z.lazy(() => z.object({ callId: z.string() }));
const appealInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1), statement: text(10, 2000) }));
const decideInput = z.lazy(() => z.object({ id: z.string(), version: z.number().int().min(1), restore: z.boolean(), reason: text(5, 2000) }));

export interface ScreeningResult {
  readonly eligible: number;
  readonly screenedOut: number;
}

const windowEnd = (call: ProposalCall) => new Date(Date.parse(call.closesAt) + call.screening.windowDays * DAY).toISOString();

export class ScreeningService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly proposals: Pick<ProposalService, 'funnel' | 'loader' | 'callLoader' | 'callOf'>,
    private readonly stakeholders: Pick<StakeholderService, 'getMany'>,
    private readonly stores: ScreeningStores,
  ) {}

  /** Screens every submitted proposal of the call (secretariat, within the window). */
  async screen(input: z.input<typeof screenInput>): Promise<ScreeningResult> {
    await authorize(this.caller, { type: 'programme.manage' });
    const valid = parseInput(screenInput, input);
    const year = proposalCallYear(valid.callId, 'input.callId');
    const call = await this.stores.sessions.getCallConsistent(year);
    if (!call) throw new NotFoundError('No such call for proposals');
    this.assertWindow(call);
    const [submitted, eligible, screenedOut] = await Promise.all(
      ['SUBMITTED', 'ELIGIBLE', 'SCREENED_OUT'].map((status) => this.stores.sessions.proposalsOfYearInStatus(year, status)),
    );
    const all = [...submitted!, ...eligible!, ...screenedOut!];
    const organisers = [...new Set(all.flatMap((p) => [p.proposerId, ...p.organiserIds]))];
    // Who owes a session report: one BatchGetItem per 100 proposers and organisers, only when the rule is on.
    const [people, reportsDue] = await Promise.all([
      this.stakeholders.getMany(organisers),
      call.screening.earlierReportsRequired ? this.stores.reportsDue.getReportsDue(organisers) : Promise.resolve(new Map<string, string[]>()),
    ]);
    const outcome = screen({
      proposals: all,
      panelRules: call.rules,
      hybrid: call.hybrid,
      rules: call.screening,
      magMembers: new Set(people.filter((s) => s.magTerm && s.magTerm.startYear <= year && year <= s.magTerm.endYear).map((s) => s.id)),
      organisations: new Set(people.filter((s) => s.kind === 'ORGANISATION').map((s) => s.id)),
      unreported: new Set([...reportsDue].filter(([, ids]) => ids.some((id) => (yearOfProposalId(id) ?? year) < year)).map(([who]) => who)),
    });
    const at = this.now().toISOString();
    const screened = submitted!.map((current) => {
      const reasons = outcome.get(current.id) ?? [];
      const next: Proposal = {
        ...current,
        status: reasons.length === 0 ? 'ELIGIBLE' : 'SCREENED_OUT',
        screening: { reasons, screenedAt: at },
        version: current.version + 1,
        updatedAt: at,
      };
      return { current, next };
    });
    // The eligible ones enter the funnel's ELIGIBLE stage in their chunk's transaction.
    const entry = await this.proposals.funnel.enter(
      'ELIGIBLE',
      screened.filter((c) => c.next.status === 'ELIGIBLE').map((c) => c.next),
      at,
    );
    const changes = screened.map(({ current, next }) => ({ current, next: next.status === 'ELIGIBLE' ? entry.stamp(next) : next }));
    const increments = (chunk: readonly Proposal[]) => {
      const counts: Record<string, number> = {};
      const add = (name: string) => (counts[name] = (counts[name] ?? 0) + 1);
      for (const p of chunk) {
        add(p.status === 'ELIGIBLE' ? proposalCallCounter.eligible : proposalCallCounter.screenedOut);
        for (const reason of p.screening?.reasons ?? []) add(proposalCallCounter.screenedOutFor(reason));
      }
      return counts;
    };
    const funnelItems = (chunk: readonly Proposal[]) => {
      const eligible = chunk.filter((p) => p.status === 'ELIGIBLE').map((p) => p.id);
      return eligible.length > 0 ? entry.items(eligible) : [];
    };
    if ((await this.stores.sessions.saveScreening(changes, increments, funnelItems)) === 'stale') {
      throw new ConflictError('A proposal changed during screening; screen again (proposals already screened are kept)');
    }
    this.proposals.callLoader.clear(year);
    for (const { next } of changes) this.proposals.loader.clear(next.id).prime(next.id, next);
    return {
      eligible: changes.filter((c) => c.next.status === 'ELIGIBLE').length,
      screenedOut: changes.filter((c) => c.next.status === 'SCREENED_OUT').length,
    };
  }

  /** The proposer appeals a screening-out once, within the screening window. */
  async appeal(input: z.input<typeof appealInput>): Promise<Proposal> {
    const valid = parseInput(appealInput, input);
    const current = await this.existing(valid.id);
    await authorize(this.caller, { type: 'proposal.edit', proposerId: current.proposerId });
    if (current.version !== valid.version) throw new StaleVersionError('proposal', current.version);
    if (current.status !== 'SCREENED_OUT' || !current.screening) throw new ConflictError('Only a screened-out proposal can be appealed');
    if (current.screening.appeal) throw new ConflictError('The proposal was appealed already: there is one appeal');
    this.assertWindow(await this.proposals.callOf(current));
    const at = this.now().toISOString();
    const next: Proposal = {
      ...current,
      screening: { ...current.screening, appeal: { statement: valid.statement, appealedAt: at } },
      version: current.version + 1,
      updatedAt: at,
    };
    return this.save(current, next, {});
  }

  /** The secretariat restores an appealed proposal (ELIGIBLE) or upholds the screening, with a recorded reason. */
  async decideAppeal(input: z.input<typeof decideInput>): Promise<Proposal> {
    await authorize(this.caller, { type: 'programme.manage' });
    const valid = parseInput(decideInput, input);
    const current = await this.existing(valid.id);
    if (current.version !== valid.version) throw new StaleVersionError('proposal', current.version);
    const screening = current.screening;
    if (current.status !== 'SCREENED_OUT' || !screening?.appeal || screening.appealDecision)
      throw new ConflictError('There is no undecided appeal on this proposal');
    const at = this.now().toISOString();
    const decidedBy = this.caller.kind === 'user' ? this.caller.subject : 'secretariat';
    // A restored proposal enters the funnel's ELIGIBLE stage with the decision.
    const entry = valid.restore ? await this.proposals.funnel.enter('ELIGIBLE', [current], at) : undefined;
    const decided: Proposal = {
      ...current,
      status: valid.restore ? 'ELIGIBLE' : 'SCREENED_OUT',
      screening: { ...screening, appealDecision: { restored: valid.restore, reason: valid.reason, decidedBy, decidedAt: at } },
      version: current.version + 1,
      updatedAt: at,
    };
    const increments: Record<string, number> = valid.restore
      ? { [proposalCallCounter.eligible]: 1, [proposalCallCounter.screenedOut]: -1, [proposalCallCounter.restored]: 1 }
      : {};
    return this.save(current, entry ? entry.stamp(decided) : decided, increments, entry?.items() ?? []);
  }

  private assertWindow(call: ProposalCall): void {
    const at = this.now().toISOString();
    if (at < call.closesAt) throw new NotOpenError(`Screening starts when the call closes at ${call.closesAt}`);
    const end = windowEnd(call);
    if (at >= end) throw new DeadlinePassedError(`The screening window ended at ${end}`);
  }

  private async existing(globalId: string): Promise<Proposal> {
    const id = internalId(globalId, 'Proposal', 'input.id');
    const proposal = yearOfProposalId(id) !== undefined ? await this.stores.sessions.getProposalConsistent(id) : undefined;
    if (!proposal) throw new NotFoundError('No such proposal');
    return proposal;
  }

  private async save(current: Proposal, next: Proposal, increments: Record<string, number>, funnel: readonly NamedItem[] = []): Promise<Proposal> {
    if ((await this.stores.sessions.saveAppeal(current, next, increments, funnel)) === 'stale') {
      const latest = await this.stores.sessions.getProposalConsistent(current.id);
      throw new StaleVersionError('proposal', latest?.version ?? current.version);
    }
    this.proposals.loader.clear(next.id).prime(next.id, next);
    if (Object.keys(increments).length > 0) this.proposals.callLoader.clear(next.year);
    return next;
  }
}
