/**
 * The notification store: notifications per organisation, and the reminders
 * and overdue notices the deadline job sends at most once (a guard item per
 * organisation, year and kind).
 */
import { tableName } from '../../core/dynamodb/client';
import { reportingKeys } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { named, transactWrite, type TransactItem } from '../../core/dynamodb/transact';
import type { Notification, Report } from './reporting.model';
import { notificationEntity, notificationPut, reportEntity } from './reporting.items';

export function listNotifications(organisationId: string, first: number, after: string | null | undefined): Promise<Page<Notification>> {
  return notificationEntity.query.ofOrganisation({ organisationId }, { scope: `notifications:${organisationId}`, first, after, forward: false });
}

/**
 * Sends one reminder or overdue notice, at most once: the guard item keyed by
 * organisation, year and kind is put conditionally in the same transaction
 * as the notification and the report's bookkeeping stamp. False if it was
 * already sent (or the report was submitted meanwhile). `mail`: the outbox
 * items of the notice, written in the same transaction.
 */
export async function sendOnce(report: Report, notification: Notification, kind: number | 'OVERDUE', mail: readonly TransactItem[] = []): Promise<boolean> {
  const table = tableName();
  const stamp = kind === 'OVERDUE' ? { name: 'overdueMarkedAt', value: notification.createdAt } : { name: 'remindedDays', value: kind };
  const outcome = await transactWrite([
    named('guard', {
      Put: {
        TableName: table,
        Item: {
          ...reportingKeys.reminderGuard(report.year, report.organisationId, kind),
          entity: 'ReminderGuard',
          notificationId: notification.id,
          sentAt: notification.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    named('notification', notificationPut(notification)),
    named('report', {
      // Bookkeeping only (no version change, so a representative's save never conflicts with the job).
      Update: {
        TableName: table,
        Key: reportingKeys.report(report.year, report.organisationId),
        UpdateExpression: 'SET #stamp = :stamp',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(firstSubmittedAt)',
        ExpressionAttributeNames: { '#stamp': stamp.name },
        ExpressionAttributeValues: { ':stamp': stamp.value },
      },
    }),
    ...mail.map((item) => named('mail', item)),
  ]);
  // Not sent when the guard says it was already, or the report was submitted meanwhile: both mean "nothing to send".
  return outcome.ok;
}

/** Never-submitted reports of a year still owed a reminder at `days` (none sent yet at this or a closer threshold). */
export async function reportsOwedReminder(year: number, days: number): Promise<Report[]> {
  return reportEntity.queryAll.byStatus(
    { year, status: 'DRAFT' },
    { filter: { expression: 'attribute_not_exists(#reminded) OR #reminded > :days', names: { '#reminded': 'remindedDays' }, values: { ':days': days } } },
  );
}

/** Never-submitted reports of a year not yet marked overdue. */
export async function reportsNotMarkedOverdue(year: number): Promise<Report[]> {
  return reportEntity.queryAll.byStatus(
    { year, status: 'DRAFT' },
    { filter: { expression: 'attribute_not_exists(#marked)', names: { '#marked': 'overdueMarkedAt' } } },
  );
}
