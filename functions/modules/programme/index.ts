/**
 * The annual programme module's public face: programmes and their settings,
 * the call for issues, issues with their support across stakeholder groups,
 * themes. The meetings module records MAG decisions through
 * `ThemeService.adoptByDecision` and `IssueService.declineByDecision`
 * (docs/api/programme.md states the contract).
 */
export type { DevelopmentDimension, DevelopmentLinkage } from './programme.model';
export { DEVELOPMENT_LINKAGES } from './programme.model';
export { share } from './programme.service';
export { ProgrammeService } from './programme.service';
export { IssueService } from './issue.service';
export { ThemeService } from './theme.service';
export { programmeResolvers } from './programme.resolvers';
/** Issues by id (the mail module's audience of a decision that declines issues). */
export { getIssues } from './issue.store';
