/** The per-request set of domain services. */
import type { Caller } from '../core/auth/caller';
import { ReportingService } from './reporting/reporting.service';
import { StakeholderService } from './stakeholders/stakeholder.service';

export interface Services {
  readonly stakeholders: StakeholderService;
  readonly reporting: ReportingService;
}

export function createServices(caller: Caller, now: () => Date): Services {
  const stakeholders = new StakeholderService(caller, now);
  return {
    stakeholders,
    reporting: new ReportingService(caller, now, stakeholders),
  };
}
