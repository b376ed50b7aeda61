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
const MAG: Candidate[] = Array.from({ length: 40 }, (_, i) => ({
  id: `m${String(i).padStart(2, '0')}`,
  group: STAKEHOLDER_GROUPS[i % 6]!,
  region: REGIONS[(i * 7) % 5]!,
}));

const fresh = (id: string, conflicted: string[] = []): ProposalToAssign => ({
  proposalId: id,
  active: [],
  excluded: new Set(),
  conflicted: new Set(conflicted),
});

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
    const proposals = Array.from({ length: 300 }, (_, i) =>
      fresh(`p${String(i).padStart(3, '0')}`, i % 10 === 0 ? [MAG[i % 40]!.id, MAG[(i + 1) % 40]!.id] : []),
    );

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

  it('keeps every workload within 1 of the others over 60 seeded MAG compositions and conflicts (the greedy pass alone leaves 6 of them 2 apart)', () => {
    // Prepare: 60 seeded MAGs of 30..45 members, uneven across groups and regions, and 200..320 proposals of
    // which every seventh has 1..3 conflicted members.
    let seed = 20_26;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    let instances = 0;
    let spreads = 0;
    for (let run = 0; run < 60; run++) {
      const mag: Candidate[] = Array.from({ length: 30 + Math.floor(random() * 16) }, (_, i) => ({
        id: `r${run}m${i}`,
        group: i < 6 ? STAKEHOLDER_GROUPS[i]! : pick(STAKEHOLDER_GROUPS),
        region: i < 5 ? REGIONS[i]! : pick(REGIONS),
      }));
      const proposals = Array.from({ length: 200 + Math.floor(random() * 121) }, (_, i) =>
        fresh(`p${String(i).padStart(3, '0')}`, i % 7 === 0 ? Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(mag).id) : []),
      );

      // Act
      const plan = planAssignments(proposals, mag, DEFAULT_ASSIGNMENT_RULES, new Map());

      // Assess: every proposal within the rules, and — where the cap of 2 a group lets a large group's members reach
      // the others' workload (n × ⌊6P/M⌋ ≤ 2P for each group) — the workloads at most 1 apart.
      expect(plan.shortfalls).toEqual([]);
      const floor = Math.floor((6 * proposals.length) / mag.length);
      const capped = STAKEHOLDER_GROUPS.some((g) => mag.filter((m) => m.group === g).length * floor > 2 * proposals.length);
      if (capped) continue;
      instances++;
      const assigned = apply(proposals, plan);
      for (const p of assigned) {
        const groups = new Map<string, number>();
        for (const c of p.active) groups.set(c.group, (groups.get(c.group) ?? 0) + 1);
        expect(new Set(p.active.map((c) => c.id)).size).toBe(6);
        expect(groups.size).toBeGreaterThanOrEqual(4);
        expect(new Set(p.active.map((c) => c.region)).size).toBeGreaterThanOrEqual(3);
        expect(Math.max(...groups.values())).toBeLessThanOrEqual(2);
        expect(p.active.some((c) => p.conflicted.has(c.id))).toBe(false);
      }
      const loads = mag.map((m) => loadsOf(assigned).get(m.id) ?? 0);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      spreads++;
    }
    expect(instances).toBeGreaterThanOrEqual(50);
    expect(spreads).toBe(instances);
  });

  it('evens out the workload an earlier run left uneven', () => {
    // Prepare: half the MAG already carries 3 assignments each from an earlier run.
    const earlier = new Map(MAG.filter((_, i) => i % 2 === 0).map((m) => [m.id, 3]));
    const proposals = Array.from({ length: 100 }, (_, i) => fresh(`q${String(i).padStart(3, '0')}`));

    // Act
    const plan = planAssignments(proposals, MAG, DEFAULT_ASSIGNMENT_RULES, earlier);

    // Assess: 600 new assignments on top of 60 earlier ones, over 40 members: 16 or 17 each.
    const loads = new Map(MAG.map((m) => [m.id, earlier.get(m.id) ?? 0]));
    for (const picked of plan.assignments.values()) for (const c of picked) loads.set(c.id, loads.get(c.id)! + 1);
    expect(plan.shortfalls).toEqual([]);
    expect([...loads.values()].reduce((a, b) => a + b, 0)).toBe(660);
    expect(Math.min(...loads.values())).toBeGreaterThanOrEqual(16);
    expect(Math.max(...loads.values())).toBeLessThanOrEqual(17);
  });

  it('replaces an evaluator who declined with one who keeps the proposal balanced, never asking the decliner again', () => {
    // Prepare
    const [first] = apply([fresh('p1')], planAssignments([fresh('p1')], MAG, DEFAULT_ASSIGNMENT_RULES, new Map()));
    const declined = first!.active[0]!;
    const remaining = first!.active.slice(1);

    // Act
    const plan = planAssignments(
      [{ ...first!, active: remaining, excluded: new Set(first!.active.map((c) => c.id)) }],
      MAG,
      DEFAULT_ASSIGNMENT_RULES,
      new Map(),
    );

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
  const evaluation = (weighted: number, scores: Evaluation['scores'] = []): Evaluation => ({ status: 'SUBMITTED', weighted, scores }) as unknown as Evaluation;

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
