/** What time alone must trigger: the shape of a job that the scheduler Lambda runs (its list: handlers/scheduled-jobs.ts). */
export interface ScheduledJob {
  readonly name: string;
  /** Does what is due at `now`; returns how many items it changed. */
  run(now: Date): Promise<number>;
}
