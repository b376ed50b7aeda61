/**
 * The session proposals module's public face: session types, the call for
 * proposals, proposals with speakers who confirm and live diversity.
 */
export { ProposalService } from './proposal.service';
export { ScreeningService } from './screening.service';
export { sessionResolvers } from './sessions.resolvers';
export { funnelResolvers } from './funnel.resolvers';
