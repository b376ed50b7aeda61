/**
 * One Lambda function of Agora, with its defaults fixed once: Node.js runtime, arm64, X-Ray tracing, the
 * `handler` export, local esbuild bundling from the repository root; its own log group (a month, removed
 * with the stack); and its grant on the one table, limited to the actions it needs (on the table and its
 * indexes). The stack and the mail construct compose it instead of repeating these blocks.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Tracing, type Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';

/** What every function of the stack shares: where the code is, how it is built, what runs it. */
export interface FunctionDefaults {
  readonly root: string;
  readonly runtime: Runtime;
  readonly bundling: BundlingOptions;
}

export interface AgoraFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'logGroup' | 'projectRoot' | 'depsLockFilePath' | 'handler'> {
  readonly defaults: FunctionDefaults;
  /** The handler file, relative to the repository root. */
  readonly entry: string;
  /** The construct id of its log group (the ids the stack was first deployed with). */
  readonly logGroupId: string;
  readonly table: ITable;
  /** What the function may do on the table and its indexes. */
  readonly tableActions: readonly string[];
}

export class AgoraFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AgoraFunctionProps) {
    const { defaults, entry, logGroupId, table, tableActions, ...options } = props;
    const logGroup = new LogGroup(scope, logGroupId, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    super(scope, id, {
      projectRoot: defaults.root,
      depsLockFilePath: join(defaults.root, 'package-lock.json'),
      handler: 'handler',
      runtime: defaults.runtime,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      bundling: defaults.bundling,
      ...options,
      entry: join(defaults.root, entry),
      logGroup,
    });
    this.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...tableActions], resources: [table.tableArn, `${table.tableArn}/index/*`] }));
  }
}
