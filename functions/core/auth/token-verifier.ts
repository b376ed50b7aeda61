/**
 * Verifies bearer tokens: signature, issuer, client, expiry and token use,
 * with aws-jwt-verify. Deployed, the issuer is the Cognito user pool (JWKS
 * fetched once and cached at module scope); locally, the local issuer whose
 * JWKS is read from the data folder. Both paths end in the same claims.
 */
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { config } from '../config';
import { UnauthenticatedError } from '../errors';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, readLocalJwks } from './local-issuer';

export interface VerifiedClaims {
  readonly subject: string;
  readonly groups: readonly string[];
}

/** The payload, and whether the token may carry groups (deployed: only the staff pool's may). */
type Verify = (token: string) => Promise<{ payload: JwtPayload; groupsTrusted: boolean }>;

let verify: Verify | undefined;

function buildVerifier(): Verify {
  const { cognito, staffCognito, dataDir } = config();
  if (cognito) {
    // Two pools: the public one (self sign-up, MFA optional) and the staff one (MFA required, short-lived access
    // tokens). Groups count only in staff tokens, so the secretariat role always comes with MFA.
    const pools = [cognito, ...(staffCognito ? [staffCognito] : [])].map((pool) => ({ userPoolId: pool.userPoolId, clientId: pool.clientId, tokenUse: 'access' as const }));
    const verifier = CognitoJwtVerifier.create(pools);
    const staffIssuer = staffCognito ? `https://cognito-idp.${staffCognito.userPoolId.split('_')[0]}.amazonaws.com/${staffCognito.userPoolId}` : undefined;
    return async (token) => {
      const payload = await verifier.verify(token);
      return { payload, groupsTrusted: staffIssuer !== undefined && payload.iss === staffIssuer };
    };
  }
  const jwks = readLocalJwks(dataDir);
  if (!jwks) {
    return () => Promise.reject(new Error('The local issuer has no key pair yet (run npm start once)'));
  }
  const verifier = JwtRsaVerifier.create({
    issuer: LOCAL_ISSUER,
    audience: null,
    // The local issuer mimics a Cognito access token, which names its app client in client_id.
    customJwtCheck: ({ payload }) => {
      if (payload.client_id !== LOCAL_CLIENT_ID) throw new Error('Token is for another client');
      if (payload.token_use !== 'access') throw new Error('Token is not an access token');
    },
  });
  verifier.cacheJwks(jwks as unknown as Parameters<typeof verifier.cacheJwks>[0]);
  // Locally one issuer plays both pools (npm run token -- --role secretariat).
  return async (token) => ({ payload: await verifier.verify(token), groupsTrusted: true });
}

/** Verifies a bearer token or throws UNAUTHENTICATED; never falls back to the public caller. */
export async function verifyToken(token: string): Promise<VerifiedClaims> {
  verify ??= buildVerifier();
  let payload: JwtPayload;
  let groupsTrusted: boolean;
  try {
    ({ payload, groupsTrusted } = await verify(token));
  } catch {
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

/** Forgets the cached verifier (tests that rotate the local key pair). */
export function resetTokenVerifier(): void {
  verify = undefined;
}
