/**
 * The screening rule on session reports (IGF): a proposal whose proposer or an organiser organised a session of an
 * earlier programme that was held and never reported is screened out with EARLIER_SESSION_UNREPORTED; filing the
 * report lifts it; a programme can switch the rule off.
 */
import { describe, expect, it } from 'vitest';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { newId, toGlobalId } from '../../functions/core/ids';
import type { Session } from '../../functions/modules/sessions/selection.model';
import type { Speaker } from '../../functions/modules/sessions/sessions.model';
import { createProposal } from '../../functions/modules/sessions/sessions.store';
import { gql, secretariatToken, unique } from '../helpers/api';
import { createOrganisation, createPerson, type TestPerson } from '../helpers/people';
import { createProposalCall, diversePanel, moveProposalWindow, type TestProposalCall } from './helpers';
import { HOLD_SESSION, REPORT_SESSION } from './selection-helpers';

const HOUR = 3_600_000;
const SCREEN = `mutation ($input: ScreenProposalsInput!) { screenProposals(input: $input) { eligible screenedOut call { screenedOutByReason { reason count } } } }`;
const READ = `query ($id: ID!) { proposal(id: $id) { status screening { reasons } } }`;
const RULES = `query ($year: Int!) { programme(year: $year) { proposalCall { screening { earlierReportsRequired } } } }`;

/** A proposal written through the store in a given status (the API paths to it are tested elsewhere). */
async function written(call: TestProposalCall, proposer: TestPerson, organiserIds: string[], panel: TestPerson[], fields: Partial<Session>): Promise<string> {
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
  const proposal: Session = {
    id: `${call.year}.${newId(now)}`,
    year: call.year,
    type: 'WORKSHOP',
    format: 'ROUNDTABLE',
    durationMinutes: 60,
    themeId: call.theme.id,
    policyQuestions: [call.theme.policyQuestions[0]!],
    title: 'A session',
    description: 'A session of the programme.',
    developmentDimension: { linkage: 'NONE', explanation: 'Not directly linked.' },
    interactionPlan: 'Open floor.',
    onlineParticipationPlan: 'Online moderator.',
    proposerId: proposer.stakeholder.id,
    organiserIds: [proposer.stakeholder.id, ...organiserIds],
    speakers,
    contributionIds: [],
    issueIds: [],
    status: 'SUBMITTED',
    submittedAt: at,
    version: 2,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
  const outcome = await createProposal(proposal, { key: idempotencyGuardKey('test', proposer.stakeholder.id, unique('key-')), requestDigest: 'x' }, now);
  if (outcome !== 'created') throw new Error(`not created: ${outcome}`);
  return toGlobalId('Proposal', proposal.id);
}

const reasons = async (id: string, token: string) =>
  ((await gql(READ, { id }, token)).data?.proposal as { screening: { reasons: string[] } }).screening.reasons;

/** Closes the call and screens it: the screening's answer. */
async function screen(call: TestProposalCall, secretariat: string) {
  const now = Date.now();
  await moveProposalWindow(call.year, { opensAt: new Date(now - 2 * HOUR), closesAt: new Date(now - 1000) });
  const result = await gql(SCREEN, { input: { callId: call.callId } }, secretariat);
  expect(result.errors).toBeUndefined();
  return result.data?.screenProposals as { eligible: number; screenedOut: number; call: { screenedOutByReason: { reason: string; count: number }[] } };
}

describe('screening: earlier session reports', () => {
  it('screens out a proposer or organiser who owes an earlier session report, lets them in once it is filed, and only while the rule is on', async () => {
    // Prepare: four programmes, the earliest holding a session that the proposer and an organisation organise
    const calls = (await Promise.all([1, 2, 3, 4].map(() => createProposalCall()))).sort((a, b) => a.year - b.year);
    const [earlier, ruleOn, ruleOff, afterReport] = calls as [TestProposalCall, TestProposalCall, TestProposalCall, TestProposalCall];
    const secretariat = await secretariatToken();
    const [late, other, clean] = [await createPerson(), await createPerson(), await createPerson()];
    const org = await createOrganisation();
    const started = new Date(Date.now() - HOUR).toISOString();
    const held = await written(earlier, late, [org.stakeholder.id], await diversePanel(), {
      status: 'SCHEDULED',
      slot: { slotId: 'slot-1', startsAt: started, endsAt: new Date(Date.now() + HOUR).toISOString() },
    });
    const hold = await gql(HOLD_SESSION, { input: { id: held, version: 2 } }, late.token);
    expect(hold.errors).toBeUndefined();
    expect((await gql(RULES, { year: ruleOn.year })).data).toEqual({ programme: { proposalCall: { screening: { earlierReportsRequired: true } } } });

    // Act: screen a later programme while the report is due
    const byLate = await written(ruleOn, late, [], await diversePanel(), {});
    const byOrg = await written(ruleOn, other, [org.stakeholder.id], await diversePanel(), {});
    const byClean = await written(ruleOn, clean, [], await diversePanel(), {});
    const first = await screen(ruleOn, secretariat);

    // Assess: the proposer's and the organisation's proposals are screened out with the rule's own code
    expect({ eligible: first.eligible, screenedOut: first.screenedOut }).toEqual({ eligible: 1, screenedOut: 2 });
    expect(first.call.screenedOutByReason).toContainEqual({ reason: 'EARLIER_SESSION_UNREPORTED', count: 2 });
    expect(await reasons(byLate, late.token)).toEqual(['EARLIER_SESSION_UNREPORTED']);
    expect(await reasons(byOrg, other.token)).toEqual(['EARLIER_SESSION_UNREPORTED']);
    expect(await reasons(byClean, clean.token)).toEqual([]);

    // Act + Assess: a programme that switched the rule off lets the same proposer in
    const window = (await gql(`query ($year: Int!) { programme(year: $year) { proposalCall { opensAt closesAt version } } }`, { year: ruleOff.year })).data
      ?.programme as {
      proposalCall: { opensAt: string; closesAt: string; version: number };
    };
    const off = await gql(
      `mutation ($input: ScheduleProposalCallInput!) { scheduleProposalCall(input: $input) { call { screening { earlierReportsRequired } } } }`,
      { input: { programmeId: ruleOff.programmeId, ...window.proposalCall, screening: { earlierReportsRequired: false } } },
      secretariat,
    );
    expect(off.data).toEqual({ scheduleProposalCall: { call: { screening: { earlierReportsRequired: false } } } });
    const whileOff = await written(ruleOff, late, [], await diversePanel(), {});
    expect((await screen(ruleOff, secretariat)).eligible).toBe(1);
    expect(await reasons(whileOff, late.token)).toEqual([]);

    // Act: the organisers file the report of the held session
    const report = await gql(
      REPORT_SESSION,
      {
        input: {
          id: held,
          version: 3,
          keyTakeaways: ['Community networks need spectrum.'],
          callsToAction: [],
          participantsByGroup: [{ group: 'CIVIL_SOCIETY', count: 10 }],
          onsiteParticipants: 10,
          onlineParticipants: 5,
          womenParticipants: 7,
          genderNarrative: 'Half of the speakers were women.',
        },
      },
      late.token,
    );
    expect(report.errors).toBeUndefined();
    const afterLate = await written(afterReport, late, [org.stakeholder.id], await diversePanel(), {});
    const third = await screen(afterReport, secretariat);

    // Assess: nothing is due any more
    expect({ eligible: third.eligible, screenedOut: third.screenedOut }).toEqual({ eligible: 1, screenedOut: 0 });
    expect(await reasons(afterLate, late.token)).toEqual([]);
  });
});
