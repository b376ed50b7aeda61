/**
 * The proposal funnel's counters: a proposal entering SUBMITTED (submission)
 * and ELIGIBLE (screening, a restored appeal) counts its organisers and
 * confirmed speakers by group, region, gender, first-time and
 * developing-country status in the same transaction; the counters equal a
 * recount of the snapshots kept on the proposals.
 */
import { describe, expect, it } from 'vitest';
import { internalId } from '../../functions/core/ids';
import { FUNNEL_STAGES, funnelIncrements } from '../../functions/modules/sessions/funnel.model';
import { getFunnels } from '../../functions/modules/sessions/funnel.store';
import { getProposalConsistent } from '../../functions/modules/sessions/sessions.store';
import { errorCode, gql, secretariatToken } from '../helpers/api';
import { createOrganisation, createPerson, type TestPerson } from '../helpers/people';
import { SUBMIT_PROPOSAL, answer, createProposalCall, draftProposal, moveProposalWindow, proposalInput, speaker, type TestProposalCall } from './helpers';

const FIGURES = 'submitted eligible accepted held eligibilityRate acceptanceRate selectionRate heldRate';
const BREAKDOWN = `total { ${FIGURES} } byGroup { group figures { ${FIGURES} } } byRegion { region figures { submitted } }
  byGender { gender figures { ${FIGURES} } } byFirstTime { firstTime figures { ${FIGURES} } } byDevelopingCountry { developingCountry figures { ${FIGURES} } }`;
const BALANCE = 'proposals speakers byGroup { total balanceIndex underThreshold } byRegion { total balanceIndex } byGender { gender count }';
const FUNNEL = `query ($year: Int!) { proposalFunnel(year: $year) {
  year proposals { ${FIGURES} } byType { type { code } figures { ${FIGURES} } }
  organisers { ${BREAKDOWN} } speakers { ${BREAKDOWN} }
  speakerBalance(stage: ELIGIBLE, threshold: 0.2) { stage threshold ${BALANCE} byTheme { theme { id title } ${BALANCE} } }
} }`;
const SCREEN = `mutation ($input: ScreenProposalsInput!) { screenProposals(input: $input) { eligible screenedOut } }`;
const APPEAL = `mutation ($input: AppealScreeningInput!) { appealScreening(input: $input) { proposal { version } } }`;
const DECIDE = `mutation ($input: DecideAppealInput!) { decideAppeal(input: $input) { proposal { status version } } }`;

/** Drafts, has every speaker confirm, and submits through the API; returns the proposal's global id and version. */
async function submit(call: TestProposalCall, proposer: TestPerson, organiserIds: string[], panel: TestPerson[]): Promise<{ id: string; version: number }> {
  const draft = await draftProposal(
    proposer.token,
    proposalInput(
      call,
      organiserIds,
      panel.map((p) => ({ id: p.globalId })),
    ),
  );
  let version = draft.version as number;
  for (const person of panel) if (person.subject !== proposer.subject) version = (await answer(person.token, draft.id)).version;
  const submitted = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version } }, proposer.token);
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  return { id: draft.id, version: submitted.data?.submitProposal.proposal.version };
}

async function twoCalls(): Promise<[TestProposalCall, TestProposalCall]> {
  const [a, b] = await Promise.all([createProposalCall(), createProposalCall({ screening: { proposalsPerProposer: 1 } })]);
  // The later call caps proposals at one per proposer (a second one is screened out, then restored on appeal).
  if (a.year < b.year) return [a, b];
  const later = await createProposalCall({ screening: { proposalsPerProposer: 1 } });
  return later.year > a.year ? [a, later] : twoCalls();
}

