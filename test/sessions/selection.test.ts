/**
 * Selection by MAG decisions: outcomes written on adoption within the slot
 * budget, the refusals (nothing written), the life of a session after it
 * (confirmed, cancelled; conditions met or lapsed by the clock), and main
 * sessions designed by a MAG working group and approved by a decision.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { lapseJob } from '../../functions/modules/sessions';
import { getBudgetConsistent } from '../../functions/modules/sessions/selection.store';
import { getFunnels } from '../../functions/modules/sessions/funnel.store';
import { errorCode, gql, unique } from '../helpers/api';
import { getItem } from '../helpers/db';
import { createPerson } from '../helpers/people';
import { sessionKeys } from '../../functions/modules/sessions/sessions.keys';
import { answer } from './helpers';
import {
  BUDGETS,
  CANCEL_SESSION,
  CONFIRM_SESSION,
  DESIGN_MAIN_SESSION,
  MEET_CONDITIONS,
  SESSIONS,
  adopt,
  eligibleProposal,
  recordSelection,
  select,
  selectionSetup,
  session,
  setBudgets,
} from './selection-helpers';

const stored = async (id: string) => getItem(sessionKeys.proposal(id));

describe('selection by a MAG decision', { timeout: 120_000 }, () => {
  it('accepts, conditionally accepts, merges and declines proposals in the decision’s transaction, within the slot budget', async () => {
    // Prepare
    const setup = await selectionSetup();
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 2, LIGHTNING_TALK: 1 });
    const [a, b, c, d] = await Promise.all([
      eligibleProposal(setup.call, setup.proposer),
      eligibleProposal(setup.call, setup.proposer, { type: 'LIGHTNING_TALK' }),
      eligibleProposal(setup.call, setup.proposer),
      eligibleProposal(setup.call, setup.proposer),
    ]);
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
    // Act
    const decision = await select(setup, [
      { proposalId: a.id, outcome: 'ACCEPTED' },
      { proposalId: b.id, outcome: 'CONDITIONALLY_ACCEPTED', conditions: ['Add a speaker from government.'], deadline },
      { proposalId: c.id, outcome: 'MERGED_INTO', mergedIntoId: a.id, reason: 'Same topic as the accepted workshop.' },
      { proposalId: d.id, outcome: 'NOT_ACCEPTED', reason: 'Ranked below the budget.' },
    ]);
    // Assess: outcomes on the proposals, public from then on; the budget's slots taken.
    expect(decision.state).toBe('ADOPTED');
    expect(await session(a.id)).toMatchObject({
      status: 'ACCEPTED',
      selection: { outcome: 'ACCEPTED', decisionId: decision.id },
      history: [{ status: 'ACCEPTED' }],
    });
    expect(await session(b.id)).toMatchObject({ status: 'CONDITIONALLY_ACCEPTED', selection: { conditions: ['Add a speaker from government.'], deadline } });
    expect(await session(c.id)).toBeNull(); // merged: not public
    expect(await session(c.id, setup.proposer.token)).toMatchObject({
      status: 'MERGED',
      selection: { mergedInto: { id: a.id }, reason: 'Same topic as the accepted workshop.' },
    });
    expect(await session(d.id, setup.proposer.token)).toMatchObject({ status: 'NOT_ACCEPTED', selection: { reason: 'Ranked below the budget.' } });
    const budgets = (await gql(BUDGETS, { year: setup.call.year })).data?.programme.slotBudgets;
    expect(budgets.types.filter((t: { slots: number | null }) => t.slots !== null)).toEqual([
      { type: 'WORKSHOP', slots: 2, taken: 1, remaining: 1 },
      { type: 'LIGHTNING_TALK', slots: 1, taken: 1, remaining: 0 },
    ]);
    const accepted = (await gql(SESSIONS, { year: setup.call.year, status: 'ACCEPTED' })).data?.programme.sessions.edges;
    expect(accepted.map((e: { node: { id: string } }) => e.node.id)).toEqual([a.id]);
    expect((await gql(SESSIONS, { year: setup.call.year, status: 'ELIGIBLE' })).data?.programme.sessions.edges).toEqual([]);
    // The funnel counts the proposal accepted outright, in the same transaction (the conditional one enters when its conditions are met).
    const [funnel] = await getFunnels([setup.call.year]);
    expect(funnel!.stages.ACCEPTED).toMatchObject({ proposals: 1, 'type.WORKSHOP': 1, organisers: 1, speakers: 1 });
  });

  it('refuses a decision over the slot budget when it is recorded, and when another adopted decision took the slot first', async () => {
    // Prepare
    const setup = await selectionSetup();
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 1 });
    const [a, b] = await Promise.all([eligibleProposal(setup.call, setup.proposer), eligibleProposal(setup.call, setup.proposer)]);
    // Act: two at once is over the budget.
    const both = await recordSelection(setup, [
      { proposalId: a.id, outcome: 'ACCEPTED' },
      { proposalId: b.id, outcome: 'ACCEPTED' },
    ]);
    // Assess
    expect(errorCode(both)).toBe('CONFLICT');
    expect(both.errors?.[0]?.extensions?.reason).toBe('OVER_BUDGET');
    // Two decisions of one each are recorded; the second adoption finds the slot taken and writes nothing.
    const first = (await recordSelection(setup, [{ proposalId: a.id, outcome: 'ACCEPTED' }])).data?.recordDecision.decision;
    const second = (await recordSelection(setup, [{ proposalId: b.id, outcome: 'ACCEPTED' }])).data?.recordDecision.decision;
    expect(errorCode(await adopt(setup, first))).toBeUndefined();
    const before = await stored(b.proposal.id);
    const refused = await adopt(setup, second);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.extensions?.reason).toBe('OVER_BUDGET');
    expect(await stored(b.proposal.id)).toEqual(before);
    expect((await getBudgetConsistent(setup.call.year)).taken).toEqual({ WORKSHOP: 1 });
  });

  it('refuses subjects it cannot apply, each with its code, and records nothing', async () => {
    const setup = await selectionSetup();
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 5 });
    const [eligible, draft, other] = await Promise.all([
      eligibleProposal(setup.call, setup.proposer),
      eligibleProposal(setup.call, setup.proposer, { status: 'SUBMITTED' }),
      eligibleProposal(setup.call, setup.proposer),
    ]);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ proposalId: draft.id, outcome: 'ACCEPTED' }, 'CONFLICT', 'input.subjects.0.proposal.proposalId'],
      [{ proposalId: eligible.id, outcome: 'CONDITIONALLY_ACCEPTED', conditions: ['A condition.'] }, 'BAD_USER_INPUT', 'input.subjects.0.proposal.deadline'],
      [{ proposalId: eligible.id, outcome: 'ACCEPTED', conditions: ['A condition.'] }, 'BAD_USER_INPUT', 'input.subjects.0.proposal.conditions'],
      [
        { proposalId: eligible.id, outcome: 'CONDITIONALLY_ACCEPTED', conditions: ['A condition.'], deadline: new Date(Date.now() - 1000).toISOString() },
        'BAD_USER_INPUT',
        'input.subjects.0.proposal.deadline',
      ],
      [
        { proposalId: eligible.id, outcome: 'MERGED_INTO', mergedIntoId: other.id, reason: 'Same topic.' },
        'CONFLICT',
        'input.subjects.0.proposal.mergedIntoId',
      ],
      [
        { proposalId: eligible.id, outcome: 'MERGED_INTO', mergedIntoId: eligible.id, reason: 'Same topic.' },
        'BAD_USER_INPUT',
        'input.subjects.0.proposal.mergedIntoId',
      ],
      [{ proposalId: eligible.id, outcome: 'NOT_ACCEPTED' }, 'BAD_USER_INPUT', 'input.subjects.0.proposal.reason'],
      [
        { proposalId: toGlobalId('Proposal', `${setup.call.year}.01ARZ3NDEKTSV4RRFFQ69G5FAV`), outcome: 'ACCEPTED' },
        'BAD_USER_INPUT',
        'input.subjects.0.proposal.proposalId',
      ],
      [{ proposalId: toGlobalId('Theme', 'x'), outcome: 'ACCEPTED' }, 'BAD_USER_INPUT', 'input.subjects.0.proposal.proposalId'],
    ];
    for (const [subject, code, field] of cases) {
      const response = await recordSelection(setup, [subject]);
      expect([errorCode(response), response.errors?.[0]?.extensions?.field], JSON.stringify(subject)).toEqual([code, field]);
    }
    // A type without a budget cannot be accepted.
    const talk = await eligibleProposal(setup.call, setup.proposer, { type: 'LIGHTNING_TALK' });
    const noBudget = await recordSelection(setup, [{ proposalId: talk.id, outcome: 'ACCEPTED' }]);
    expect([errorCode(noBudget), noBudget.errors?.[0]?.extensions?.reason]).toEqual(['CONFLICT', 'OVER_BUDGET']);
    // The one decision the meeting has is none of these.
    expect(await session(eligible.id, setup.proposer.token)).toMatchObject({ status: 'ELIGIBLE', selection: null });
  });

  it('refuses slot budgets from anyone but the secretariat, below the slots taken, and at a stale version', async () => {
    const setup = await selectionSetup();
    const input = { programmeId: setup.call.programmeId, version: 0, budgets: [{ type: 'WORKSHOP', slots: 1 }] };
    const SET = `mutation ($input: SetSlotBudgetsInput!) { setSlotBudgets(input: $input) { slotBudgets { version } } }`;
    expect(errorCode(await gql(SET, { input }, setup.proposer.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(SET, { input }))).toBe('UNAUTHENTICATED');
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 1 });
    expect(errorCode(await gql(SET, { input }, setup.secretariat))).toBe('CONFLICT'); // stale: version 1 now
    const a = await eligibleProposal(setup.call, setup.proposer);
    await select(setup, [{ proposalId: a.id, outcome: 'ACCEPTED' }]);
    const below = await gql(SET, { input: { ...input, version: 1, budgets: [{ type: 'WORKSHOP', slots: 0 }] } }, setup.secretariat);
    expect([errorCode(below), below.errors?.[0]?.extensions?.field]).toEqual(['CONFLICT', 'input.budgets.0.slots']);
    expect((await getBudgetConsistent(setup.call.year)).budgets).toEqual({ WORKSHOP: 1 });
  });
});

describe('a session after selection', { timeout: 120_000 }, () => {
  it('is confirmed by its organisers only, at its version, and cancelled by them or the secretariat, giving its slot back', async () => {
    // Prepare
    const setup = await selectionSetup();
    const stranger = await createPerson();
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 1 });
    const a = await eligibleProposal(setup.call, setup.proposer);
    await select(setup, [{ proposalId: a.id, outcome: 'ACCEPTED' }]);
    const version = (await session(a.id)).version;
    // Act + Assess: refusals write nothing.
    const before = await stored(a.proposal.id);
    expect(errorCode(await gql(CONFIRM_SESSION, { input: { id: a.id, version } }, stranger.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(CONFIRM_SESSION, { input: { id: a.id, version } }, setup.secretariat))).toBe('FORBIDDEN');
    expect(errorCode(await gql(CONFIRM_SESSION, { input: { id: a.id, version } }))).toBe('UNAUTHENTICATED');
    const stale = await gql(CONFIRM_SESSION, { input: { id: a.id, version: version - 1 } }, setup.proposer.token);
    expect([errorCode(stale), stale.errors?.[0]?.extensions?.currentVersion]).toEqual(['CONFLICT', version]);
    expect(errorCode(await gql(CANCEL_SESSION, { input: { id: a.id, version, reason: 'Not needed.' } }, stranger.token))).toBe('FORBIDDEN');
    expect(await stored(a.proposal.id)).toEqual(before);
    const confirmed = (await gql(CONFIRM_SESSION, { input: { id: a.id, version } }, setup.proposer.token)).data?.confirmSession.proposal;
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', version: version + 1 });
    expect(confirmed.confirmedAt).toBeTruthy();
    expect(errorCode(await gql(CONFIRM_SESSION, { input: { id: a.id, version: version + 1 } }, setup.proposer.token))).toBe('CONFLICT');
    const cancelled = (await gql(CANCEL_SESSION, { input: { id: a.id, version: version + 1, reason: 'The organisers withdrew.' } }, setup.secretariat)).data
      ?.cancelSession.proposal;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'The organisers withdrew.' } });
    expect(cancelled.history.map((h: { status: string }) => h.status)).toEqual(['ACCEPTED', 'CONFIRMED', 'CANCELLED']);
    expect((await getBudgetConsistent(setup.call.year)).taken).toEqual({ WORKSHOP: 0 });
  });

  it('becomes ACCEPTED when the secretariat records its conditions met before the deadline', async () => {
    const setup = await selectionSetup();
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 1 });
    const a = await eligibleProposal(setup.call, setup.proposer);
    await select(setup, [
      {
        proposalId: a.id,
        outcome: 'CONDITIONALLY_ACCEPTED',
        conditions: ['Confirm an onsite moderator.'],
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
      },
    ]);
    const version = (await session(a.id)).version;
    expect(errorCode(await gql(MEET_CONDITIONS, { input: { id: a.id, version, note: 'Moderator confirmed.' } }, setup.proposer.token))).toBe('FORBIDDEN');
    const met = (await gql(MEET_CONDITIONS, { input: { id: a.id, version, note: 'Moderator confirmed.' } }, setup.secretariat)).data?.meetConditions.proposal;
    expect(met).toMatchObject({ status: 'ACCEPTED', selection: { outcome: 'CONDITIONALLY_ACCEPTED' } });
    expect(met.selection.conditionsMetAt).toBeTruthy();
    expect((await getFunnels([setup.call.year]))[0]!.stages.ACCEPTED).toMatchObject({ proposals: 1 });
  });

  it('reads NOT_ACCEPTED once the conditions’ deadline passes, refuses meeting them late, and the lapse job frees the slot', async () => {
    const setup = await selectionSetup();
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 1 });
    const a = await eligibleProposal(setup.call, setup.proposer);
    const deadline = new Date(Date.now() + 4000);
    await select(setup, [
      { proposalId: a.id, outcome: 'CONDITIONALLY_ACCEPTED', conditions: ['Confirm an onsite moderator.'], deadline: deadline.toISOString() },
    ]);
    const version = (await session(a.id)).version;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now() + 50)));
    // Reads follow the clock before any job has run.
    expect((await session(a.id, setup.proposer.token)).status).toBe('NOT_ACCEPTED');
    expect(errorCode(await gql(MEET_CONDITIONS, { input: { id: a.id, version, note: 'Too late.' } }, setup.secretariat))).toBe('DEADLINE_PASSED');
    expect((await getBudgetConsistent(setup.call.year)).taken).toEqual({ WORKSHOP: 1 });
    // The job writes it and gives the slot back (only for the years it looks at: run it as of the programme's year).
    await runLapsesFor(setup.call.year);
    expect((await stored(a.proposal.id))?.status).toBe('NOT_ACCEPTED');
    expect((await getBudgetConsistent(setup.call.year)).taken).toEqual({ WORKSHOP: 0 });
  });
});

/** The lapse job looks at the years around its clock: run it at a date of the test programme's year, after the deadline. */
async function runLapsesFor(year: number) {
  const now = new Date();
  const at = new Date(now);
  at.setUTCFullYear(year);
  // A date in the programme's year that is after every deadline set today (the test years are far ahead).
  return lapseJob.run(at.getTime() > now.getTime() ? at : now);
}

