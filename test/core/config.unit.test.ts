import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/core/config';

describe('configuration', () => {
  it('defaults to the local stage with introspection on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ stage: 'local', tableName: 'agora', port: 4000, introspection: true });
  });

  it('turns introspection off by default when deployed', () => {
    const config = loadConfig({
      AGORA_STAGE: 'deployed',
      COGNITO_USER_POOL_ID: 'us-east-1_abc',
      COGNITO_CLIENT_ID: 'client',
      CURSOR_SECRET: 'a-long-enough-secret-value',
    });
    expect(config.introspection).toBe(false);
  });

  it('refuses a deployed configuration without Cognito, without a cursor secret, or with a local endpoint', () => {
    const deployed = { AGORA_STAGE: 'deployed', COGNITO_USER_POOL_ID: 'p', COGNITO_CLIENT_ID: 'c', CURSOR_SECRET: 'a-long-enough-secret-value' };
    expect(() => loadConfig({ ...deployed, COGNITO_USER_POOL_ID: undefined })).toThrow(/COGNITO/);
    expect(() => loadConfig({ ...deployed, CURSOR_SECRET: undefined })).toThrow(/CURSOR_SECRET/);
    expect(() => loadConfig({ ...deployed, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).toThrow(/DYNAMODB_ENDPOINT/);
  });

  it('names the variable that is invalid', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('traces the DynamoDB calls with X-Ray when deployed, not locally, and either can be switched', () => {
    const deployed = { AGORA_STAGE: 'deployed', COGNITO_USER_POOL_ID: 'p', COGNITO_CLIENT_ID: 'c', CURSOR_SECRET: 'a-long-enough-secret-value' };
    expect(loadConfig(deployed).tracing).toBe(true);
    expect(loadConfig({ ...deployed, POWERTOOLS_TRACE_ENABLED: 'false' }).tracing).toBe(false);
    expect(loadConfig({}).tracing).toBe(false);
    expect(loadConfig({ POWERTOOLS_TRACE_ENABLED: 'true' }).tracing).toBe(true);
  });
});
