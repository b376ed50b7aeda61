/**
 * The operators' scripts of docs/operations.md (Deploying): they read outputs that the stack really has, and the
 * first secretariat member is made with the two Cognito calls it takes (run against a stand-in `aws`), and the
 * upgrade procedure pauses and resumes the functions the stack really has.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AgoraStack } from '../../cdk/agora-stack';
import { SECRETARIAT_GROUP } from '../../functions/core/auth/caller';

const ROOT = join(import.meta.dirname, '../..');
const SCRIPTS = ['ops/create-secretariat-member.sh', 'ops/operator-token.sh'];

let synthesized: Template | undefined;

/** The stack's template, synthesized once for the file (no bundling). */
function template(): Template {
  if (!synthesized) {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'agora-ops-')), context: { 'aws:cdk:bundling-stacks': [] } });
    synthesized = Template.fromStack(new AgoraStack(app, 'AgoraOps'));
  }
  return synthesized;
}

describe("the operators' scripts", () => {
  it('are valid bash and read only outputs the stack has', () => {
    const outputs = Object.keys(template().findOutputs('*'));

    for (const script of SCRIPTS) {
      execFileSync('bash', ['-n', join(ROOT, script)]);
      const read = [...readFileSync(join(ROOT, script), 'utf8').matchAll(/\$\(output (\w+)\)/g)].map((m) => m[1]);
      expect(read.length, script).toBeGreaterThan(0);
      for (const name of read) expect(outputs, `${script} reads ${name}`).toContain(name);
    }
  }, 120_000);

  it('pause and resume the functions the upgrade procedure names, back to the concurrency the stack gives them', () => {
    // Prepare: the commands of docs/operations.md "Upgrading a deployed table"
    const doc = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const section = /^### Upgrading a deployed table\n([\s\S]*?)\n### /m.exec(doc)?.[1] ?? '';
    const prefix = /starts_with\(LogicalResourceId, '(\w+)'\)/.exec(section)?.[1] ?? '';
    const restored = [...section.matchAll(/--reserved-concurrent-executions (\d+)/g)].map((m) => Number(m[1]));

    // Act
    const resources = template().toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const graphql = Object.keys(resources).filter((id) => id.startsWith(prefix) && resources[id]?.Type === 'AWS::Lambda::Function');
    const scheduler = (template().findOutputs('SchedulerFunctionName').SchedulerFunctionName?.Value as { Ref: string }).Ref;

    // Assess: one function found; paused at 0, the GraphQL one restored to its reservation, the scheduler to none
    expect(graphql).toHaveLength(1);
    expect(restored).toEqual([0, 0, resources[graphql[0] as string]?.Properties.ReservedConcurrentExecutions]);
    expect(resources[scheduler]?.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(section).toContain('aws lambda delete-function-concurrency --function-name "$scheduler"');
    const outputs = Object.keys(template().findOutputs('*'));
    for (const name of [...section.matchAll(/\$\(output (\w+)\)/g)].map((m) => m[1])) expect(outputs).toContain(name);
  }, 120_000);

  it('create the first secretariat member with one command: the user, then the group', () => {
    // Prepare: an `aws` that answers the stack output and records every call
    const bin = mkdtempSync(join(tmpdir(), 'agora-aws-'));
    const calls = join(bin, 'calls.log');
    writeFileSync(join(bin, 'aws'), `#!/usr/bin/env bash\necho "$*" >> "${calls}"\nif [ "$1" = cloudformation ]; then echo eu-west-1_Pool; fi\n`);
    chmodSync(join(bin, 'aws'), 0o755);

    // Act
    const printed = execFileSync('bash', [join(ROOT, 'ops/create-secretariat-member.sh'), 'head@secretariat.example', 'Agora-staging'], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });

    // Assess
    const lines = readFileSync(calls, 'utf8').trim().split('\n');
    expect(lines[0]).toContain('cloudformation describe-stacks --stack-name Agora-staging');
    expect(lines[1]).toContain('cognito-idp admin-create-user --user-pool-id eu-west-1_Pool --username head@secretariat.example');
    expect(lines[1]).toContain('Name=email_verified,Value=true');
    expect(lines[2]).toBe(
      `cognito-idp admin-add-user-to-group --user-pool-id eu-west-1_Pool --username head@secretariat.example --group-name ${SECRETARIAT_GROUP}`,
    );
    expect(lines).toHaveLength(3);
    expect(printed).toContain('added them to the secretariat group');
  });
});