describe('main sessions', { timeout: 120_000 }, () => {
  it('are designed by a MAG working group, internal until a decision approves them, with speakers suggested by the MAG who confirm', async () => {
    // Prepare
    const setup = await selectionSetup();
    const year = setup.call.year;
    const term = { startYear: year, endYear: year };
    const [mag, otherMag, outsider, speakerA, speakerB] = await Promise.all([
      createPerson({ roles: { magTerm: term }, stakeholder: { magTerm: term } }),
      createPerson({ roles: { magTerm: term }, stakeholder: { magTerm: term } }),
      createPerson(),
      createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC' } }),
      createPerson({ stakeholder: { group: 'PRIVATE_SECTOR', region: 'WESTERN_EUROPEAN_AND_OTHERS' } }),
    ]);
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 2, MAIN_SESSION: 1 });
    const feeder = await eligibleProposal(setup.call, setup.proposer);
    await select(setup, [{ proposalId: feeder.id, outcome: 'ACCEPTED' }]);
    const input = {
      themeId: setup.call.themeId,
      format: 'PANEL',
      durationMinutes: 90,
      policyQuestions: [0, 1],
      title: 'Main session: financing inclusion',
      description: 'The MAG working group on inclusion brings the feeder workshops together.',
      workingGroupIds: [mag.globalId],
      speakers: [
        { stakeholderId: speakerA.globalId, role: 'MODERATOR', attendance: 'ONSITE' },
        { stakeholderId: speakerB.globalId, role: 'SPEAKER', attendance: 'ONLINE' },
      ],
      feederIds: [feeder.id],
      idempotencyKey: unique('key-'),
    };
    // Act + Assess: only the MAG (in term) and the secretariat design one.
    expect(errorCode(await gql(DESIGN_MAIN_SESSION, { input }, outsider.token))).toBe('FORBIDDEN');
    const bad = await gql(DESIGN_MAIN_SESSION, { input: { ...input, workingGroupIds: [outsider.globalId] } }, mag.token);
    expect([errorCode(bad), bad.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.workingGroupIds.0']);
    const designed = (await gql(DESIGN_MAIN_SESSION, { input }, mag.token)).data?.designMainSession.proposal;
    expect(designed).toMatchObject({
      status: 'DRAFT',
      type: { code: 'MAIN_SESSION' },
      mainSession: { workingGroup: [{ id: mag.globalId }], feeders: [{ id: feeder.id }] },
    });
    expect(designed.speakers.map((s: { status: string }) => s.status)).toEqual(['INVITED', 'INVITED']);
    const again = (await gql(DESIGN_MAIN_SESSION, { input }, mag.token)).data?.designMainSession.proposal;
    expect(again.id).toBe(designed.id);
    expect(await session(designed.id)).toBeNull();
    expect(await session(designed.id, outsider.token)).toBeNull();
    // Internal to the MAG of the programme's year (and the secretariat).
    expect((await session(designed.id, otherMag.token))?.id).toBe(designed.id);
    expect((await session(designed.id, setup.secretariat))?.id).toBe(designed.id);
    // A main session is approved or not: nothing else.
    const merged = await recordSelection(setup, [
      { proposalId: designed.id, outcome: 'CONDITIONALLY_ACCEPTED', conditions: ['A condition.'], deadline: new Date(Date.now() + 86_400_000).toISOString() },
    ]);
    expect(errorCode(merged)).toBe('BAD_USER_INPUT');
    await select(setup, [{ proposalId: designed.id, outcome: 'ACCEPTED' }]);
    expect(await session(designed.id)).toMatchObject({ status: 'ACCEPTED', selection: { outcome: 'ACCEPTED' } });
    // The suggested speakers confirm through their invitations.
    await answer(speakerA.token, designed.id, true);
    expect((await session(designed.id)).status).toBe('ACCEPTED');
  });
});
