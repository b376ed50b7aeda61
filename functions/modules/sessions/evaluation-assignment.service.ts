/**
 * Balanced assignment of evaluators (secretariat): every eligible proposal of
 * a round's types gets its quota of MAG members in term (the plan:
 * assignment.model.ts), conflicts of interest from the registry excluded, the
 * equity flags fixed on its new sheet. Idempotent: proposals that have their
 * quota get nobody new.
 */
import type * as z from 'zod';
import { authorize } from '../../core/auth/policy';
import { ConflictError, DeadlinePassedError, NotFoundError } from '../../core/errors';
import { parseInput } from '../../core/validation';
import { planAssignments, type Candidate } from './assignment.model';
import type { EvaluationContext } from './evaluation.context';
import type { SheetChange } from './evaluation.store';
import { roundIdOf, roundOnlyInput } from './evaluation.inputs';
import { figuresOf, isActive, isDevelopingCountry, roundCounter, type Affiliated, type Evaluation, type EvaluationSheet } from './evaluation.model';
import type { Proposal } from './sessions.model';

export interface AssignmentResult {
  readonly roundId: string;
  readonly proposals: number;
  readonly assigned: number;
  readonly shortfalls: readonly { readonly proposalId: string; readonly missing: number; readonly groups: number; readonly regions: number }[];
}

export class EvaluationAssignment {
  private readonly store: EvaluationContext['stores']['evaluation'];

  constructor(private readonly ctx: EvaluationContext) {
    this.store = ctx.stores.evaluation;
  }

  /**
   * Gives every eligible proposal of the round's types its quota of evaluators (balanced, no conflicts of
   * interest, the workload even). Idempotent: proposals that have their quota get nobody new.
   */
  async assign(input: z.input<typeof roundOnlyInput>): Promise<AssignmentResult> {
    await authorize(this.ctx.caller, { type: 'evaluation.manage' });
    const valid = parseInput(roundOnlyInput, input);
    const { year, id } = roundIdOf(valid.roundId, 'input.roundId');
    const round = await this.store.getRoundConsistent(year, id);
    if (!round) throw new NotFoundError('No such evaluation round');
    if (this.ctx.status(round) === 'CLOSED') throw new DeadlinePassedError(`The round closed at ${round.closesAt}`);
    const [eligible, sheets, roster] = await Promise.all([
      this.ctx.stores.sessions.proposalsOfYearInStatus(year, 'ELIGIBLE'),
      this.store.allSheets(id),
      this.ctx.stakeholders.magMembersOf(year),
    ]);
    const proposals = eligible.filter((p) => round.types.includes(p.type));
    const bySheet = new Map(sheets.map((s) => [s.proposalId, s]));
    const people = await this.ctx.affiliated([...new Set([...roster.map((m) => m.stakeholderId), ...proposals.flatMap((p) => this.ctx.involved(p))])]);
    const members: Candidate[] = roster.map((m) => ({ id: m.stakeholderId, group: m.group, region: m.region }));
    const memberIds = members.map((m) => m.id);
    const conflictsOf = (p: Proposal) => this.ctx.conflicted(memberIds, p, people);
    const loads = new Map(members.map((m) => [m.id, round.counts[roundCounter.load(m.id)] ?? 0]));
    const plan = planAssignments(
      proposals.map((p) => {
        const sheet = bySheet.get(p.id);
        return {
          proposalId: p.id,
          active: (sheet?.evaluators ?? []).filter(isActive).map((e) => ({ id: e.evaluatorId, group: e.group, region: e.region })),
          excluded: new Set((sheet?.evaluators ?? []).map((e) => e.evaluatorId)),
          conflicted: new Set(conflictsOf(p)),
        };
      }),
      members,
      round.assignment,
      loads,
    );
    const fresh = proposals.filter((p) => !bySheet.has(p.id));
    // First-time: the proposer's history (the years they organised submitted proposals), ≤ 100 in a BatchGetItem.
    const histories = await this.ctx.stores.funnel.getHistories([...new Set(fresh.map((p) => p.proposerId))]);
    const firstTime = new Map([...histories].map(([id, history]) => [id, !history.organised.some((y) => y < year)]));
    const at = this.ctx.now().toISOString();
    const changes: SheetChange[] = [];
    for (const p of proposals) {
      const current = bySheet.get(p.id);
      const picked = plan.assignments.get(p.id) ?? [];
      if (current && picked.length === 0) continue;
      const added: Evaluation[] = picked.map((m) => ({
        roundId: id,
        proposalId: p.id,
        evaluatorId: m.id,
        evaluatorGroup: m.group,
        evaluatorRegion: m.region,
        status: 'ASSIGNED',
        assigned: true,
        assignedAt: at,
        title: p.title,
        type: p.type,
        themeId: p.themeId,
        version: 1,
        updatedAt: at,
      }));
      const evaluators = [
        ...(current?.evaluators ?? []),
        ...picked.map((m) => ({ evaluatorId: m.id, group: m.group, region: m.region, status: 'ASSIGNED' as const })),
      ];
      const proposer = people.get(p.proposerId) as (Affiliated & { country?: string }) | undefined;
      const next: EvaluationSheet = current
        ? { ...current, evaluators, conflicted: conflictsOf(p), version: current.version + 1, updatedAt: at }
        : {
            roundId: id,
            proposalId: p.id,
            year,
            title: p.title,
            type: p.type,
            themeId: p.themeId,
            equity: {
              firstTimeProposer: firstTime.get(p.proposerId) ?? true,
              developingCountryProposer: proposer?.country !== undefined && isDevelopingCountry(proposer.country),
            },
            blind: round.blind,
            evaluators,
            conflicted: conflictsOf(p),
            ...figuresOf([], round.criteria, round.assignment.rankedAfter),
            version: 1,
            updatedAt: at,
          };
      changes.push({ current, next, added });
    }
    const increments = (chunk: readonly SheetChange[]) => {
      const counts: Record<string, number> = {};
      for (const c of chunk) {
        for (const e of c.added) {
          counts[roundCounter.assigned] = (counts[roundCounter.assigned] ?? 0) + 1;
          counts[roundCounter.load(e.evaluatorId)] = (counts[roundCounter.load(e.evaluatorId)] ?? 0) + 1;
        }
      }
      return counts;
    };
    const outcome = await this.store.saveAssignments(round, changes, increments, this.ctx.now());
    if (outcome === 'round') {
      const latest = await this.store.getRoundConsistent(year, id);
      if (!latest || this.ctx.status(latest) === 'CLOSED') throw new DeadlinePassedError(`The round closed at ${latest?.closesAt ?? round.closesAt}`);
      throw new ConflictError('The round’s settings changed during assignment; assign again (assignments made are kept)');
    }
    if (outcome === 'stale') throw new ConflictError('A proposal’s evaluators changed during assignment; assign again (assignments made are kept)');
    this.ctx.roundLoader.clear(id);
    return { roundId: id, proposals: proposals.length, assigned: changes.reduce((n, c) => n + c.added.length, 0), shortfalls: plan.shortfalls };
  }
}
