/**
 * The one SES v2 client of the process: the regional endpoint when deployed,
 * the SES v2 emulator locally (same client, same calls). The SDK retries
 * throttling with backoff (standard mode) within one send; the sender backs
 * off further between sends (mail.sender.ts).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '../../core/config';

export const SES_LIMITS = {
  /** Attempts per SendEmail call, with the SDK's jittered exponential backoff on throttling and 5xx. */
  maxAttempts: 3,
  connectionTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
} as const;

let client: SESv2Client | undefined;

export function sesClient(): SESv2Client {
  if (!client) {
    const { region, mail } = config();
    client = new SESv2Client({
      region,
      ...(mail.sesEndpoint ? { endpoint: mail.sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      maxAttempts: SES_LIMITS.maxAttempts,
      retryMode: 'standard',
      requestHandler: { connectionTimeout: SES_LIMITS.connectionTimeoutMs, requestTimeout: SES_LIMITS.requestTimeoutMs },
    });
  }
  return client;
}
