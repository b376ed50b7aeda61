/** The scheduler Lambda (EventBridge, every 5 minutes): runs every scheduled job, each on its own. */
import { describeError, log } from '../core/log';
import type { Context as LambdaContext } from 'aws-lambda';
import { loadTracing, observeInvocation } from '../core/observability';
import { loadSecrets } from '../core/secrets';
import { SCHEDULED_JOBS } from './scheduled-jobs';

export async function runScheduledJobs(now: Date = new Date()): Promise<Record<string, number | 'failed'>> {
  const results: Record<string, number | 'failed'> = {};
  for (const job of SCHEDULED_JOBS) {
    try {
      results[job.name] = await job.run(now);
    } catch (error) {
      // One failing job must not stop the others; the next run retries it.
      results[job.name] = 'failed';
      log.error('Scheduled job failed', { job: job.name, ...describeError(error) });
    }
  }
  log.info('Scheduled jobs ran', { results });
  return results;
}

/** Its log lines carry the Lambda context, as the other functions' do. */
export const handler = async (_event: unknown, context: LambdaContext): Promise<Record<string, number | 'failed'>> =>
  observeInvocation(context, async () => {
    await Promise.all([loadTracing(), loadSecrets()]);
    const results = await runScheduledJobs();
    if (Object.values(results).includes('failed')) throw new Error('A scheduled job failed');
    return results;
  });
