/**
 * The per-request set of domain services: each module builds its own from its stores (its index.ts) and is
 * given the services of the other modules it needs; this file only composes the builders.
 */
import type { Caller } from '../core/auth/caller';
import type { NodeType } from '../core/ids';
import { buildAnalytics, type AnalyticsService } from '../modules/analytics';
import { buildChanges, type ChangeService } from '../modules/changes';
import { buildConsultations, type ConsultationService } from '../modules/consultations';
import { buildContributions, type ContributionService } from '../modules/contributions';
import { buildMail, type MailService } from '../modules/mail';
import { MeetingService } from '../modules/meetings';
import { buildReporting, type Reporting } from '../modules/reporting';
import { buildStakeholders, type StakeholderService } from '../modules/stakeholders';

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
  const stakeholders = buildStakeholders(caller, now);
  // The contributions module builds on the consultations module and gives it back its reads, once built.
  const consultations: ConsultationService = buildConsultations(caller, now, { contributions: () => contributions });
  const contributions: ContributionService = buildContributions(caller, now, { consultations, stakeholders });
  const reporting = buildReporting(caller, now, { stakeholders });
  const services: Services = {
    stakeholders,
    consultations,
    contributions,
    reporting,
    analytics: buildAnalytics({ consultations, stakeholders, reporting: reporting.cycles }),
    // The feed resolves each changed object through the same rules as node(id).
    changes: buildChanges((type, id) => fetchNode(services, type, id)),
    mail: buildMail(caller, now),
    // The meetings module does not build itself yet (its split is pending): its service is constructed here.
    meetings: new MeetingService(caller, now, consultations, contributions, stakeholders),
  };
  return services;
}
