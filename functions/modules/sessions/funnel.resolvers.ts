/** The proposal funnel and the speaker balance (public aggregates): thin adapters over the funnel's counters. */
import type { Resolvers } from '../../generated/resolvers-types';
import { groupBalance, regionBalance, thresholdOf } from '../analytics';
import { acrossStages, breakdown, funnelCounter, rate, speakerBalanceView } from './funnel.model';
import { GENDER_MIN_GROUP_SIZE, genderRows, shownGenderCounts, shownGenderTable, shownRate } from './gender-suppression';
import { SESSION_TYPES } from './sessions.model';

export const funnelResolvers: Resolvers = {
  Query: {
    proposalFunnel: (_, { year }, { services }) => services.proposals.funnel.counts(year),
  },
  Programme: {
    proposalFunnel: (p, _, { services }) => services.proposals.funnel.counts(p.year),
  },
  ProposalFunnel: {
    proposals: (f) => acrossStages(f, funnelCounter.proposals),
    byType: (f) => SESSION_TYPES.map((type) => ({ type, figures: acrossStages(f, funnelCounter.type(type.code)) })),
    organisers: (f) => ({ ...breakdown(f, 'organisers'), byGender: genderRows(f, 'organisers') }),
    speakers: (f) => ({ ...breakdown(f, 'speakers'), byGender: genderRows(f, 'speakers') }),
    genderMinimumGroupSize: () => GENDER_MIN_GROUP_SIZE,
    speakerBalance: (f, { stage, threshold }) => speakerBalanceView(f, stage ?? 'ACCEPTED', thresholdOf(threshold)),
  },
  FunnelFigures: {
    submitted: (s) => s.SUBMITTED,
    eligible: (s) => s.ELIGIBLE,
    accepted: (s) => s.ACCEPTED,
    held: (s) => s.HELD,
    eligibilityRate: (s) => rate(s.ELIGIBLE, s.SUBMITTED),
    acceptanceRate: (s) => rate(s.ACCEPTED, s.SUBMITTED),
    selectionRate: (s) => rate(s.ACCEPTED, s.ELIGIBLE),
    heldRate: (s) => rate(s.HELD, s.ACCEPTED),
  },
  FunnelGenderFigures: {
    submitted: (s) => s.SUBMITTED,
    eligible: (s) => s.ELIGIBLE,
    accepted: (s) => s.ACCEPTED,
    held: (s) => s.HELD,
    eligibilityRate: (s) => shownRate(s.ELIGIBLE, s.SUBMITTED),
    acceptanceRate: (s) => shownRate(s.ACCEPTED, s.SUBMITTED),
    selectionRate: (s) => shownRate(s.ACCEPTED, s.ELIGIBLE),
    heldRate: (s) => shownRate(s.HELD, s.ACCEPTED),
  },
  SpeakerBalance: {
    proposals: (b) => b.counts.proposals,
    speakers: (b) => b.counts.speakers,
    byGroup: (b) => groupBalance(b.counts.byGroup, b.threshold),
    byRegion: (b) => regionBalance(b.counts.byRegion, b.threshold),
    byGender: (b) => shownGenderCounts(b.counts.byGender),
    // The themes' genders are suppressed as one table: a theme's small count is not recovered from the others'.
    byTheme: (b) => {
      const table = shownGenderTable(b.themes.map((t) => t.counts.byGender));
      return b.themes.map((t, i) => ({ ...t, byGender: table[i] }));
    },
  },
  ThemeSpeakerBalance: {
    theme: async (t, _, { services }) => {
      const theme = await services.themes.get(t.themeId);
      if (!theme) throw new Error(`Missing theme ${t.themeId} of the funnel`);
      return theme;
    },
    proposals: (t) => t.counts.proposals,
    speakers: (t) => t.counts.speakers,
    byGroup: (t) => groupBalance(t.counts.byGroup, t.threshold),
    byRegion: (t) => regionBalance(t.counts.byRegion, t.threshold),
    byGender: (t) => [...(t.byGender ?? shownGenderTable([t.counts.byGender])[0] ?? [])],
  },
};
