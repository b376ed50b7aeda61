/**
 * Verifies bearer tokens: signature, issuer, client, expiry and token use,
 * with aws-jwt-verify. Deployed, the issuer is the Cognito user pool: its key
 * set (JWKS) is fetched at init (`prepareTokenVerifier`, called when the
 * handler module loads) and cached at module scope; locally, the local issuer
 * whose JWKS is read from the data folder. Both paths end in the same claims.
 *
 * A key set that cannot be fetched is the service's failure, not the
 * caller's: SERVICE_UNAVAILABLE (retriable, HTTP 503), logged, and fetched
 * again by the next request — never UNAUTHENTICATED for everyone.
 */
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { FetchError, JwksValidationError, JwtBaseError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { config } from '../config';
import { ServiceUnavailableError, UnauthenticatedError } from '../errors';
import { describeError, log } from '../log';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, readLocalJwks } from './local-issuer';

export interface VerifiedClaims {
  readonly subject: string;
  readonly groups: readonly string[];
}

interface TokenVerifier {
  /** Fetches the key sets if they are not cached yet (Cognito); nothing to do locally. */
  hydrate(): Promise<void>;
  /** The payload, and whether the token may carry groups (deployed: only the staff pool's may). */
  verify(token: string): Promise<{ payload: JwtPayload; groupsTrusted: boolean }>;
}

let verifier: TokenVerifier | undefined;
let hydrated: Promise<void> | undefined;

function buildVerifier(fetcher?: Fetcher): TokenVerifier {
  const { cognito, staffCognito, dataDir } = config();
  if (cognito) {
    // Two pools: the public one (self sign-up, MFA optional) and the staff one (MFA required, short-lived access
    // tokens). Groups count only in staff tokens, so the secretariat role always comes with MFA.
    const pools = [
      { userPoolId: cognito.userPoolId, clientId: [...cognito.clientIds], tokenUse: 'access' as const },
      ...(staffCognito ? [{ userPoolId: staffCognito.userPoolId, clientId: [...staffCognito.clientIds], tokenUse: 'access' as const }] : []),
    ];
    const cognitoVerifier = CognitoJwtVerifier.create(pools, fetcher ? { jwksCache: new SimpleJwksCache({ fetcher }) } : undefined);
    const staffIssuer = staffCognito ? `https://cognito-idp.${staffCognito.userPoolId.split('_')[0]}.amazonaws.com/${staffCognito.userPoolId}` : undefined;
    return {
      hydrate: () => cognitoVerifier.hydrate(),
      verify: async (token) => {
        const payload = await cognitoVerifier.verify(token);
        return { payload, groupsTrusted: staffIssuer !== undefined && payload.iss === staffIssuer };
      },
    };
  }
  const jwks = readLocalJwks(dataDir);
  if (!jwks) {
    return { hydrate: async () => undefined, verify: () => Promise.reject(new Error('The local issuer has no key pair yet (run npm start once)')) };
  }
  const local = JwtRsaVerifier.create({
    issuer: LOCAL_ISSUER,
    audience: null,
    // The local issuer mimics a Cognito access token, which names its app client in client_id.
    customJwtCheck: ({ payload }) => {
      if (payload.client_id !== LOCAL_CLIENT_ID) throw new Error('Token is for another client');
      if (payload.token_use !== 'access') throw new Error('Token is not an access token');
    },
  });
  local.cacheJwks(jwks as unknown as Parameters<typeof local.cacheJwks>[0]);
  // Locally one issuer plays both pools (npm run token -- --role secretariat).
  return { hydrate: async () => undefined, verify: async (token) => ({ payload: await local.verify(token), groupsTrusted: true }) };
}

/** A failure to get the key set (network, HTTP error, a malformed JWKS), as opposed to a bad token. */
function isKeySetFailure(error: unknown): boolean {
  return error instanceof FetchError || error instanceof JwksValidationError || !(error instanceof JwtBaseError);
}

function unavailable(error: unknown): ServiceUnavailableError {
  log.error('Token key set unavailable', describeError(error));
  return new ServiceUnavailableError('Sign-in cannot be checked right now; retry shortly', { retriable: true });
}

/**
 * Builds the verifier and fetches the key set, once per process. Called at init by the GraphQL handler
 * module (so the first signed-in request does not pay for the fetch); a failure is logged and forgotten,
 * and the next request that carries a token tries again.
 */
export function prepareTokenVerifier(options: { fetcher?: Fetcher } = {}): Promise<void> {
  verifier ??= buildVerifier(options.fetcher);
  const current = verifier;
  hydrated ??= current.hydrate().catch((error: unknown) => {
    hydrated = undefined;
    throw unavailable(error);
  });
  return hydrated;
}

/** Verifies a bearer token or throws UNAUTHENTICATED (SERVICE_UNAVAILABLE when the key set cannot be had); never falls back to the public caller. */
export async function verifyToken(token: string): Promise<VerifiedClaims> {
  await prepareTokenVerifier();
  let payload: JwtPayload;
  let groupsTrusted: boolean;
  try {
    ({ payload, groupsTrusted } = await (verifier as TokenVerifier).verify(token));
  } catch (error) {
    // An unknown key id makes aws-jwt-verify fetch the key set again (key rotation): that fetch may fail too.
    if (config().cognito && isKeySetFailure(error)) throw unavailable(error);
    throw new UnauthenticatedError('The access token is not valid');
  }
  const groups = payload['cognito:groups'];
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new UnauthenticatedError('The access token has no subject');
  }
  return {
    subject: payload.sub,
    groups: groupsTrusted && Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
  };
}

/** Forgets the cached verifier (tests that rotate the local key pair or change the configuration). */
export function resetTokenVerifier(): void {
  verifier = undefined;
  hydrated = undefined;
}
