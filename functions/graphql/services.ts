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
import { buildProgramme, type IssueService, type ProgrammeService, type ThemeService } from '../modules/programme';
import { buildMeetings, type InterventionService, type MeetingService } from '../modules/meetings';
import { buildReporting, type Reporting } from '../modules/reporting';
import { buildSchedule, type ScheduleService } from '../modules/schedule';
import { buildSessions, type EvaluationService, type ProposalService, type ScreeningService, type SelectionService } from '../modules/sessions';
import { buildStakeholders, type StakeholderService } from '../modules/stakeholders';

export interface Services {
  readonly stakeholders: StakeholderService;
  readonly reporting: Reporting;
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
  const stakeholders = buildStakeholders(caller, now);
  // The contributions module builds on the consultations module and gives it back its reads, once built.
  const consultations: ConsultationService = buildConsultations(caller, now, { contributions: () => contributions });
  // A withdrawal also takes the contribution out of its themes' participation (the themes are built below).
  const contributions: ContributionService = buildContributions(caller, now, {
    consultations,
    stakeholders,
    withdrawalWrites: (c) => themes.contributionWithdrawalWrites(c),
  });
  const reporting = buildReporting(caller, now, { stakeholders });
  const { programmes, issues, themes } = buildProgramme(caller, now, { stakeholders, consultations, contributions });
  const { proposals, screening, selection, evaluation } = buildSessions(caller, now, { programmes, themes, issues, contributions, stakeholders });
  const { meetings, interventions } = buildMeetings(caller, now, { consultations, contributions, stakeholders, issues, themes, selection });
  const services: Services = {
    stakeholders,
    consultations,
    contributions,
    programmes,
    issues,
    themes,
    reporting,
    analytics: buildAnalytics({ consultations, stakeholders, reporting: reporting.cycles }),
    // The feed resolves each changed object through the same rules as node(id).
    changes: buildChanges((type, id) => fetchNode(services, type, id)),
    mail: buildMail(caller, now),
    meetings,
    interventions,
    proposals,
    selection,
    schedule: buildSchedule(caller, now, { programmes, selection, proposals }),
    screening,
    evaluation,
  };
  return services;
}
