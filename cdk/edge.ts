/**
 * The edge in front of the HTTP API: a CloudFront distribution with an AWS
 * WAF web ACL. API Gateway HTTP APIs cannot take a web ACL and throttle all
 * clients as one bucket; CloudFront + WAF give each client (IP address) its
 * own limit, drop common attacks before they cost a Lambda invocation, and
 * cache the public open-data export.
 *
 * - `/graphql`: never cached (answers depend on the caller), every method
 *   and header forwarded except Host.
 * - `/export/*`: cached by path and query string (`after`, `limit`) for the
 *   export's own `max-age` (60 s): a popular file costs one invocation a
 *   minute per edge location, whatever the traffic.
 * - Web ACL: a rate-based rule per IP over 5 minutes (a tighter one for the
 *   export), and the AWS managed common rule set (its body-size rule
 *   counted only: GraphQL bodies above 8 KB are legitimate and the function
 *   caps bodies at 128 KB itself).
 *
 * CloudFront web ACLs live in us-east-1: a stack deployed elsewhere passes
 * the ARN of one created there with `-c webAclArn=…`.
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Limits of the edge, each overridable with `cdk deploy -c name=value` (README, Security). */
export const EDGE_DEFAULTS = {
  /** Requests per IP address in any 5 minutes, over all paths (WAF's rate-based rule; minimum 10). */
  edgeRateLimitPer5Min: 1_000,
  /** Requests per IP address in any 5 minutes to the export (each may read 2,000 rows). */
  exportRateLimitPer5Min: 100,
  /** How long the edge keeps an export page when the function says nothing else, in seconds. */
  exportCacheSeconds: 60,
} as const;

export interface EdgeProps {
  readonly api: HttpApi;
  /** A value from CDK context, or the default. */
  readonly setting: (name: keyof typeof EDGE_DEFAULTS) => number;
  /** An existing CLOUDFRONT-scope web ACL (required when the stack is not in us-east-1). */
  readonly webAclArn?: string | undefined;
}

export class AgoraEdge extends Construct {
  readonly distribution: Distribution;
  readonly webAcl: CfnWebACL | undefined;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    let webAclArn = props.webAclArn;
    if (!webAclArn) {
      if (!Token.isUnresolved(region) && region !== 'us-east-1') {
        throw new Error(`CloudFront web ACLs are created in us-east-1; deploy there or pass -c webAclArn=<arn> (stack region: ${region})`);
      }
      this.webAcl = this.createWebAcl(props);
      webAclArn = this.webAcl.attrArn;
    }

    const origin = new HttpOrigin(`${props.api.apiId}.execute-api.${region}.${Stack.of(this).urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      readTimeout: Duration.seconds(30),
    });
    const exportCache = new CachePolicy(this, 'ExportCache', {
      comment: 'Agora open-data export: by path and the paging query string',
      defaultTtl: Duration.seconds(props.setting('exportCacheSeconds')),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(10),
      queryStringBehavior: CacheQueryStringBehavior.allowList('after', 'limit'),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Agora API',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: webAclArn,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      additionalBehaviors: {
        '/export/*': {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: exportCache,
          compress: true,
        },
      },
    });
  }

  private createWebAcl(props: EdgeProps): CfnWebACL {
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    return new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('AgoraEdge'),
      rules: [
        {
          name: 'ExportRatePerIp',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: props.setting('exportRateLimitPer5Min'),
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/export/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('AgoraExportRatePerIp'),
        },
        {
          name: 'RatePerIp',
          priority: 1,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: { rateBasedStatement: { limit: props.setting('edgeRateLimitPer5Min'), aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('AgoraRatePerIp'),
        },
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // GraphQL requests are JSON bodies that may exceed 8 KB; the function bounds them (128 KB).
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('AgoraCommonRuleSet'),
        },
      ],
    });
  }
}
