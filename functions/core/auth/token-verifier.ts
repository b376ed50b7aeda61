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

type Verify = (token: string) => Promise<JwtPayload>;

let verify: Verify | undefined;

function buildVerifier(): Verify {
  const { cognito, dataDir } = config();
  if (cognito) {
    const verifier = CognitoJwtVerifier.create({
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      tokenUse: 'access',
    });
    return (token) => verifier.verify(token);
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
  return (token) => verifier.verify(token);
}

/** Verifies a bearer token or throws UNAUTHENTICATED; never falls back to the public caller. */
export async function verifyToken(token: string): Promise<VerifiedClaims> {
  verify ??= buildVerifier();
  let payload: JwtPayload;
  try {
    payload = await verify(token);
  } catch {
    throw new UnauthenticatedError('The access token is not valid');
  }
  const groups = payload['cognito:groups'];
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new UnauthenticatedError('The access token has no subject');
  }
  return {
    subject: payload.sub,
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
  };
}
