/**
 * The sessions services' rules without a database: the module's stores
 * replaced by in-memory ones (what index.ts wires is the DynamoDB stores), so
 * the screening window, the one appeal, the life of a selected session, the
 * lapse of unmet conditions and the evaluation round's deadlines are each
 * checked with what is written — or that nothing is.
 */
import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { SECRETARIAT_GROUP, type Caller, type StoredRoles } from '../../functions/core/auth/caller';
import type { TransactItem } from '../../functions/core/dynamodb/transact';
import type { DomainError } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import type { ProgrammeService } from '../../functions/modules/programme';
import type { EvaluationStakeholders, EvaluationStores } from '../../functions/modules/sessions/evaluation.context';
import type { EvaluationRoundWithCounts } from '../../functions/modules/sessions/evaluation.model';
import { EvaluationService } from '../../functions/modules/sessions/evaluation.service';
import { ProposalFunnel, type FunnelStore } from '../../functions/modules/sessions/funnel';
import type { ProposalService } from '../../functions/modules/sessions/proposal.service';
import { ScreeningService, type ScreeningStores } from '../../functions/modules/sessions/screening.service';
import type { Session, SlotBudgetState } from '../../functions/modules/sessions/selection.model';
import { SessionLifecycle, runLapses, type LifecycleStores } from '../../functions/modules/sessions/session-lifecycle.service';
import {
  DEFAULT_DIVERSITY_RULES,
  DEFAULT_SCREENING_RULES,
  proposalCallCounter,
  type Proposal,
  type ProposalCallWithCounts,
} from '../../functions/modules/sessions/sessions.model';

const YEAR = 2031;
const id = (n: number) => `${YEAR}.01J0000000000000000000000${n}`;
const DAY = 86_400_000;

function caller(stakeholderId: string, groups: readonly string[] = []): Caller {
  const roles: StoredRoles = { stakeholderId, representativeOf: [] };
  return { kind: 'user', subject: `s-${stakeholderId}`, groups, roles: () => Promise.resolve(roles) };
}
const secretariat = caller('secretary', [SECRETARIAT_GROUP]);

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: DomainError) => error.code,
  );

/** A stand-in for a transaction item: what it is, for the record of writes. */
const item = (what: string) => ({ ConditionCheck: { TableName: what, Key: {}, ConditionExpression: 'x' } }) as TransactItem;
const what = (i: TransactItem) => i.ConditionCheck?.TableName ?? '?';

const CALL: ProposalCallWithCounts = {
  year: YEAR,
  opensAt: '2031-01-10T00:00:00.000Z',
  closesAt: '2031-03-01T00:00:00.000Z',
  hybrid: true,
  rules: DEFAULT_DIVERSITY_RULES,
  screening: { ...DEFAULT_SCREENING_RULES, windowDays: 10 },
  version: 1,
  createdAt: '2031-01-01T00:00:00.000Z',
  updatedAt: '2031-01-01T00:00:00.000Z',
  counts: {},
};
const PANEL: Proposal['speakers'] = [
  { stakeholderId: 'sp1', role: 'MODERATOR', attendance: 'ONSITE', status: 'CONFIRMED', group: 'GOVERNMENT', region: 'AFRICAN', gender: 'WOMAN' },
  { stakeholderId: 'sp2', role: 'SPEAKER', attendance: 'ONSITE', status: 'CONFIRMED', group: 'ACADEMIA', region: 'ASIA_PACIFIC', gender: 'MAN' },
  { stakeholderId: 'sp3', role: 'SPEAKER', attendance: 'ONSITE', status: 'CONFIRMED', group: 'CIVIL_SOCIETY', region: 'EASTERN_EUROPEAN', gender: 'WOMAN' },
];
const proposal = (n: number, overrides: Partial<Session> = {}): Session => ({
  id: id(n),
  year: YEAR,
  type: 'WORKSHOP',
  format: 'ROUNDTABLE',
  durationMinutes: 60,
  themeId: 'theme',
  policyQuestions: ['How?'],
  title: `Proposal ${n}`,
  description: 'A workshop on data governance.',
  developmentDimension: { linkage: 'INDIRECT', explanation: 'Capacity for data protection authorities.' },
  interactionPlan: 'Questions from the floor.',
  onlineParticipationPlan: 'An online moderator.',
  proposerId: `proposer-${n}`,
  organiserIds: [],
  speakers: PANEL,
  contributionIds: [],
  issueIds: [],
  status: 'SUBMITTED',
  submittedAt: `2031-02-0${n}T00:00:00.000Z`,
  version: 2,
  createdAt: '2031-02-01T00:00:00.000Z',
  updatedAt: '2031-02-01T00:00:00.000Z',
  ...overrides,
});

