/**
 * The annual programme module's public face: programmes and their settings,
 * the call for issues, issues with their support across stakeholder groups,
 * themes. The meetings module records MAG decisions through
 * `ThemeService.adoptByDecision` and `IssueService.declineByDecision`
 * (docs/api/programme.md states the contract). `buildProgramme` wires the
 * module's services from its stores.
 */
import type { Caller } from '../../core/auth/caller';
import type { ConsultationService } from '../consultations';
import type { ContributionService } from '../contributions';
import type { StakeholderService } from '../stakeholders';
import * as calls from './call.store';
import { IssueService } from './issue.service';
import * as issues from './issue.store';
import { ProgrammeService } from './programme.service';
import * as programmes from './programme.store';
import * as supports from './support.store';
import { ThemeService } from './theme.service';
import * as tags from './theme-tag.store';
import * as participation from './theme-participation.store';
import * as themes from './theme.store';

export type { DevelopmentDimension, DevelopmentLinkage } from './programme.model';
export { DEVELOPMENT_LINKAGES } from './programme.model';
export { share } from './programme.service';
export { ProgrammeService } from './programme.service';
export { IssueService } from './issue.service';
export { ThemeService } from './theme.service';
export { programmeResolvers } from './programme.resolvers';
/** Issues by id (the mail module's audience of a decision that declines issues). */
export { getIssues } from './issue.store';

/** The programme module's services, one per aggregate (supports are the issue service's). */
export interface Programme {
  readonly programmes: ProgrammeService;
  readonly issues: IssueService;
  readonly themes: ThemeService;
}

/** What the programme module uses of other modules. */
export interface ProgrammeNeeds {
  readonly stakeholders: Pick<StakeholderService, 'get'>;
  readonly consultations: Pick<ConsultationService, 'get'>;
  readonly contributions: Pick<ContributionService, 'get' | 'loader'>;
}

/** Builds the programme services of a request from the module's DynamoDB stores. */
export function buildProgramme(caller: Caller, now: () => Date, needs: ProgrammeNeeds): Programme {
  const programmeService = new ProgrammeService(caller, now, { programmes, calls });
  const issueService = new IssueService(caller, now, programmeService, needs.stakeholders, { calls, issues, supports });
  const themeService = new ThemeService(caller, now, programmeService, issueService, needs.consultations, needs.contributions, {
    themes,
    tags,
    participation,
    issues,
  });
  return { programmes: programmeService, issues: issueService, themes: themeService };
}
