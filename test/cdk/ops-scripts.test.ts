/**
 * The operators' scripts of docs/operations.md (Deploying): they read outputs that the stack really has, and the
 * first secretariat member is made with the two Cognito calls it takes (run against a stand-in `aws`).
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

describe("the operators' scripts", () => {
  it('are valid bash and read only outputs the stack has', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'agora-ops-')), context: { 'aws:cdk:bundling-stacks': [] } });
    const outputs = Object.keys(Template.fromStack(new AgoraStack(app, 'AgoraOps')).findOutputs('*'));

    for (const script of SCRIPTS) {
      execFileSync('bash', ['-n', join(ROOT, script)]);
      const read = [...readFileSync(join(ROOT, script), 'utf8').matchAll(/\$\(output (\w+)\)/g)].map((m) => m[1]);
      expect(read.length, script).toBeGreaterThan(0);
      for (const name of read) expect(outputs, `${script} reads ${name}`).toContain(name);
    }
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