/** The funnel over an in-memory store: no earlier years, one stand-in item per stage and year. */
const funnelStore: FunnelStore = {
  funnelUpdate: (year, stage) => item(`funnel ${stage} ${year}`),
  historyMark: (who, year) => item(`history ${who} ${year}`),
  getFunnels: () => Promise.resolve([]),
  getHistories: () => Promise.resolve(new Map()),
};
const noOne = { getMany: () => Promise.resolve([]) };

/** What a service's proposals side gives the services under test: the funnel, and loaders over the maps. */
function proposalsOver(proposals: ReadonlyMap<string, Proposal>, call: ProposalCallWithCounts) {
  const callLoader = new DataLoader<number, ProposalCallWithCounts | undefined>((years) =>
    Promise.resolve(years.map((y) => (y === call.year ? call : undefined))),
  );
  return {
    funnel: new ProposalFunnel(noOne, funnelStore),
    loader: new DataLoader<string, Proposal | undefined>((ids) => Promise.resolve(ids.map((i) => proposals.get(i)))),
    callLoader,
    callOf: () => Promise.resolve(call),
    call: () => Promise.resolve(call),
  } satisfies Pick<ProposalService, 'funnel' | 'loader' | 'callLoader' | 'callOf' | 'call'>;
}

// ── screening ──

function screeningWith(options: { readonly proposals: readonly Proposal[]; readonly reportsDue?: ReadonlyMap<string, string[]> }) {
  const proposals = new Map(options.proposals.map((p) => [p.id, p]));
  const writes: string[] = [];
  const stores: ScreeningStores = {
    sessions: {
      getCallConsistent: (year) => Promise.resolve(year === YEAR ? CALL : undefined),
      getProposalConsistent: (pid) => Promise.resolve(proposals.get(pid)),
      proposalsOfYearInStatus: (_year, status) => Promise.resolve([...proposals.values()].filter((p) => p.status === status)),
      saveScreening: (changes, increments, funnelItems) => {
        for (const { current } of changes) {
          if (proposals.get(current.id)?.version !== current.version) return Promise.resolve('stale' as const);
        }
        const nexts = changes.map((c) => c.next);
        for (const next of nexts) proposals.set(next.id, next);
        writes.push(`screened ${nexts.map((p) => p.status).join(',')}`, `counts ${JSON.stringify(increments(nexts))}`);
        writes.push(...(funnelItems?.(nexts) ?? []).map((n) => what(n.item)));
        return Promise.resolve('saved' as const);
      },
      saveAppeal: (current, next) => {
        if (proposals.get(current.id)?.version !== current.version) return Promise.resolve('stale' as const);
        proposals.set(next.id, next);
        writes.push(`appeal ${next.status} v${next.version}`);
        return Promise.resolve('saved' as const);
      },
    },
    reportsDue: { getReportsDue: (ids) => Promise.resolve(new Map([...(options.reportsDue ?? [])].filter(([who]) => ids.includes(who)))) },
  };
  const service = (who: Caller, at: Date) => new ScreeningService(who, () => at, proposalsOver(proposals, CALL), noOne, stores);
  return { service, writes, proposals };
}

const callId = toGlobalId('ProposalCall', String(YEAR));
const closes = Date.parse(CALL.closesAt);

