/**
 * Agora's AWS deployment: the single table, the GraphQL function behind an
 * HTTP API, the Cognito user pool whose tokens the function verifies.
 * The table is built from the shared definition (functions/core/dynamodb/table.ts)
 * and the routes from the shared route list (functions/handlers/routes.ts).
 */
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CorsHttpMethod, HttpApi, HttpMethod, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct, IConstruct } from 'constructs';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../functions/core/dynamodb/table';
import { CORS, ROUTES, type RouteDefinition } from '../functions/handlers/routes';
import { AgoraEdge, EDGE_DEFAULTS } from './edge';
import { LAMBDA_BUNDLING, LAMBDA_RUNTIME, PERSISTED_DOCUMENTS_HOOKS } from './bundling';
import { AgoraFunction, type FunctionDefaults } from './function';
import { Mail } from './mail';
import { signIn } from './sign-in';
import type { NagAcknowledgement } from './nag';
import { OperationsAlarms } from './operations-alarms';

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

/** What the export function may do on the table: read, nothing else. */
export const EXPORT_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/**
 * Protections of the deployment, each overridable with `cdk deploy -c name=value`
 * (docs/security.md, Infrastructure). Defaults suit a public API with modest traffic.
 */
export const PROTECTION_DEFAULTS = {
  /** HTTP API stage: steady-state requests per second across all clients. */
  apiRateLimit: 100,
  /** HTTP API stage: burst of requests above the steady rate. */
  apiBurstLimit: 200,
  /** Reserved concurrency of the GraphQL function (caps its cost and protects the account's pool); `off` to not reserve. */
  graphqlReservedConcurrency: 50,
  /** Reserved concurrency of the public export function (1 GB, up to 30 s each); `off` to not reserve. */
  exportReservedConcurrency: 10,
  /** p99 latency of the GraphQL function that raises an alarm, in milliseconds. */
  p99AlarmMs: 3_000,
} as const;

export class AgoraStack extends Stack {
  readonly table: TableV2;
  readonly api: HttpApi;
  readonly alarms: Alarm[] = [];
  readonly nagAcknowledgements: { readonly path: string; readonly acknowledgement: NagAcknowledgement }[] = [];

  /** Accepts cdk-nag findings on a construct, with the reason recorded next to the code that causes them. */
  private acknowledge(scope: IConstruct, ...acknowledgements: NagAcknowledgement[]): void {
    for (const acknowledgement of acknowledgements) {
      Validations.of(scope).acknowledge({ id: `AwsSolutions::${acknowledgement.id}`, reason: acknowledgement.reason });
      this.nagAcknowledgements.push({ path: scope.node.path, acknowledgement });
    }
  }

  /** `-c trustedDocuments=allow|enforce` (default allow). */
  private trustedDocumentsMode(): 'allow' | 'enforce' {
    const value: unknown = this.node.tryGetContext('trustedDocuments');
    if (value === undefined || value === 'allow' || value === 'enforce') return value ?? 'allow';
    throw new Error(`Context trustedDocuments must be "allow" or "enforce", not ${String(value)}`);
  }

