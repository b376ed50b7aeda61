/**
 * The deployment's protections added for abuse: CloudFront + WAF in front of
 * the HTTP API (per-IP rate limits, AWS managed common rules, export cached),
 * the export's reserved concurrency, staff sign-in with MFA required, no
 * implicit OAuth flow or placeholder callback, and the cursor key read from
 * Secrets Manager rather than the functions' environment.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_DEFAULTS } from '../../cdk/edge';
import { PROTECTION_DEFAULTS } from '../../cdk/agora-stack';
import { STAFF_ACCESS_TOKEN_MINUTES } from '../../cdk/staff';
import { synthesize, type Synthesized } from '../helpers/synth';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

type Resource = { Properties: Record<string, any> };
const resources = (type: string) => Object.entries(synth.template.findResources(type)) as [string, Resource][];

describe('the edge (CloudFront + WAF)', () => {
  it('has a CloudFront web ACL with a per-IP rate rule, a tighter one for the export, and the AWS managed common rule set', () => {
    synth.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'ExportRatePerIp',
          Statement: { RateBasedStatement: Match.objectLike({ Limit: EDGE_DEFAULTS.exportRateLimitPer5Min, AggregateKeyType: 'IP' }) },
        }),
        Match.objectLike({
          Name: 'RatePerIp',
          Action: { Block: Match.anyValue() },
          Statement: { RateBasedStatement: { Limit: EDGE_DEFAULTS.edgeRateLimitPer5Min, AggregateKeyType: 'IP' } },
        }),
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }) },
        }),
      ]),
    });
  });

  it('puts the distribution behind that web ACL, never caches /graphql, and caches /export/* by path and paging query', () => {
    const [[aclId]] = resources('AWS::WAFv2::WebACL') as [[string, Resource]];
    const [[, distribution]] = resources('AWS::CloudFront::Distribution') as [[string, Resource]];
    const config = distribution.Properties.DistributionConfig;
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
    const exportBehaviour = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/export/*');
    expect(exportBehaviour.AllowedMethods).toEqual(['GET', 'HEAD']);
    synth.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: EDGE_DEFAULTS.exportCacheSeconds,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['after', 'limit'] },
        }),
      }),
    });
  });

  it('reserves concurrency for the export function', () => {
    const exporter = resources('AWS::Lambda::Function').find(([id]) => id.startsWith('ExportFunction'));
    expect(exporter?.[1].Properties.ReservedConcurrentExecutions).toBe(PROTECTION_DEFAULTS.exportReservedConcurrency);
  });
});

describe('accounts and secrets', () => {
  it('requires MFA in the staff pool, which alone holds the secretariat group, with 5-minute access tokens and no self sign-up', () => {
    const pools = resources('AWS::Cognito::UserPool');
    const staff = pools.find(([, pool]) => pool.Properties.MfaConfiguration === 'ON');
    const publicPool = pools.find(([, pool]) => pool.Properties.MfaConfiguration === 'OPTIONAL');
    expect(staff).toBeDefined();
    expect(publicPool).toBeDefined();
    expect(staff?.[1].Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    const [[, group]] = resources('AWS::Cognito::UserPoolGroup') as [[string, Resource]];
    expect(group.Properties.UserPoolId).toEqual({ Ref: staff?.[0] });
    const staffClient = resources('AWS::Cognito::UserPoolClient').find(
      ([, c]) => JSON.stringify(c.Properties.UserPoolId) === JSON.stringify({ Ref: staff?.[0] }),
    );
    expect(staffClient?.[1].Properties.AccessTokenValidity).toBe(STAFF_ACCESS_TOKEN_MINUTES);
    expect(staffClient?.[1].Properties.TokenValidityUnits).toMatchObject({ AccessToken: 'minutes' });
  });

  it('offers no implicit OAuth flow and no placeholder callback URL on any app client', () => {
    for (const [, client] of resources('AWS::Cognito::UserPoolClient')) {
      const text = JSON.stringify(client.Properties);
      expect(text).not.toContain('implicit');
      expect(text).not.toContain('example.com');
      expect(client.Properties.AllowedOAuthFlowsUserPoolClient ?? false).toBe(false);
    }
  });

  it('gives the functions the cursor secret’s ARN, not its value, and lets them read it', () => {
    for (const [, fn] of resources('AWS::Lambda::Function').filter(([id]) => /^(Graphql|Export|Scheduler)Function/.test(id))) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables.CURSOR_SECRET).toBeUndefined();
      expect(variables.CURSOR_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^CursorSecret/) });
      expect(variables.COGNITO_STAFF_USER_POOL_ID).toBeDefined();
    }
    const statements = resources('AWS::IAM::Policy').flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    expect(statements.some((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))).toBe(true);
  });
});
