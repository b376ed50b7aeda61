/**
 * The links in mails, served as small HTML pages: confirming a contact
 * address and one-click unsubscribe (RFC 8058: mail clients POST
 * `List-Unsubscribe=One-Click` to the List-Unsubscribe URL). A GET only
 * shows a button — link scanners that open every URL in a mail must not
 * confirm or unsubscribe anything.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PUBLIC_CALLER } from '../core/auth/caller';
import { DomainError } from '../core/errors';
import { describeError, log } from '../core/log';
import { buildMail } from '../modules/mail';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(status: number, title: string, body: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'referrer-policy': 'no-referrer',
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  };
}

const button = (label: string) => `<form method="post"><button type="submit" style="font-size:1.2em">${escapeHtml(label)}</button></form>`;

/** `_context` and `_callback` keep the Lambda signature that the local server calls. */
export async function handler(event: APIGatewayProxyEventV2, _context?: unknown, _callback?: unknown): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method;
  const params = event.pathParameters ?? {};
  const mail = buildMail(PUBLIC_CALLER, () => new Date());
  try {
    if (params.code !== undefined) {
      if (method !== 'POST') return page(200, 'Confirm your contact address', button('Confirm this address'));
      await mail.confirm({ code: params.code });
      return page(200, 'Address confirmed', '<p>Thank you: Agora will send its mail to this address.</p>');
    }
    if (params.kind !== undefined && params.token !== undefined) {
      if (method !== 'POST') return page(200, 'Unsubscribe', button(`Stop mail of this kind (${params.kind})`));
      if (!(await mail.unsubscribeByToken(params.token, params.kind))) return page(404, 'Unknown link', '<p>This unsubscribe link is not valid.</p>');
      return page(
        200,
        'Unsubscribed',
        `<p>You will not receive mail of this kind (${escapeHtml(params.kind)}) any more. You can turn it on again in your mail preferences.</p>`,
      );
    }
    return page(404, 'Not found', '<p>There is nothing here.</p>');
  } catch (error) {
    if (error instanceof DomainError) return page(400, 'This link did not work', `<p>${escapeHtml(error.message)}</p>`);
    log.error('Mail link failed', describeError(error));
    return page(503, 'Please try again later', '<p>The service could not answer. Try again in a minute.</p>');
  }
}
