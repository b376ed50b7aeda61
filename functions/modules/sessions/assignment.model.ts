/**
 * Balanced assignment of MAG evaluators to eligible proposals: each proposal
 * gets its quota of evaluators in term, from enough stakeholder groups and
 * regions, at most a few from one group, none with a conflict of interest,
 * and the workload spread evenly. Deterministic and idempotent: proposals
 * that have their quota get nobody new; a proposal whose evaluator declined
 * (conflict, abstention) gets one replacement. Pure rules — no I/O.
 */
import type { Region, StakeholderGroup } from '../stakeholders';
import type { AssignmentRules } from './evaluation.model';

export interface Candidate {
  readonly id: string;
  readonly group: StakeholderGroup;
  readonly region: Region;
}

export interface ProposalToAssign {
  readonly proposalId: string;
  /** Evaluators assigned and still active (assigned or submitted). */
  readonly active: readonly Candidate[];
  /** Everyone who was ever on it (declined ones are not asked again). */
  readonly excluded: ReadonlySet<string>;
  /** MAG members with a conflict of interest from the registry. */
  readonly conflicted: ReadonlySet<string>;
}

export interface AssignmentPlan {
  /** New evaluators per proposal (only proposals that get someone). */
  readonly assignments: ReadonlyMap<string, readonly Candidate[]>;
  /** Proposals the pool cannot fill within the rules: the quota, or the group/region floors, is not met. */
  readonly shortfalls: readonly { readonly proposalId: string; readonly missing: number; readonly groups: number; readonly regions: number }[];
}

/** A stable pseudo-random tie-break, so equal candidates are not always taken in registry order. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** One proposal while it is planned: everyone on it (active and picked), and the picks a repair may move. */
interface Planned {
  readonly p: ProposalToAssign;
  readonly chosen: Candidate[];
  readonly picked: Set<string>;
  /** Distinct groups and regions among `chosen` (kept as the repair replaces evaluators). */
  floors: { groups: number; regions: number };
}

const floorsOf = (panel: readonly Candidate[]) => ({ groups: new Set(panel.map((c) => c.group)).size, regions: new Set(panel.map((c) => c.region)).size });

/**
 * Plans the assignments in two passes. First a greedy pass: `load` is each member's current workload (active
 * assignments in the round); the plan adds to it as it goes, so the least loaded eligible member is always taken
 * first, and proposals with the fewest possible evaluators are served first, so a scarce pool is not spent on easy
 * ones. The floors can force a busier member onto a proposal, so the greedy pass may leave workloads 2 apart; a
 * repair pass then levels them (see `levelLoads`).
 */
export function planAssignments(
  proposals: readonly ProposalToAssign[],
  members: readonly Candidate[],
  rules: AssignmentRules,
  load: ReadonlyMap<string, number>,
): AssignmentPlan {
  const loads = new Map(members.map((m) => [m.id, load.get(m.id) ?? 0]));
  const planned: Planned[] = [];
  const open = proposals.filter((p) => p.active.length < rules.evaluatorsPerProposal);
  const pool = (p: ProposalToAssign) => members.filter((m) => !p.conflicted.has(m.id) && !p.excluded.has(m.id));
  const ordered = open
    .map((p) => ({ p, available: pool(p) }))
    .sort((a, b) => a.available.length - b.available.length || a.p.proposalId.localeCompare(b.p.proposalId));
  for (const { p, available } of ordered) {
    const chosen: Candidate[] = [...p.active];
    const picked = new Set<string>();
    const tie = new Map(available.map((m) => [m.id, hash(`${p.proposalId}:${m.id}`)]));
    const perGroup = () => {
      const counts = new Map<StakeholderGroup, number>();
      for (const c of chosen) counts.set(c.group, (counts.get(c.group) ?? 0) + 1);
      return counts;
    };
    while (chosen.length < rules.evaluatorsPerProposal) {
      const groups = perGroup();
      const regions = new Set(chosen.map((c) => c.region));
      const slots = rules.evaluatorsPerProposal - chosen.length;
      const groupsNeeded = Math.max(0, rules.minGroups - groups.size);
      const regionsNeeded = Math.max(0, rules.minRegions - regions.size);
      const candidates = available.filter((m) => !chosen.some((c) => c.id === m.id) && (groups.get(m.group) ?? 0) < rules.maxPerGroup);
      if (candidates.length === 0) break;
      const addsGroup = (m: Candidate) => !groups.has(m.group);
      const addsRegion = (m: Candidate) => !regions.has(m.region);
      // When the remaining slots are just enough for the floors, only candidates that raise them qualify.
      let qualified = candidates;
      if (groupsNeeded >= slots) qualified = qualified.filter(addsGroup);
      if (regionsNeeded >= slots) qualified = qualified.filter(addsRegion);
      if (qualified.length === 0) qualified = candidates;
      const novelty = (m: Candidate) => (groupsNeeded > 0 && addsGroup(m) ? 2 : 0) + (regionsNeeded > 0 && addsRegion(m) ? 1 : 0);
      // The least loaded, then the one raising the floors, then the stable tie-break: one scan, no sort.
      let best = qualified[0]!;
      for (const m of qualified) {
        const order = loads.get(m.id)! - loads.get(best.id)! || novelty(best) - novelty(m) || tie.get(m.id)! - tie.get(best.id)!;
        if (order < 0) best = m;
      }
      chosen.push(best);
      picked.add(best.id);
      loads.set(best.id, loads.get(best.id)! + 1);
    }
    planned.push({ p, chosen, picked, floors: floorsOf(chosen) });
  }
  levelLoads(planned, members, rules, loads);
  const assignments = new Map<string, Candidate[]>();
  const shortfalls: { proposalId: string; missing: number; groups: number; regions: number }[] = [];
  for (const { p, chosen, picked } of planned) {
    if (picked.size > 0)
      assignments.set(
        p.proposalId,
        chosen.filter((c) => picked.has(c.id)),
      );
    const { groups, regions } = floorsOf(chosen);
    if (chosen.length < rules.evaluatorsPerProposal || groups < rules.minGroups || regions < rules.minRegions) {
      shortfalls.push({ proposalId: p.proposalId, missing: rules.evaluatorsPerProposal - chosen.length, groups, regions });
    }
  }
  return { assignments, shortfalls };
}

