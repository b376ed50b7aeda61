/** The per-request set of domain services. */
import type { Caller } from '../core/auth/caller';
import { ReportingService } from './reporting/reporting.service';
import { StakeholderService } from './stakeholders/stakeholder.service';
import { ConsultationService } from './consultations/consultation.service';
import { ContributionService } from './consultations/contribution.service';

export interface Services {
  readonly stakeholders: StakeholderService;
  readonly reporting: ReportingService;
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
    reporting: new ReportingService(caller, now, stakeholders),
  };
}
