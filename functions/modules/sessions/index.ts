/**
 * The session proposals module's public face: session types, the call for
 * proposals, proposals with speakers who confirm and live diversity, the
 * secretariat's screening and the MAG's evaluation.
 */
export { ProposalService } from './proposal.service';
export { ScreeningService } from './screening.service';
export { sessionResolvers } from './sessions.resolvers';
export { EvaluationService } from './evaluation.service';
export { evaluationResolvers } from './evaluation.resolvers';
