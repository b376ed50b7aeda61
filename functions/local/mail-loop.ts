/**
 * Locally, the mail sender runs in-process: every couple of seconds it works
 * through the outbox (deployed, the table's stream and a schedule trigger it).
 */
import { describeError, log } from '../core/log';
import { processOutbox } from '../modules/mail';

export function startLocalMailSender(intervalMs = 2_000): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    processOutbox(new Date())
      .then((report) => {
        if (report.sent || report.parked) log.info('Local mail sender ran', { ...report });
      })
      .catch((error: unknown) => log.error('Local mail sender failed', describeError(error)))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
