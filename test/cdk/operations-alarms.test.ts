/**
 * The alarms on what the API answers with HTTP 200 too: they watch the very metric the GraphQL function
 * emits (checked against an EMF line the handler writes), and the table's throttles and system errors.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgoraStack } from '../../cdk/agora-stack';
import { setEnv } from '../../functions/core/config';
import { documentClient } from '../../functions/core/dynamodb/client';
import { gql, unique } from '../helpers/api';

let template: Template;
beforeAll(() => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'agora-alarms-')), context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new AgoraStack(app, 'AgoraAlarms'));
});
afterEach(() => {
  vi.restoreAllMocks();
  setEnv({ POWERTOOLS_METRICS_DISABLED: 'true' });
});

type AlarmProperties = {
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  Metrics?: unknown[];
  AlarmActions: unknown[];
};
const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => (r as { Properties: AlarmProperties }).Properties);

/** The EMF line the GraphQL handler writes for a request that fails unexpectedly. */
async function emittedForInternalError(): Promise<Record<string, any>> {
  setEnv({ POWERTOOLS_METRICS_DISABLED: 'false' });
  const written: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  }
  const name = `fault-${unique()}`;
  documentClient().middlewareStack.add(
    () => async () => {
      throw Object.assign(new Error('AccessDeniedException: not authorized to perform dynamodb:Query'), { name: 'AccessDeniedException' });
    },
    { step: 'initialize', name },
  );
  try {
    const result = await gql('{ consultations(first: 1) { edges { node { id } } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  } finally {
    documentClient().middlewareStack.remove(name);
  }
  const line = written.flatMap((c) => c.split('\n')).find((l) => l.includes('"CloudWatchMetrics"'));
  return JSON.parse(line ?? '{}') as Record<string, any>;
}

describe('operations alarms', () => {
  it('alarm on the INTERNAL_SERVER_ERROR metric exactly as the GraphQL function emits it', async () => {
    // Act
    const emf = await emittedForInternalError();

    // Assess: the alarm's namespace, metric name and dimension names are those of the emitted line
    const alarm = alarms().find((a) => a.MetricName === 'Errors.INTERNAL_SERVER_ERROR');
    expect(alarm).toBeDefined();
    const directive = emf._aws.CloudWatchMetrics[0] as { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] };
    expect(alarm?.Namespace).toBe(directive.Namespace);
    expect(directive.Metrics.map((m) => m.Name)).toContain('Errors.INTERNAL_SERVER_ERROR');
    expect(emf['Errors.INTERNAL_SERVER_ERROR']).toBe(1);
    const dimensionNames = (alarm?.Dimensions ?? []).map((d) => d.Name).sort();
    expect(directive.Dimensions.map((set) => [...set].sort())).toContainEqual(dimensionNames);
    expect(alarm?.Dimensions).toContainEqual({ Name: 'service', Value: emf.service });
    const functionName = alarm?.Dimensions?.find((d) => d.Name === 'function_name')?.Value as { Ref?: string } | undefined;
    expect(functionName?.Ref).toMatch(/^GraphqlFunction/);
    expect(alarm?.Threshold).toBe(1);
  });

  it("alarm on SERVICE_UNAVAILABLE answers, and on the table's throttled requests and system errors", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors.SERVICE_UNAVAILABLE', Namespace: 'Agora', Threshold: 5 });
    const table = alarms().filter((a) => a.Metrics !== undefined);
    const expressions = JSON.stringify(table.map((a) => a.Metrics));
    expect(expressions).toContain('ThrottledRequests');
    expect(expressions).toContain('SystemErrors');
    expect(expressions).toContain('TransactWriteItems');
    for (const alarm of alarms()) expect((alarm.AlarmActions as { Ref: string }[]).map((a) => a.Ref)).toEqual([expect.stringMatching(/^AlarmTopic/)]);
  });
});
