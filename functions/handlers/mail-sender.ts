/**
 * The mail-sender Lambda: on the table's stream (new outbox events and
 * deliveries, filtered by the event source mapping) it processes the items
 * named by the records; on its schedule it works through everything due
 * (retries after backoff, interrupted sends). Either way each message is
 * sent at most once (see modules/mail/mail.sender.ts).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { log } from '../core/log';
import { loadTracing } from '../core/observability';
import { processKeys, processOutbox, type SenderReport } from '../modules/mail';

const isStream = (event: unknown): event is DynamoDBStreamEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records);

export const handler = async (event: unknown): Promise<SenderReport> => {
  await loadTracing();
  const now = new Date();
  const report = isStream(event)
    ? await processKeys(
        event.Records.flatMap((record) => {
          const keys = record.dynamodb?.Keys;
          return keys?.PK?.S && keys.SK?.S ? [{ PK: keys.PK.S, SK: keys.SK.S }] : [];
        }),
        now,
      )
    : await processOutbox(now);
  log.info('Mail sender ran', { ...report });
  return report;
};