describe('screening (in-memory stores)', () => {
  it('screens within the window: eligible ones enter the funnel, an organiser owing an earlier report is screened out, counted on the call', async () => {
    // Prepare
    const memory = screeningWith({ proposals: [proposal(1), proposal(2)], reportsDue: new Map([['proposer-2', [`2029.01J000000000000000000000AB`]]]) });
    // Act
    const result = await memory.service(secretariat, new Date(closes + DAY)).screen({ callId });
    // Assess
    expect(memory.proposals.get(id(1))?.screening?.reasons).toEqual([]);
    expect(result).toEqual({ eligible: 1, screenedOut: 1 });
    expect(memory.proposals.get(id(2))?.screening?.reasons).toEqual(['EARLIER_SESSION_UNREPORTED']);
    expect(memory.writes).toEqual([
      'screened ELIGIBLE,SCREENED_OUT',
      `counts ${JSON.stringify({
        [proposalCallCounter.eligible]: 1,
        [proposalCallCounter.screenedOut]: 1,
        [proposalCallCounter.screenedOutFor('EARLIER_SESSION_UNREPORTED')]: 1,
      })}`,
      `funnel ELIGIBLE ${YEAR}`,
    ]);
  });

  it('refuses before the call closes (NOT_OPEN) and at the end of the window (DEADLINE_PASSED), writing nothing', async () => {
    const memory = screeningWith({ proposals: [proposal(1)] });
    expect(await code(memory.service(secretariat, new Date(closes - 1)).screen({ callId }))).toBe('NOT_OPEN');
    expect(await code(memory.service(secretariat, new Date(closes + 10 * DAY)).screen({ callId }))).toBe('DEADLINE_PASSED');
    expect(memory.writes).toEqual([]);
  });

  it('is the secretariat’s alone (FORBIDDEN for a proposer)', async () => {
    const memory = screeningWith({ proposals: [proposal(1)] });
    expect(await code(memory.service(caller('proposer-1'), new Date(closes + DAY)).screen({ callId }))).toBe('FORBIDDEN');
    expect(memory.writes).toEqual([]);
  });

  it('takes one appeal of a screened-out proposal from its proposer, and refuses a second (CONFLICT)', async () => {
    // Prepare
    const out = proposal(1, { status: 'SCREENED_OUT', screening: { reasons: ['SINGLE_GENDER_PANEL'], screenedAt: '2031-03-02T00:00:00.000Z' } });
    const memory = screeningWith({ proposals: [out] });
    const during = new Date(closes + 2 * DAY);
    const input = { id: toGlobalId('Proposal', out.id), statement: 'The panel has two women confirmed.' };
    // Act
    const appealed = await memory.service(caller('proposer-1'), during).appeal({ ...input, version: 2 });
    const again = await code(memory.service(caller('proposer-1'), during).appeal({ ...input, version: 3 }));
    // Assess
    expect(appealed.screening?.appeal?.statement).toBe(input.statement);
    expect(again).toBe('CONFLICT');
    expect(memory.writes).toEqual(['appeal SCREENED_OUT v3']);
  });
});

// ── the life of a selected session, and the lapse job ──

const BUDGET: SlotBudgetState = { year: YEAR, budgets: { WORKSHOP: 10 }, taken: { WORKSHOP: 4 }, version: 3, updatedAt: '2031-05-01T00:00:00.000Z' };

function lifecycleWith(sessions: readonly Session[]) {
  const stored = new Map(sessions.map((s) => [s.id, s]));
  const writes: string[][] = [];
  const stores: LifecycleStores = {
    selection: {
      getSessionConsistent: (sid) => Promise.resolve(stored.get(sid)),
      allSessions: (_year, status) => Promise.resolve([...stored.values()].filter((s) => s.status === status)),
      getBudgetConsistent: () => Promise.resolve(BUDGET),
      budgetMove: (_state, moves) => item(`budget ${JSON.stringify(moves)}`),
      sessionReplace: (next, current) => {
        stored.set(next.id, next);
        return item(`session ${current.status}→${next.status} v${next.version}`);
      },
      saveTransition: (items) => {
        writes.push(items.map((n) => `${n.name}: ${what(n.item)}`));
        return Promise.resolve({ ok: true });
      },
    },
    reportsDue: { reportDueAdd: (who, sid) => item(`owes ${who} ${sid}`), reportDueRemove: (who, sid) => item(`reported ${who} ${sid}`) },
  };
  const proposals = proposalsOver(new Map(), CALL);
  return { lifecycle: (who: Caller, at: Date) => new SessionLifecycle(who, () => at, proposals, stores), stores, writes, stored };
}

const selection = { outcome: 'CONDITIONALLY_ACCEPTED' as const, decisionId: 'd1', meetingId: 'm1', decidedAt: '2031-05-01T00:00:00.000Z' };

