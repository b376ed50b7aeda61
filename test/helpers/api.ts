/**
 * Calls the API the way API Gateway does: an HTTP API v2 event into the
 * GraphQL Lambda handler, against the run's DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { handler } from '../../functions/handlers/graphql';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { signLocalToken, type LocalTokenClaims } from '../../functions/local/local-token';
import { SECRETARIAT_GROUP } from '../../functions/core/auth/caller';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export async function invoke(
  body: string | undefined,
  options: { token?: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; query?: string } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const event = apiGatewayEvent({
    method: options.method ?? 'POST',
    path: '/graphql',
    routePath: '/graphql',
    ...(options.query ? { query: options.query } : {}),
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(body !== undefined ? { body } : {}),
  });
  return (await handler(event, lambdaContext('agora-graphql'))) as APIGatewayProxyStructuredResultV2;
}

/** Runs one GraphQL operation; `token` signs the caller in. */
export async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
  const result = await invoke(JSON.stringify({ query, variables }), token ? { token } : {});
  return JSON.parse(result.body ?? '{}') as GraphQLResponse<T>;
}

/** The `extensions.code` of the first error, for refusal assertions. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code as string | undefined;
}

export function token(claims: LocalTokenClaims): Promise<string> {
  return signLocalToken(inject('dataDir'), claims);
}

/** A token for a brand-new user (a fresh subject). */
export function newUserToken(): Promise<{ subject: string; token: string }> {
  const subject = `test|${randomUUID()}`;
  return token({ subject }).then((t) => ({ subject, token: t }));
}

export function secretariatToken(): Promise<string> {
  return token({ subject: `test|secretariat-${randomUUID()}`, groups: [SECRETARIAT_GROUP] });
}

/** A unique suffix so tests can run concurrently without cleaning up. */
export function unique(prefix = 't'): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