  /** A number from CDK context (`-c name=value`), its default, or undefined for `off`. */
  private setting(name: keyof typeof PROTECTION_DEFAULTS): number | undefined {
    const value: unknown = this.node.tryGetContext(name);
    if (value === undefined) return PROTECTION_DEFAULTS[name];
    if (value === 'off') return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`Context ${name} must be a positive integer or "off", not ${String(value)}`);
    return number;
  }

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // The mail sender reads new outbox items from the stream (cdk/mail.ts).
      dynamoStream: StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });

    const { userPool, userPoolClient, staff, operatorsClient } = signIn(this, (scope, ...acknowledgements) => this.acknowledge(scope, ...acknowledgements));

    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Key of the encryption of Agora pagination cursors (read by the functions at start, cached 5 minutes)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    this.acknowledge(cursorSecret, {
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand when wanted (put a new secret value): the functions read it from Secrets Manager and pick up the new version within 5 minutes, accepting the previous one meanwhile; no rotation Lambda is needed for a key only this API uses.',
    });

    const defaults: FunctionDefaults = { root: ROOT, runtime: LAMBDA_RUNTIME, bundling: LAMBDA_BUNDLING };
    const environment = {
      AGORA_STAGE: 'deployed',
      TABLE_NAME: this.table.tableName,
      COGNITO_USER_POOL_ID: userPool.userPoolId,
      COGNITO_CLIENT_ID: userPoolClient.userPoolClientId,
      COGNITO_STAFF_USER_POOL_ID: staff.userPool.userPoolId,
      COGNITO_STAFF_CLIENT_ID: `${staff.client.userPoolClientId},${operatorsClient.userPoolClientId}`,
      // Only the secret's ARN: the functions read the value at start (functions/core/secrets.ts), never from their environment.
      CURSOR_SECRET_ARN: cursorSecret.secretArn,
      NODE_OPTIONS: '--enable-source-maps',
      // Persisted operations: `allow` (default) or `enforce` (-c trustedDocuments=enforce: registered documents only).
      TRUSTED_DOCUMENTS: this.trustedDocumentsMode(),
      // Introspection and the landing page stay off deployed unless a stack asks (-c graphqlIntrospection=true, e.g. staging).
      ...(String(this.node.tryGetContext('graphqlIntrospection')) === 'true' ? { GRAPHQL_INTROSPECTION: 'true' } : {}),
    };

    const reservedConcurrency = this.setting('graphqlReservedConcurrency');
    const graphql = new AgoraFunction(this, 'GraphqlFunction', {
      defaults,
      // The persisted-document manifests (persisted-documents/*.json) go into the bundle, next to index.js.
      bundling: { ...LAMBDA_BUNDLING, commandHooks: PERSISTED_DOCUMENTS_HOOKS },
      entry: 'functions/handlers/graphql.ts',
      memorySize: 1024,
      timeout: Duration.seconds(15),
      ...(reservedConcurrency ? { reservedConcurrentExecutions: reservedConcurrency } : {}),
      logGroupId: 'GraphqlLogs',
      environment,
      table: this.table,
      tableActions: GRAPHQL_TABLE_ACTIONS,
    });

    // What time alone must trigger (closing consultations, overdue reports, reminders).
    const scheduler = new AgoraFunction(this, 'SchedulerFunction', {
      defaults,
      entry: 'functions/handlers/scheduler.ts',
      memorySize: 512,
      timeout: Duration.minutes(2),
      logGroupId: 'SchedulerLogs',
      environment,
      table: this.table,
      tableActions: GRAPHQL_TABLE_ACTIONS,
    });
    // Open data (CSV / JSON Lines of a consultation's public contributions): read-only on the table.
    const exporter = new AgoraFunction(this, 'ExportFunction', {
      defaults,
      entry: 'functions/handlers/export.ts',
      memorySize: 1024,
      timeout: Duration.seconds(30),
      ...(this.setting('exportReservedConcurrency') ? { reservedConcurrentExecutions: this.setting('exportReservedConcurrency') } : {}),
      logGroupId: 'ExportLogs',
      environment,
      table: this.table,
      tableActions: EXPORT_TABLE_ACTIONS,
    });
    for (const fn of [graphql, scheduler, exporter]) {
      cursorSecret.grantRead(fn);
      this.acknowledge(fn, {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 24 is the runtime the code is built and tested for (LTS, the newest Lambda runtime; the tests run on it too); moving to a newer one is a deliberate upgrade with its own test run.',
      });
      this.acknowledge(fn.role ?? fn, {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.',
      });
      this.acknowledge(
        fn.role ?? fn,
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.table.node.defaultChild as never)}.Arn>/index/*]`,
          reason: 'Queries on the global secondary indexes of this one table (the table ARN is fixed; only the index name is a wildcard).',
        },
      );
    }
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
        exposeHeaders: [...CORS.exposeHeaders],
        maxAge: Duration.seconds(CORS.maxAgeSeconds),
      },
    });
    const mail = new Mail(this, 'Mail', {
      table: this.table,
      functionDefaults: defaults,
      environment,
      defaultLinkBaseUrl: this.api.apiEndpoint,
      acknowledge: (scope, ...acknowledgements) => this.acknowledge(scope, ...acknowledgements),
    });
    const integrations: Record<RouteDefinition['function'], HttpLambdaIntegration> = {
      graphql: new HttpLambdaIntegration('GraphqlIntegration', graphql),
      export: new HttpLambdaIntegration('ExportIntegration', exporter),
      mail: new HttpLambdaIntegration('MailIntegration', mail.links),
    };
    for (const route of ROUTES) {
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrations[route.function] });
    }
    for (const route of this.api.node.children.filter((child) => child.node.id.endsWith('--graphql'))) {
      this.acknowledge(route, {
        id: 'AwsSolutions-APIG4',
        reason:
          'The GraphQL API is public by design (anyone may read public records); the function verifies Cognito access tokens itself and authorizes every operation.',
      });
    }
    for (const route of this.api.node.children.filter((child) => child.node.id.includes('--export--'))) {
      this.acknowledge(route, {
        id: 'AwsSolutions-APIG4',
        reason: 'Open data: the export serves only public fields of public consultations to anyone, by design; its function has read-only table access.',
      });
    }
    for (const route of this.api.node.children.filter((child) => child.node.id.includes('--mail--'))) {
      this.acknowledge(route, {
        id: 'AwsSolutions-APIG4',
        reason: 'The links in mails work without sign-in by design: the code or token in the link is the credential (random, unguessable, single-purpose).',
      });
    }
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = {
      throttlingRateLimit: this.setting('apiRateLimit') ?? PROTECTION_DEFAULTS.apiRateLimit,
      throttlingBurstLimit: this.setting('apiBurstLimit') ?? PROTECTION_DEFAULTS.apiBurstLimit,
    };
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

    // Alarms: to an SNS topic (subscribe with -c alarmEmail=ops@example.org, or any subscriber later).
    const alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Agora alarms', enforceSSL: true });
    this.acknowledge(alarmTopic, {
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry no personal or secret data, and CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.',
    });
    const alarmEmail: unknown = this.node.tryGetContext('alarmEmail');
    if (typeof alarmEmail === 'string' && alarmEmail) alarmTopic.addSubscription(new EmailSubscription(alarmEmail));
    const period = Duration.minutes(5);
    const alarm = (id: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1) => {
      const created = new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(alarmTopic));
      created.addOkAction(new SnsAction(alarmTopic));
      this.alarms.push(created);
    };
    alarm('Api5xxAlarm', 'The HTTP API answered 5xx errors', this.api.metricServerError({ period, statistic: 'Sum' }), 5);
    alarm('GraphqlErrorsAlarm', 'The GraphQL function failed (crashed or timed out)', graphql.metricErrors({ period, statistic: 'Sum' }), 5);
    alarm(
      'GraphqlThrottlesAlarm',
      'The GraphQL function was throttled (reserved concurrency reached)',
      graphql.metricThrottles({ period, statistic: 'Sum' }),
      1,
    );
    alarm(
      'GraphqlP99DurationAlarm',
      'p99 latency of the GraphQL function is high for 15 minutes',
      graphql.metricDuration({ period, statistic: 'p99' }),
      this.setting('p99AlarmMs') ?? PROTECTION_DEFAULTS.p99AlarmMs,
      3,
    );
    alarm('ExportErrorsAlarm', 'The export function failed (crashed or timed out)', exporter.metricErrors({ period, statistic: 'Sum' }), 5);
    alarm('SchedulerErrorsAlarm', 'A scheduled job failed', scheduler.metricErrors({ period, statistic: 'Sum' }), 1);
    // Failures answered with HTTP 200 (GraphQL errors in the body) and the table's throttles and system errors.
    this.alarms.push(...new OperationsAlarms(this, 'OperationsAlarms', { table: this.table, graphql, topic: alarmTopic }).alarms);

    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
    // CloudFront + WAF in front of the HTTP API (cdk/edge.ts): per-IP limits, managed rules, export caching.
    const edge = new AgoraEdge(this, 'Edge', {
      api: this.api,
      setting: (name) => {
        const value: unknown = this.node.tryGetContext(name);
        return value === undefined ? EDGE_DEFAULTS[name] : Number(value);
      },
      webAclArn: this.node.tryGetContext('webAclArn') as string | undefined,
    });
    this.acknowledge(
      edge.distribution,
      { id: 'AwsSolutions-CFR1', reason: 'A public consultation is open to every country: no geographic restriction.' },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'The HTTP API keeps an access log of every request that reaches it; WAF keeps sampled requests and metrics of those it blocks.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default CloudFront certificate (no custom domain yet) allows only the security policy CloudFront sets; viewers use TLS 1.2+ with a custom domain.',
      },
    );
    new CfnOutput(this, 'GraphqlUrl', { value: `https://${edge.distribution.distributionDomainName}/graphql` });
    new CfnOutput(this, 'OriginGraphqlUrl', { value: `${this.api.apiEndpoint}/graphql` });
    new CfnOutput(this, 'StaffUserPoolId', { value: staff.userPool.userPoolId });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: staff.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    new CfnOutput(this, 'OperatorsClientId', {
      value: operatorsClient.userPoolClientId,
      description: "App client for operators' terminals (USER_PASSWORD_AUTH)",
    });
    new CfnOutput(this, 'ExportUrl', { value: `${this.api.apiEndpoint}/export/consultations/` });
    new CfnOutput(this, 'SchedulerFunctionName', { value: scheduler.functionName });
  }
}
