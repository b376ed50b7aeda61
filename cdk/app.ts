/** The CDK app: one stack per stage. `npm run synth` needs no AWS credentials. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AgoraStack } from './agora-stack';

const app = new App();
const stage = (app.node.tryGetContext('stage') as string | undefined) ?? 'prod';
// The account and region the CLI found (credentials, AWS_REGION / profile) when there are credentials.
// Without them (an offline synth) the stack stays environment-agnostic: the CLI would otherwise pass its
// fallback region, us-east-1, and the template would pin the table's replica to it.
const account = process.env.CDK_DEFAULT_ACCOUNT;
new AgoraStack(app, `Agora-${stage}`, {
  description: 'Agora: serverless GraphQL backend for multistakeholder governance',
  ...(account ? { env: { account, region: process.env.CDK_DEFAULT_REGION } } : {}),
});
// cdk-nag's AwsSolutions checks run on every synth and deploy: a new, unacknowledged finding stops them.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
