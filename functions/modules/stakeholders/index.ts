/**
 * The stakeholders module's public face: what other modules and the GraphQL
 * edge may use. Everything else in this folder is the module's own.
 */
export {
  GENDERS,
  REGIONS,
  STAKEHOLDER_GROUPS,
  type Gender,
  type MagComposition,
  type Region,
  type Stakeholder,
  type StakeholderGroup,
} from './stakeholder.model';
import type { Caller } from '../../core/auth/caller';
import { StakeholderService } from './stakeholder.service';
import { stakeholderStore as stakeholders } from './stakeholder.store';

export type { StakeholderService } from './stakeholder.service';

/** Builds the stakeholders service of a request from the module's DynamoDB store. */
export function buildStakeholders(caller: Caller, now: () => Date): StakeholderService {
  return new StakeholderService(caller, now, { stakeholders });
}
export { stakeholderResolvers } from './stakeholder.resolvers';
/** The caller's stored roles, read by the edge when it builds a request's caller. */
export { getRoles } from './stakeholder.store';
/** For a read that carries the caller's roles in its own BatchGetItem (saving the GetItem of the roles); and parsing a stakeholder item read that way. */
export { identityKey, rolesFromIdentity } from './stakeholder.store';
export { stakeholderFromItem } from './stakeholder.items';
/** What the mail module reads and writes of a stakeholder: recipients, their addresses and representatives, the confirmed address. */
export { getRepresentativeIds, getStakeholderConsistent, getStakeholders, replaceStakeholder } from './stakeholder.store';
