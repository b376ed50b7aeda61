/**
 * The consultations module's public face: what other modules, the GraphQL
 * edge and the scheduler may use. The contributions module builds on it: a
 * consultation's contributions live in its item collection and move its
 * counters, so their model, rules and the consultation's item are here.
 */
export {
  CAPACITIES,
  DISPOSITIONS,
  addInto,
  answered,
  buildContribution,
  contributionId,
  contributionIdParts,
  contributionIncrements,
  contributorIncrements,
  dispositionIncrements,
  processingIncrements,
  revise,
  sha256Hex,
  withdrawn,
  type Answer,
  type Consultation,
  type ConsultationCounter,
  type ConsultationCounts,
  type ConsultationStatus,
  type Contribution,
  type ContributionRevision,
  type Disposition,
  type QuestionView,
  type RevisionView,
} from './consultation.model';
export { answerRefusal, contributionRefusal } from './consultation.lifecycle';
import type { Caller } from '../../core/auth/caller';
import { ConsultationService } from './consultation.service';
import { consultationStore as consultations } from './consultation.store';
import type { ContributionReads } from './contribution-reads';

export type { ConsultationService } from './consultation.service';

/**
 * Builds the consultations service of a request from the module's DynamoDB store. Its contributions are
 * read through the contributions module, which builds on this one: given as a function, called once built.
 */
export function buildConsultations(caller: Caller, now: () => Date, needs: { readonly contributions: () => ContributionReads }): ConsultationService {
  return new ConsultationService(caller, now, { consultations }, needs.contributions);
}
export type { ConsultationWithContributions, ContributionFilter, ContributionReads } from './contribution-reads';
export { consultationResolvers } from './consultation.resolvers';
export { consultationStatusJob } from './consultation-status.job';
/** The consultation's item, for the contribution stores that write into its item collection. */
export { clockedValues, consultationFromItem, getCountsOf } from './consultation.store';
/** The consultation's window as copied on its counter shards: the open-window condition of a contribution write. */
export { openWindowCheck, whileOpen } from './consultation-window.store';
/** The operator's move of a table written before the counter shards (ops/migrate-counter-shards.ts). */
export { migrateCounterShards } from './counter-shards.migration.store';
