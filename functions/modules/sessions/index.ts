/**
 * The session proposals module's public face: session types, the call for
 * proposals, proposals with speakers who confirm and live diversity; the
 * secretariat's screening and the MAG's evaluation; selection by MAG
 * decisions, slot budgets, main sessions and the life of a session after
 * selection (`SelectionService`, whose decision contract the meetings module uses).
 * `buildSessions` wires the module's services from its stores.
 */
import type { Caller } from '../../core/auth/caller';
import type { ContributionService } from '../contributions';
import type { IssueService, ProgrammeService, ThemeService } from '../programme';
import type { StakeholderService } from '../stakeholders';
import * as evaluationStore from './evaluation.store';
import { EvaluationService } from './evaluation.service';
import * as funnelStore from './funnel.store';
import { ProposalService } from './proposal.service';
import { ScreeningService } from './screening.service';
import * as reportsDueStore from './reports-due.store';
import { SelectionService } from './selection.service';
import * as selectionStore from './selection.store';
import * as sessionsStore from './sessions.store';
import type { SessionStores } from './sessions.stores';

export type { ProposalService } from './proposal.service';
export type { ScreeningService } from './screening.service';
export type { SelectionService } from './selection.service';
export { lapseJob } from './selection.jobs';
export type { Session } from './selection.model';
export type { Attendance, SessionTypeCode, SpeakerRole } from './sessions.model';
export { sessionResolvers } from './sessions.resolvers';
export { selectionResolvers } from './selection.resolvers';
export { funnelResolvers } from './funnel.resolvers';
/** The funnel's figures, for the open-data export (services of this module count transitions through ./funnel.ts). */
export { FUNNEL_ROLES, acrossStages, breakdown, funnelCounter, speakerCounts, themesIn, type FunnelCounts, type StageFigures } from './funnel.model';
export { GENDER_MIN_GROUP_SIZE, genderRows, shown, shownRate, themeGenderTables, type ShownFigures } from './gender-suppression';
export { SESSION_TYPES } from './sessions.model';
export { ATTENDANCES, SESSION_TYPE_CODES, SPEAKER_ROLES } from './sessions.model';
export type { EvaluationService } from './evaluation.service';
export { evaluationResolvers } from './evaluation.resolvers';

/** What the sessions module uses of other modules. */
export interface SessionsNeeds {
  readonly programmes: ProgrammeService;
  readonly themes: ThemeService;
  readonly issues: IssueService;
  readonly contributions: ContributionService;
  readonly stakeholders: StakeholderService;
}

/** The sessions module's services: proposals, the secretariat's screening, selection (and the sessions' life), the MAG's evaluation. */
export interface Sessions {
  readonly proposals: ProposalService;
  readonly screening: ScreeningService;
  readonly selection: SelectionService;
  readonly evaluation: EvaluationService;
}

/** The module's DynamoDB stores, as `buildSessions` gives them to the services. */
const STORES: SessionStores = {
  sessions: sessionsStore,
  selection: selectionStore,
  evaluation: evaluationStore,
  funnel: funnelStore,
  reportsDue: reportsDueStore,
};

/** Builds the sessions services of a request from the module's DynamoDB stores. */
export function buildSessions(caller: Caller, now: () => Date, needs: SessionsNeeds): Sessions {
  const stores = STORES;
  const { programmes, themes, issues, contributions, stakeholders } = needs;
  const proposals = new ProposalService(caller, now, programmes, themes, issues, contributions, stakeholders, stores);
  return {
    proposals,
    screening: new ScreeningService(caller, now, proposals, stakeholders, stores),
    selection: new SelectionService(caller, now, proposals, programmes, themes, stakeholders, stores),
    evaluation: new EvaluationService(caller, now, proposals, stakeholders, programmes, stores),
  };
}
