/** The per-request set of domain services. */
import type { Caller } from '../core/auth/caller';
import { StakeholderService } from './stakeholders/stakeholder.service';
import { ConsultationService } from './consultations/consultation.service';
import { ContributionService } from './consultations/contribution.service';

export interface Services {
  readonly stakeholders: StakeholderService;
  readonly consultations: ConsultationService;
  readonly contributions: ContributionService;
}

export function createServices(caller: Caller, now: () => Date): Services {
  const stakeholders = new StakeholderService(caller, now);
  const consultations = new ConsultationService(caller, now);
  return {
    stakeholders,
    consultations,
    contributions: new ContributionService(caller, now, consultations, stakeholders),
  };
}
