/**
 * The GraphQL Lambda: API Gateway HTTP API (payload v2) → Apollo Server.
 * The server is built once per process; each request gets its own context.
 */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { GraphQLError } from 'graphql';
import { callerFromAuthorization, createContext } from '../core/context';
import { DomainError } from '../core/errors';
import { createApolloServer } from '../core/server';

const server = createApolloServer();

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async ({ event, context }) => {
    try {
      const caller = await callerFromAuthorization(event.headers.authorization ?? event.headers.Authorization);
      return createContext({ requestId: context.awsRequestId, caller });
    } catch (error) {
      if (error instanceof DomainError) {
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
      throw error;
    }
  },
});
