/**
 * Session proposals' items, declared once (core/dynamodb/entity.ts): the call
 * for proposals (its counters `n:*` on the item), a proposal — with what
 * selection and the later life of a session add to it, one item from draft to
 * report —, its saved versions and its speakers' invitations: their
 * attributes, which index slots they fill, their access patterns, and how
 * they are read back (a malformed item is refused). Key formats stay in
 * sessions.keys.ts; the module's stores build and parse these items only here.
 */
import type { Item } from '../../core/dynamodb/batch';
import { readCounts } from '../../core/dynamodb/counters';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import { DEVELOPMENT_LINKAGES } from '../programme';
import { GENDERS, REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import { type FunnelPerson, type FunnelSnapshot } from './funnel.model';
import { SELECTION_OUTCOMES, type Session, type SessionReport } from './selection.model';
import { sessionKeys as keys } from './sessions.keys';
import {
  ATTENDANCES,
  DEFAULT_SCREENING_RULES,
  INVITATION_STATUSES,
  PROPOSAL_STATUSES,
  SCREENING_REASONS,
  SESSION_FORMATS,
  SESSION_TYPE_CODES,
  SPEAKER_ROLES,
  type DiversityRules,
  type ProposalCall,
  type ProposalCallWithCounts,
  type ProposalVersion,
  type ScreeningRules,
  type Speaker,
} from './sessions.model';

export const CALL = 'ProposalCall';
const PROPOSAL = 'Proposal';

/** The call item without its counters (`n:*`, see counters.ts). */
export const callEntity = defineEntity<ProposalCall>()({
  name: CALL,
  attributes: {
    year: attr.number,
    opensAt: attr.string,
    closesAt: attr.string,
    hybrid: attr.boolean,
    rules: attr.object<DiversityRules>({
      minConfirmedSpeakers: attr.number,
      genderDiverse: attr.boolean,
      minGroups: attr.number,
      minRegions: attr.number,
      minOnsiteSpeakers: attr.number,
    }),
    // Calls saved before a screening rule existed read with its default.
    screening: {
      parse: (value, path) =>
        attr
          .object<ScreeningRules>({
            proposalsPerProposer: attr.number,
            sessionsPerSpeaker: attr.number,
            magMembersMayNotPropose: attr.boolean,
            earlierReportsRequired: attr.boolean,
            windowDays: attr.number,
          })
          .parse({ ...DEFAULT_SCREENING_RULES, ...attr.optional(attr.written<Partial<ScreeningRules>>()).parse(value, path) }, path),
    },
    version: attr.number,
    createdAt: attr.string,
    updatedAt: attr.string,
  },
  key: (call) => keys.call(call.year),
  patterns: {},
});

export function callFromItem(item: Item): ProposalCallWithCounts {
  return { ...callEntity.parse(item), counts: readCounts(item) };
}

const person = attr.object<FunnelPerson>({
  group: attr.oneOf(STAKEHOLDER_GROUPS),
  region: attr.oneOf(REGIONS),
  gender: attr.optional(attr.oneOf(GENDERS)),
  firstTime: attr.boolean,
  developing: attr.boolean,
});
const snapshot = attr.object<FunnelSnapshot>({
  themeId: attr.string,
  type: attr.string,
  organisers: attr.list(person),
  speakers: attr.list(person),
  at: attr.string,
});
const speaker = attr.object<Speaker>({
  stakeholderId: attr.string,
  role: attr.oneOf(SPEAKER_ROLES),
  attendance: attr.oneOf(ATTENDANCES),
  status: attr.oneOf(INVITATION_STATUSES),
  group: attr.oneOf(STAKEHOLDER_GROUPS),
  region: attr.oneOf(REGIONS),
  gender: attr.optional(attr.oneOf(GENDERS)),
  respondedAt: attr.optional(attr.string),
});
const strings = attr.list(attr.string);

/** A proposal's item, with what selection and the later life of a session add (all optional: earlier items lack them). */
export const proposalEntity = defineEntity<Session>()({
  name: PROPOSAL,
  attributes: {
    id: attr.string,
    year: attr.number,
    type: attr.oneOf(SESSION_TYPE_CODES),
    format: attr.oneOf(SESSION_FORMATS),
    durationMinutes: attr.number,
    themeId: attr.string,
    policyQuestions: strings,
    title: attr.string,
    description: attr.string,
    developmentDimension: attr.object({ linkage: attr.oneOf(DEVELOPMENT_LINKAGES), explanation: attr.string }),
    interactionPlan: attr.string,
    onlineParticipationPlan: attr.string,
    proposerId: attr.string,
    organiserIds: strings,
    speakers: attr.list(speaker),
    contributionIds: strings,
    issueIds: strings,
    status: attr.oneOf(PROPOSAL_STATUSES),
    submittedAt: attr.optional(attr.string),
    screening: attr.optional(
      attr.object({
        reasons: attr.list(attr.oneOf(SCREENING_REASONS)),
        screenedAt: attr.string,
        appeal: attr.optional(attr.object({ statement: attr.string, appealedAt: attr.string })),
        appealDecision: attr.optional(attr.object({ restored: attr.boolean, reason: attr.string, decidedBy: attr.string, decidedAt: attr.string })),
      }),
    ),
    funnel: attr.optional(
      attr.object({ SUBMITTED: attr.optional(snapshot), ELIGIBLE: attr.optional(snapshot), ACCEPTED: attr.optional(snapshot), HELD: attr.optional(snapshot) }),
    ),
    version: attr.number,
    createdAt: attr.string,
    updatedAt: attr.string,
    selection: attr.optional(
      attr.object({
        outcome: attr.oneOf(SELECTION_OUTCOMES),
        decisionId: attr.string,
        meetingId: attr.string,
        decidedAt: attr.string,
        conditions: attr.optional(strings),
        deadline: attr.optional(attr.string),
        conditionsMet: attr.optional(attr.object({ note: attr.string, by: attr.string, at: attr.string })),
        lapsedAt: attr.optional(attr.string),
        mergedInto: attr.optional(attr.string),
        reason: attr.optional(attr.string),
      }),
    ),
    mainSession: attr.optional(attr.object({ workingGroupIds: strings, feederIds: strings })),
    slot: attr.optional(attr.object({ slotId: attr.string, startsAt: attr.string, endsAt: attr.string })),
    report: attr.optional(
      attr.object<SessionReport>({
        keyTakeaways: strings,
        callsToAction: strings,
        participantsByGroup: attr.record(attr.number),
        onsiteParticipants: attr.number,
        onlineParticipants: attr.number,
        womenParticipants: attr.number,
        genderNarrative: attr.string,
        reportedBy: attr.string,
        reportedAt: attr.string,
      }),
    ),
    cancellation: attr.optional(attr.object({ reason: attr.string, by: attr.string, at: attr.string })),
    heldAt: attr.optional(attr.string),
    confirmedAt: attr.optional(attr.string),
    history: attr.optional(
      attr.list(attr.object({ status: attr.oneOf(PROPOSAL_STATUSES), at: attr.string, by: attr.string, note: attr.optional(attr.string) })),
    ),
  },
  key: (p) => keys.proposal(p.id),
  // The change feed lists a proposal at its latest write; readers resolve it through the proposal rules.
  changes: (p) => [p.updatedAt, p.id],
  patterns: {
    /** A year's proposals (and sessions) by status, oldest first. */
    ofYearByStatus: {
      index: 'gsi1',
      pk: (p: Pick<Session, 'year'>) => keys.proposalsOfYear(p.year),
      sk: (p) => keys.byStatus(p.status, p.createdAt, p.id),
    },
    /** A proposer's proposals (newest first when read backwards). */
    ofProposer: {
      index: 'gsi2',
      pk: (p: Pick<Session, 'proposerId'>) => keys.proposalsOfProposer(p.proposerId),
      sk: (p) => keys.byTime(p.createdAt, p.id),
    },
  },
});

export const versionEntity = defineEntity<ProposalVersion>()({
  name: 'ProposalVersion',
  attributes: {
    proposalId: attr.string,
    version: attr.number,
    title: attr.string,
    description: attr.string,
    savedBy: attr.string,
    savedAt: attr.string,
    snapshot: attr.string,
  },
  key: (v) => keys.version(v.proposalId, v.version),
  patterns: {
    /** A proposal's saved versions (in its own partition; `sk` begins with the versions' prefix). */
    ofProposal: { pk: (p: Pick<ProposalVersion, 'proposalId'>) => keys.proposalPartition(p.proposalId) },
  },
});

/** A speaker invited to a proposal (one item per speaker; the proposal is read through the loader). */
interface Invitation {
  readonly proposalId: string;
  readonly stakeholderId: string;
  readonly invitedAt: string;
}

export const invitationEntity = defineEntity<Invitation>()({
  name: 'SpeakerInvitation',
  attributes: { proposalId: attr.string, stakeholderId: attr.string, invitedAt: attr.string },
  key: (i) => keys.invitation(i.proposalId, i.stakeholderId),
  patterns: {
    /** A speaker's invitations (newest first when read backwards). */
    ofSpeaker: {
      index: 'gsi2',
      pk: (p: Pick<Invitation, 'stakeholderId'>) => keys.invitationsOf(p.stakeholderId),
      sk: (i) => keys.byTime(i.invitedAt, i.proposalId),
    },
  },
});
