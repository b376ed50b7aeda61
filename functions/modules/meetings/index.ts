/**
 * The meetings module's public face (MAG meetings: agendas, attendance,
 * decisions with typed subjects, action items, minutes, interventions): what
 * the GraphQL edge, other modules and the local tools may use.
 * `buildMeetings` wires the module's services from its stores.
 */
import type { Caller } from '../../core/auth/caller';
import type { ConsultationService } from '../consultations';
import type { ContributionService } from '../contributions';
import type { IssueService, ThemeService } from '../programme';
import type { SelectionService } from '../sessions';
import type { StakeholderService } from '../stakeholders';
import * as actionItems from './action-item.store';
import * as attendance from './attendance.store';
import * as decisions from './decision.store';
import { InterventionService } from './interventions.service';
import * as interventions from './interventions.store';
import * as pages from './meeting-page.store';
import { MeetingService } from './meeting.service';
import * as meetings from './meeting.store';
import * as minutes from './minutes.store';

export { MeetingService } from './meeting.service';
export { meetingResolvers } from './meeting.resolvers';
export { InterventionService } from './interventions.service';
export { interventionResolvers } from './interventions.resolvers';
export type { Meeting } from './meeting.model';

/** The meetings module's services. */
export interface Meetings {
  readonly meetings: MeetingService;
  readonly interventions: InterventionService;
}

/** What the meetings module uses of other modules. */
export interface MeetingNeeds {
  readonly consultations: ConsultationService;
  readonly contributions: ContributionService;
  readonly stakeholders: StakeholderService;
  readonly issues: IssueService;
  readonly themes: ThemeService;
  readonly selection: SelectionService;
}

/** Builds the meetings services of a request from the module's DynamoDB stores. */
export function buildMeetings(caller: Caller, now: () => Date, needs: MeetingNeeds): Meetings {
  const stores = { meetings, pages, attendance, decisions, actionItems, minutes };
  const { issues, themes, selection } = needs;
  const meetingService = new MeetingService(caller, now, needs.consultations, needs.contributions, needs.stakeholders, { issues, themes, selection }, stores);
  return { meetings: meetingService, interventions: new InterventionService(caller, now, meetingService, needs.stakeholders, { pages, interventions }) };
}