describe('the life of a session (in-memory stores)', () => {
  it('records conditions met before the deadline (ACCEPTED, counted in the funnel); at the deadline it refuses (DEADLINE_PASSED)', async () => {
    // Prepare
    const session = proposal(1, { status: 'CONDITIONALLY_ACCEPTED', selection: { ...selection, deadline: '2031-06-01T00:00:00.000Z' } });
    const memory = lifecycleWith([session]);
    const input = { id: toGlobalId('Proposal', session.id), version: 2, note: 'Speakers confirmed.' };
    // Act
    const late = await code(memory.lifecycle(secretariat, new Date('2031-06-01T00:00:00.000Z')).meetConditions(input));
    const met = await memory.lifecycle(secretariat, new Date('2031-05-20T00:00:00.000Z')).meetConditions(input);
    // Assess
    expect(late).toBe('DEADLINE_PASSED');
    expect([met.status, met.version, met.selection?.conditionsMet?.by]).toEqual(['ACCEPTED', 3, 'secretary']);
    expect(memory.writes).toEqual([['session: session CONDITIONALLY_ACCEPTED→ACCEPTED v3', `funnel: funnel ACCEPTED ${YEAR}`]]);
  });

  it('holds a session from its start (NOT_OPEN before); its organisers then owe its report, in the same transaction', async () => {
    const slot = { slotId: 'room-1', startsAt: '2031-11-10T09:00:00.000Z', endsAt: '2031-11-10T10:00:00.000Z' };
    const session = proposal(1, { status: 'SCHEDULED', slot, organiserIds: ['org-1'] });
    const memory = lifecycleWith([session]);
    expect(
      await code(memory.lifecycle(caller('org-1'), new Date('2031-11-10T08:59:59.999Z')).hold({ id: toGlobalId('Proposal', session.id), version: 2 })),
    ).toBe('NOT_OPEN');
    expect(memory.writes).toEqual([]);
    await memory.lifecycle(caller('org-1'), new Date('2031-11-10T09:00:00.000Z')).hold({ id: toGlobalId('Proposal', session.id), version: 2 });
    expect(memory.writes[0]?.filter((w) => w.startsWith('reportDue'))).toEqual([`reportDue: owes proposer-1 ${id(1)}`, `reportDue: owes org-1 ${id(1)}`]);
  });

  it('refuses cancelling a scheduled session (CONFLICT) and a stale version (CONFLICT), writing nothing', async () => {
    const scheduled = proposal(1, { status: 'SCHEDULED' });
    const memory = lifecycleWith([scheduled, proposal(2, { status: 'CONFIRMED' })]);
    const cancel = (n: number, version: number) =>
      memory.lifecycle(secretariat, new Date('2031-10-01T00:00:00.000Z')).cancel({ id: toGlobalId('Proposal', id(n)), version, reason: 'Speakers withdrew.' });
    expect(await code(cancel(1, 2))).toBe('CONFLICT');
    expect(await code(cancel(2, 1))).toBe('CONFLICT');
    expect(memory.writes).toEqual([]);
  });

  it('cancelling gives the slot back to the budget in the same transaction', async () => {
    const memory = lifecycleWith([proposal(2, { status: 'CONFIRMED' })]);
    await memory
      .lifecycle(secretariat, new Date('2031-10-01T00:00:00.000Z'))
      .cancel({ id: toGlobalId('Proposal', id(2)), version: 2, reason: 'Speakers withdrew.' });
    expect(memory.writes).toEqual([['session: session CONFIRMED→CANCELLED v3', 'slotBudget: budget {"WORKSHOP":-1}']]);
  });

  it('lapses conditional acceptances whose deadline has passed (NOT_ACCEPTED, slot given back), and only those', async () => {
    // Prepare
    const memory = lifecycleWith([
      proposal(1, { status: 'CONDITIONALLY_ACCEPTED', selection: { ...selection, deadline: '2031-06-01T00:00:00.000Z' } }),
      proposal(2, { status: 'CONDITIONALLY_ACCEPTED', selection: { ...selection, deadline: '2031-07-01T00:00:00.000Z' } }),
    ]);
    // Act
    const changed = await runLapses(new Date('2031-06-01T00:00:00.000Z'), memory.stores);
    // Assess
    expect(changed).toBe(1);
    expect(memory.stored.get(id(1))?.status).toBe('NOT_ACCEPTED');
    expect(memory.stored.get(id(1))?.selection?.lapsedAt).toBe('2031-06-01T00:00:00.000Z');
    expect(memory.stored.get(id(2))?.status).toBe('CONDITIONALLY_ACCEPTED');
    expect(memory.writes).toEqual([['session: session CONDITIONALLY_ACCEPTED→NOT_ACCEPTED v3', 'slotBudget: budget {"WORKSHOP":-1}']]);
  });
});

// ── the evaluation round's deadlines ──

