/** Balanced assignment, conflicts of interest and the board's figures: pure rules, no DynamoDB. */
import { describe, expect, it } from 'vitest';
import { planAssignments, type Candidate, type ProposalToAssign } from '../../functions/modules/sessions/assignment.model';
import {
  DEFAULT_ASSIGNMENT_RULES,
  IGF_2018_CRITERIA,
  figuresOf,
  hasRegistryConflict,
  isDevelopingCountry,
  median,
  meanPairwiseDifference,
  rankKey,
  scoreProblem,
  weightedScore,
  type Affiliated,
  type Evaluation,
} from '../../functions/modules/sessions/evaluation.model';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';

/** A MAG of 40: six groups × five regions, unevenly (as real MAGs are). */
const MAG: Candidate[] = Array.from({ length: 40 }, (_, i) => ({ id: `m${String(i).padStart(2, '0')}`, group: STAKEHOLDER_GROUPS[i % 6]!, region: REGIONS[(i * 7) % 5]! }));

const fresh = (id: string, conflicted: string[] = []): ProposalToAssign => ({ proposalId: id, active: [], excluded: new Set(), conflicted: new Set(conflicted) });

function apply(proposals: ProposalToAssign[], plan: ReturnType<typeof planAssignments>): ProposalToAssign[] {
  return proposals.map((p) => ({ ...p, active: [...p.active, ...(plan.assignments.get(p.proposalId) ?? [])] }));
}

function loadsOf(proposals: readonly ProposalToAssign[]): Map<string, number> {
  const loads = new Map<string, number>();
  for (const p of proposals) for (const c of p.active) loads.set(c.id, (loads.get(c.id) ?? 0) + 1);
  return loads;
}

