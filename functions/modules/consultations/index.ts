/**
 * The consultations module's public face (consultations and contributions):
 * what other modules, the GraphQL edge and the scheduler may use.
 */
export {
  DISPOSITIONS,
  contributionIdParts,
  type Answer,
  type Consultation,
  type ConsultationCounter,
  type ConsultationCounts,
  type ConsultationStatus,
  type Contribution,
  type Disposition,
} from './consultation.model';
export { ConsultationService } from './consultation.service';
export { ContributionService } from './contribution.service';
export { consultationResolvers } from './consultation.resolvers';
export { consultationStatusJob } from './consultation-status.job';
/** The contributions of a consultation (the mail module's audience of a synthesis). */
export { allContributions } from './contribution.store';