const ROUND: EvaluationRoundWithCounts = {
  id: `${YEAR}.01J00000000000000000000RND`,
  year: YEAR,
  title: 'Workshops',
  opensAt: '2031-03-15T00:00:00.000Z',
  closesAt: '2031-04-15T00:00:00.000Z',
  blind: true,
  scorers: 'ASSIGNED_EVALUATORS',
  scoresVisible: 'AFTER_OWN_EVALUATION',
  criteria: [{ code: 'RELEVANCE', title: 'Relevance', weight: 1 }],
  assignment: { evaluatorsPerProposal: 6, minGroups: 4, minRegions: 3, maxPerGroup: 2, rankedAfter: 4 },
  types: ['WORKSHOP'],
  createdBy: 'secretary',
  version: 4,
  createdAt: '2031-03-01T00:00:00.000Z',
  updatedAt: '2031-03-01T00:00:00.000Z',
  counts: { 'evaluations.submitted': 12 },
};

function evaluationWith(round: EvaluationRoundWithCounts) {
  let current = round;
  const writes: string[] = [];
  const evaluation: Pick<EvaluationStores['evaluation'], 'getRoundConsistent' | 'getRoundsWith' | 'saveRound' | 'updateRoundSettings'> = {
    getRoundConsistent: () => Promise.resolve(current),
    getRoundsWith: () => Promise.resolve({ rounds: [current], extra: [] }),
    saveRound: (next, expectedVersion) => {
      if (current.version !== expectedVersion) return Promise.resolve('stale' as const);
      current = { ...next, counts: current.counts };
      writes.push(`round v${next.version}${next.feedbackReleasedAt ? ' released' : ''}`);
      return Promise.resolve('saved' as const);
    },
    updateRoundSettings: (next, expectedVersion) => {
      if (current.version !== expectedVersion) return Promise.resolve('refused' as const);
      current = { ...next, counts: current.counts };
      writes.push(`settings v${next.version}`);
      return Promise.resolve('saved' as const);
    },
  };
  // The rules under test read only the round; the other stores are never reached.
  const stores = { evaluation, sessions: {}, funnel: {} } as EvaluationStores;
  const service = (who: Caller, at: Date) =>
    new EvaluationService(
      who,
      () => at,
      proposalsOver(new Map(), CALL) as unknown as ProposalService,
      noOne as unknown as EvaluationStakeholders,
      {} as Pick<ProgrammeService, 'get'>,
      stores,
    );
  return { service, writes };
}

const roundId = toGlobalId('EvaluationRound', ROUND.id);

describe('an evaluation round’s deadlines (in-memory stores)', () => {
  it('releases feedback only after the round closes (NOT_OPEN before), once (CONFLICT again)', async () => {
    const memory = evaluationWith(ROUND);
    expect(await code(memory.service(secretariat, new Date('2031-04-14T23:59:59.999Z')).releaseFeedback({ roundId, version: 4 }))).toBe('NOT_OPEN');
    const released = await memory.service(secretariat, new Date('2031-04-15T00:00:00.000Z')).releaseFeedback({ roundId, version: 4 });
    expect([released.version, released.feedbackReleasedAt]).toEqual([5, '2031-04-15T00:00:00.000Z']);
    expect(await code(memory.service(secretariat, new Date('2031-04-16T00:00:00.000Z')).releaseFeedback({ roundId, version: 5 }))).toBe('CONFLICT');
    expect(memory.writes).toEqual(['round v5 released']);
  });

  it('refuses changing the settings of a closed round (DEADLINE_PASSED) and the criteria once evaluations are in (CONFLICT)', async () => {
    const memory = evaluationWith(ROUND);
    const criteria = [{ code: 'IMPACT', title: 'Impact', weight: 2 }];
    expect(await code(memory.service(secretariat, new Date('2031-04-15T00:00:00.000Z')).updateRound({ roundId, version: 4, title: 'Late change' }))).toBe(
      'DEADLINE_PASSED',
    );
    expect(await code(memory.service(secretariat, new Date('2031-04-01T00:00:00.000Z')).updateRound({ roundId, version: 4, criteria }))).toBe('CONFLICT');
    expect(memory.writes).toEqual([]);
    await memory.service(secretariat, new Date('2031-04-01T00:00:00.000Z')).updateRound({ roundId, version: 4, title: 'Workshops and open forums' });
    expect(memory.writes).toEqual(['settings v5']);
  });

  it('is the secretariat’s alone (FORBIDDEN for a MAG member)', async () => {
    const memory = evaluationWith(ROUND);
    expect(await code(memory.service(caller('member'), new Date('2031-04-16T00:00:00.000Z')).releaseFeedback({ roundId, version: 4 }))).toBe('FORBIDDEN');
    expect(memory.writes).toEqual([]);
  });
});
