/**
 * The contributions module's public face: a stakeholder's inputs to a
 * consultation, their revisions, replies and the MAG's answers. It builds on
 * the consultations module (a contribution lives in its consultation's item
 * collection) and gives it back its reads (`ContributionReads`).
 */
import type { Caller } from '../../core/auth/caller';
import type { NamedItem } from '../../core/dynamodb/transact';
import type { ConsultationService, Contribution } from '../consultations';
import type { StakeholderService } from '../stakeholders';
import { answerStore as answers } from './contribution-answers.store';
import { ContributionService } from './contribution.service';
import { contributionStore as contributions } from './contribution.store';

export type { ContributionService } from './contribution.service';
export { contributionResolvers } from './contribution.resolvers';
/** The contributions of a consultation (the mail module's audience of a synthesis). */
export { allContributions } from './contribution.store';

/** Builds the contributions service of a request from the module's DynamoDB stores. */
export function buildContributions(
  caller: Caller,
  now: () => Date,
  needs: {
    readonly consultations: ConsultationService;
    readonly stakeholders: StakeholderService;
    /** Other modules' counters of a contribution that a withdrawal moves (its themes'). */
    readonly withdrawalWrites: (contribution: Contribution) => Promise<readonly NamedItem[]>;
  },
): ContributionService {
  return new ContributionService(caller, now, { contributions, answers }, needs.consultations, needs.stakeholders, needs.withdrawalWrites);
}
