/** Points every test worker at the run's DynamoDB Local before any module reads the configuration. */
import { inject } from 'vitest';
import { setEnv } from '../functions/core/config';
import { assertLocalEndpoint } from '../functions/local/table';

const endpoint = inject('dynamoEndpoint');
assertLocalEndpoint(endpoint);
setEnv({
  AGORA_STAGE: 'local',
  DYNAMODB_ENDPOINT: endpoint,
  TABLE_NAME: inject('tableName'),
  AGORA_DATA_DIR: inject('dataDir'),
  LOG_LEVEL: 'ERROR',
  AWS_REGION: 'us-east-1',
  SES_ENDPOINT: inject('sesEndpoint'),
  MAIL_LINK_BASE_URL: 'http://agora.test',
  // DynamoDB Local on a shared two-core machine, under 100 concurrent transactions, can take seconds per call;
  // the production limits (3 s, 10 s) are exercised by test/hardening/frozen-database.test.ts on its own instance.
  DYNAMODB_REQUEST_TIMEOUT_MS: '20000',
  DYNAMODB_CONNECTION_TIMEOUT_MS: '10000',
  // 100 concurrent writers on a machine shared by several suites can take tens of seconds each.
  AGORA_REQUEST_DEADLINE_MS: '100000',
  // Tests write fast from few accounts (100 parallel edits of one contribution); test/hardening/flooding.test.ts
  // runs with the production write limits.
  AGORA_WRITES_PER_MINUTE: '100000',
  AGORA_WRITES_PER_DAY: '1000000',
});
