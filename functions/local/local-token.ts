/** Signs access tokens with the local issuer (for npm run token and the tests). */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, localSigningKey } from '../core/auth/local-issuer';

export interface LocalTokenClaims {
  readonly subject: string;
  readonly groups?: readonly string[];
  readonly hours?: number;
  /** Overrides, for tests of refused tokens. */
  readonly issuer?: string;
  readonly clientId?: string;
  readonly tokenUse?: string;
  readonly expiresAt?: Date;
}

export async function signLocalToken(dataDir: string, claims: LocalTokenClaims): Promise<string> {
  const { kid, key } = localSigningKey(dataDir);
  const now = Math.floor(Date.now() / 1000);
  const exp = claims.expiresAt ? Math.floor(claims.expiresAt.getTime() / 1000) : now + Math.round((claims.hours ?? 12) * 3600);
  return new SignJWT({
    client_id: claims.clientId ?? LOCAL_CLIENT_ID,
    token_use: claims.tokenUse ?? 'access',
    'cognito:groups': [...(claims.groups ?? [])],
    scope: 'aws.cognito.signin.user.admin',
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(claims.issuer ?? LOCAL_ISSUER)
    .setSubject(claims.subject)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key);
}
