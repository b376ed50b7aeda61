/**
 * The reporting deadline job (run by the scheduler Lambda): reminds
 * organisations that have not submitted 14, 7 and 1 days before the due date
 * and marks never-submitted reports overdue once the due date has passed,
 * each notice at most once (a guard item per organisation, year and kind).
 * Nothing else depends on it: lateness and overdue are computed from stamps.
 */
import { newId } from '../../core/ids';
import type { ScheduledJob } from '../../core/scheduled-job';
import type { Notification, Report, ReportingCycle } from './reporting.model';
import * as cycleStore from './cycle.store';
import * as notificationStore from './notification.store';
import { mailEvent } from '../outbox';

const DAY_MS = 86_400_000;
/** Days before the due date at which organisations that have not submitted are reminded. */
export const REMINDER_DAYS = [14, 7, 1] as const;

function notice(report: Report, now: Date, kind: Notification['kind'], message: string, daysBefore?: number): Notification {
  return {
    // The id is only unique (the feed orders by createdAt, then id); `now` may be any instant the job is run for.
    id: newId(),
    organisationId: report.organisationId,
    kind,
    year: report.year,
    reportId: report.id,
    ...(daysBefore !== undefined ? { daysBefore } : {}),
    message,
    createdAt: now.toISOString(),
  };
}

/**
 * The closest threshold already reached: a job that first runs 5 days before
 * the due date sends the 7-day reminder only (the 14-day one is moot), and
 * never a reminder for a threshold it has passed.
 */
export function reminderThreshold(cycle: ReportingCycle, now: Date): number | undefined {
  const daysLeft = (Date.parse(cycle.dueAt) - now.getTime()) / DAY_MS;
  if (daysLeft < 0) return undefined;
  return [...REMINDER_DAYS].sort((a, b) => a - b).find((days) => daysLeft <= days);
}

export async function runReportDeadlines(now: Date): Promise<number> {
  const at = now.toISOString();
  const cycles = await cycleStore.cyclesDueBefore(new Date(now.getTime() + Math.max(...REMINDER_DAYS) * DAY_MS).toISOString());
  let sent = 0;
  for (const cycle of cycles) {
    if (cycle.dueAt < at) {
      for (const report of await notificationStore.reportsNotMarkedOverdue(cycle.year)) {
        const message = `Your ${cycle.year} report was due at ${cycle.dueAt} and is overdue: submit it as soon as you can`;
        const mail = mailEvent(
          'REPORT_OVERDUE',
          { type: 'representatives', organisationIds: [report.organisationId] },
          { year: cycle.year, dueAt: cycle.dueAt },
          now,
        );
        if (await notificationStore.sendOnce(report, notice(report, now, 'OVERDUE', message), 'OVERDUE', [mail])) sent++;
      }
      continue;
    }
    const days = reminderThreshold(cycle, now);
    if (days === undefined) continue;
    for (const report of await notificationStore.reportsOwedReminder(cycle.year, days)) {
      const message = `Your ${cycle.year} report is due in ${days} day${days === 1 ? '' : 's'} (${cycle.dueAt}) and has not been submitted yet`;
      const mail = mailEvent(
        'REPORT_REMINDER',
        { type: 'representatives', organisationIds: [report.organisationId] },
        { year: cycle.year, dueAt: cycle.dueAt, days },
        now,
      );
      if (await notificationStore.sendOnce(report, notice(report, now, 'REMINDER', message, days), days, [mail])) sent++;
    }
  }
  return sent;
}

export const reportDeadlinesJob: ScheduledJob = { name: 'report-deadlines', run: runReportDeadlines };
