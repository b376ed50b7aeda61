/** The marker item that says the demo data has been written. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { metaKeys } from '../../core/dynamodb/keys';

export async function isSeeded(): Promise<boolean> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: metaKeys.seed() }));
  return Item !== undefined;
}

export async function markSeeded(at: Date): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...metaKeys.seed(), entity: 'Meta', seededAt: at.toISOString() } }));
}
