/**
 * The session proposals module's public face: session types, the call for
 * proposals, proposals with speakers who confirm and live diversity.
 */
export { ProposalService } from './proposal.service';
export { ScreeningService } from './screening.service';
export { sessionResolvers } from './sessions.resolvers';
export { funnelResolvers } from './funnel.resolvers';
/** The funnel's figures, for the open-data export (services of this module count transitions through ./funnel.ts). */
export { FUNNEL_ROLES, acrossStages, breakdown, funnelCounter, rate, speakerCounts, themesIn, type FunnelCounts, type StageFigures } from './funnel.model';
export { SESSION_TYPES } from './sessions.model';
