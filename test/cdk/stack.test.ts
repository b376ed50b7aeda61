import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { GSI, KEY } from '../../functions/core/dynamodb/table';
import { ROUTES } from '../../functions/handlers/routes';
import { synthesize, type Synthesized } from '../helpers/synth';
import { EXPORT_TABLE_ACTIONS } from '../../cdk/agora-stack';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

describe('the CDK stack', () => {
  it('builds the table from the shared definition: keys, GSIs, on-demand', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: KEY.pk, KeyType: 'HASH' },
        { AttributeName: KEY.sk, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: Object.values(GSI).map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('protects the table: point-in-time recovery, deletion protection, retained on stack delete', () => {
    synth.template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      },
    });
  });

  it('runs the GraphQL function on Node.js 24, arm64', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ AGORA_STAGE: 'deployed', NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it('routes every shared route through the HTTP API, with CORS', () => {
    for (const route of ROUTES) {
      synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
    }
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['*'], AllowHeaders: Match.arrayWith(['authorization']) }),
    });
  });

  it('lets browsers read the export paging headers (the list the local server uses too)', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ ExposeHeaders: ['link', 'x-export-rows'] }),
    });
  });

  it('keeps logs for a bounded time and writes API access logs', () => {
    const groups = Object.values(synth.template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const group of groups) expect((group as { Properties: { RetentionInDays?: number } }).Properties.RetentionInDays).toBe(30);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }) });
  });

  it('grants the function only named table actions, never dynamodb:* and never Resource: *', () => {
    const policies = Object.values(synth.template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const tableStatements = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(tableStatements.length).toBeGreaterThan(0);
    for (const statement of tableStatements) {
      expect([statement.Action].flat()).not.toContain('dynamodb:*');
      expect([statement.Action].flat()).not.toContain('dynamodb:Scan');
      expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
      expect([statement.Resource].flat()).not.toContain('*');
    }
  });

  it("has Cognito user pools (public and staff) with an app client each, an operators' client for terminals in the staff pool, and the secretariat group (test/cdk/edge.test.ts has the details)", () => {
    synth.template.resourceCountIs('AWS::Cognito::UserPool', 2);
    synth.template.resourceCountIs('AWS::Cognito::UserPoolClient', 3);
    synth.template.resourceCountIs('AWS::Cognito::UserPoolGroup', 1);
    synth.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'agora-operators-cli',
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']),
      GenerateSecret: false,
      UserPoolId: { Ref: Match.stringLikeRegexp('^StaffUserPool') },
    });
    synth.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'secretariat' });
    // The functions accept tokens of both staff clients.
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          COGNITO_STAFF_CLIENT_ID: {
            'Fn::Join': [
              '',
              [
                Match.objectLike({ Ref: Match.stringLikeRegexp('^StaffAppClient') }),
                ',',
                Match.objectLike({ Ref: Match.stringLikeRegexp('^OperatorsClient') }),
              ],
            ],
          },
        }),
      },
    });
    synth.template.hasOutput('OperatorsClientId', {});
  });

  it('serves the open-data export from its own function with read-only table access (GetItem, BatchGetItem, Query)', () => {
    const functions = synth.template.findResources('AWS::Lambda::Function');
    const exporter = Object.entries(functions).find(([id]) => id.startsWith('ExportFunction'));
    expect(exporter).toBeDefined();
    const [exporterId, exporterResource] = exporter as [string, { Properties: { Role: { 'Fn::GetAtt': [string, string] }; LoggingConfig?: unknown } }];
    const roleId = exporterResource.Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(synth.template.findResources('AWS::IAM::Policy')) as {
      Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: { Action: string | string[] }[] } };
    }[];
    const actions = policies
      .filter((policy) => policy.Properties.Roles.some((role) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat()))
      .filter((action) => action.startsWith('dynamodb:'));
    expect(new Set(actions)).toEqual(new Set(EXPORT_TABLE_ACTIONS));
    expect(exporterId).toMatch(/^ExportFunction/);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /export/consultations/{file}' });
  });
});
