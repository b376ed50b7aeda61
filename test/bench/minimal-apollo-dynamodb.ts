/**
 * A second reference for cold start: the minimal Apollo Server Lambda plus what any DynamoDB-backed one
 * loads — the AWS SDK's DynamoDB document client — so the gap that is the database client can be told
 * apart from the gap that is Agora.
 */
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const server = new ApolloServer({
  typeDefs: 'type Query { hello(id: ID!): String }',
  resolvers: {
    Query: {
      hello: async (_: unknown, { id }: { id: string }) => (await client.send(new GetCommand({ TableName: 'hello', Key: { id } }))).Item?.text as string,
    },
  },
});

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());
