/**
 * Mail on Amazon SES: the sender identity (from CDK context), a
 * configuration set whose bounces and complaints go to an encrypted SNS
 * topic and on to a small feedback function (which marks addresses
 * undeliverable), the sender function (on the table's stream for new outbox
 * items, and every minute for retries), and the function that serves the
 * links in mails. `ses:SendEmail` is granted to the sender alone, on the
 * configured identity (and the configuration set it must name) only.
 *
 * Context: `-c mailFrom="Agora <agora@example.org>"` (the From of every
 * mail), `-c mailIdentity=example.org` (the SES identity to verify: a
 * domain or an address; default: the domain of mailFrom), and
 * `-c mailLinkBaseUrl=https://…` (the public base URL of the links;
 * default: the HTTP API's URL).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { DynamoEventSource, SnsEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct, type IConstruct } from 'constructs';
import { AgoraFunction, type AgoraFunctionProps, type FunctionDefaults } from './function';
import type { NagAcknowledgement } from './nag';

/** What the sender does on the table: read the outbox and recipients, write delivery states and tokens. */
export const MAIL_SENDER_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
] as const;
/** The feedback function only records undeliverable addresses. */
export const MAIL_FEEDBACK_TABLE_ACTIONS = ['dynamodb:PutItem'] as const;
/** The links function confirms addresses (the stakeholder, its guard, the used code) and records unsubscribes. */
export const MAIL_LINKS_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

export const MAIL_DEFAULTS = { mailFrom: 'Agora <no-reply@example.org>' } as const;

export interface MailProps {
  readonly table: TableV2;
  /** The stack's function defaults (where the code is, how it is bundled, the runtime). */
  readonly functionDefaults: FunctionDefaults;
  /** The environment every function of the stack gets. */
  readonly environment: Record<string, string>;
  /** Public base URL of the links in mails, when no `mailLinkBaseUrl` context is given. */
  readonly defaultLinkBaseUrl: string;
  /** Records a cdk-nag acknowledgement with its reason (the stack's list). */
  readonly acknowledge: (scope: IConstruct, ...acknowledgements: NagAcknowledgement[]) => void;
}

export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly sender: NodejsFunction;
  readonly feedback: NodejsFunction;
  readonly links: NodejsFunction;
  /** Stream records the sender could not process after its retries (the messages themselves stay in the table). */
  readonly senderFailures: Queue;
  readonly identityName: string;
  readonly from: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const context = (name: string): string | undefined => {
      const value: unknown = this.node.tryGetContext(name);
      return typeof value === 'string' && value ? value : undefined;
    };
    this.from = context('mailFrom') ?? MAIL_DEFAULTS.mailFrom;
    const fromAddress = /<([^>]+)>/.exec(this.from)?.[1] ?? this.from;
    this.identityName = context('mailIdentity') ?? fromAddress.split('@')[1] ?? fromAddress;
    const linkBaseUrl = context('mailLinkBaseUrl') ?? props.defaultLinkBaseUrl;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // SES's account-level suppression too: an address that bounced is not even attempted again.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: this.identityName.includes('@') ? Identity.email(this.identityName) : Identity.domain(this.identityName),
      configurationSet: this.configurationSet,
    });

    // Bounces and complaints name addresses (personal data): the topic is encrypted with a key SES may use.
    const feedbackKey = new Key(this, 'FeedbackKey', {
      description: 'Encrypts the SES bounce and complaint notifications of Agora',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    feedbackKey.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    const feedbackTopic = new Topic(this, 'FeedbackTopic', { displayName: 'Agora SES bounces and complaints', masterKey: feedbackKey, enforceSSL: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    const fn = (
      name: string,
      entry: string,
      options: Omit<AgoraFunctionProps, 'defaults' | 'entry' | 'logGroupId' | 'table' | 'tableActions'>,
      actions: readonly string[],
    ) => {
      const created = new AgoraFunction(this, name, {
        defaults: props.functionDefaults,
        entry,
        logGroupId: `${name}Logs`,
        table: props.table,
        tableActions: actions,
        ...options,
      });
      this.acknowledgeFunction(created, props);
      return created;
    };

    this.sender = fn(
      'SenderFunction',
      'functions/handlers/mail-sender.ts',
      {
        memorySize: 512,
        timeout: Duration.minutes(2),
        // One sender at a time keeps within SES's sending rate; the queue waits, nothing is lost.
        reservedConcurrentExecutions: 2,
        environment: {
          ...props.environment,
          MAIL_FROM: this.from,
          SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
          MAIL_LINK_BASE_URL: linkBaseUrl,
        },
      },
      MAIL_SENDER_TABLE_ACTIONS,
    );
    const stack = Stack.of(this);
    this.sender.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
      }),
    );
    this.senderFailures = new Queue(this, 'SenderFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    props.acknowledge(this.senderFailures, {
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the sender’s stream mapping; the messages stay in the table, where the scheduled run of the sender picks them up.',
    });
    this.sender.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 3,
        bisectBatchOnError: true,
        onFailure: new SqsDlq(this.senderFailures),
        // Only new outbox events and deliveries wake the sender.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.or('MailEvent', 'MailDelivery') } } },
          }),
        ],
      }),
    );
    new Rule(this, 'SenderSchedule', {
      description: 'Sends Agora mail that is due (retries after backoff, anything the stream missed)',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.sender, { retryAttempts: 0 })],
    });

    this.feedback = fn(
      'FeedbackFunction',
      'functions/handlers/mail-feedback.ts',
      { memorySize: 256, timeout: Duration.seconds(30), environment: props.environment },
      MAIL_FEEDBACK_TABLE_ACTIONS,
    );
    this.feedback.addEventSource(new SnsEventSource(feedbackTopic));

    this.links = fn(
      'LinksFunction',
      'functions/handlers/mail-links.ts',
      { memorySize: 512, timeout: Duration.seconds(10), environment: props.environment },
      MAIL_LINKS_TABLE_ACTIONS,
    );
  }

  /** The same accepted findings as the stack's other functions, with the same reasons. */
  private acknowledgeFunction(fn: IFunction, props: MailProps): void {
    const table = Stack.of(this).getLogicalId(props.table.node.defaultChild as never);
    props.acknowledge(fn, {
      id: 'AwsSolutions-L1',
      reason:
        'The runtime is the one the code is built and tested for (the stack’s function defaults); moving to a newer one is a deliberate upgrade with its own test run.',
    });
    props.acknowledge(fn.role ?? fn, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.',
    });
    props.acknowledge(
      fn.role ?? fn,
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray tracing (and, for the sender, dynamodb:ListStreams) supports no resource-level permissions.' },
      {
        id: `AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*]`,
        reason: 'Queries on the global secondary indexes of this one table (the table ARN is fixed; only the index name is a wildcard).',
      },
    );
  }
}
