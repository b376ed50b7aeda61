/**
 * The one policy module: it decides every operation for every caller.
 * Services describe what they are about to do as an Action and call
 * `authorize` (refuse) or `can` (decide, e.g. to hide a private field).
 * The README's table of operations × roles is this switch.
 */
import { ForbiddenError, UnauthenticatedError, UnreachableCaseError } from '../errors';
import { isSecretariat, type Caller, type StoredRoles } from './caller';

export type Action =
  /** A signed-in user creates their own stakeholder record. */
  | { readonly type: 'stakeholder.register' }
  /** Read a stakeholder's private contact email. */
  | { readonly type: 'stakeholder.readContactEmail'; readonly stakeholderId: string }
  /** Create, edit and schedule consultations; see drafts. */
  | { readonly type: 'consultation.manage' }
  /** Publish a consultation's synthesis. */
  | { readonly type: 'consultation.publishSynthesis' }
  /** Submit a contribution (a registered stakeholder). */
  | { readonly type: 'contribution.submit' }
  /** Submit on behalf of an organisation (its representative). */
  | { readonly type: 'contribution.submitOnBehalf'; readonly organisationId: string }
  /** Edit or withdraw a contribution (its author). */
  | { readonly type: 'contribution.change'; readonly authorId: string }
  /** Record dispositions and responses (MAG members in a current term, secretariat). */
  | { readonly type: 'contribution.answer'; readonly year: number }
  /** See dispositions and responses before the synthesis is published (same people). */
  | { readonly type: 'contribution.readAnswerEarly'; readonly year: number };

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

export async function decide(caller: Caller, action: Action): Promise<Decision> {
  switch (action.type) {
    case 'stakeholder.register':
      return caller.kind === 'user' ? 'allow' : 'unauthenticated';
    case 'stakeholder.readContactEmail': {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.stakeholderId ? 'allow' : 'forbidden';
    }
    case 'consultation.manage':
    case 'consultation.publishSynthesis':
      if (caller.kind === 'public') return 'unauthenticated';
      return isSecretariat(caller) ? 'allow' : 'forbidden';
    case 'contribution.submit': {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles()) ? 'allow' : 'forbidden';
    }
    case 'contribution.submitOnBehalf': {
      if (caller.kind === 'public') return 'unauthenticated';
      const roles = await caller.roles();
      return roles?.representativeOf.includes(action.organisationId) ? 'allow' : 'forbidden';
    }
    case 'contribution.change': {
      if (caller.kind === 'public') return 'unauthenticated';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.authorId ? 'allow' : 'forbidden';
    }
    case 'contribution.answer':
    case 'contribution.readAnswerEarly': {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      return isMagMember(await caller.roles(), action.year) ? 'allow' : 'forbidden';
    }
    default:
      throw new UnreachableCaseError(action);
  }
}

/** A MAG member is current when their term covers the year. */
export function isMagMember(roles: StoredRoles | undefined, year: number): boolean {
  const term = roles?.magTerm;
  return term !== undefined && term.startYear <= year && year <= term.endYear;
}

export async function can(caller: Caller, action: Action): Promise<boolean> {
  return (await decide(caller, action)) === 'allow';
}

/** Throws UNAUTHENTICATED for a public caller who must sign in, FORBIDDEN for a signed-in one without the right. */
export async function authorize(caller: Caller, action: Action): Promise<void> {
  const decision = await decide(caller, action);
  if (decision === 'unauthenticated') throw new UnauthenticatedError(`Sign in to ${describe(action)}`);
  if (decision === 'forbidden') throw new ForbiddenError(`You may not ${describe(action)}`);
}

function describe(action: Action): string {
  switch (action.type) {
    case 'stakeholder.register':
      return 'register as a stakeholder';
    case 'stakeholder.readContactEmail':
      return "read this stakeholder's contact email";
    case 'consultation.manage':
      return 'manage consultations (secretariat only)';
    case 'consultation.publishSynthesis':
      return 'publish a synthesis (secretariat only)';
    case 'contribution.submit':
      return 'contribute: register as a stakeholder first';
    case 'contribution.submitOnBehalf':
      return 'contribute on behalf of an organisation you do not represent';
    case 'contribution.change':
      return "change someone else's contribution";
    case 'contribution.answer':
      return 'record dispositions (MAG members and the secretariat only)';
    case 'contribution.readAnswerEarly':
      return 'see dispositions before the synthesis is published';
    default:
      throw new UnreachableCaseError(action);
  }
}
