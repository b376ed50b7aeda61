/**
 * The secretariat's screening through the API: only in the window after the
 * call closes, each rule its own reason code, counted on the call, idempotent;
 * one appeal, decided by the secretariat with a recorded reason — and every
 * refusal with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { newId, toGlobalId } from '../../functions/core/ids';
import type { Proposal, Speaker } from '../../functions/modules/sessions/sessions.model';
import { createProposal } from '../../functions/modules/sessions/sessions.store';
import { errorCode, gql, secretariatToken, unique } from '../helpers/api';
import { createPerson, type TestPerson } from '../helpers/people';
import { createProposalCall, diversePanel, moveProposalWindow, type TestProposalCall } from './helpers';

const HOUR = 3_600_000;
const SCREEN = `mutation ($input: ScreenProposalsInput!) { screenProposals(input: $input) { eligible screenedOut call { eligible screenedOut restored screenedOutByReason { reason count } } } }`;
const APPEAL = `mutation ($input: AppealScreeningInput!) { appealScreening(input: $input) { proposal { status version screening { reasons appealStatement restored } } } }`;
const DECIDE = `mutation ($input: DecideAppealInput!) { decideAppeal(input: $input) { proposal { status version screening { reasons restored appealDecisionReason } } } }`;
const READ = `query ($id: ID!) { proposal(id: $id) { status version screening { reasons } } }`;
const COUNTS = `query ($year: Int!) { programme(year: $year) { proposalCall { eligible screenedOut restored } } }`;

/** A submitted proposal written through the store (the API path is tested in proposals.test.ts). */
async function submitted(call: TestProposalCall, proposer: TestPerson, panel: TestPerson[]): Promise<string> {
  const now = new Date();
  const at = now.toISOString();
  const speakers: Speaker[] = panel.map((p, i) => ({
    stakeholderId: p.stakeholder.id,
    role: i === 0 ? 'MODERATOR' : 'SPEAKER',
    attendance: 'ONSITE',
    status: 'CONFIRMED',
    group: p.stakeholder.group,
    region: p.stakeholder.region,
    gender: p.stakeholder.gender,
  }));
  const proposal: Proposal = {
    id: `${call.year}.${newId(now)}`,
    year: call.year,
    type: 'WORKSHOP',
    format: 'ROUNDTABLE',
    durationMinutes: 60,
    themeId: call.theme.id,
    policyQuestions: [call.theme.policyQuestions[0]!],
    title: 'A submitted session',
    description: 'A session submitted for screening.',
    developmentDimension: { linkage: 'NONE', explanation: 'Not directly linked.' },
    interactionPlan: 'Open floor.',
    onlineParticipationPlan: 'Online moderator.',
    proposerId: proposer.stakeholder.id,
    organiserIds: [proposer.stakeholder.id],
    speakers,
    contributionIds: [],
    issueIds: [],
    status: 'SUBMITTED',
    submittedAt: at,
    version: 2,
    createdAt: at,
    updatedAt: at,
  };
  const outcome = await createProposal(proposal, { key: idempotencyGuardKey('test', proposer.stakeholder.id, unique('key-')), requestDigest: 'x' }, now);
  if (outcome !== 'created') throw new Error(`not created: ${outcome}`);
  return toGlobalId('Proposal', proposal.id);
}

