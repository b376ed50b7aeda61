/** Meeting, decision, action item and minutes fields and operations: thin adapters over MeetingService. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import type { AgendaProcessing, DecisionSubject } from './meeting.model';

/** The GraphQL type of each subject kind (the issue and theme kinds' fields are resolved by the programme module). */
const SUBJECT_TYPES = {
  CONTRIBUTION: 'ContributionSubject',
  MINUTES: 'MinutesSubject',
  ISSUE: 'IssueSubject',
  THEME: 'ThemeSubject',
  PROPOSAL: 'ProposalSubject',
} as const satisfies Record<DecisionSubject['kind'], string>;

const person = async (services: { stakeholders: { get(id: string): Promise<object | undefined> } }, id: string) => {
  const found = await services.stakeholders.get(id);
  if (!found) throw new Error(`No stakeholder ${id}`);
  return found as never;
};

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export const meetingResolvers: Resolvers = {
  Query: {
    meeting: (_, { id }, { services }) => services.meetings.getByGlobalId(id).then((m) => m ?? null),
    meetings: async (_, { filter, first, after }, { services }) => toConnection(await services.meetings.list(filter, first, after)),
    decision: (_, { id }, { services }) => services.meetings.decisionByGlobalId(id).then((d) => d ?? null),
  },
  Mutation: {
    createMeeting: async (_, { input }, { services }) => ({ meeting: await services.meetings.create(input) }),
    updateMeeting: async (_, { input }, { services }) => ({ meeting: await services.meetings.update(input) }),
    setAgenda: async (_, { input }, { services }) => ({ meeting: await services.meetings.setAgenda(input) }),
    adoptAgenda: async (_, { input }, { services }) => ({ meeting: await services.meetings.adoptAgenda(input) }),
    holdMeeting: async (_, { input }, { services }) => ({ meeting: await services.meetings.hold(input) }),
    cancelMeeting: async (_, { input }, { services }) => ({ meeting: await services.meetings.cancel(input) }),
    recordAttendance: async (_, { input }, { services }) => ({ meeting: await services.meetings.recordAttendance(input) }),
    recordDecision: async (_, { input }, { services }) => ({ decision: await services.meetings.recordDecision(input) }),
    decide: async (_, { input }, { services }) => ({ decision: await services.meetings.decide(input) }),
    createActionItem: async (_, { input }, { services }) => ({ actionItem: await services.meetings.createActionItem(input) }),
    updateActionItem: async (_, { input }, { services }) => ({ actionItem: await services.meetings.updateActionItem(input) }),
    draftMinutes: async (_, { input }, { services }) => ({ minutes: await services.meetings.draftMinutes(input) }),
    reviseMinutes: async (_, { input }, { services }) => ({ minutes: await services.meetings.reviseMinutes(input) }),
    circulateMinutes: async (_, { input }, { services }) => ({ minutes: await services.meetings.circulateMinutes(input) }),
    proposeAmendment: async (_, { input }, { services }) => ({ minutes: await services.meetings.proposeAmendment(input) }),
    publishMinutes: async (_, { input }, { services }) => ({ minutes: await services.meetings.publishMinutes(input) }),
  },
  Meeting: {
    id: (m) => toGlobalId('Meeting', m.id),
    place: (m) => m.place ?? null,
    onlineLink: (m) => m.onlineLink ?? null,
    recordingUrl: (m) => m.recordingUrl ?? null,
    transcriptUrl: (m) => m.transcriptUrl ?? null,
    agendaAdoptedAt: (m) => m.agendaAdoptedAt ?? null,
    chair: (m, _, { services }) => person(services, m.chairId),
    consultations: (m, _, { services }) => services.meetings.consultationsOf(m),
    agenda: (m, _, { services }) => services.meetings.agenda(m),
    attendance: (m, _, { services }) => services.meetings.attendance(m),
    decisions: (m, _, { services }) => services.meetings.decisions(m),
    actionItems: (m, _, { services }) => services.meetings.actionItems(m),
    minutes: (m, _, { services }) => services.meetings.minutes(m),
    cancellation: (m) => m.cancellation ?? null,
  },
  AgendaItem: {
    expectedOutput: (a) => a.expectedOutput ?? null,
    minutes: (a) => a.minutes ?? null,
    processes: (a) => a.processes ?? null,
  },
  AgendaProcessing: {
    consultation: async (p, _, { services }) => {
      const consultation = await services.consultations.get(p.consultationId);
      if (!consultation) throw new Error(`No consultation ${p.consultationId}`);
      return consultation;
    },
    contributionIds: (p) => p.contributionIds.map((id) => toGlobalId('Contribution', id)),
    group: (p) => STAKEHOLDER_GROUPS.find((g) => g === p.group) ?? null,
    region: (p) => REGIONS.find((r) => r === p.region) ?? null,
    contributions: async (p: AgendaProcessing, { first, after }, { services }) => toConnection(await services.meetings.agendaContributions(p, first, after)),
  },
  Attendance: {
    stakeholder: (a, _, { services }) => person(services, a.stakeholderId),
  },
  Decision: {
    id: (d) => toGlobalId('Decision', d.id),
    meeting: (d, _, { services }) => services.meetings.meetingOf(d),
    agendaItemId: (d) => d.agendaItemId ?? null,
    decidedAt: (d) => d.decidedAt ?? null,
    subjects: async (d, { first, after }, { services }) => toConnection(await services.meetings.subjects(d, first, after)),
  },
  DecisionSubject: {
    __resolveType: (s: DecisionSubject) => SUBJECT_TYPES[s.kind],
  },
  ContributionSubject: {
    contributionId: (s) => toGlobalId('Contribution', s.contributionId),
    contribution: (s, _, { services }) => services.contributions.get(s.contributionId).then((c) => c ?? null),
  },
  MinutesSubject: {
    meeting: (s, _, { services }) => services.meetings.get(s.meetingId).then((m) => m ?? null),
  },
  ActionItem: {
    id: (a) => toGlobalId('ActionItem', a.id),
    meeting: (a, _, { services }) => services.meetings.meetingOf(a),
    owner: (a, _, { services }) => person(services, a.ownerId),
    reviewedAt: (a, _, { services }) => (a.reviewedAtMeetingId ? services.meetings.get(a.reviewedAtMeetingId).then((m) => m ?? null) : null),
  },
  Minutes: {
    id: (m) => toGlobalId('Minutes', m.meetingId),
    meeting: (m, _, { services }) => services.meetings.meetingOf(m),
    amendmentWindowEndsAt: (m) => m.amendmentWindowEndsAt ?? null,
    approvedBy: (m, _, { services }) => (m.approvedByDecisionId ? services.meetings.decision(m.approvedByDecisionId).then((d) => d ?? null) : null),
    publishedAt: (m) => m.publishedAt ?? null,
    amendments: async (m, { first, after }, { services }) => toConnection(await services.meetings.amendments(m, first, after)),
    revisions: async (m, { first, after }, { services }) => toConnection(await services.meetings.minutesRevisions(m, first, after)),
  },
  MinutesAmendment: {
    author: (a, _, { services }) => person(services, a.authorId),
  },
  MinutesCorrection: {
    decision: (c, _, { services }) => services.meetings.decision(c.decisionId).then((d) => d ?? null),
  },
  Consultation: {
    processingCoverage: async (c, _, { services }) => ({ counts: await services.consultations.processingCounts(c) }),
    meetings: (c, _, { services }) => services.meetings.ofConsultation(c),
  },
  Contribution: {
    decisions: (c, _, { services }) => services.meetings.decisionsOf(c),
  },
  ProcessingCoverage: {
    contributions: ({ counts }) => counts.contributions ?? 0,
    processed: ({ counts }) => counts.processed ?? 0,
    coverage: ({ counts }) => share(counts.processed ?? 0, counts.contributions ?? 0),
    answered: ({ counts }) => counts.answered ?? 0,
    meanDaysToProcess: ({ counts }) => share(counts.processedDays ?? 0, counts.processed ?? 0),
    byGroup: ({ counts }) =>
      STAKEHOLDER_GROUPS.map((group) => ({
        group,
        contributions: counts[`contributions.group.${group}`] ?? 0,
        processed: counts[`processed.group.${group}`] ?? 0,
        coverage: share(counts[`processed.group.${group}`] ?? 0, counts[`contributions.group.${group}`] ?? 0),
        meanDaysToProcess: share(counts[`processedDays.group.${group}`] ?? 0, counts[`processed.group.${group}`] ?? 0),
      })),
    byRegion: ({ counts }) =>
      REGIONS.map((region) => ({
        region,
        contributions: counts[`contributions.region.${region}`] ?? 0,
        processed: counts[`processed.region.${region}`] ?? 0,
        coverage: share(counts[`processed.region.${region}`] ?? 0, counts[`contributions.region.${region}`] ?? 0),
        meanDaysToProcess: share(counts[`processedDays.region.${region}`] ?? 0, counts[`processed.region.${region}`] ?? 0),
      })),
  },
};
