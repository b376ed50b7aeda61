/** Consultation fields and operations: thin adapters over the consultations service. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { selectedArguments, selects } from '../../core/look-ahead';
import { toConnection } from '../../core/pagination';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import { DISPOSITIONS } from './consultation.model';
import type { ContributionsArgs } from './consultation.service';

/**
 * The fields of a consultation served from its counter item. When a query selects one of them, the consultation
 * and its counters are read in one Query (the two items sort next to each other). Declared once, here: the
 * round-trip test (test/performance/read-with-parent.test.ts) asks each field listed and counts the requests.
 */
export const READ_WITH_CONSULTATION = ['counts', 'analytics', 'processingCoverage'] as const satisfies readonly (keyof NonNullable<
  Resolvers['Consultation']
>)[];

export const consultationResolvers: Resolvers = {
  Query: {
    consultation: (_, { id }, { services }, info) =>
      services.consultations
        .getByGlobalId(
          id,
          selectedArguments<ContributionsArgs>(info, 'contributions'),
          READ_WITH_CONSULTATION.some((field) => selects(info, field)),
        )
        .then((c) => c ?? null),
    consultations: async (_, { filter, first, after }, { services }) => toConnection(await services.consultations.list(filter, first, after)),
  },
  Mutation: {
    createConsultation: async (_, { input }, { services }) => ({ consultation: await services.consultations.create(input) }),
    updateConsultation: async (_, { input }, { services }) => ({ consultation: await services.consultations.update(input) }),
    scheduleConsultation: async (_, { input }, { services }) => ({ consultation: await services.consultations.schedule(input) }),
    publishSynthesis: async (_, { input }, { services }) => ({ consultation: await services.consultations.publishSynthesis(input) }),
    extendConsultation: async (_, { input }, { services }) => ({ consultation: await services.consultations.dates.extend(input) }),
    closeConsultationEarly: async (_, { input }, { services }) => ({ consultation: await services.consultations.dates.closeEarly(input) }),
    cancelConsultation: async (_, { input }, { services }) => ({ consultation: await services.consultations.dates.cancel(input) }),
  },
  Consultation: {
    id: (c) => toGlobalId('Consultation', c.id),
    status: (c, _, { services }) => services.consultations.status(c),
    questions: (c, _, { services }) => services.consultations.questions(c),
    synthesis: (c) => c.synthesis ?? null,
    dateChanges: (c) => [...(c.dateChanges ?? [])],
    counts: (c, _, { services }) => services.consultations.counts(c),
    contributions: async (c, args, { services }) => toConnection(await services.consultations.contributions(c, args)),
  },
  ConsultationDateChange: {
    changedBy: (change, _, { services }) => services.consultations.dates.changedBy(change),
  },
  Synthesis: {
    references: async (s, _, { services }) =>
      (await Promise.all(s.referenceIds.map((id) => services.contributions.loader.load(id)))).filter((c) => c !== undefined),
  },
  ParticipationCounts: {
    contributions: ({ counts }) => counts.contributions ?? 0,
    replies: ({ counts }) => counts.replies ?? 0,
    withdrawn: ({ counts }) => counts.withdrawn ?? 0,
    contributors: ({ counts }) => counts.contributors ?? 0,
    byGroup: ({ counts }) =>
      STAKEHOLDER_GROUPS.map((group) => ({
        group,
        contributions: counts[`contributions.group.${group}`] ?? 0,
        contributors: counts[`contributors.group.${group}`] ?? 0,
      })),
    byRegion: ({ counts }) =>
      REGIONS.map((region) => ({
        region,
        contributions: counts[`contributions.region.${region}`] ?? 0,
        contributors: counts[`contributors.region.${region}`] ?? 0,
      })),
    byDisposition: ({ counts, showDispositions }) =>
      showDispositions ? DISPOSITIONS.map((disposition) => ({ disposition, contributions: counts[`disposition.${disposition}`] ?? 0 })) : null,
    answered: ({ counts, showDispositions }) => (showDispositions ? (counts.answered ?? 0) : null),
  },
};
