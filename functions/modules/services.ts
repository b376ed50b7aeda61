/** The per-request set of domain services. */
import type { Caller } from '../core/auth/caller';
import { ReportingService } from './reporting/reporting.service';
import { StakeholderService } from './stakeholders/stakeholder.service';
import { ConsultationService } from './consultations/consultation.service';
import { ContributionService } from './consultations/contribution.service';
import { AnalyticsService } from './analytics/analytics.service';
import { ChangeService } from './changes/changes.service';
import { MailService } from './mail/mail.service';
import { fetchNode } from './node.fetch';

export interface Services {
  readonly stakeholders: StakeholderService;
  readonly reporting: ReportingService;
  readonly consultations: ConsultationService;
  readonly contributions: ContributionService;
  readonly analytics: AnalyticsService;
  readonly changes: ChangeService;
  readonly mail: MailService;
}

export function createServices(caller: Caller, now: () => Date): Services {
  const stakeholders = new StakeholderService(caller, now);
  const consultations = new ConsultationService(caller, now);
  const services: Services = {
    stakeholders,
    consultations,
    contributions: new ContributionService(caller, now, consultations, stakeholders),
    reporting: new ReportingService(caller, now, stakeholders),
    analytics: new AnalyticsService(consultations, stakeholders),
    // The feed resolves each changed object through the same rules as node(id).
    changes: new ChangeService((type, id) => fetchNode(services, type, id)),
    mail: new MailService(caller, now),
  };
  return services;
}
