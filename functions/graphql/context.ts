/**
 * The per-request context: who is calling, the request id, the clock, and
 * the services (each with its own DataLoaders, so nothing is shared between
 * requests).
 */
import { PUBLIC_CALLER, userCaller, type Caller } from '../core/auth/caller';
import { verifyToken } from '../core/auth/token-verifier';
import { getRoles } from '../modules/stakeholders';
import { fetchNode } from './node.fetch';
import { createServices, type Services } from './services';

export interface Context {
  readonly requestId: string;
  readonly caller: Caller;
  readonly now: () => Date;
  readonly services: Services;
}

/** Reads the bearer token of an Authorization header: none → public; anything present must verify. */
export async function callerFromAuthorization(header: string | undefined): Promise<Caller> {
  if (header === undefined || header.trim() === '') return PUBLIC_CALLER;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const claims = await verifyToken(match?.[1] ?? '');
  // The roles are the identity item's: a read may fetch it in its own batch (primeable).
  return userCaller(claims.subject, claims.groups, getRoles, { primeable: true });
}

export function createContext(options: { requestId: string; caller: Caller; now?: () => Date }): Context {
  const now = options.now ?? (() => new Date());
  return {
    requestId: options.requestId,
    caller: options.caller,
    now,
    services: createServices(options.caller, now, fetchNode),
  };
}
