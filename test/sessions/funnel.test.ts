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
import { gql, secretariatToken } from '../helpers/api';
import { createOrganisation, createPerson, type TestPerson } from '../helpers/people';
import { SUBMIT_PROPOSAL, answer, createProposalCall, draftProposal, moveProposalWindow, proposalInput, speaker, type TestProposalCall } from './helpers';

const SCREEN = `mutation ($input: ScreenProposalsInput!) { screenProposals(input: $input) { eligible screenedOut } }`;
const APPEAL = `mutation ($input: AppealScreeningInput!) { appealScreening(input: $input) { proposal { version } } }`;
const DECIDE = `mutation ($input: DecideAppealInput!) { decideAppeal(input: $input) { proposal { status version } } }`;

/** Drafts, has every speaker confirm, and submits through the API; returns the proposal's global id and version. */
async function submit(call: TestProposalCall, proposer: TestPerson, organiserIds: string[], panel: TestPerson[]): Promise<{ id: string; version: number }> {
  const draft = await draftProposal(proposer.token, proposalInput(call, organiserIds, panel.map((p) => ({ id: p.globalId }))));
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
    const appealed = await gql(APPEAL, { input: { id: second.id, version: second.version + 1, statement: 'The cap counts our two sessions as one series.' } }, proposer.token);
    const restored = await gql(DECIDE, { input: { id: second.id, version: appealed.data?.appealScreening.proposal.version, restore: true, reason: 'One series.' } }, secretariat);
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
