/**
 * The deployment's protections: cdk-nag's AwsSolutions checks with zero
 * unacknowledged findings (each acknowledgement with its reason), API
 * throttling, reserved concurrency (configurable), and the alarms.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgoraStack, PROTECTION_DEFAULTS } from '../../cdk/agora-stack';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

function build(context: Record<string, unknown> = {}, nag = false) {
  const outdir = mkdtempSync(join(tmpdir(), 'agora-nag-'));
  // No bundling: these checks read the template, and the artifact test covers the bundle.
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new AgoraStack(app, 'AgoraNag');
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    failure = error;
  }
  const reportPath = join(outdir, 'validation-report.json');
  const report = existsSync(reportPath)
    ? (JSON.parse(readFileSync(reportPath, 'utf8')) as { pluginReports: { violations: Violation[] }[] })
    : { pluginReports: [] };
  return { stack, failure, violations: report.pluginReports.flatMap((r) => r.violations), template: Template.fromStack(stack) };
}

let checked: ReturnType<typeof build>;
beforeAll(() => {
  checked = build({}, true);
}, 120_000);

describe('cdk-nag AwsSolutions checks', () => {
  it('leave zero unacknowledged findings (errors or warnings)', () => {
    const findings = checked.violations.map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(checked.failure).toBeUndefined();
  });

  it('acknowledge each remaining finding with a reason', () => {
    expect(checked.stack.nagAcknowledgements.length).toBeGreaterThan(0);
    for (const { path, acknowledgement } of checked.stack.nagAcknowledgements) {
      expect({ path, id: acknowledgement.id, reason: acknowledgement.reason.length >= 40 }).toEqual({ path, id: acknowledgement.id, reason: true });
    }
  });

  it('do find problems: a topic added without acknowledgement fails the synthesis (the check is live)', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'agora-nag-')), context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new AgoraStack(app, 'Careless');
    new Topic(stack, 'UnencryptedTopic');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/SNS Topic/);
  }, 120_000);
});

describe('abuse and cost protections', () => {
  it('throttles the HTTP API stage (rate and burst)', () => {
    checked.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: PROTECTION_DEFAULTS.apiRateLimit, ThrottlingBurstLimit: PROTECTION_DEFAULTS.apiBurstLimit },
    });
  });

  it('reserves concurrency for the GraphQL function, configurable through CDK context', () => {
    const graphql = (template: Template) =>
      Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('GraphqlFunction'))?.[1] as {
        Properties: { ReservedConcurrentExecutions?: number };
      };

    const tuned = build({ graphqlReservedConcurrency: '7', apiRateLimit: '10', apiBurstLimit: '20' });
    const unreserved = build({ graphqlReservedConcurrency: 'off' });

    expect(graphql(checked.template).Properties.ReservedConcurrentExecutions).toBe(PROTECTION_DEFAULTS.graphqlReservedConcurrency);
    expect(graphql(tuned.template).Properties.ReservedConcurrentExecutions).toBe(7);
    tuned.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 } });
    expect(graphql(unreserved.template).Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(() => build({ graphqlReservedConcurrency: '-3' })).toThrow(/positive integer/);
  }, 120_000);
});

describe('introspection when deployed', () => {
  it('is off unless the stack is deployed with -c graphqlIntrospection=true', () => {
    const environment = (template: Template) =>
      (
        Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('GraphqlFunction'))?.[1] as {
          Properties: { Environment: { Variables: Record<string, unknown> } };
        }
      ).Properties.Environment.Variables;

    const staging = build({ graphqlIntrospection: 'true' });

    expect(environment(checked.template).GRAPHQL_INTROSPECTION).toBeUndefined();
    expect(environment(staging.template).GRAPHQL_INTROSPECTION).toBe('true');
  });
});

describe('alarms', () => {
  const alarm = (metricName: string, namespace: string, extra: Record<string, unknown> = {}) =>
    checked.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      Namespace: namespace,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('^AlarmTopic') })],
      ...extra,
    });

  it('alarm on API 5xx, Lambda errors, Lambda throttles and p99 duration, notifying an SNS topic', () => {
    alarm('5xx', 'AWS/ApiGateway', { Statistic: 'Sum' });
    alarm('Errors', 'AWS/Lambda', { Statistic: 'Sum' });
    alarm('Throttles', 'AWS/Lambda', { Threshold: 1 });
    alarm('Duration', 'AWS/Lambda', { ExtendedStatistic: 'p99', Threshold: PROTECTION_DEFAULTS.p99AlarmMs });
    checked.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('subscribes an email address to the alarms when one is given', () => {
    const withEmail = build({ alarmEmail: 'ops@example.org' });
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  }, 120_000);
});
