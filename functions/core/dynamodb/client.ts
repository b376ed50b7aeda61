/**
 * The one DynamoDB client of the process, built at module scope on first use
 * so a warm Lambda reuses its connections. Only repositories use it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

/** Called for every request the client sends (the benchmark and the round-trip tests count them). */
export type RequestListener = (command: string, input: unknown) => void;

const listeners = new Set<RequestListener>();

export function onDynamoRequest(listener: RequestListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function createDocumentClient(options: { endpoint?: string | undefined; region: string }): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 4,
  });
  base.middlewareStack.add(
    (next, context) => async (args) => {
      for (const listener of listeners) listener(context.commandName ?? 'unknown', args.input);
      return next(args);
    },
    { step: 'initialize', name: 'agoraRequestCounter' },
  );
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let client: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  if (!client) {
    const { dynamodbEndpoint, region } = config();
    client = createDocumentClient({ endpoint: dynamodbEndpoint, region });
  }
  return client;
}

export function tableName(): string {
  return config().tableName;
}