describe('screening submitted proposals', () => {
  it('screens in the window after the call closes, one reason per rule, counted, once; one appeal restores with a recorded reason', async () => {
    // Prepare: an eligible panel, a panel of one, a MAG member's proposal
    const call = await createProposalCall();
    const secretariat = await secretariatToken();
    // A MAG member of the call's year (only: other tests count the MAG of their own years), as appointing one records them.
    const term = { startYear: call.year, endYear: call.year };
    const [a, b, mag] = [await createPerson(), await createPerson(), await createPerson({ roles: { magTerm: term }, stakeholder: { magTerm: term } })];

    const good = await submitted(call, a, await diversePanel());
    const thin = await submitted(call, b, [b]);
    const byMag = await submitted(call, mag, await diversePanel());

    // Act + Assess: not before the call closes, not by anyone else — nothing written
    const early = await gql(SCREEN, { input: { callId: call.callId } }, secretariat);
    expect(errorCode(early)).toBe('NOT_OPEN');
    await moveProposalWindow(call.year, { closesAt: new Date(Date.now() - 1) });
    const byOther = await gql(SCREEN, { input: { callId: call.callId } }, a.token);
    expect(errorCode(byOther)).toBe('FORBIDDEN');
    expect((await gql(READ, { id: thin }, b.token)).data?.proposal).toMatchObject({ status: 'SUBMITTED', version: 2, screening: null });

    // Act: screen, then again
    const first = await gql(SCREEN, { input: { callId: call.callId } }, secretariat);
    const again = await gql(SCREEN, { input: { callId: call.callId } }, secretariat);

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data?.screenProposals).toMatchObject({ eligible: 1, screenedOut: 2, call: { eligible: 1, screenedOut: 2, restored: 0 } });
    expect(first.data?.screenProposals.call.screenedOutByReason.filter((r: { count: number }) => r.count > 0)).toEqual([
      { reason: 'TOO_FEW_CONFIRMED_SPEAKERS', count: 1 },
      { reason: 'NOT_ENOUGH_ONSITE', count: 1 },
      { reason: 'TOO_FEW_STAKEHOLDER_GROUPS', count: 1 },
      { reason: 'TOO_FEW_REGIONS', count: 1 },
      { reason: 'MAG_MEMBER_PROPOSER', count: 1 },
    ]);
    expect(again.data?.screenProposals).toMatchObject({ eligible: 0, screenedOut: 0, call: { eligible: 1, screenedOut: 2 } });
    expect((await gql(READ, { id: good }, a.token)).data?.proposal).toMatchObject({ status: 'ELIGIBLE', screening: { reasons: [] } });
    expect((await gql(READ, { id: byMag }, mag.token)).data?.proposal).toMatchObject({
      status: 'SCREENED_OUT',
      screening: { reasons: ['MAG_MEMBER_PROPOSER'] },
    });

    // Act + Assess: refusals of appeals and decisions write nothing
    const statement = 'Two more speakers confirmed by mail before the deadline.';
    const notOwn = await gql(APPEAL, { input: { id: thin, version: 3, statement } }, a.token);
    const eligibleAppeal = await gql(APPEAL, { input: { id: good, version: 3, statement } }, a.token);
    const noAppealYet = await gql(DECIDE, { input: { id: thin, version: 3, restore: true, reason: 'Speakers confirmed.' } }, secretariat);
    expect([errorCode(notOwn), errorCode(eligibleAppeal), errorCode(noAppealYet)]).toEqual(['FORBIDDEN', 'CONFLICT', 'CONFLICT']);
    expect((await gql(READ, { id: thin }, b.token)).data?.proposal.version).toBe(3);

    // Act: one appeal, then the decision
    const appealed = await gql(APPEAL, { input: { id: thin, version: 3, statement } }, b.token);
    const twice = await gql(APPEAL, { input: { id: thin, version: 4, statement } }, b.token);
    const byProposer = await gql(DECIDE, { input: { id: thin, version: 4, restore: true, reason: 'Speakers confirmed.' } }, b.token);
    const restored = await gql(DECIDE, { input: { id: thin, version: 4, restore: true, reason: 'Speakers confirmed by mail.' } }, secretariat);

    // Assess
    expect(appealed.data?.appealScreening.proposal).toMatchObject({
      status: 'SCREENED_OUT',
      version: 4,
      screening: { appealStatement: statement, restored: null },
    });
    expect([errorCode(twice), errorCode(byProposer)]).toEqual(['CONFLICT', 'FORBIDDEN']);
    expect(restored.data?.decideAppeal.proposal).toMatchObject({
      status: 'ELIGIBLE',
      version: 5,
      screening: { restored: true, appealDecisionReason: 'Speakers confirmed by mail.' },
    });
    expect((await gql(COUNTS, { year: call.year })).data?.programme.proposalCall).toEqual({ eligible: 2, screenedOut: 1, restored: 1 });
  });

  it('caps proposals per proposer by keeping the earliest, and refuses screening after the window', async () => {
    // Prepare
    const call = await createProposalCall({ screening: { proposalsPerProposer: 2, windowDays: 1 } });
    const secretariat = await secretariatToken();
    const proposer = await createPerson();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await submitted(call, proposer, await diversePanel()));
    await moveProposalWindow(call.year, { closesAt: new Date(Date.now() - 1) });

    // Act
    const screened = await gql(SCREEN, { input: { callId: call.callId } }, secretariat);

    // Assess
    expect(screened.data?.screenProposals).toMatchObject({ eligible: 2, screenedOut: 1 });
    const statuses = await Promise.all(ids.map(async (id) => (await gql(READ, { id }, proposer.token)).data?.proposal.screening.reasons));
    expect(statuses).toEqual([[], [], ['PROPOSER_OVER_CAP']]);

    // Act + Assess: after the window
    await moveProposalWindow(call.year, { opensAt: new Date(Date.now() - 50 * HOUR), closesAt: new Date(Date.now() - 25 * HOUR) });
    const late = await gql(SCREEN, { input: { callId: call.callId } }, secretariat);
    const lateAppeal = await gql(APPEAL, { input: { id: ids[2], version: 3, statement: 'Please reconsider this one.' } }, proposer.token);
    expect([errorCode(late), errorCode(lateAppeal)]).toEqual(['DEADLINE_PASSED', 'DEADLINE_PASSED']);
  });
});
