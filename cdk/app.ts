/** The CDK app: one stack per stage. `npm run synth` needs no AWS credentials. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AgoraStack } from './agora-stack';

const app = new App();
const stage = (app.node.tryGetContext('stage') as string | undefined) ?? 'prod';
new AgoraStack(app, `Agora-${stage}`, {
  description: 'Agora: serverless GraphQL backend for multistakeholder governance',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// cdk-nag's AwsSolutions checks run on every synth and deploy: a new, unacknowledged finding stops them.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
