/** Session types, the call for proposals, proposals and invitations: thin adapters over the proposal service. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';
import { groupBalance, regionBalance, thresholdOf } from '../analytics';
import { DEVELOPMENT_LINKAGES, share } from '../programme';
import { GENDERS } from '../stakeholders';
import { SCREENING_REASONS } from './screening.model';
import { proposalCallYear } from './proposal.inputs';
import { SESSION_TYPES, SESSION_TYPE_CODES, proposalCallCounter, sessionType } from './sessions.model';

const DEFAULT_THRESHOLD = thresholdOf(undefined);

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`Missing ${what}`);
  return value;
};

const present = <T>(values: readonly (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

export const sessionResolvers: Resolvers = {
  Query: {
    sessionTypes: () => [...SESSION_TYPES],
    proposal: (_, { id }, { services }) => services.proposals.getByGlobalId(id).then((p) => p ?? null),
    myProposals: async (_, { first, after }, { services }) => toConnection(await services.proposals.mine(first, after)),
    myInvitations: async (_, { first, after }, { services }) => toConnection(await services.proposals.invitations(first, after)),
  },
  Mutation: {
    scheduleProposalCall: async (_, { input }, { services }) => ({ call: await services.proposals.scheduleCall(input) }),
    createProposal: async (_, { input }, { services }) => ({ proposal: await services.proposals.create(input) }),
    updateProposal: async (_, { input }, { services }) => ({ proposal: await services.proposals.update(input) }),
    submitProposal: async (_, { input }, { services }) => ({ proposal: await services.proposals.submit(input) }),
    answerInvitation: async (_, { input }, { services }) => ({ proposal: await services.proposals.answer(input) }),
    screenProposals: async (_, { input }, { services }) => {
      const result = await services.screening.screen(input);
      return { ...result, call: await services.proposals.callOf({ year: proposalCallYear(input.callId, 'input.callId') }) };
    },
    appealScreening: async (_, { input }, { services }) => ({ proposal: await services.screening.appeal(input) }),
    decideAppeal: async (_, { input }, { services }) => ({ proposal: await services.screening.decideAppeal(input) }),
  },
  Programme: {
    proposalCall: (p, _, { services }) => services.proposals.call(p.year).then((c) => c ?? null),
  },
  SessionType: {
    formats: (t) => [...t.formats],
    durations: (t) => [...t.durations],
  },
  ProposalCall: {
    id: (c) => toGlobalId('ProposalCall', String(c.year)),
    programme: async (c, _, { services }) => required(await services.programmes.get(c.year), `programme of call ${c.year}`),
    status: (c, _, { services }) => services.proposals.callStatus(c),
    drafted: (c) => c.counts[proposalCallCounter.drafts] ?? 0,
    submitted: (c) => c.counts[proposalCallCounter.submitted] ?? 0,
    submittedByType: (c) => SESSION_TYPE_CODES.map((type) => ({ type, count: c.counts[proposalCallCounter.submittedByType(type)] ?? 0 })),
    eligible: (c) => c.counts[proposalCallCounter.eligible] ?? 0,
    screenedOut: (c) => c.counts[proposalCallCounter.screenedOut] ?? 0,
    restored: (c) => c.counts[proposalCallCounter.restored] ?? 0,
    screenedOutByReason: (c) => SCREENING_REASONS.map((reason) => ({ reason, count: c.counts[proposalCallCounter.screenedOutFor(reason)] ?? 0 })),
  },
  Proposal: {
    id: (p) => toGlobalId('Proposal', p.id),
    call: (p, _, { services }) => services.proposals.callOf(p),
    type: (p) => sessionType(p.type),
    theme: async (p, _, { services }) => required(await services.themes.get(p.themeId), `theme of proposal ${p.id}`),
    policyQuestions: (p) => [...p.policyQuestions],
    proposer: async (p, _, { services }) => required(await services.stakeholders.get(p.proposerId), `proposer of ${p.id}`),
    organisers: async (p, _, { services }) => present(await Promise.all(p.organiserIds.map((id) => services.stakeholders.get(id)))),
    speakers: (p) => [...p.speakers],
    diversity: (p, _, { services }) => services.proposals.diversity(p),
    contributions: async (p, _, { services }) => present(await Promise.all(p.contributionIds.map((id) => services.contributions.get(id)))),
    issues: async (p, _, { services }) => present(await Promise.all(p.issueIds.map((id) => services.issues.get(id)))),
    submittedAt: (p) => p.submittedAt ?? null,
    screening: (p) =>
      p.screening
        ? {
            reasons: [...p.screening.reasons],
            screenedAt: p.screening.screenedAt,
            appealStatement: p.screening.appeal?.statement ?? null,
            appealedAt: p.screening.appeal?.appealedAt ?? null,
            restored: p.screening.appealDecision?.restored ?? null,
            appealDecisionReason: p.screening.appealDecision?.reason ?? null,
            appealDecidedAt: p.screening.appealDecision?.decidedAt ?? null,
          }
        : null,
    versions: async (p, { first, after }, { services }) => toConnection(await services.proposals.versions(p, first, after)),
  },
  ProposalSpeaker: {
    stakeholder: async (s, _, { services }) => required(await services.stakeholders.get(s.stakeholderId), `speaker ${s.stakeholderId}`),
    respondedAt: (s) => s.respondedAt ?? null,
  },
  ProposalDiversity: {
    byGroup: (d) => groupBalance(d.byGroup, DEFAULT_THRESHOLD),
    byRegion: (d) => regionBalance(d.byRegion, DEFAULT_THRESHOLD),
    byGender: (d) => GENDERS.map((gender) => ({ gender, count: d.byGender[gender] ?? 0 })).filter((g) => g.count > 0),
    balanceIndex: (d) => groupBalance(d.byGroup, DEFAULT_THRESHOLD).balanceIndex,
    violations: (d) => [...d.violations],
  },
  // The sessions' part of a programme's development coverage: from the call for proposals' counters (1 GetItem, batched).
  DevelopmentCoverage: {
    sessions: async (c, _, { services }) => (await services.proposals.call(c.year))?.counts[proposalCallCounter.submitted] ?? 0,
    sessionsLinked: async (c, _, { services }) => linkedSessions((await services.proposals.call(c.year))?.counts ?? {}),
    sessionShare: async (c, _, { services }) => {
      const counts = (await services.proposals.call(c.year))?.counts ?? {};
      return share(linkedSessions(counts), counts[proposalCallCounter.submitted] ?? 0);
    },
    sessionsByLinkage: async (c, _, { services }) => {
      const counts = (await services.proposals.call(c.year))?.counts ?? {};
      return DEVELOPMENT_LINKAGES.map((linkage) => ({ linkage, count: counts[proposalCallCounter.submittedByLinkage(linkage)] ?? 0 }));
    },
  },
};

function linkedSessions(counts: Readonly<Record<string, number>>): number {
  return DEVELOPMENT_LINKAGES.filter((linkage) => linkage !== 'NONE').reduce(
    (sum, linkage) => sum + (counts[proposalCallCounter.submittedByLinkage(linkage)] ?? 0),
    0,
  );
}
