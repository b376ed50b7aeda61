/**
 * Moves a table deployed before the counter shards onto them (docs/operations.md "Upgrading a deployed table"):
 *   npm run migrate:counter-shards -- --table <TableName> [--region <region>] [--dry-run]
 * Uses the operator's AWS credentials (AWS_PROFILE, or the usual environment variables) and region (`--region`,
 * else AWS_REGION). Prints the outcome as JSON; `--dry-run` writes nothing and says what a run would move.
 * Safe to run again: a run that finds everything moved writes nothing.
 */
import { parseArgs } from 'node:util';
import { config, setEnv } from '../functions/core/config';
import { migrateCounterShards } from '../functions/modules/consultations';

const USAGE = 'usage: npm run migrate:counter-shards -- --table <TableName> [--region <region>] [--dry-run]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { table: { type: 'string' }, region: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (!values.table) throw new Error(`--table is required (the stack's TableName output)\n${USAGE}`);
  // The configuration defaults the region to us-east-1 for local runs; an operator names the table's region.
  const region = values.region ?? process.env.AWS_REGION;
  if (!region) throw new Error(`Name the table's region: --region <region> or AWS_REGION\n${USAGE}`);
  setEnv({ TABLE_NAME: values.table, AWS_REGION: region });
  const { tableName, dynamodbEndpoint } = config();
  const outcome = await migrateCounterShards({ dryRun: values['dry-run'] });
  console.log(JSON.stringify({ table: tableName, region, ...(dynamodbEndpoint ? { endpoint: dynamodbEndpoint } : {}), ...outcome }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : error);
  process.exit(1);
});
