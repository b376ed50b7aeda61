/**
 * Mail in the CDK stack: SES with a configuration set whose bounces and
 * complaints reach the feedback function through an encrypted topic; the
 * sender on the table's stream and a schedule; `ses:SendEmail` granted to
 * the sender alone, on the configured identity only. And the sender's
 * synthesized bundle, invoked with a stream event, sends through the
 * SES emulator.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgoraStack } from '../../cdk/agora-stack';
import { MAIL_DEFAULTS } from '../../cdk/mail';
import { named, transactWrite } from '../../functions/core/dynamodb/transact';
import { mailKeys } from '../../functions/core/dynamodb/keys';
import { mailEvent } from '../../functions/modules/outbox';
import { unique } from '../helpers/api';
import { mailTo } from '../helpers/mail';
import { createPerson } from '../helpers/people';
import { synthesize, type Synthesized } from '../helpers/synth';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}
type Policy = { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } } };

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
}, 180_000);

const functionEntry = (template: Template, prefix: string) =>
  Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix)) as [string, { Properties: Record<string, any> }];

function sesStatements(template: Template) {
  return (Object.values(template.findResources('AWS::IAM::Policy')) as Policy[]).flatMap((policy) =>
    policy.Properties.PolicyDocument.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:'))).map((statement) => ({
      roles: policy.Properties.Roles,
      statement,
    })),
  );
}

describe('mail in the stack', () => {
  it('grants ses:SendEmail to the sender only, on the configured identity and its configuration set, from the configured address', () => {
    const granted = sesStatements(synth.template);
    const [, sender] = functionEntry(synth.template, 'MailSenderFunction');
    expect(granted).toHaveLength(1);
    expect(granted[0]?.roles).toEqual([{ Ref: sender.Properties.Role['Fn::GetAtt'][0] }]);
    expect(granted[0]?.statement.Action).toBe('ses:SendEmail');
    const resources = JSON.stringify(granted[0]?.statement.Resource);
    expect(resources).toContain(':identity/');
    expect(resources).toContain('MailIdentity');
    expect(resources).toContain(':configuration-set/');
    expect(resources).not.toContain('"*"');
    expect(granted[0]?.statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@example.org' } });
    expect(sender.Properties.Environment.Variables.MAIL_FROM).toBe(MAIL_DEFAULTS.mailFrom);
    expect(sender.Properties.Environment.Variables.SES_CONFIGURATION_SET.Ref).toMatch(/^MailConfigurationSet/);
  });

  it('takes the sender identity from CDK context', () => {
    const app = new App({
      outdir: mkdtempSync(join(tmpdir(), 'agora-mail-')),
      context: { 'aws:cdk:bundling-stacks': [], mailFrom: 'Agora <agora@mail.example.net>', mailLinkBaseUrl: 'https://agora.example.net' },
    });
    const template = Template.fromStack(new AgoraStack(app, 'MailContext'));
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.example.net' });
    const [, sender] = functionEntry(template, 'MailSenderFunction');
    expect(sender.Properties.Environment.Variables).toMatchObject({
      MAIL_FROM: 'Agora <agora@mail.example.net>',
      MAIL_LINK_BASE_URL: 'https://agora.example.net',
    });
    expect(sesStatements(template)[0]?.statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'agora@mail.example.net' } });
  }, 120_000);

  it('sends bounces and complaints through an encrypted topic to the feedback function', () => {
    synth.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: { MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^MailFeedbackTopic') } } },
    });
    synth.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), DisplayName: 'Agora SES bounces and complaints' });
    synth.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: { Ref: Match.stringLikeRegexp('^MailFeedbackTopic') } });
  });

  it('wakes the sender on new outbox items from the table stream, and every minute', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('MailEvent.*MailDelivery') }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      BisectBatchOnFunctionError: true,
    });
    synth.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    for (const route of ['GET /mail/confirm/{code}', 'POST /mail/confirm/{code}', 'POST /mail/unsubscribe/{kind}/{token}']) {
      synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route });
    }
  });

  it('ships a sender bundle that expands an outbox event and sends its mail through SES (the emulator here), once', async () => {
    // Prepare: an outbox event for a person with a confirmed address.
    const email = `${unique('b')}@example.org`;
    const person = await createPerson({ stakeholder: { contactEmail: email, confirmedEmail: email } });
    const item = mailEvent(
      'REPORT_PUBLISHED',
      { type: 'stakeholder', stakeholderId: person.stakeholder.id },
      { year: 2032, organisations: 'Bundle Org' },
      new Date(),
    );
    await transactWrite([named('mail', item)]);
    const { PK, SK } = item.Put!.Item as { PK: string; SK: string };
    const bundle = join(synth.assetDir('MailSenderFunction'), 'index.js');
    const sender = (createRequire(import.meta.url)(bundle) as { handler: (event: unknown) => Promise<Record<string, number>> }).handler;
    const stream = (key: { PK: string; SK: string }) => ({ Records: [{ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: key.PK }, SK: { S: key.SK } } } }] });
    const delivery = mailKeys.delivery(PK.slice('MAIL#'.length), person.stakeholder.id);

    // Act: the stream delivers the event, then the delivery — the delivery twice (a retried batch).
    const expanded = await sender(stream({ PK, SK }));
    const sent = await sender(stream(delivery));
    const again = await sender(stream(delivery));

    // Assess
    expect(expanded).toMatchObject({ expanded: 1, sent: 0 });
    expect(sent).toMatchObject({ sent: 1 });
    expect(again).toMatchObject({ sent: 0 });
    expect((await mailTo(email)).map((m) => m.subject)).toEqual(['The 2032 report is published']);
  }, 60_000);
});
