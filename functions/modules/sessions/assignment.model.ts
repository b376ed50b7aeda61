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

/**
 * Plans the assignments. `load` is each member's current workload (active assignments in the round); the plan
 * adds to it as it goes, so the least loaded eligible member is always taken first. Proposals with the fewest
 * possible evaluators are served first, so a scarce pool is not spent on easy ones.
 */
export function planAssignments(proposals: readonly ProposalToAssign[], members: readonly Candidate[], rules: AssignmentRules, load: ReadonlyMap<string, number>): AssignmentPlan {
  const loads = new Map(members.map((m) => [m.id, load.get(m.id) ?? 0]));
  const assignments = new Map<string, Candidate[]>();
  const shortfalls: { proposalId: string; missing: number; groups: number; regions: number }[] = [];
  const open = proposals.filter((p) => p.active.length < rules.evaluatorsPerProposal);
  const pool = (p: ProposalToAssign) => members.filter((m) => !p.conflicted.has(m.id) && !p.excluded.has(m.id));
  const ordered = open
    .map((p) => ({ p, available: pool(p) }))
    .sort((a, b) => a.available.length - b.available.length || a.p.proposalId.localeCompare(b.p.proposalId));
  for (const { p, available } of ordered) {
    const chosen: Candidate[] = [...p.active];
    const picked: Candidate[] = [];
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
      const best = [...qualified].sort(
        (a, b) => loads.get(a.id)! - loads.get(b.id)! || novelty(b) - novelty(a) || hash(`${p.proposalId}:${a.id}`) - hash(`${p.proposalId}:${b.id}`),
      )[0]!;
      chosen.push(best);
      picked.push(best);
      loads.set(best.id, loads.get(best.id)! + 1);
    }
    if (picked.length > 0) assignments.set(p.proposalId, picked);
    const groups = new Set(chosen.map((c) => c.group)).size;
    const regions = new Set(chosen.map((c) => c.region)).size;
    if (chosen.length < rules.evaluatorsPerProposal || groups < rules.minGroups || regions < rules.minRegions) {
      shortfalls.push({ proposalId: p.proposalId, missing: rules.evaluatorsPerProposal - chosen.length, groups, regions });
    }
  }
  return { assignments, shortfalls };
}
