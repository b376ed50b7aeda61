/**
 * What time alone must trigger, run by the scheduler Lambda every few
 * minutes. Each job is idempotent and bounded; reads never depend on a job
 * having run (services compute time-derived state from the stamps).
 */
import { reportDeadlinesJob } from './reporting/reporting.jobs';
import { consultationStatusJob } from './consultations/consultation-status.job';

export interface ScheduledJob {
  readonly name: string;
  /** Does what is due at `now`; returns how many items it changed. */
  run(now: Date): Promise<number>;
}

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [consultationStatusJob, reportDeadlinesJob];