/**
 * The repair pass: while some member's workload is 2 or more above another's, it looks (breadth first, from the
 * busiest members) for a chain of replacements H → M1 → … → L: H hands one of the proposals picked for them in
 * this plan to M1, M1 hands a different one to M2, …, and the last hands one to L, whose workload is at least 2
 * below H's. Every replacement keeps its proposal within the rules (no conflict, not asked before, at most
 * `maxPerGroup` from a group, groups and regions not below the floors, or not below what it had when short), and
 * a chain uses each proposal once, so the replacements do not interfere. Only H and L change workload: H loses
 * one, L gains one, so the sum of the squared workloads falls by at least 2 with every chain, and the pass ends.
 * It ends when no such chain exists: then the workloads are within 1 of one another unless the floors and
 * conflicts prevent it. Assignments made in earlier runs (`active`) never move.
 */
function levelLoads(planned: readonly Planned[], members: readonly Candidate[], rules: AssignmentRules, loads: Map<string, number>): void {
  const byId = new Map(members.map((m) => [m.id, m]));
  /** The proposals (by index) each member was picked for in this plan: what a chain may move. */
  const movable = new Map<string, Set<number>>(members.map((m) => [m.id, new Set<number>()]));
  planned.forEach(({ picked }, i) => picked.forEach((id) => movable.get(id)?.add(i)));
  // Allocation-free: this runs for every (proposal, candidate) pair a search looks at.
  const canReplace = (i: number, from: Candidate, to: Candidate): boolean => {
    const { p, chosen } = planned[i]!;
    if (p.conflicted.has(to.id) || p.excluded.has(to.id)) return false;
    let sameGroup = 0;
    let fromGroupOthers = 0;
    let sameRegion = 0;
    let fromRegionOthers = 0;
    for (const c of chosen) {
      if (c.id === to.id) return false;
      if (c.id === from.id) continue;
      if (c.group === to.group) sameGroup++;
      if (c.group === from.group) fromGroupOthers++;
      if (c.region === to.region) sameRegion++;
      if (c.region === from.region) fromRegionOthers++;
    }
    if (sameGroup + 1 > rules.maxPerGroup) return false;
    // A group (region) is lost when `from` was its only one, and gained when nobody else has `to`'s.
    const groupChange = to.group === from.group ? 0 : (sameGroup === 0 ? 1 : 0) - (fromGroupOthers === 0 ? 1 : 0);
    const regionChange = to.region === from.region ? 0 : (sameRegion === 0 ? 1 : 0) - (fromRegionOthers === 0 ? 1 : 0);
    if (groupChange >= 0 && regionChange >= 0) return true;
    const before = planned[i]!.floors;
    return (
      before.groups + groupChange >= Math.min(rules.minGroups, before.groups) && before.regions + regionChange >= Math.min(rules.minRegions, before.regions)
    );
  };
  const replace = (i: number, from: Candidate, to: Candidate) => {
    const entry = planned[i]!;
    entry.chosen.splice(
      entry.chosen.findIndex((c) => c.id === from.id),
      1,
      to,
    );
    entry.floors = floorsOf(entry.chosen);
    entry.picked.delete(from.id);
    entry.picked.add(to.id);
    movable.get(from.id)!.delete(i);
    movable.get(to.id)!.add(i);
  };
  /** One chain from a member at `level` to one at `level - 2` or less, applied; false when there is none. */
  const chainFrom = (level: number): boolean => {
    const sources = members.filter((m) => loads.get(m.id) === level);
    const via = new Map<string, { from: string; proposal: number } | null>(sources.map((m) => [m.id, null]));
    const queue = sources.map((m) => m.id);
    for (let head = 0; head < queue.length; head++) {
      const at = queue[head]!;
      const used = new Set<number>();
      for (let step = via.get(at); step; step = via.get(step.from)) used.add(step.proposal);
      for (const i of movable.get(at)!) {
        if (used.has(i)) continue;
        for (const to of members) {
          if (via.has(to.id) || !canReplace(i, byId.get(at)!, to)) continue;
          via.set(to.id, { from: at, proposal: i });
          if (loads.get(to.id)! <= level - 2) {
            const chain: { from: string; to: string; proposal: number }[] = [];
            for (let id = to.id, step = via.get(id); step; id = step.from, step = via.get(id)) chain.push({ from: step.from, to: id, proposal: step.proposal });
            for (const link of chain) replace(link.proposal, byId.get(link.from)!, byId.get(link.to)!);
            loads.set(chain.at(-1)!.from, level - 1);
            loads.set(to.id, loads.get(to.id)! + 1);
            return true;
          }
          queue.push(to.id);
        }
      }
    }
    return false;
  };
  for (;;) {
    const values = [...loads.values()];
    const max = Math.max(...values);
    const min = Math.min(...values);
    let moved = false;
    for (let level = max; level >= min + 2 && !moved; level--) moved = chainFrom(level);
    if (!moved) return;
  }
}
