import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_ISSUER } from '../../functions/core/auth/local-issuer';
import { errorCode, gql, invoke, token } from '../helpers/api';

const QUERY = '{ __typename }';

describe('bearer tokens', () => {
  it('treats a request without a token as the public caller', async () => {
    const result = await gql(QUERY);
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('accepts a valid token from the local issuer', async () => {
    const result = await gql(QUERY, {}, await token({ subject: 'test|valid' }));
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it.each([
    ['malformed', async () => 'not-a-jwt'],
    ['expired', () => token({ subject: 'test|expired', expiresAt: new Date(Date.now() - 60_000) })],
    ['from another issuer', () => token({ subject: 'test|issuer', issuer: 'https://evil.example/issuer' })],
    ['for another client', () => token({ subject: 'test|client', clientId: 'someone-else' })],
    ['an id token instead of an access token', () => token({ subject: 'test|use', tokenUse: 'id' })],
    [
      'signed with another key',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return new SignJWT({ client_id: 'agora-local-client', token_use: 'access' })
          .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
          .setIssuer(LOCAL_ISSUER)
          .setSubject('test|forged')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(privateKey);
      },
    ],
  ])('refuses a token that is %s with UNAUTHENTICATED and status 401', async (_, makeToken) => {
    const response = await invoke(JSON.stringify({ query: QUERY }), { token: await makeToken() });
    const body = JSON.parse(response.body ?? '{}');
    expect(response.statusCode).toBe(401);
    expect(errorCode(body)).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const response = await invoke(JSON.stringify({ query: QUERY }), { headers: { authorization: 'Basic dXNlcjpwdw==' } });
    expect(response.statusCode).toBe(401);
    expect(errorCode(JSON.parse(response.body ?? '{}'))).toBe('UNAUTHENTICATED');
  });
});
