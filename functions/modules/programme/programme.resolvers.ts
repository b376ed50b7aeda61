/** Programme, call-for-issues, issue and theme fields and operations: thin adapters over the module's services. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';
import { groupBalance, participationBalance, regionBalance, thresholdOf } from '../analytics';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import { DEVELOPMENT_LINKAGES, backers, breadth, callCounter } from './programme.model';
import { countsBy } from './programme.service';
import { issuePageAttributes } from './issue.projection';

/** The balance views of issues and calls use the analytics' default threshold. */
const DEFAULT_THRESHOLD = thresholdOf(undefined);

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`Missing ${what}`);
  return value;
};

export const programmeResolvers: Resolvers = {
  Query: {
    programme: (_, { year }, { services }) => services.programmes.get(year).then((p) => p ?? null),
    programmes: async (_, { first, after }, { services }) => toConnection(await services.programmes.list(first, after)),
    issueCall: (_, { year }, { services }) => services.programmes.call(year).then((c) => c ?? null),
    issues: async (_, { callId, ...args }, { services }, info) => toConnection(await services.issues.listOfCall(callId, args, issuePageAttributes(info))),
    issue: (_, { id }, { services }) => services.issues.getByGlobalId(id).then((i) => i ?? null),
    theme: (_, { id }, { services }) => services.themes.getByGlobalId(id).then((t) => t ?? null),
    myIssues: async (_, { first, after }, { services }) => toConnection(await services.issues.mine(first, after)),
  },
  Mutation: {
    createProgramme: async (_, { input }, { services }) => ({ programme: await services.programmes.create(input) }),
    updateProgramme: async (_, { input }, { services }) => ({ programme: await services.programmes.update(input) }),
    scheduleIssueCall: async (_, { input }, { services }) => ({ call: await services.programmes.scheduleCall(input) }),
    submitIssue: async (_, { input }, { services }) => ({ issue: await services.issues.submit(input) }),
    withdrawIssue: async (_, { input }, { services }) => ({ issue: await services.issues.withdraw(input) }),
    supportIssue: (_, { input }, { services }) => services.issues.support(input),
    mergeIssue: async (_, { input }, { services }) => ({ issue: await services.issues.merge(input) }),
    createTheme: async (_, { input }, { services }) => ({ theme: await services.themes.create(input) }),
    updateTheme: async (_, { input }, { services }) => ({ theme: await services.themes.update(input) }),
    tagWithThemes: async (_, { input }, { services }) => ({ themes: await services.themes.tag(input) }),
  },
  Programme: {
    id: (p) => toGlobalId('Programme', String(p.year)),
    issueCall: (p, _, { services }) => services.programmes.call(p.year).then((c) => c ?? null),
    themes: async (p, { first, after }, { services }) => toConnection(await services.themes.list(p.year, first, after)),
    developmentCoverage: (p, _, { services }) => services.programmes.developmentCoverage(p.year),
  },
  IssueCall: {
    id: (c) => toGlobalId('IssueCall', String(c.year)),
    programme: async (c, _, { services }) => required(await services.programmes.get(c.year), `programme of call ${c.year}`),
    status: (c, _, { services }) => services.programmes.callStatus(c),
    counts: (c) => ({ counts: c.counts, categories: c.categories }),
    issues: async (c, args, { services }, info) => toConnection(await services.issues.list(c, args, issuePageAttributes(info))),
  },
  IssueCallCounts: {
    issues: ({ counts }) => counts[callCounter.issues] ?? 0,
    issuesByGroup: ({ counts }) => groupBalance(countsBy(counts, 'issues.group.', STAKEHOLDER_GROUPS), DEFAULT_THRESHOLD),
    issuesByRegion: ({ counts }) => regionBalance(countsBy(counts, 'issues.region.', REGIONS), DEFAULT_THRESHOLD),
    supports: ({ counts }) => counts[callCounter.supports] ?? 0,
    supportsByGroup: ({ counts }) => groupBalance(countsBy(counts, 'supports.group.', STAKEHOLDER_GROUPS), DEFAULT_THRESHOLD),
    supportsByRegion: ({ counts }) => regionBalance(countsBy(counts, 'supports.region.', REGIONS), DEFAULT_THRESHOLD),
    issuesBackedByEveryGroup: ({ counts }) => counts[callCounter.breadth(STAKEHOLDER_GROUPS.length)] ?? 0,
    issuesBackedByOneGroup: ({ counts }) => counts[callCounter.breadth(1)] ?? 0,
    byBreadth: ({ counts }) => STAKEHOLDER_GROUPS.map((_, i) => ({ breadth: i + 1, issues: counts[callCounter.breadth(i + 1)] ?? 0 })),
    byCategory: ({ counts, categories }) => categories.map((category) => ({ category, issues: counts[callCounter.category(category.code)] ?? 0 })),
    byDevelopmentLinkage: ({ counts }) => DEVELOPMENT_LINKAGES.map((linkage) => ({ linkage, count: counts[callCounter.development(linkage)] ?? 0 })),
    merged: ({ counts }) => counts[callCounter.merged] ?? 0,
  },
  Issue: {
    id: (i) => toGlobalId('Issue', i.id),
    call: async (i, _, { services }) => services.issues.callOf(i),
    categories: async (i, _, { services }) => {
      const call = await services.issues.callOf(i);
      return i.categories.map((code) => call.categories.find((c) => c.code === code) ?? { code, title: code });
    },
    discussedElsewhere: (i) => i.discussedElsewhere ?? null,
    author: async (i, _, { services }) => required(await services.stakeholders.get(i.authorId), `author of issue ${i.id}`),
    organisation: (i, _, { services }) => (i.organisationId ? services.stakeholders.get(i.organisationId).then((o) => o ?? null) : null),
    mergedInto: (i, _, { services }) => (i.mergedInto ? services.issues.get(i.mergedInto).then((m) => m ?? null) : null),
    decline: (i) =>
      i.decline ? { ...i.decline, decisionId: toGlobalId('Decision', i.decline.decisionId), meetingId: toGlobalId('Meeting', i.decline.meetingId) } : null,
    listedSupporters: async (i, { first, after }, { services }) => toConnection(await services.issues.listedSupporters(i, first, after)),
    mySupport: (i, _, { services }) => services.issues.mySupport(i),
  },
  IssueSupport: {
    backers: (s) => backers(s),
    byGroup: (s) => groupBalance(s.byGroup, DEFAULT_THRESHOLD),
    byRegion: (s) => regionBalance(s.byRegion, DEFAULT_THRESHOLD),
    breadth: (s) => breadth(s),
    balanceIndex: (s) => groupBalance(s.byGroup, DEFAULT_THRESHOLD).balanceIndex,
  },
  IssueSupportRecord: {
    supporter: async (s, _, { services }) => ((await services.issues.supporterShown(s)) ? ((await services.stakeholders.get(s.supporterId)) ?? null) : null),
    comment: async (s, _, { services }) => ((await services.issues.supporterShown(s)) ? (s.comment ?? null) : null),
  },
  Theme: {
    id: (t) => toGlobalId('Theme', t.id),
    programme: async (t, _, { services }) => required(await services.programmes.get(t.year), `programme of theme ${t.id}`),
    issues: (t, _, { services }) => services.themes.sourceIssues(t),
    adoption: (t) =>
      t.adoption ? { ...t.adoption, decisionId: toGlobalId('Decision', t.adoption.decisionId), meetingId: toGlobalId('Meeting', t.adoption.meetingId) } : null,
    consultations: (t, _, { services }) => services.themes.consultationsOf(t),
    participation: async (t, { threshold }, { services }) => participationBalance(await services.themes.participationCounts(t), thresholdOf(threshold)),
  },
  IssueSubject: {
    issueId: (s) => toGlobalId('Issue', s.issueId),
    issue: (s, _, { services }) => services.issues.get(s.issueId).then((i) => i ?? null),
  },
  ThemeSubject: {
    themeId: (s) => toGlobalId('Theme', s.themeId),
    theme: (s, _, { services }) => services.themes.get(s.themeId).then((t) => t ?? null),
  },
  Consultation: {
    themes: (c, _, { services }) => services.themes.themesOf('Consultation', c.id),
  },
  Contribution: {
    themes: (c, _, { services }) => services.themes.themesOf('Contribution', c.id),
  },
};
