/**
 * The Cognito key set (JWKS): fetched at init, not on the first signed-in request; when it cannot be had,
 * signed-in requests answer SERVICE_UNAVAILABLE (503, retriable) and the failure is logged — never
 * UNAUTHENTICATED for everyone. A fetcher stands in for Cognito's JWKS endpoint, serving the local issuer's keys.
 */
import type { Fetcher } from 'aws-jwt-verify/https';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { prepareTokenVerifier, resetTokenVerifier } from '../../functions/core/auth/token-verifier';
import { readLocalJwks } from '../../functions/core/auth/local-issuer';
import { setEnv } from '../../functions/core/config';
import { powertoolsLogger } from '../../functions/core/observability';
import { invoke, token } from '../helpers/api';

const POOL = 'eu-west-1_AgoraTest';
const CLIENT = 'agora-test-app-client';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;

let output: string[] = [];
beforeEach(() => {
  setEnv({ COGNITO_USER_POOL_ID: POOL, COGNITO_CLIENT_ID: `${CLIENT}, agora-test-operators-client` });
  resetTokenVerifier();
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  }
  powertoolsLogger().setLogLevel('INFO');
});
afterEach(() => {
  vi.restoreAllMocks();
  powertoolsLogger().setLogLevel('ERROR');
  delete process.env.COGNITO_USER_POOL_ID;
  delete process.env.COGNITO_CLIENT_ID;
  setEnv({});
  resetTokenVerifier();
});

function fetcher(mode: { failing: boolean }): Fetcher & { calls: number } {
  const counting = {
    calls: 0,
    fetch: async () => {
      counting.calls++;
      if (mode.failing) throw new Error('getaddrinfo EAI_AGAIN cognito-idp.eu-west-1.amazonaws.com');
      return new TextEncoder().encode(JSON.stringify(readLocalJwks(inject('dataDir')))).buffer as ArrayBuffer;
    },
  };
  return counting;
}

const cognitoToken = (clientId = CLIENT) => token({ subject: `test|${crypto.randomUUID()}`, issuer: ISSUER, clientId });
const me = (accessToken: string) => invoke(JSON.stringify({ query: '{ me { stakeholder { id } } }' }), { token: accessToken });

describe('the token key set', () => {
  it('is fetched once, at init: signed-in requests then verify without fetching', async () => {
    // Prepare
    const keys = fetcher({ failing: false });
    await prepareTokenVerifier({ fetcher: keys });
    // One fetch per issuer URL that Cognito may put in a token (cognito-idp… and issuer-cognito-idp…).
    const atInit = keys.calls;

    // Act
    const first = await me(await cognitoToken());
    const operators = await me(await cognitoToken('agora-test-operators-client'));

    // Assess
    expect(atInit).toBeGreaterThanOrEqual(1);
    expect(keys.calls).toBe(atInit);
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body ?? '{}').errors).toBeUndefined();
    expect(operators.statusCode).toBe(200);
  });

  it('answers SERVICE_UNAVAILABLE (503, retriable) and logs it when the key set cannot be fetched, then recovers', async () => {
    // Prepare
    const mode = { failing: true };
    const keys = fetcher(mode);
    await expect(prepareTokenVerifier({ fetcher: keys })).rejects.toThrow();
    const atInit = keys.calls;

    // Act
    const refused = await me(await cognitoToken());
    const afterRefusal = keys.calls;
    mode.failing = false;
    const recovered = await me(await cognitoToken());

    // Assess
    const body = JSON.parse(refused.body ?? '{}') as { errors: { extensions: Record<string, unknown> }[] };
    expect(refused.statusCode).toBe(503);
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retriable: true });
    const logged = output
      .join('')
      .split('\n')
      .filter((line) => line.includes('Token key set unavailable'));
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged[0]).toContain('EAI_AGAIN');
    expect(recovered.statusCode).toBe(200);
    // Each request tried again: a failure is not cached.
    expect(afterRefusal).toBeGreaterThan(atInit);
    expect(keys.calls).toBeGreaterThan(afterRefusal);
  });

  it('still refuses a bad token with UNAUTHENTICATED (401) when the key set is there', async () => {
    await prepareTokenVerifier({ fetcher: fetcher({ failing: false }) });

    const refused = await me(await cognitoToken('another-client'));

    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body ?? '{}').errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
