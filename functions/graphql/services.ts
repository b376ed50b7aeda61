/** The per-request set of domain services, each module built from what it needs. */
import type { Caller } from '../core/auth/caller';
import type { NodeType } from '../core/ids';
import { AnalyticsService } from '../modules/analytics';
import { ChangeService } from '../modules/changes';
import { ConsultationService, ContributionService } from '../modules/consultations';
import { MailService } from '../modules/mail';
import { MeetingService } from '../modules/meetings';
import { buildReporting, type Reporting } from '../modules/reporting';
import { StakeholderService } from '../modules/stakeholders';

export interface Services {
  readonly stakeholders: StakeholderService;
  readonly reporting: Reporting;
  readonly consultations: ConsultationService;
  readonly contributions: ContributionService;
  readonly analytics: AnalyticsService;
  readonly changes: ChangeService;
  readonly mail: MailService;
  readonly meetings: MeetingService;
}

/** How the change feed resolves a changed object: through the same rules as `node(id)` (node.fetch.ts). */
export type NodeFetcher = (services: Services, type: NodeType, id: string) => Promise<object | undefined>;

export function createServices(caller: Caller, now: () => Date, fetchNode: NodeFetcher): Services {
  const stakeholders = new StakeholderService(caller, now);
  const consultations = new ConsultationService(caller, now);
  const reporting = buildReporting(caller, now, { stakeholders });
  const contributions = new ContributionService(caller, now, consultations, stakeholders);
  const services: Services = {
    stakeholders,
    consultations,
    contributions,
    reporting,
    analytics: new AnalyticsService(consultations, stakeholders, reporting.cycles),
    // The feed resolves each changed object through the same rules as node(id).
    changes: new ChangeService((type, id) => fetchNode(services, type, id)),
    mail: new MailService(caller, now),
    meetings: new MeetingService(caller, now, consultations, contributions, stakeholders),
  };
  return services;
}
