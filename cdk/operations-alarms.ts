/**
 * Alarms on what the API answers with HTTP 200 too: GraphQL errors (INTERNAL_SERVER_ERROR,
 * SERVICE_UNAVAILABLE in the body: a resolver bug, a missing table or IAM action, throttling) read from the
 * metrics the functions emit (functions/core/observability.ts), and the table's own throttled requests and
 * system errors. Each alarm notifies the stack's alarm topic, on alarm and on recovery.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface OperationsAlarmsProps {
  readonly table: ITableV2;
  readonly graphql: IFunction;
  readonly topic: ITopic;
}

/** Namespace and dimensions of the per-invocation metrics (functions/core/observability.ts). */
export const APP_METRICS = { namespace: 'Agora', service: 'agora' } as const;

/** The table operations the functions use; throttles and system errors are summed over them. */
const TABLE_OPERATIONS: Operation[] = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

export class OperationsAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const appMetric = (fn: IFunction, name: string) =>
      new Metric({
        namespace: APP_METRICS.namespace,
        metricName: name,
        dimensionsMap: { service: APP_METRICS.service, function_name: fn.functionName },
        statistic: 'Sum',
        period,
      });
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(props.topic));
      created.addOkAction(new SnsAction(props.topic));
      this.alarms.push(created);
    };

    alarm(
      'GraphqlInternalErrorsAlarm',
      'GraphQL answered INTERNAL_SERVER_ERROR (HTTP 200): a resolver failed unexpectedly (a bug, a missing table or IAM action); the log line "Unexpected error" has the detail',
      appMetric(props.graphql, 'Errors.INTERNAL_SERVER_ERROR'),
      1,
    );
    alarm(
      'GraphqlUnavailableAlarm',
      'GraphQL answered SERVICE_UNAVAILABLE (DynamoDB throttling or unreachable, or the Cognito key set could not be fetched) 5 times in 5 minutes',
      appMetric(props.graphql, 'Errors.SERVICE_UNAVAILABLE'),
      5,
    );
    alarm(
      'TableThrottlesAlarm',
      'DynamoDB throttled requests on the table (on-demand limits or a hot partition)',
      props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period }),
      1,
    );
    alarm(
      'TableSystemErrorsAlarm',
      "DynamoDB answered the table's requests with system errors (HTTP 500 from DynamoDB)",
      props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period }),
      1,
    );
  }
}
