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
});
