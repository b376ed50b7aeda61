/**
 * The open-data Lambda: `GET /export/consultations/{file}` where `{file}` is
 * `<consultation id>.csv` or `<consultation id>.jsonl`. Public data only,
 * whoever asks (the Authorization header is ignored). A response holds at
 * most `limit` rows (default and maximum 2000) and 5 MB; when more remain it
 * carries `Link: <…?after=<cursor>>; rel="next"`, and the CSV header row is
 * only in the first response, so the pages concatenate into one file.
 * `GET /export/issues/{year}.csv|.jsonl`: the standing issues of a year's call
 * for issues with their support counts, the same way.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { PUBLIC_CALLER } from '../core/auth/caller';
import { createContext } from '../graphql/context';
import { DomainError, ErrorCode } from '../core/errors';
import { describeError, log } from '../core/log';
import { flushMetrics, loadTracing } from '../core/observability';
import { CONTENT_TYPES, ContributionExport, IssueExport, type ExportFormat } from '../modules/export';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

function refuse(status: number, code: string, message: string, requestId: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }),
  };
}

/** `_callback` keeps the classic three-argument Lambda signature that the local server and tests call. */
export async function handler(event: APIGatewayProxyEventV2, context: LambdaContext, _callback?: unknown): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = context.awsRequestId;
  try {
    await loadTracing();
    const file = event.pathParameters?.file ?? '';
    const match = /^(.+)\.(csv|jsonl)$/.exec(file);
    if (!match) return refuse(400, 'BAD_REQUEST', 'Ask for <consultation id>.csv or <consultation id>.jsonl', requestId);
    const [, consultation, extension] = match as unknown as [string, string, ExportFormat];
    const query = event.queryStringParameters ?? {};
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    const services = createContext({ requestId, caller: PUBLIC_CALLER }).services;
    // `/export/issues/<year>.<ext>`: a call for issues; otherwise a consultation's contributions.
    const chunk = event.rawPath.startsWith('/export/issues/')
      ? await new IssueExport(services)
          .chunk({ year: consultation, format: extension, after: query.after, limit })
          .then((c) => ({ ...c, consultationId: String(c.year) }))
      : await new ContributionExport(services).chunk({ consultation, format: extension, after: query.after, limit });
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extension],
      'content-disposition': `inline; filename="${chunk.consultationId}.${extension}"`,
      'cache-control': 'public, max-age=60',
      'x-export-rows': String(chunk.rows),
    };
    if (chunk.next) {
      const next = new URLSearchParams({ after: chunk.next, ...(limit !== undefined ? { limit: String(limit) } : {}) });
      headers.link = `<${event.rawPath}?${next.toString()}>; rel="next"`;
    }
    log.info('Export served', { requestId, consultationId: chunk.consultationId, format: extension, rows: chunk.rows, more: chunk.next !== null });
    return { statusCode: 200, headers, body: chunk.body };
  } catch (error) {
    if (error instanceof DomainError) {
      const status = STATUS[error.code] ?? 400;
      return refuse(status, error.code, error.message, requestId);
    }
    log.error('Export failed', { requestId, ...describeError(error) });
    return refuse(500, 'INTERNAL_SERVER_ERROR', 'The export failed; retry later', requestId);
  } finally {
    flushMetrics();
  }
}
