/** Why each cdk-nag AwsSolutions finding that remains is accepted (the CDK test requires a reason for each). */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
}
