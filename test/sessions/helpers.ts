/**
 * A programme of its own year with an adopted theme and a call for session
 * proposals (written straight through the stores, so concurrent tests never
 * share a call's counters), test speakers of chosen groups, regions and
 * genders, and the GraphQL documents the session tests use.
 */
import { toGlobalId } from '../../functions/core/ids';
import { newId } from '../../functions/core/ids';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import type { Theme } from '../../functions/modules/programme/programme.model';
import * as programmeStore from '../../functions/modules/programme/programme.store';
import { DEFAULT_SCREENING_RULES, type ScreeningRules } from '../../functions/modules/sessions/screening.model';
import { DEFAULT_DIVERSITY_RULES, type DiversityRules, type ProposalCall } from '../../functions/modules/sessions/sessions.model';
import { getCallConsistent, saveCall } from '../../functions/modules/sessions/sessions.store';
import type { Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';
import { gql, unique } from '../helpers/api';
import { createPerson, type TestPerson } from '../helpers/people';
import { createCall } from '../programme/helpers';

const HOUR = 3_600_000;

export interface TestProposalCall {
  readonly year: number;
  readonly callId: string;
  readonly programmeId: string;
  readonly themeId: string;
  readonly theme: Theme;
}

/** A programme (hybrid) with an adopted theme of three policy questions and a call for proposals open from an hour ago (or as given). */
export async function createProposalCall(
  options: { opensAt?: Date; closesAt?: Date; rules?: Partial<DiversityRules>; screening?: Partial<ScreeningRules> } = {},
): Promise<TestProposalCall> {
  const { year, programmeId } = await createCall();
  const now = new Date();
  const at = now.toISOString();
  const theme: Theme = {
    id: `${year}.${newId(now)}`,
    year,
    title: 'Digital inclusion',
    narrative: 'Connecting the next billions meaningfully, affordably and safely.',
    developmentDimension: { linkage: 'DIRECT', explanation: 'Access is the precondition of digital development.' },
    policyQuestions: ['How can community networks be financed?', 'What skills are needed?', 'How is affordability measured?'],
    issueIds: [],
    status: 'ADOPTED',
    adoption: { decisionId: 'd', meetingId: 'm', adoptedAt: at },
    createdBy: 'secretariat',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const created = await programmeStore.createTheme(theme, { key: idempotencyGuardKey('test', 'test', unique('theme-')), requestDigest: 'x' }, now);
  if (created !== 'created') throw new Error(`theme not created: ${created}`);
  const call: ProposalCall = {
    year,
    opensAt: (options.opensAt ?? new Date(now.getTime() - HOUR)).toISOString(),
    closesAt: (options.closesAt ?? new Date(now.getTime() + 24 * HOUR)).toISOString(),
    hybrid: true,
    rules: { ...DEFAULT_DIVERSITY_RULES, ...options.rules },
    screening: { ...DEFAULT_SCREENING_RULES, ...options.screening },
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  if ((await saveCall(call, undefined)) !== 'saved') throw new Error('call not saved');
  return { year, callId: toGlobalId('ProposalCall', String(year)), programmeId, themeId: toGlobalId('Theme', theme.id), theme };
}

/** Moves the call's window (e.g. closes it now) at its current version. */
export async function moveProposalWindow(year: number, window: { opensAt?: Date; closesAt?: Date }): Promise<void> {
  const current = await getCallConsistent(year);
  if (!current) throw new Error('no call');
  const { counts: _counts, ...call } = current;
  const next: ProposalCall = {
    ...call,
    opensAt: window.opensAt?.toISOString() ?? current.opensAt,
    closesAt: window.closesAt?.toISOString() ?? current.closesAt,
    version: current.version + 1,
  };
  if ((await saveCall(next, current.version)) !== 'saved') throw new Error('call not moved');
}

export const speaker = (stakeholder: Partial<Stakeholder>): Promise<TestPerson> => createPerson({ stakeholder });

/** Three people of three groups, regions and both genders: a panel that meets the default rules once all confirm. */
export async function diversePanel(): Promise<TestPerson[]> {
  return Promise.all([
    speaker({ group: 'GOVERNMENT', region: 'AFRICAN', gender: 'WOMAN' }),
    speaker({ group: 'CIVIL_SOCIETY', region: 'ASIA_PACIFIC', gender: 'MAN' }),
    speaker({ group: 'TECHNICAL_COMMUNITY', region: 'LATIN_AMERICAN_AND_CARIBBEAN', gender: 'NON_BINARY' }),
  ]);
}

export const PROPOSAL_FIELDS = `
  id status version title description type { code competitive } format durationMinutes policyQuestions submittedAt
  theme { id } proposer { id } organisers { id }
  speakers { stakeholder { id name gender contactEmail } role attendance status group region }
  diversity {
    confirmedSpeakers invitedSpeakers groups regions onsite balanceIndex
    byGroup { total } byRegion { total } byGender { gender count }
    violations { rule needed have }
  }
  versions { edges { node { version title } } }
`;

export const CREATE_PROPOSAL = `mutation ($input: CreateProposalInput!) { createProposal(input: $input) { proposal { ${PROPOSAL_FIELDS} } } }`;
export const UPDATE_PROPOSAL = `mutation ($input: UpdateProposalInput!) { updateProposal(input: $input) { proposal { ${PROPOSAL_FIELDS} } } }`;
export const SUBMIT_PROPOSAL = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposal { ${PROPOSAL_FIELDS} } } }`;
export const ANSWER_INVITATION = `mutation ($input: AnswerInvitationInput!) { answerInvitation(input: $input) { proposal { ${PROPOSAL_FIELDS} } } }`;
export const PROPOSAL = `query ($id: ID!) { proposal(id: $id) { ${PROPOSAL_FIELDS} } }`;
export const PROPOSAL_CALL = `query ($year: Int!) { programme(year: $year) { proposalCall { id status hybrid drafted submitted submittedByType { type count } version
  rules { minConfirmedSpeakers genderDiverse minGroups minRegions minOnsiteSpeakers } } } }`;

export function proposalInput(
  call: TestProposalCall,
  organiserIds: string[],
  speakers: { id: string; role?: string; attendance?: string }[],
  overrides: Record<string, unknown> = {},
) {
  return {
    callId: call.callId,
    type: 'WORKSHOP',
    format: 'ROUNDTABLE',
    durationMinutes: 60,
    themeId: call.themeId,
    policyQuestions: [0, 2],
    title: 'Financing community networks',
    description: 'Community networks connect the unconnected; this roundtable compares how they are financed and licensed in four regions.',
    developmentDimension: { linkage: 'DIRECT', explanation: 'Connectivity is the base of digital development.' },
    interactionPlan: 'Short openings, then an open floor with questions from the room and online.',
    onlineParticipationPlan: 'An online moderator relays questions from the platform in every round.',
    organiserIds,
    speakers: speakers.map((s, i) => ({ stakeholderId: s.id, role: s.role ?? (i === 0 ? 'MODERATOR' : 'SPEAKER'), attendance: s.attendance ?? 'ONSITE' })),
    idempotencyKey: unique('key-'),
    ...overrides,
  };
}

/** Drafts a proposal through the API (fails the test on an error). */
export async function draftProposal(token: string, input: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await gql(CREATE_PROPOSAL, { input }, token);
  if (response.errors) throw new Error(`createProposal failed: ${JSON.stringify(response.errors)}`);
  return response.data?.createProposal.proposal;
}

export async function answer(token: string, proposalId: string, accept = true): Promise<Record<string, any>> {
  const response = await gql(ANSWER_INVITATION, { input: { proposalId, accept } }, token);
  if (response.errors) throw new Error(`answerInvitation failed: ${JSON.stringify(response.errors)}`);
  return response.data?.answerInvitation.proposal;
}
