/**
 * Builders for selection and schedule tests: eligible proposals written
 * straight through the store (screening is tested elsewhere), a held MAG
 * meeting, decisions about proposals, slot budgets, and the documents the
 * tests use.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../functions/core/dynamodb/client';
import { newId, toGlobalId } from '../../functions/core/ids';
import * as programmeStore from '../../functions/modules/programme/programme.store';
import type { Proposal, Speaker } from '../../functions/modules/sessions/sessions.model';
import { proposalItem } from '../../functions/modules/sessions/sessions.store';
import { gql, secretariatToken } from '../helpers/api';
import { DECIDE, RECORD, meetingSetup, must, type MeetingSetup } from '../helpers/meetings';
import { createPerson, type TestPerson } from '../helpers/people';
import { unique } from '../helpers/api';
import { createProposalCall, type TestProposalCall } from './helpers';

export const SESSION_FIELDS = `id status version title type { code }
  selection { outcome conditions deadline reason conditionsMetAt lapsedAt mergedInto { id } decisionId meetingId }
  history { status note } confirmedAt heldAt cancellation { reason }
  report { keyTakeaways callsToAction participantsByGroup { group count } onsiteParticipants onlineParticipants womenParticipants genderNarrative }
  mainSession { workingGroup { id } feeders { id } }`;
export const SESSION = `query ($id: ID!) { proposal(id: $id) { ${SESSION_FIELDS} } }`;
export const SET_BUDGETS = `mutation ($input: SetSlotBudgetsInput!) { setSlotBudgets(input: $input) { slotBudgets { version types { type slots taken remaining } } } }`;
export const BUDGETS = `query ($year: Int!) { programme(year: $year) { slotBudgets { version types { type slots taken remaining } } } }`;
export const MEET_CONDITIONS = `mutation ($input: MeetConditionsInput!) { meetConditions(input: $input) { proposal { ${SESSION_FIELDS} } } }`;
export const CONFIRM_SESSION = `mutation ($input: SessionTransitionInput!) { confirmSession(input: $input) { proposal { ${SESSION_FIELDS} } } }`;
export const HOLD_SESSION = `mutation ($input: SessionTransitionInput!) { holdSession(input: $input) { proposal { ${SESSION_FIELDS} } } }`;
export const REPORT_SESSION = `mutation ($input: ReportSessionInput!) { reportSession(input: $input) { proposal { ${SESSION_FIELDS} } } }`;
export const CANCEL_SESSION = `mutation ($input: CancelSessionInput!) { cancelSession(input: $input) { proposal { ${SESSION_FIELDS} } } }`;
export const DESIGN_MAIN_SESSION = `mutation ($input: DesignMainSessionInput!) { designMainSession(input: $input) { proposal { ${SESSION_FIELDS} speakers { stakeholder { id } status } } } }`;
export const SESSIONS = `query ($year: Int!, $status: ProposalStatus!) { programme(year: $year) { sessions(status: $status) { edges { node { id status } } } } }`;

export interface SelectionSetup {
  readonly call: TestProposalCall;
  readonly meeting: MeetingSetup;
  readonly secretariat: string;
  readonly proposer: TestPerson;
}

/** A call for proposals (closed) and a held MAG meeting chaired by a MAG member. */
export async function selectionSetup(): Promise<SelectionSetup> {
  const [call, meeting, secretariat, proposer] = await Promise.all([
    createProposalCall({ opensAt: new Date(Date.now() - 48 * 3_600_000), closesAt: new Date(Date.now() - 3_600_000) }),
    meetingSetup('HELD', 0),
    secretariatToken(),
    createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'AFRICAN', gender: 'WOMAN' } }),
  ]);
  return { call, meeting, secretariat, proposer };
}

