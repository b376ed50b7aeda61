/** The per-request set of domain services. */
import type { Caller } from '../core/auth/caller';
import { StakeholderService } from './stakeholders/stakeholder.service';

export interface Services {
  readonly stakeholders: StakeholderService;
}

export function createServices(caller: Caller, now: () => Date): Services {
  return {
    stakeholders: new StakeholderService(caller, now),
  };
}
