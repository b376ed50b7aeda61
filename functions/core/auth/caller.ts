/**
 * Who is calling. A request without a token is the public caller; a verified
 * token is a signed-in user whose stakeholder and roles are read from
 * DynamoDB (once per request, on first need), so a revoked role takes effect
 * at the next request.
 */

/** Roles stored in DynamoDB on the caller's identity item. */
export interface StoredRoles {
  readonly stakeholderId: string;
  /** Years of the MAG term, inclusive. */
  readonly magTerm?: { readonly startYear: number; readonly endYear: number } | undefined;
  /** Organisations (stakeholder ids) the caller represents. */
  readonly representativeOf: readonly string[];
}

export const SECRETARIAT_GROUP = 'secretariat';

export type Caller = PublicCaller | UserCaller;

export interface PublicCaller {
  readonly kind: 'public';
}

export interface UserCaller {
  readonly kind: 'user';
  readonly subject: string;
  /** Group membership from the token (Cognito groups); only the secretariat is granted this way. */
  readonly groups: readonly string[];
  /** The caller's registration and stored roles; undefined until they register. */
  roles(): Promise<StoredRoles | undefined>;
  /**
   * Whether the roles are read (or being read) already. A read that starts before them may fetch the identity
   * item in its own BatchGetItem and hand the roles over with `primeRoles`, saving the request's GetItem.
   */
  rolesRequested?(): boolean;
  primeRoles?(roles: StoredRoles | undefined): void;
}

export const PUBLIC_CALLER: PublicCaller = { kind: 'public' };

/**
 * `primeable`: the roles are those of the subject's identity item (as the edge reads them), so a read that fetches
 * that item in its own batch may hand them over. Callers with roles of their own (demo data, jobs) are not primeable.
 */
export function userCaller(
  subject: string,
  groups: readonly string[],
  loadRoles: (subject: string) => Promise<StoredRoles | undefined>,
  options: { readonly primeable?: boolean } = {},
): UserCaller {
  let roles: Promise<StoredRoles | undefined> | undefined;
  const caller: UserCaller = { kind: 'user', subject, groups, roles: () => (roles ??= loadRoles(subject)) };
  if (!options.primeable) return caller;
  return {
    ...caller,
    rolesRequested: () => roles !== undefined,
    primeRoles: (read) => {
      roles ??= Promise.resolve(read);
    },
  };
}

export function isSecretariat(caller: Caller): boolean {
  return caller.kind === 'user' && caller.groups.includes(SECRETARIAT_GROUP);
}

/**
 * The acting user, as recorded on what they do (who answered, published,
 * saved): their stakeholder id, or `subject:<token subject>` for a signed-in
 * user who has not registered (e.g. secretariat staff); `public` for nobody.
 * The one way the API names the acting user.
 */
export async function actingUserId(caller: Caller): Promise<string> {
  if (caller.kind === 'public') return 'public';
  return (await caller.roles())?.stakeholderId ?? `subject:${caller.subject}`;
}

/** Whether stored roles hold a MAG term covering the year (terms are whole years, inclusive). */
export function isMagMember(roles: StoredRoles | undefined, year: number): boolean {
  const term = roles?.magTerm;
  return term !== undefined && term.startYear <= year && year <= term.endYear;
}
