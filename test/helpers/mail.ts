/**
 * Mail in tests: the run's SES v2 emulator holds every message the sender
 * sent; `mailTo` reads it back (GET /store) for one address. Addresses are
 * unique per test, so tests never see each other's mail.
 */
import { inject } from 'vitest';
import { handler as mailLinksHandler } from '../../functions/handlers/mail-links';
import { matchRoute } from '../../functions/handlers/routes';
import { apiGatewayEvent } from '../../functions/local/http-adapter';
import { processOutbox, type SenderOptions, type SenderReport } from '../../functions/modules/mail/mail.sender';
import { sesClient } from '../../functions/modules/mail/ses';

export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
}

/** Every mail the emulator received for an address, oldest first. */
export async function mailTo(address: string): Promise<StoredMail[]> {
  const response = await fetch(`${inject('sesEndpoint')}/store`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  return emails.filter((mail) => mail.destination.to.map((a) => a.toLowerCase()).includes(address.toLowerCase()));
}

export const header = (mail: StoredMail, name: string) => mail.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** When this test file started: mail it decides at the real time is due after it. */
const STARTED = Date.now() - 60_000;

/**
 * Runs the sender as deployed runs it (the same code), at `now`. At the real
 * time it reads only the queue entries since this file started (the whole
 * run's backlog of other files' mail is not its business); at a past time,
 * everything due then.
 */
export function runSender(now: Date = new Date(), options: SenderOptions = {}): Promise<SenderReport> {
  return processOutbox(now, { ...(now.getTime() >= STARTED ? { since: new Date(STARTED) } : {}), ...options });
}

/** The confirmation code in a confirmation mail. */
export function codeIn(mail: StoredMail): string {
  const match = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(mail.body.text ?? '');
  if (!match?.[1]) throw new Error(`No confirmation code in: ${mail.body.text ?? ''}`);
  return match[1];
}

/** Takes only the queue entries that concern these ids (stakeholders, organisations, consultations): a test's own mail. */
export function concerning(...ids: string[]): SenderOptions['accept'] {
  return (entry) => (entry.type === 'event' ? ids.some((id) => JSON.stringify(entry.event.audience).includes(id)) : ids.includes(entry.delivery.stakeholderId));
}

/** Follows a link of a mail (confirm, unsubscribe) as a browser or a mail client would: through the route list and the handler. */
export async function followLink(url: string, method: 'GET' | 'POST', body?: string) {
  const { pathname } = new URL(url);
  const matched = matchRoute(method, pathname);
  if (!matched || matched.route.function !== 'mail') throw new Error(`No mail route for ${method} ${pathname}`);
  const event = apiGatewayEvent({
    method,
    path: pathname,
    routePath: matched.route.path,
    pathParameters: matched.params,
    headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(body ? { body } : {}),
  });
  return mailLinksHandler(event);
}

/** Makes the SES client fail the next `times` SendEmail calls with `fault` (inside the SDK's retry loop, as SES would answer). */
export function injectSesFault(fault: () => Error, times = Number.POSITIVE_INFINITY): { calls: () => number; remove(): void } {
  const name = `ses-fault-${Math.random().toString(36).slice(2)}`;
  let calls = 0;
  sesClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendEmailCommand') return next(args);
      calls++;
      if (calls <= times) throw fault();
      return next(args);
    },
    { step: 'deserialize', name, priority: 'low' },
  );
  return { calls: () => calls, remove: () => sesClient().middlewareStack.remove(name) };
}
