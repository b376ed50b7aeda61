/**
 * Test meetings: a closed consultation with contributions, a chair on the
 * MAG and a meeting driven through the API to the state a test needs.
 * Everything gets fresh ids, so tests run concurrently without cleanup.
 */
import { randomInt } from 'node:crypto';
import { toGlobalId } from '../../functions/core/ids';
import type { Consultation, Contribution } from '../../functions/modules/consultations';
import { errorCode, gql, secretariatToken, unique, type GraphQLResponse } from './api';
import { closedConsultation, contributeDirect } from './consultations';
import { partition } from './db';
import { createMagMember, createPerson, type TestPerson } from './people';

export const MEETING_FIELDS = `id status version year number title agendaAdoptedAt decisions { id number state version text subjectCount }`;

export const CREATE = `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { ${MEETING_FIELDS} } } }`;
export const SET_AGENDA = `mutation ($input: SetAgendaInput!) { setAgenda(input: $input) { meeting { id version agenda { id number title processes { consultation { id } } items { id number } } } } }`;
export const ADOPT = `mutation ($input: MeetingTransitionInput!) { adoptAgenda(input: $input) { meeting { id status version } } }`;
export const HOLD = `mutation ($input: MeetingTransitionInput!) { holdMeeting(input: $input) { meeting { id status version } } }`;
export const CANCEL = `mutation ($input: CancelMeetingInput!) { cancelMeeting(input: $input) { meeting { id status version cancellation { reason } } } }`;
export const ATTEND = `mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { meeting { id } } }`;
export const RECORD = `mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { id number state version subjectCount } } }`;
export const DECIDE = `mutation ($input: DecideInput!) { decide(input: $input) { decision { id state version decidedAt objections } } }`;
export const DRAFT_MINUTES = `mutation ($input: DraftMinutesInput!) { draftMinutes(input: $input) { minutes { id status version revision body } } }`;
export const REVISE_MINUTES = `mutation ($input: ReviseMinutesInput!) { reviseMinutes(input: $input) { minutes { id status version revision body } } }`;
export const CIRCULATE = `mutation ($input: CirculateMinutesInput!) { circulateMinutes(input: $input) { minutes { id status version amendmentWindowEndsAt } } }`;
export const AMEND = `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { minutes { id } } }`;
export const PUBLISH_MINUTES = `mutation ($input: PublishMinutesInput!) { publishMinutes(input: $input) { minutes { id status version publishedAt } } }`;
export const CREATE_ACTION = `mutation ($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { id status version } } }`;
export const UPDATE_ACTION = `mutation ($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id status version reviewedAt { id } } } }`;

export function must<T extends GraphQLResponse>(response: T): T {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response;
}

export interface MeetingSetup {
  readonly secretariat: string;
  readonly chair: TestPerson;
  readonly consultation: Consultation;
  readonly consultationId: string;
  readonly contributions: Contribution[];
  readonly meetingId: string;
  readonly internalId: string;
  version: number;
}

/** Creates a meeting (current year, a free kind/number slot) through the API. */
export async function createMeeting(
  secretariat: string,
  chair: TestPerson,
  consultationIds: string[],
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const result = await gql(
      CREATE,
      {
        input: {
          year: new Date().getUTCFullYear(),
          kind: ['OPEN_CONSULTATION_DAY', 'IN_PERSON', 'VIRTUAL'][randomInt(0, 3)],
          number: randomInt(1, 100),
          title: `Meeting ${unique()}`,
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          format: 'HYBRID',
          place: 'Geneva',
          onlineLink: 'https://meet.example.org/mag',
          chairId: chair.globalId,
          consultationIds,
          idempotencyKey: unique('key-'),
          ...overrides,
        },
      },
      secretariat,
    );
    if (errorCode(result) === 'CONFLICT') continue;
    const meeting = must(result).data?.createMeeting.meeting;
    return { id: meeting.id, version: meeting.version };
  }
  throw new Error('no free meeting number');
}

/**
 * A closed consultation with `contributionCount` contributions (people of
 * several groups), and a meeting that processes it, driven to `until`.
 */
export async function meetingSetup(until: 'PLANNED' | 'AGENDA_ADOPTED' | 'HELD', contributionCount = 3): Promise<MeetingSetup> {
  const [secretariat, chair, { consultation, globalId: consultationId }] = await Promise.all([secretariatToken(), createMagMember(), closedConsultation(2)]);
  const groups = ['CIVIL_SOCIETY', 'PRIVATE_SECTOR', 'GOVERNMENT'] as const;
  const people = await Promise.all(groups.map((group) => createPerson({ stakeholder: { group } })));
  const contributions: Contribution[] = [];
  const opened = Date.parse(consultation.opensAt);
  for (let i = 0; i < contributionCount; i++) {
    contributions.push(await contributeDirect(consultation, people[i % 3]!.stakeholder, { at: new Date(opened + (i + 1) * 60_000) }));
  }
  const { id: meetingId, version } = await createMeeting(secretariat, chair, [consultationId]);
  const setup: MeetingSetup = {
    secretariat,
    chair,
    consultation,
    consultationId,
    contributions,
    meetingId,
    internalId: Buffer.from(meetingId, 'base64url').toString('utf8').split(':')[1] as string,
    version,
  };
  if (until === 'PLANNED') return setup;
  const agenda = must(
    await gql(
      SET_AGENDA,
      {
        input: {
          meetingId,
          version: setup.version,
          items: [
            { title: 'Adoption of the agenda' },
            { title: 'Inputs to the consultation', expectedOutput: 'Dispositions', minutes: 90, processes: { consultationId } },
          ],
        },
      },
      secretariat,
    ),
  );
  setup.version = agenda.data?.setAgenda.meeting.version;
  setup.version = must(await gql(ADOPT, { input: { meetingId, version: setup.version } }, chair.token)).data?.adoptAgenda.meeting.version;
  if (until === 'AGENDA_ADOPTED') return setup;
  setup.version = must(await gql(HOLD, { input: { meetingId, version: setup.version } }, chair.token)).data?.holdMeeting.meeting.version;
  return setup;
}

export const contributionGlobalId = (c: Contribution) => toGlobalId('Contribution', c.id);

/** Everything stored for a meeting (its partition, its minutes' partition, its decisions' subjects) and the contributions' consultation, to prove a refusal wrote nothing. */
export async function meetingSnapshot(setup: Pick<MeetingSetup, 'internalId' | 'consultation'>): Promise<string> {
  const items = await partition(`MEETING#${setup.internalId}`);
  const decisions = items.filter((item) => item.entity === 'Decision').map((item) => item.id as string);
  const subjects = await Promise.all(decisions.map((id) => partition(`DECISION#${id}`)));
  const minutes = await partition(`MINUTES#${setup.internalId}`);
  const consultation = await partition(`CONSULTATION#${setup.consultation.id}`);
  return JSON.stringify({ items, subjects, minutes, consultation });
}
