/**
 * The one policy module: it decides every operation for every caller.
 * Services describe what they are about to do as an Action and call
 * `authorize` (refuse) or `can` (decide, e.g. to hide a private field).
 * The README's table of operations × roles is this switch.
 */
import { ForbiddenError, UnauthenticatedError, UnreachableCaseError } from '../errors';
import { isSecretariat, type Caller } from './caller';

export type Action =
  /** A signed-in user creates their own stakeholder record. */
  | { readonly type: 'stakeholder.register' }
  /** Read a stakeholder's private contact email. */
  | { readonly type: 'stakeholder.readContactEmail'; readonly stakeholderId: string };

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
    default:
      throw new UnreachableCaseError(action);
  }
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
    default:
      throw new UnreachableCaseError(action);
  }
}
