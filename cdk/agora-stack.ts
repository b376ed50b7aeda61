/**
 * Agora's AWS deployment: the single table, the GraphQL function behind an
 * HTTP API, the Cognito user pool whose tokens the function verifies.
 * The table is built from the shared definition (functions/core/dynamodb/table.ts)
 * and the routes from the shared route list (functions/handlers/routes.ts).
 */
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, UserPool, UserPoolClient, CfnUserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { SECRETARIAT_GROUP } from '../functions/core/auth/caller';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../functions/core/dynamodb/table';
import { CORS, ROUTES, type RouteDefinition } from '../functions/handlers/routes';

const ROOT = join(import.meta.dirname, '..');

/** What the GraphQL function may do on the table: reads, conditional writes, transactions. Nothing else. */
export const GRAPHQL_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** How every function is bundled: local esbuild (no Docker), minified, with source maps. */
export const LAMBDA_BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node22',
  format: OutputFormat.CJS,
  // The Lambda runtime ships an AWS SDK v3, but bundling pins the version the tests ran with.
  externalModules: [],
};

export class AgoraStack extends Stack {
  readonly table: TableV2;
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });

    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const userPoolClient = new UserPoolClient(this, 'AppClient', {
      userPool,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
    });
    // The secretariat is the one role granted by group membership; the others are stored in the table.
    new CfnUserPoolGroup(this, 'SecretariatGroup', {
      userPoolId: userPool.userPoolId,
      groupName: SECRETARIAT_GROUP,
      description: 'Agora secretariat: runs consultations and reporting cycles, verifies stakeholders',
    });

    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key that makes Agora pagination cursors tamper-evident',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    const tableAccess = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [...GRAPHQL_TABLE_ACTIONS],
      resources: [this.table.tableArn, `${this.table.tableArn}/index/*`],
    });
    const common = {
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      bundling: LAMBDA_BUNDLING,
    };
    const environment = {
      AGORA_STAGE: 'deployed',
      TABLE_NAME: this.table.tableName,
      COGNITO_USER_POOL_ID: userPool.userPoolId,
      COGNITO_CLIENT_ID: userPoolClient.userPoolClientId,
      // Resolved by CloudFormation at deploy time; never in the template or the bundle.
      CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap(),
      NODE_OPTIONS: '--enable-source-maps',
    };

    const graphql = new NodejsFunction(this, 'GraphqlFunction', {
      ...common,
      entry: join(ROOT, 'functions/handlers/graphql.ts'),
      memorySize: 1024,
      timeout: Duration.seconds(15),
      logGroup: new LogGroup(this, 'GraphqlLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      environment,
    });
    graphql.addToRolePolicy(tableAccess);

    // What time alone must trigger (closing consultations, overdue reports, reminders).
    const scheduler = new NodejsFunction(this, 'SchedulerFunction', {
      ...common,
      entry: join(ROOT, 'functions/handlers/scheduler.ts'),
      memorySize: 512,
      timeout: Duration.minutes(2),
      logGroup: new LogGroup(this, 'SchedulerLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      environment,
    });
    scheduler.addToRolePolicy(tableAccess);
    new Rule(this, 'SchedulerRule', {
      description: 'Runs Agora scheduled jobs every 5 minutes',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(scheduler, { retryAttempts: 2 })],
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Agora GraphQL API',
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: CORS.allowMethods.map((m) => CorsHttpMethod[m]),
        allowHeaders: [...CORS.allowHeaders],
        maxAge: Duration.seconds(CORS.maxAgeSeconds),
      },
    });
    const integrations: Record<RouteDefinition['function'], HttpLambdaIntegration> = {
      graphql: new HttpLambdaIntegration('GraphqlIntegration', graphql),
    };
    for (const route of ROUTES) {
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrations[route.function] });
    }
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationLatency: '$context.integrationLatency',
      }),
    };

    new CfnOutput(this, 'GraphqlUrl', { value: `${this.api.apiEndpoint}/graphql` });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
  }
}
