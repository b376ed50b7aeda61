/** The per-request set of domain services, each module built from what it needs. */
import type { Caller } from '../core/auth/caller';
import type { NodeType } from '../core/ids';
import { AnalyticsService } from '../modules/analytics';
import { ChangeService } from '../modules/changes';
import { ConsultationService, ContributionService } from '../modules/consultations';
import { MailService } from '../modules/mail';
import { buildProgramme, type IssueService, type ProgrammeService, type ThemeService } from '../modules/programme';
import { buildMeetings, type InterventionService, type MeetingService } from '../modules/meetings';
import { ReportingService } from '../modules/reporting';
import { buildSchedule, type ScheduleService } from '../modules/schedule';
import { EvaluationService, ProposalService, ScreeningService, SelectionService } from '../modules/sessions';
import { StakeholderService } from '../modules/stakeholders';

export interface Services {
  readonly stakeholders: StakeholderService;
  readonly reporting: ReportingService;
  readonly consultations: ConsultationService;
  readonly contributions: ContributionService;
  readonly analytics: AnalyticsService;
  readonly changes: ChangeService;
  readonly mail: MailService;
  readonly programmes: ProgrammeService;
  readonly issues: IssueService;
  readonly themes: ThemeService;
  readonly meetings: MeetingService;
  readonly proposals: ProposalService;
  readonly screening: ScreeningService;
  readonly interventions: InterventionService;
  readonly selection: SelectionService;
  readonly schedule: ScheduleService;
  readonly evaluation: EvaluationService;
}

/** How the change feed resolves a changed object: through the same rules as `node(id)` (node.fetch.ts). */
export type NodeFetcher = (services: Services, type: NodeType, id: string) => Promise<object | undefined>;

export function createServices(caller: Caller, now: () => Date, fetchNode: NodeFetcher): Services {
  const stakeholders = new StakeholderService(caller, now);
  const consultations = new ConsultationService(caller, now);
  const reporting = new ReportingService(caller, now, stakeholders);
  // A withdrawal also takes the contribution out of its themes' participation (the themes are built below).
  const contributions: ContributionService = new ContributionService(caller, now, consultations, stakeholders, (c) => themes.contributionWithdrawalWrites(c));
  const { programmes, issues, themes } = buildProgramme(caller, now, { stakeholders, consultations, contributions });
  const proposals = new ProposalService(caller, now, programmes, themes, issues, contributions, stakeholders);
  const selection = new SelectionService(caller, now, proposals, programmes, themes, stakeholders);
  const { meetings, interventions } = buildMeetings(caller, now, { consultations, contributions, stakeholders, issues, themes, selection });
  const services: Services = {
    stakeholders,
    consultations,
    contributions,
    programmes,
    issues,
    themes,
    reporting,
    analytics: new AnalyticsService(consultations, stakeholders, reporting),
    // The feed resolves each changed object through the same rules as node(id).
    changes: new ChangeService((type, id) => fetchNode(services, type, id)),
    mail: new MailService(caller, now),
    meetings,
    interventions,
    proposals,
    selection,
    schedule: buildSchedule(caller, now, { programmes, selection, proposals }),
    screening: new ScreeningService(caller, now, proposals, stakeholders),
    evaluation: new EvaluationService(caller, now, proposals, stakeholders, programmes),
  };
  return services;
}
