/**
 * The session proposals module's public face: session types, the call for
 * proposals, proposals with speakers who confirm and live diversity; the
 * secretariat's screening and the MAG's evaluation; selection by MAG
 * decisions, slot budgets, main sessions and the life of a session after
 * selection (`SelectionService`, whose decision contract the meetings module uses).
 */
export { ProposalService } from './proposal.service';
export { ScreeningService } from './screening.service';
export { SelectionService } from './selection.service';
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
export { EvaluationService } from './evaluation.service';
export { evaluationResolvers } from './evaluation.resolvers';