describe('the proposal funnel counters', () => {
  it('counts a submission and an eligibility by every dimension, for organisers and speakers apart, first-time against earlier years', async () => {
    // Prepare: an earlier year where the proposer organised and one speaker spoke
    const [earlier, call] = await twoCalls();
    const proposer = await speaker({ group: 'CIVIL_SOCIETY', region: 'AFRICAN', gender: 'WOMAN', country: 'KE' });
    const organisation = await createOrganisation({ group: 'PRIVATE_SECTOR', region: 'WESTERN_EUROPEAN_AND_OTHERS', country: 'DE' });
    const veteran = await speaker({ group: 'GOVERNMENT', region: 'ASIA_PACIFIC', gender: 'MAN', country: 'JP' });
    const newcomer = await speaker({ group: 'TECHNICAL_COMMUNITY', region: 'LATIN_AMERICAN_AND_CARIBBEAN', gender: 'NON_BINARY', country: 'BR' });
    const quiet = await speaker({ group: 'ACADEMIA', region: 'EASTERN_EUROPEAN', country: 'UA' });
    const thirdEarlier = await speaker({ group: 'ACADEMIA', region: 'AFRICAN', gender: 'MAN', country: 'NG' });
    await submit(earlier, proposer, [proposer.globalId], [proposer, veteran, thirdEarlier]);

    // Act: submit this year (the proposer speaks too; the organisation organises), screen
    const first = await submit(call, proposer, [proposer.globalId, organisation.globalId], [veteran, newcomer, quiet]);
    const [submittedCounts] = await getFunnels([call.year]);

    // Assess: SUBMITTED counts one proposal, its 2 organisers and 3 confirmed speakers
    const submitted = submittedCounts!.stages.SUBMITTED;
    expect(submitted).toMatchObject({
      proposals: 1,
      'type.WORKSHOP': 1,
      organisers: 2,
      'organisers.group.CIVIL_SOCIETY': 1,
      'organisers.group.PRIVATE_SECTOR': 1,
      'organisers.region.AFRICAN': 1,
      'organisers.region.WESTERN_EUROPEAN_AND_OTHERS': 1,
      'organisers.gender.WOMAN': 1,
      'organisers.firstTime.NO': 1,
      'organisers.firstTime.YES': 1,
      'organisers.developing.YES': 1,
      'organisers.developing.NO': 1,
      speakers: 3,
      'speakers.group.GOVERNMENT': 1,
      'speakers.group.TECHNICAL_COMMUNITY': 1,
      'speakers.group.ACADEMIA': 1,
      'speakers.gender.MAN': 1,
      'speakers.gender.NON_BINARY': 1,
      'speakers.gender.UNDISCLOSED': 1,
      'speakers.firstTime.NO': 1,
      'speakers.firstTime.YES': 2,
      // BR is developing; JP and UA (M49 Europe) are not.
      'speakers.developing.YES': 1,
      'speakers.developing.NO': 2,
      [`theme/${call.theme.id}/proposals`]: 1,
      [`theme/${call.theme.id}/speakers`]: 3,
      [`theme/${call.theme.id}/speakers.region.EASTERN_EUROPEAN`]: 1,
    });
    // An organisation has no gender: organisers' genders add up to the people among them.
    expect(Object.keys(submitted).filter((n) => n.startsWith('organisers.gender.'))).toEqual(['organisers.gender.WOMAN']);
    expect(submittedCounts!.stages.ELIGIBLE).toEqual({});

    // Act: a second proposal (over the cap of one), the call closes, screening, an appeal restored
    const second = await submit(call, proposer, [proposer.globalId], [veteran, newcomer, quiet]);
    await moveProposalWindow(call.year, { closesAt: new Date(Date.now() - 1) });
    const secretariat = await secretariatToken();
    const screened = await gql(SCREEN, { input: { callId: call.callId } }, secretariat);
    expect(screened.data?.screenProposals).toEqual({ eligible: 1, screenedOut: 1 });
    const [afterScreening] = await getFunnels([call.year]);

    // Assess: ELIGIBLE counts the first only
    expect(afterScreening!.stages.SUBMITTED.proposals).toBe(2);
    expect(afterScreening!.stages.ELIGIBLE).toEqual(submitted);

    // Act: the second is appealed and restored
    const appealed = await gql(
      APPEAL,
      { input: { id: second.id, version: second.version + 1, statement: 'The cap counts our two sessions as one series.' } },
      proposer.token,
    );
    const restored = await gql(
      DECIDE,
      { input: { id: second.id, version: appealed.data?.appealScreening.proposal.version, restore: true, reason: 'One series.' } },
      secretariat,
    );
    expect(restored.data?.decideAppeal.proposal.status).toBe('ELIGIBLE');

    // Assess: ELIGIBLE counts both, and every stage equals the recount of the snapshots on the proposals
    const [final] = await getFunnels([call.year]);
    expect(final!.stages.ELIGIBLE.proposals).toBe(2);
    expect(final!.stages.ELIGIBLE.organisers).toBe(3);
    const proposals = await Promise.all([first.id, second.id].map((id) => getProposalConsistent(internalId(id, 'Proposal'))));
    for (const stage of FUNNEL_STAGES) {
      const recount: Record<string, number> = {};
      for (const p of proposals) if (p?.funnel?.[stage]) funnelIncrements(p.funnel[stage], recount);
      expect(final!.stages[stage], stage).toEqual(recount);
    }
  });

  it('answers the funnel through the API: figures, rates, every dimension, the speaker balance per theme; refuses a bad year or threshold', async () => {
    // Prepare: two proposals of one call; one screened out
    const call = await createProposalCall({ screening: { proposalsPerProposer: 1 } });
    const proposer = await speaker({ group: 'GOVERNMENT', region: 'AFRICAN', gender: 'WOMAN', country: 'GH' });
    const panel = await Promise.all([
      speaker({ group: 'GOVERNMENT', region: 'AFRICAN', gender: 'WOMAN', country: 'SN' }),
      speaker({ group: 'CIVIL_SOCIETY', region: 'WESTERN_EUROPEAN_AND_OTHERS', gender: 'MAN', country: 'FR' }),
      speaker({ group: 'ACADEMIA', region: 'ASIA_PACIFIC', gender: 'WOMAN', country: 'IN' }),
    ]);
    await submit(call, proposer, [proposer.globalId], panel);
    await submit(call, proposer, [proposer.globalId], panel);
    await moveProposalWindow(call.year, { closesAt: new Date(Date.now() - 1) });
    await gql(SCREEN, { input: { callId: call.callId } }, await secretariatToken());

    // Act (as the public: no token)
    const answered = await gql(FUNNEL, { year: call.year });
    const viaProgramme = await gql(`query ($year: Int!) { programme(year: $year) { proposalFunnel { proposals { submitted eligible } } } }`, {
      year: call.year,
    });
    const badYear = await gql(FUNNEL, { year: 0 });
    const badThreshold = await gql(`query ($year: Int!) { proposalFunnel(year: $year) { speakerBalance(threshold: 1.5) { threshold } } }`, { year: call.year });
    const empty = await gql(`query { proposalFunnel(year: 1999) { proposals { submitted acceptanceRate } speakerBalance { speakers byTheme { speakers } } } }`);

    // Assess
    expect(answered.errors).toBeUndefined();
    const funnel = answered.data?.proposalFunnel;
    expect(funnel.proposals).toEqual({
      submitted: 2,
      eligible: 1,
      accepted: 0,
      held: 0,
      eligibilityRate: 0.5,
      acceptanceRate: 0,
      selectionRate: 0,
      heldRate: null,
    });
    expect(funnel.byType.find((t: { type: { code: string } }) => t.type.code === 'WORKSHOP').figures).toMatchObject({ submitted: 2, eligible: 1 });
    expect(funnel.organisers.total).toMatchObject({ submitted: 2, eligible: 1 });
    expect(funnel.speakers.total).toMatchObject({ submitted: 6, eligible: 3 });
    expect(funnel.speakers.byGroup.map((r: { group: string; figures: { submitted: number } }) => [r.group, r.figures.submitted])).toEqual([
      ['GOVERNMENT', 2],
      ['PRIVATE_SECTOR', 0],
      ['CIVIL_SOCIETY', 2],
      ['TECHNICAL_COMMUNITY', 0],
      ['ACADEMIA', 2],
      ['INTERGOVERNMENTAL_ORGANISATION', 0],
    ]);
    // 4 and 2 women could single people out: published as suppressed (null), and so is the rate between them.
    expect(funnel.speakers.byGender.find((r: { gender: string }) => r.gender === 'WOMAN').figures).toMatchObject({
      submitted: null,
      eligible: null,
      eligibilityRate: null,
    });
    expect(funnel.speakers.byGender.find((r: { gender: string }) => r.gender === 'NON_BINARY').figures).toMatchObject({
      submitted: 0,
      eligible: 0,
      eligibilityRate: null,
    });
    expect(funnel.speakers.byDevelopingCountry).toEqual([
      { developingCountry: true, figures: expect.objectContaining({ submitted: 4, eligible: 2 }) },
      { developingCountry: false, figures: expect.objectContaining({ submitted: 2, eligible: 1 }) },
    ]);
    expect(funnel.organisers.byFirstTime).toEqual([
      { firstTime: true, figures: expect.objectContaining({ submitted: 2, eligible: 1 }) },
      { firstTime: false, figures: expect.objectContaining({ submitted: 0, eligible: 0 }) },
    ]);
    const balance = funnel.speakerBalance;
    expect(balance).toMatchObject({ stage: 'ELIGIBLE', proposals: 1, speakers: 3, byGroup: { total: 3, balanceIndex: 0.613147193 } });
    expect(balance.byTheme).toEqual([expect.objectContaining({ theme: { id: call.themeId, title: 'Digital inclusion' }, proposals: 1, speakers: 3 })]);
    expect(balance.byTheme[0].byRegion).toEqual(balance.byRegion);
    // 2 women and 1 man among 3 eligible speakers: too few to publish, for the programme and its theme.
    expect(balance.byGender.filter((g: { count: number | null }) => g.count === null).map((g: { gender: string }) => g.gender)).toEqual(['WOMAN', 'MAN']);
    expect(balance.byTheme[0].byGender).toEqual(balance.byGender);
    expect(viaProgramme.data?.programme.proposalFunnel.proposals).toEqual({ submitted: 2, eligible: 1 });
    expect([errorCode(badYear), errorCode(badThreshold)]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(empty.data?.proposalFunnel).toEqual({ proposals: { submitted: 0, acceptanceRate: null }, speakerBalance: { speakers: 0, byTheme: [] } });
  });

  it('writes nothing to the funnel when a submission is refused', async () => {
    // Prepare: a panel that breaks the rules (one unconfirmed speaker)
    const call = await createProposalCall();
    const proposer = await createPerson();
    const other = await speaker({ group: 'GOVERNMENT' });
    const draft = await draftProposal(proposer.token, proposalInput(call, [proposer.globalId], [{ id: other.globalId }]));

    // Act
    const refused = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version: draft.version } }, proposer.token);

    // Assess
    expect(refused.errors?.[0]?.extensions?.code).toBe('RULES_BROKEN');
    const [counts] = await getFunnels([call.year]);
    expect(counts!.stages.SUBMITTED).toEqual({});
  });
});
