/**
 * Balanced assignment at the IGF's scale, against DynamoDB Local: 300
 * eligible proposals and a MAG of 40 in term. Every proposal gets six
 * evaluators from at least four groups and three regions, at most two from a
 * group, none with a conflict of interest, the workload within 1; a second run
 * assigns nobody and writes nothing. Its DynamoDB requests are counted exactly (its speed is measured by the bench).
 */
import { describe, expect, it } from 'vitest';
import * as evaluationStore from '../../functions/modules/sessions/evaluation.store';
import { roundCounter } from '../../functions/modules/sessions/evaluation.model';
import { named, transactWrite } from '../../functions/core/dynamodb/transact';
import { historyMark } from '../../functions/modules/sessions/funnel.store';
import { gql } from '../helpers/api';
import { createPerson } from '../helpers/people';
import { onDynamoRequest } from '../helpers/db';
import { ASSIGN, createRound, eligibleProposals, evaluationSetup, magMembers, roundInternalId } from './evaluation-helpers';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

describe('assigning evaluators to 300 proposals', () => {
  it('meets every constraint for each proposal, spreads the load evenly, and is idempotent', async () => {
    // Prepare: 40 MAG members; two of them speak on every tenth proposal.
    const setup = await evaluationSetup({ proposals: 0, mag: 38 });
    const speaking = await magMembers(setup.call.year, 2, () => ({ group: 'CIVIL_SOCIETY', region: 'AFRICAN' }));
    // 120 proposers, one of whom organised a proposal submitted in an earlier programme (not first-time).
    // One at a time: 120 registrations at once run into DynamoDB Local's lock timeouts on a busy machine.
    const proposers: Awaited<ReturnType<typeof createPerson>>[] = [];
    for (let i = 0; i < 120; i++) proposers.push(await createPerson());
    const veteran = proposers[7]!.stakeholder.id;
    const marked = await transactWrite([named('history', historyMark(veteran, setup.call.year - 1, { organised: true, spoke: false }))]);
    if (!marked.ok) throw new Error('history not marked');
    const proposals = await eligibleProposals(setup.call, 300, (i) => ({
      proposer: proposers[i % 120]!,
      speakers: i % 10 === 0 ? [setup.people[(i + 1) % 6]!, ...speaking] : [setup.people[(i + 1) % 6]!, setup.people[(i + 2) % 6]!],
    }));
    const round = await createRound(setup);
    const roundId = roundInternalId(round.id);

    // Act
    const all: string[] = [];
    const stop0 = onDynamoRequest((command) => all.push(command));
    const first = await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat).finally(stop0);
    const writes: string[] = [];
    const stop = onDynamoRequest((command) => (WRITES.has(command) ? writes.push(command) : undefined));
    const second = await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat).finally(stop);

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data?.assignEvaluators).toMatchObject({ proposals: 300, assigned: 1800, shortfalls: [] });
    expect(second.data?.assignEvaluators).toMatchObject({ proposals: 300, assigned: 0, shortfalls: [] });
    expect(writes).toEqual([]);
    // The requests of the first run, exactly: the round; the eligible proposals (3 pages of 100), the sheets and the
    // MAG roster; the people (MAG and panels: 2 BatchGetItems of ≤ 100) and the 120 proposers' histories (2); the
    // writes in 22 transactions of ≤ 100 items (14 proposals of a sheet and six evaluations, and the round's
    // counters); the payload's round.
    expect(all).toEqual([
      'GetItemCommand',
      ...Array<string>(5).fill('QueryCommand'),
      ...Array<string>(4).fill('BatchGetItemCommand'),
      ...Array<string>(22).fill('TransactWriteItemsCommand'),
      'BatchGetItemCommand',
    ]);
    const sheets = await evaluationStore.allSheets(roundId);
    expect(sheets).toHaveLength(300);
    const speakingIds = new Set(speaking.map((m) => m.stakeholder.id));
    const conflictedProposals = new Set(proposals.filter((_, i) => i % 10 === 0).map((p) => p.id));
    const loads = new Map<string, number>();
    for (const sheet of sheets) {
      const groups = new Map<string, number>();
      for (const e of sheet.evaluators) {
        groups.set(e.group, (groups.get(e.group) ?? 0) + 1);
        loads.set(e.evaluatorId, (loads.get(e.evaluatorId) ?? 0) + 1);
      }
      expect(sheet.evaluators).toHaveLength(6);
      expect(new Set(sheet.evaluators.map((e) => e.evaluatorId)).size).toBe(6);
      expect(groups.size).toBeGreaterThanOrEqual(4);
      expect(new Set(sheet.evaluators.map((e) => e.region)).size).toBeGreaterThanOrEqual(3);
      expect(Math.max(...groups.values())).toBeLessThanOrEqual(2);
      if (conflictedProposals.has(sheet.proposalId)) expect(sheet.evaluators.filter((e) => speakingIds.has(e.evaluatorId))).toEqual([]);
    }
    expect(loads.size).toBe(40);
    // First-time proposers: all but the one whose history has an earlier programme.
    const veterans = new Set(proposals.filter((p) => p.proposerId === veteran).map((p) => p.id));
    expect(veterans.size).toBeGreaterThan(0);
    for (const sheet of sheets) expect(sheet.equity.firstTimeProposer).toBe(!veterans.has(sheet.proposalId));
    // 1800 assignments over 40 members: 45 each, within 1 of one another whatever order the ids (drawn afresh
    // each run) give the ties — the repair pass levels what the greedy pass leaves 2 apart.
    expect(Math.max(...loads.values()) - Math.min(...loads.values())).toBeLessThanOrEqual(1);
    // The round's workload counters equal a recount of the sheets.
    const stored = await evaluationStore.getRoundConsistent(setup.call.year, roundId);
    for (const [id, load] of loads) expect(stored?.counts[roundCounter.load(id)]).toBe(load);
    expect(stored?.counts[roundCounter.assigned]).toBe(1800);
  }, 240_000);
});