/** An ELIGIBLE proposal of the call, written straight through the store; its speakers confirmed. */
export async function eligibleProposal(
  call: TestProposalCall,
  proposer: TestPerson,
  options: { speakers?: TestPerson[]; type?: Proposal['type']; status?: Proposal['status']; durationMinutes?: number; title?: string } = {},
): Promise<{ proposal: Proposal; id: string }> {
  const at = new Date().toISOString();
  const speakers: Speaker[] = (options.speakers ?? [proposer]).map((p, i) => ({
    stakeholderId: p.stakeholder.id,
    role: i === 0 ? 'MODERATOR' : 'SPEAKER',
    attendance: 'ONSITE',
    status: 'CONFIRMED',
    group: p.stakeholder.group,
    region: p.stakeholder.region,
    gender: p.stakeholder.gender,
    respondedAt: at,
  }));
  const type = options.type ?? 'WORKSHOP';
  const proposal: Proposal = {
    id: `${call.year}.${newId()}`,
    year: call.year,
    type,
    format: type === 'LIGHTNING_TALK' ? 'TALK' : 'ROUNDTABLE',
    durationMinutes: options.durationMinutes ?? (type === 'LIGHTNING_TALK' ? 30 : 60),
    themeId: call.theme.id,
    policyQuestions: [call.theme.policyQuestions[0] as string],
    title: options.title ?? `Session ${unique()}`.slice(0, 60),
    description: 'A session on community networks and how they are financed across regions.',
    developmentDimension: { linkage: 'DIRECT', explanation: 'Connectivity is the base of digital development.' },
    interactionPlan: 'Short openings, then an open floor.',
    onlineParticipationPlan: 'An online moderator relays questions.',
    proposerId: proposer.stakeholder.id,
    organiserIds: [proposer.stakeholder.id],
    speakers,
    contributionIds: [],
    issueIds: [],
    status: options.status ?? 'ELIGIBLE',
    submittedAt: at,
    version: 3,
    createdAt: at,
    updatedAt: at,
  };
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: proposalItem(proposal) }));
  return { proposal, id: toGlobalId('Proposal', proposal.id) };
}

export async function setBudgets(secretariat: string, call: TestProposalCall, budgets: Record<string, number>, version = 0) {
  return must(
    await gql(
      SET_BUDGETS,
      { input: { programmeId: call.programmeId, version, budgets: Object.entries(budgets).map(([type, slots]) => ({ type, slots })) } },
      secretariat,
    ),
  ).data?.setSlotBudgets.slotBudgets;
}

/** Records a decision with proposal subjects at the meeting (the chair); returns the raw response. */
export function recordSelection(setup: SelectionSetup, subjects: Record<string, unknown>[]) {
  return gql(
    RECORD,
    {
      input: {
        meetingId: setup.meeting.meetingId,
        text: 'The MAG selects the sessions of the programme.',
        subjects: subjects.map((proposal) => ({ proposal })),
        idempotencyKey: unique('key-'),
      },
    },
    setup.meeting.chair.token,
  );
}

export function adopt(setup: SelectionSetup, decision: { id: string; version: number }) {
  return gql(DECIDE, { input: { decisionId: decision.id, version: decision.version, state: 'ADOPTED' } }, setup.meeting.chair.token);
}

/** Records and adopts a decision (fails the test on an error). */
export async function select(setup: SelectionSetup, subjects: Record<string, unknown>[]) {
  const decision = must(await recordSelection(setup, subjects)).data?.recordDecision.decision;
  return must(await adopt(setup, decision)).data?.decide.decision;
}

/** Moves the programme's days (e.g. to today, so sessions can be held). */
export async function moveProgrammeDays(year: number, startsAt: Date, endsAt: Date): Promise<void> {
  const current = await programmeStore.getProgrammeConsistent(year);
  if (!current) throw new Error('no programme');
  const outcome = await programmeStore.updateProgramme(
    { ...current, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), version: current.version + 1 },
    current.version,
  );
  if (outcome !== 'updated') throw new Error('programme not moved');
}

export async function session(id: string, token?: string) {
  return (await gql(SESSION, { id }, token)).data?.proposal;
}
