/** Synthesizes the stack once per test file, offline, into a temporary cloud assembly. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AgoraStack } from '../../cdk/agora-stack';

export interface Synthesized {
  readonly stack: AgoraStack;
  readonly template: Template;
  readonly outdir: string;
  /** The bundled code folder of a function, by its logical-id prefix (e.g. "GraphqlFunction"). */
  assetDir(functionLogicalIdPrefix: string): string;
}

export function synthesize(): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'agora-cdk-'));
  const app = new App({ outdir });
  const stack = new AgoraStack(app, 'AgoraTest');
  const template = Template.fromStack(stack);
  app.synth();
  return {
    stack,
    template,
    outdir,
    assetDir(prefix) {
      const functions = template.findResources('AWS::Lambda::Function');
      const entry = Object.entries(functions).find(([logicalId]) => logicalId.startsWith(prefix));
      if (!entry) throw new Error(`No function ${prefix} in the template`);
      const key = (entry[1] as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key;
      return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    },
  };
}
