/**
 * What time alone must trigger, run by the scheduler Lambda every few
 * minutes. Each job is idempotent and bounded; reads never depend on a job
 * having run (services compute time-derived state from the stamps).
 */
import type { ScheduledJob } from '../core/scheduled-job';
import { consultationStatusJob } from '../modules/consultations';
import { reportDeadlinesJob } from '../modules/reporting';
import { lapseJob } from '../modules/sessions';

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [consultationStatusJob, reportDeadlinesJob, lapseJob];