describe('balanced assignment of evaluators', () => {
  it('gives each of 300 proposals 6 evaluators from ≥ 4 groups and ≥ 3 regions, ≤ 2 a group, none conflicted, the load even, and nobody new on a second run', () => {
    // Prepare: every tenth proposal has two conflicted members.
    const proposals = Array.from({ length: 300 }, (_, i) => fresh(`p${String(i).padStart(3, '0')}`, i % 10 === 0 ? [MAG[i % 40]!.id, MAG[(i + 1) % 40]!.id] : []));

    // Act
    const plan = planAssignments(proposals, MAG, DEFAULT_ASSIGNMENT_RULES, new Map());
    const assigned = apply(proposals, plan);
    const again = planAssignments(assigned, MAG, DEFAULT_ASSIGNMENT_RULES, loadsOf(assigned));

    // Assess
    expect(plan.shortfalls).toEqual([]);
    for (const p of assigned) {
      const groups = new Map<string, number>();
      for (const c of p.active) groups.set(c.group, (groups.get(c.group) ?? 0) + 1);
      expect(p.active).toHaveLength(6);
      expect(new Set(p.active.map((c) => c.id)).size).toBe(6);
      expect(groups.size).toBeGreaterThanOrEqual(4);
      expect(new Set(p.active.map((c) => c.region)).size).toBeGreaterThanOrEqual(3);
      expect(Math.max(...groups.values())).toBeLessThanOrEqual(2);
      expect(p.active.some((c) => p.conflicted.has(c.id))).toBe(false);
    }
    const loads = [...loadsOf(assigned).values()];
    expect(loads).toHaveLength(40);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(1800);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(again.assignments.size).toBe(0);
  });

  it('replaces an evaluator who declined with one who keeps the proposal balanced, never asking the decliner again', () => {
    // Prepare
    const [first] = apply([fresh('p1')], planAssignments([fresh('p1')], MAG, DEFAULT_ASSIGNMENT_RULES, new Map()));
    const declined = first!.active[0]!;
    const remaining = first!.active.slice(1);

    // Act
    const plan = planAssignments([{ ...first!, active: remaining, excluded: new Set(first!.active.map((c) => c.id)) }], MAG, DEFAULT_ASSIGNMENT_RULES, new Map());

    // Assess
    const replacement = plan.assignments.get('p1') ?? [];
    expect(replacement).toHaveLength(1);
    expect(replacement[0]!.id).not.toBe(declined.id);
    const panel = [...remaining, ...replacement];
    expect(new Set(panel.map((c) => c.group)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(panel.map((c) => c.region)).size).toBeGreaterThanOrEqual(3);
  });

  it('reports a shortfall when the pool cannot meet the floors', () => {
    // Prepare: a MAG of two groups only.
    const small = MAG.filter((m) => m.group === 'GOVERNMENT' || m.group === 'ACADEMIA');

    // Act
    const plan = planAssignments([fresh('p1')], small, DEFAULT_ASSIGNMENT_RULES, new Map());

    // Assess
    expect(plan.shortfalls).toEqual([{ proposalId: 'p1', missing: 2, groups: 2, regions: expect.any(Number) }]);
    expect(plan.assignments.get('p1')).toHaveLength(4);
  });
});

describe('conflicts of interest from the registry', () => {
  const people = new Map<string, Affiliated>([
    ['speaker', { id: 'speaker', kind: 'PERSON', affiliationId: 'orgA', representativeOf: [] }],
    ['orgB', { id: 'orgB', kind: 'ORGANISATION', representativeOf: [] }],
  ]);
  const proposal = { proposerId: 'proposer', organiserIds: ['orgB'], speakers: [{ stakeholderId: 'speaker' }] } as never;
  const member = (overrides: Partial<Affiliated>): Affiliated => ({ id: 'm', kind: 'PERSON', representativeOf: [], ...overrides });

  it('finds a member who speaks, whose organisation is a speaker’s, or who represents an organiser', () => {
    expect(hasRegistryConflict(member({ id: 'speaker' }), proposal, people)).toBe(true);
    expect(hasRegistryConflict(member({ affiliationId: 'orgA' }), proposal, people)).toBe(true);
    expect(hasRegistryConflict(member({ representativeOf: ['orgB'] }), proposal, people)).toBe(true);
    expect(hasRegistryConflict(member({ affiliationId: 'orgC' }), proposal, people)).toBe(false);
    expect(hasRegistryConflict(member({}), proposal, people)).toBe(false);
  });
});

describe('scores and the board’s figures', () => {
  const evaluation = (weighted: number, scores: Evaluation['scores'] = []): Evaluation =>
    ({ status: 'SUBMITTED', weighted, scores }) as unknown as Evaluation;

  it('computes the weighted score, median, mean, spread and mean pairwise difference', () => {
    const scores = IGF_2018_CRITERIA.map((c, i) => ({ criterion: c.code, score: i < 3 ? 5 : 2, reason: i < 3 ? undefined : ('OTHER' as const) }));
    expect(weightedScore(scores, [...IGF_2018_CRITERIA.slice(0, 5), { ...IGF_2018_CRITERIA[5]!, weight: 4 }])).toBe(3);
    expect(median([5, 1, 3, 4])).toBe(3.5);
    expect(meanPairwiseDifference([1, 3, 5])).toBe(2.667);
    const figures = figuresOf([evaluation(4), evaluation(2), evaluation(3), evaluation(5)], IGF_2018_CRITERIA, 4);
    expect(figures).toMatchObject({ evaluations: 4, median: 3.5, mean: 3.5, spread: 3, ranked: true });
    expect(figuresOf([evaluation(4), evaluation(2), evaluation(3)], IGF_2018_CRITERIA, 4).ranked).toBe(false);
  });

  it('ranks ranked proposals first, highest median then mean first', () => {
    const keys = [
      rankKey({ ranked: false, median: 5, mean: 5 }, 'a'),
      rankKey({ ranked: true, median: 3.5, mean: 3.9 }, 'b'),
      rankKey({ ranked: true, median: 4, mean: 3 }, 'c'),
      rankKey({ ranked: true, median: 3.5, mean: 4.1 }, 'd'),
    ].sort();
    expect(keys.map((k) => k.at(-1))).toEqual(['c', 'd', 'b', 'a']);
  });

  it('asks for a reason code at a score of 3 or less, and for every criterion once', () => {
    const full = IGF_2018_CRITERIA.map((c) => ({ criterion: c.code, score: 4 }));
    expect(scoreProblem(full, IGF_2018_CRITERIA)).toBeUndefined();
    expect(scoreProblem([{ ...full[0]!, score: 3 }, ...full.slice(1)], IGF_2018_CRITERIA)?.index).toBe(0);
    expect(scoreProblem(full.slice(1), IGF_2018_CRITERIA)?.message).toMatch(/CONTENT is not scored/);
    expect(scoreProblem([...full, full[0]!], IGF_2018_CRITERIA)?.message).toMatch(/twice/);
  });

  it('counts a proposer outside the developed regions as from a developing country', () => {
    expect(isDevelopingCountry('KE')).toBe(true);
    expect(isDevelopingCountry('BR')).toBe(true);
    expect(isDevelopingCountry('NO')).toBe(false);
    expect(isDevelopingCountry('JP')).toBe(false);
  });
});
