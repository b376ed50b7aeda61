/**
 * Session proposals through the API: drafting with versions, speakers who
 * confirm, live diversity with the rules a panel breaks, submission only
 * while the call is open and no rule is broken, who may read a proposal,
 * self-declared gender kept private — and every refusal with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { sessionKeys } from '../../functions/modules/sessions/sessions.keys';
import { errorCode, gql, newUserToken, secretariatToken } from '../helpers/api';
import { getItem, partition } from '../helpers/db';
import { createOrganisation, createPerson } from '../helpers/people';
import { createCall } from '../programme/helpers';
import {
  PROPOSAL,
  PROPOSAL_CALL,
  SUBMIT_PROPOSAL,
  UPDATE_PROPOSAL,
  CREATE_PROPOSAL,
  answer,
  createProposalCall,
  diversePanel,
  draftProposal,
  moveProposalWindow,
  proposalInput,
  speaker,
} from './helpers';

const HOUR = 3_600_000;
const internal = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] as string;

async function proposalItems(globalId: string) {
  return partition(sessionKeys.proposalPartition(internal(globalId)));
}

describe('drafting a proposal and its speakers confirming', () => {
  it('drafts with invited speakers, shows live diversity, counts each confirmation and submits once the panel meets the rules', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const panel = await diversePanel();
    const org = await createOrganisation();

    // Act: draft
    const draft = await draftProposal(
      proposer.token,
      proposalInput(
        call,
        [org.globalId, proposer.globalId],
        panel.map((p) => ({ id: p.globalId })),
      ),
    );

    // Assess: nothing counts until speakers confirm; the rules broken are listed
    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      policyQuestions: ['How can community networks be financed?', 'How is affordability measured?'],
    });
    expect(draft.diversity).toMatchObject({ confirmedSpeakers: 0, invitedSpeakers: 3, groups: 0 });
    expect(draft.diversity.violations.map((v: { rule: string }) => v.rule)).toEqual([
      'MIN_CONFIRMED_SPEAKERS',
      'MIN_STAKEHOLDER_GROUPS',
      'MIN_REGIONS',
      'ONSITE_MODERATOR',
      'MIN_ONSITE_SPEAKERS',
    ]);
    expect(draft.versions.edges).toHaveLength(1);

    // Act: submitting with violations is refused, nothing written
    const refused = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version: 1 } }, proposer.token);
    expect(errorCode(refused)).toBe('RULES_BROKEN');
    expect(refused.errors?.[0]?.extensions?.violations).toContainEqual({ rule: 'MIN_CONFIRMED_SPEAKERS', needed: 3, have: 0 });
    expect((await gql(PROPOSAL, { id: draft.id }, proposer.token)).data?.proposal).toMatchObject({ status: 'DRAFT', version: 1 });

    // Act: two confirm, one declines, then changes their mind
    await answer(panel[0]!.token, draft.id);
    await answer(panel[1]!.token, draft.id);
    const declined = await answer(panel[2]!.token, draft.id, false);
    expect(declined.diversity).toMatchObject({ confirmedSpeakers: 2, invitedSpeakers: 0, groups: 2, regions: 2 });
    const confirmed = await answer(panel[2]!.token, draft.id, true);

    // Assess: the panel is diverse; genders only as aggregates, never per person to the proposer
    expect(confirmed.diversity).toMatchObject({ confirmedSpeakers: 3, groups: 3, regions: 3, onsite: 3, violations: [] });
    expect(confirmed.diversity.byGender).toEqual([
      { gender: 'WOMAN', count: 1 },
      { gender: 'MAN', count: 1 },
      { gender: 'NON_BINARY', count: 1 },
    ]);
    expect(confirmed.diversity.balanceIndex).toBeGreaterThan(0.6);
    // (The answering speaker sees their own gender; the proposer sees nobody's, nor their emails.)
    expect(confirmed.speakers[2].stakeholder.gender).toBe('NON_BINARY');
    const asProposer = (await gql(PROPOSAL, { id: draft.id }, proposer.token)).data?.proposal;
    expect(
      asProposer.speakers.map((s: { stakeholder: { gender: unknown; contactEmail: unknown } }) => [s.stakeholder.gender, s.stakeholder.contactEmail]),
    ).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);

    // Act: submit
    const before = (await gql(PROPOSAL_CALL, { year: call.year })).data?.programme.proposalCall;
    const submitted = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version: confirmed.version } }, proposer.token);

    // Assess
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitProposal.proposal).toMatchObject({ status: 'SUBMITTED', version: confirmed.version + 1 });
    const after = (await gql(PROPOSAL_CALL, { year: call.year })).data?.programme.proposalCall;
    expect(before).toMatchObject({ drafted: 1, submitted: 0, status: 'OPEN', hybrid: true });
    expect(after.submitted).toBe(1);
    expect(after.submittedByType).toContainEqual({ type: 'WORKSHOP', count: 1 });
  });

  it('keeps every save as a version, keeps answers of speakers who stay and drops the invitation of one removed', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const panel = await diversePanel();
    const draft = await draftProposal(
      proposer.token,
      proposalInput(
        call,
        [proposer.globalId],
        panel.map((p) => ({ id: p.globalId })),
      ),
    );
    await answer(panel[0]!.token, draft.id);

    // Act
    const edited = await gql(
      UPDATE_PROPOSAL,
      {
        input: {
          id: draft.id,
          version: 2,
          title: 'Community networks: who pays?',
          speakers: [{ stakeholderId: panel[0]!.globalId, role: 'MODERATOR', attendance: 'ONSITE' }],
        },
      },
      proposer.token,
    );

    // Assess
    expect(edited.errors).toBeUndefined();
    const proposal = edited.data?.updateProposal.proposal;
    expect(proposal).toMatchObject({ version: 3, title: 'Community networks: who pays?' });
    expect(proposal.speakers).toEqual([expect.objectContaining({ status: 'CONFIRMED', role: 'MODERATOR' })]);
    expect(proposal.versions.edges.map((e: { node: { version: number } }) => e.node.version)).toEqual([3, 1]);
    const invitations = (await proposalItems(draft.id)).filter((item) => String(item.SK).startsWith('SPEAKER#'));
    expect(invitations.map((i) => i.stakeholderId)).toEqual([panel[0]!.stakeholder.id]);
    const removed = await gql(`{ myInvitations { edges { node { id } } } }`, {}, panel[1]!.token);
    expect(removed.data?.myInvitations.edges).toEqual([]);
  });

  it('lists the proposals one drafted and those one is invited to', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const panel = await diversePanel();
    const draft = await draftProposal(
      proposer.token,
      proposalInput(
        call,
        [proposer.globalId],
        panel.map((p) => ({ id: p.globalId })),
      ),
    );

    // Act
    const mine = await gql(`{ myProposals { edges { node { id } } } }`, {}, proposer.token);
    const invited = await gql(`{ myInvitations { edges { node { id title diversity { invitedSpeakers } } } } }`, {}, panel[2]!.token);

    // Assess
    expect(mine.data?.myProposals.edges).toEqual([{ node: { id: draft.id } }]);
    expect(invited.data?.myInvitations.edges).toEqual([{ node: { id: draft.id, title: draft.title, diversity: { invitedSpeakers: 3 } } }]);
  });

  it('replays a retried draft with the same idempotency key instead of drafting twice', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const input = proposalInput(call, [proposer.globalId], [{ id: proposer.globalId }]);

    // Act
    const first = await draftProposal(proposer.token, input);
    const second = await draftProposal(proposer.token, input);

    // Assess
    expect(second.id).toBe(first.id);
    expect((await gql(PROPOSAL_CALL, { year: call.year })).data?.programme.proposalCall.drafted).toBe(1);
    // The proposer listing themself is confirmed at once.
    expect(first.speakers[0].status).toBe('CONFIRMED');
  });

  it('breaks the gender rule for a panel of one declared gender', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const panel = await Promise.all([
      speaker({ group: 'GOVERNMENT', region: 'AFRICAN', gender: 'MAN' }),
      speaker({ group: 'ACADEMIA', region: 'EASTERN_EUROPEAN', gender: 'MAN' }),
      speaker({ group: 'PRIVATE_SECTOR', region: 'ASIA_PACIFIC', gender: 'MAN' }),
    ]);
    const draft = await draftProposal(
      proposer.token,
      proposalInput(
        call,
        [proposer.globalId],
        panel.map((p) => ({ id: p.globalId })),
      ),
    );

    // Act
    let latest = draft;
    for (const p of panel) latest = await answer(p.token, draft.id);
    const refused = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version: latest.version } }, proposer.token);

    // Assess
    expect(latest.diversity.violations).toEqual([{ rule: 'GENDER_DIVERSITY', needed: 2, have: 1 }]);
    expect(errorCode(refused)).toBe('RULES_BROKEN');
    expect((await gql(PROPOSAL, { id: draft.id }, proposer.token)).data?.proposal.status).toBe('DRAFT');
  });
});

describe('the call for proposals by the clock', () => {
  it('lets proposals be drafted before the call opens but submitted only while it is open', async () => {
    // Prepare
    const call = await createProposalCall({
      opensAt: new Date(Date.now() + HOUR),
      rules: { minConfirmedSpeakers: 1, minGroups: 1, minRegions: 1, minOnsiteSpeakers: 0 },
    });
    const proposer = await createPerson();
    const draft = await draftProposal(proposer.token, proposalInput(call, [proposer.globalId], [{ id: proposer.globalId }]));

    // Act + Assess: not open yet
    const early = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version: 1 } }, proposer.token);
    expect(errorCode(early)).toBe('NOT_OPEN');

    // Act + Assess: closed — no submission, no edit, no new draft
    await moveProposalWindow(call.year, { opensAt: new Date(Date.now() - 2 * HOUR), closesAt: new Date(Date.now() - 1) });
    const late = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version: 1 } }, proposer.token);
    const edit = await gql(UPDATE_PROPOSAL, { input: { id: draft.id, version: 1, title: 'Too late to change' } }, proposer.token);
    const another = await gql(CREATE_PROPOSAL, { input: proposalInput(call, [proposer.globalId], []) }, proposer.token);
    expect([errorCode(late), errorCode(edit), errorCode(another)]).toEqual(['DEADLINE_PASSED', 'DEADLINE_PASSED', 'DEADLINE_PASSED']);
    expect(await proposalItems(draft.id)).toHaveLength(3); // the proposal, its one version, its one invitation
    const after = (await gql(PROPOSAL_CALL, { year: call.year })).data?.programme.proposalCall;
    expect(after).toMatchObject({ status: 'CLOSED', drafted: 1, submitted: 0 });
  });

  it('is scheduled with its rules by the secretariat only, and its rules decide what a panel breaks', async () => {
    // Prepare
    // A programme without a call for proposals yet.
    const { programmeId, year } = await createCall();
    const secretariat = await secretariatToken();
    const person = await createPerson();
    const input = {
      programmeId,
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      closesAt: new Date(Date.now() + HOUR).toISOString(),
      rules: { minConfirmedSpeakers: 2, minGroups: 1 },
    };
    const schedule = `mutation ($input: ScheduleProposalCallInput!) { scheduleProposalCall(input: $input) { call { id version status rules { minConfirmedSpeakers genderDiverse minGroups minRegions minOnsiteSpeakers } } } }`;

    // Act
    const forbidden = await gql(schedule, { input }, person.token);
    const anonymous = await gql(schedule, { input });
    const backwards = await gql(schedule, { input: { ...input, closesAt: input.opensAt } }, secretariat);
    const nothing = (await gql(PROPOSAL_CALL, { year })).data?.programme.proposalCall;
    const scheduled = await gql(schedule, { input }, secretariat);
    const again = await gql(schedule, { input }, secretariat);
    const stale = await gql(schedule, { input: { ...input, version: 7 } }, secretariat);

    // Assess
    expect([errorCode(forbidden), errorCode(anonymous), errorCode(backwards)]).toEqual(['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT']);
    expect(nothing).toBeNull();
    expect(scheduled.data?.scheduleProposalCall.call).toMatchObject({
      id: toGlobalId('ProposalCall', String(year)),
      version: 1,
      status: 'OPEN',
      rules: { minConfirmedSpeakers: 2, genderDiverse: true, minGroups: 1, minRegions: 2, minOnsiteSpeakers: 2 },
    });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(1);
  });
});

describe('who may read and change a proposal', () => {
  it('shows a proposal to its proposer, organisers, speakers and the secretariat only, through every path', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const organiser = await createPerson();
    const [guest] = await diversePanel();
    const outsider = await createPerson();
    const mag = await createPerson({ roles: { magTerm: { startYear: 2000, endYear: 2100 } } });
    const draft = await draftProposal(proposer.token, proposalInput(call, [organiser.globalId], [{ id: guest!.globalId }]));
    const node = `query ($id: ID!) { node(id: $id) { ... on Proposal { id } } }`;

    // Act
    const seen = await Promise.all([proposer.token, organiser.token, guest!.token, await secretariatToken()].map((t) => gql(PROPOSAL, { id: draft.id }, t)));
    const hidden = await Promise.all([outsider.token, mag.token, undefined].map((t) => gql(PROPOSAL, { id: draft.id }, t)));
    const nodes = await Promise.all([outsider.token, undefined].map((t) => gql(node, { id: draft.id }, t)));

    // Assess
    expect(seen.map((r) => r.data?.proposal?.id)).toEqual([draft.id, draft.id, draft.id, draft.id]);
    expect(hidden.map((r) => r.data?.proposal)).toEqual([null, null, null]);
    expect(nodes.map((r) => r.data?.node)).toEqual([null, null]);
  });

  it('refuses edits and submission by anyone but the proposer, answers by anyone not invited, and stale versions — writing nothing', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const organiser = await createPerson();
    const [guest] = await diversePanel();
    const outsider = await createPerson();
    const draft = await draftProposal(proposer.token, proposalInput(call, [organiser.globalId], [{ id: guest!.globalId }]));
    const before = await proposalItems(draft.id);

    // Act
    const byOrganiser = await gql(UPDATE_PROPOSAL, { input: { id: draft.id, version: 1, title: 'Taken over' } }, organiser.token);
    const anonymous = await gql(UPDATE_PROPOSAL, { input: { id: draft.id, version: 1, title: 'Taken over' } });
    const submitByOther = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version: 1 } }, outsider.token);
    const answerByOther = await gql(
      `mutation ($input: AnswerInvitationInput!) { answerInvitation(input: $input) { proposal { id } } }`,
      { input: { proposalId: draft.id, accept: true } },
      outsider.token,
    );
    const stale = await gql(UPDATE_PROPOSAL, { input: { id: draft.id, version: 9, title: 'Stale edit' } }, proposer.token);
    const unknown = await gql(
      UPDATE_PROPOSAL,
      { input: { id: toGlobalId('Proposal', `${call.year}.01J00000000000000000000000`), version: 1, title: 'Nobody' } },
      proposer.token,
    );

    // Assess
    expect([errorCode(byOrganiser), errorCode(anonymous), errorCode(submitByOther), errorCode(answerByOther)]).toEqual([
      'FORBIDDEN',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(1);
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(await proposalItems(draft.id)).toEqual(before);
  });

  it('refuses bad drafts with the offending field, writing nothing', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const org = await createOrganisation();
    const unregistered = await newUserToken();
    const other = await createProposalCall();
    const base = (overrides: Record<string, unknown>) => proposalInput(call, [proposer.globalId], [{ id: proposer.globalId }], overrides);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x'.repeat(61) }, 'input.title'],
      [{ description: Array.from({ length: 251 }, () => 'word').join(' ') }, 'input.description'],
      [{ type: 'MAIN_SESSION', format: 'PANEL', durationMinutes: 90 }, 'input.type'],
      [{ format: 'TALK' }, 'input.format'],
      [{ durationMinutes: 45 }, 'input.durationMinutes'],
      [{ themeId: other.themeId }, 'input.themeId'],
      [{ policyQuestions: [3] }, 'input.policyQuestions.0'],
      [{ policyQuestions: [0, 1, 2, 0] }, 'input.policyQuestions'],
      [{ speakers: [{ stakeholderId: org.globalId, role: 'SPEAKER', attendance: 'ONSITE' }] }, 'input.speakers.0.stakeholderId'],
      [{ organiserIds: [] }, 'input.organiserIds'],
      [{ issueIds: [toGlobalId('Issue', `${call.year}.01J00000000000000000000000`)] }, 'input.issueIds.0'],
    ];

    // Act
    const responses = await Promise.all(cases.map(([overrides]) => gql(CREATE_PROPOSAL, { input: base(overrides) }, proposer.token)));
    const anonymous = await gql(CREATE_PROPOSAL, { input: base({}) });
    const notRegistered = await gql(CREATE_PROPOSAL, { input: base({}) }, unregistered.token);

    // Assess
    expect(responses.map((r) => [errorCode(r), r.errors?.[0]?.extensions?.field])).toEqual(cases.map(([, field]) => ['BAD_USER_INPUT', field]));
    expect([errorCode(anonymous), errorCode(notRegistered)]).toEqual(['UNAUTHENTICATED', 'FORBIDDEN']);
    expect((await gql(PROPOSAL_CALL, { year: call.year })).data?.programme.proposalCall.drafted).toBe(0);
    expect((await gql(`{ myProposals { edges { node { id } } } }`, {}, proposer.token)).data?.myProposals.edges).toEqual([]);
  });
});

describe('self-declared gender in the registry', () => {
  it('is set by the person only and shown per person to them and the secretariat only', async () => {
    // Prepare
    const person = await createPerson();
    const other = await createPerson();
    const secretariat = await secretariatToken();
    const update = `mutation ($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { stakeholder { id version gender } } }`;
    const read = `query ($id: ID!) { stakeholder(id: $id) { gender } }`;

    // Act
    const bySecretariat = await gql(update, { input: { id: person.globalId, version: 1, gender: 'WOMAN' } }, secretariat);
    const unchanged = await getItem({ PK: `STAKEHOLDER#${person.stakeholder.id}`, SK: 'PROFILE' });
    const declared = await gql(update, { input: { id: person.globalId, version: 1, gender: 'NON_BINARY' } }, person.token);
    const views = await Promise.all([person.token, secretariat, other.token, undefined].map((t) => gql(read, { id: person.globalId }, t)));

    // Assess
    expect(errorCode(bySecretariat)).toBe('FORBIDDEN');
    expect(unchanged?.gender).toBeUndefined();
    expect(declared.data?.updateStakeholder.stakeholder).toMatchObject({ version: 2, gender: 'NON_BINARY' });
    expect(views.map((v) => v.data?.stakeholder.gender)).toEqual(['NON_BINARY', 'NON_BINARY', null, null]);
  });
});
