/**
 * The open-data Lambda: `GET /export/consultations/{file}` where `{file}` is
 * `<consultation id>.csv` or `<consultation id>.jsonl`. Public data only,
 * whoever asks (the Authorization header is ignored). A response holds at
 * most `limit` rows (default and maximum 2000) and 5 MB; when more remain it
 * carries `Link: <…?after=<cursor>>; rel="next"`, and the CSV header row is
 * only in the first response, so the pages concatenate into one file.
 * `GET /export/issues/{year}.csv|.jsonl`: the standing issues of a year's call
 * for issues with their support counts, the same way.
 * `GET /export/meetings/<year>.jsonl`: the published minutes and the
 * decisions of that year's closed MAG meetings, one JSON object a line.
 * `GET /export/proposals/<year>.csv|.jsonl`: the proposal funnel of that
 * year's programme, aggregates only (no proposal or person named).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { PUBLIC_CALLER } from '../core/auth/caller';
import { createContext } from '../graphql/context';
import { DomainError, ErrorCode } from '../core/errors';
import { describeError, log } from '../core/log';
import { loadTracing, observeInvocation } from '../core/observability';
import { loadSecrets } from '../core/secrets';
import { compressResult } from './http-response';
import { CONTENT_TYPES, ContributionExport, IssueExport, MeetingExport, ProposalExport, type ExportFormat } from '../modules/export';

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

/** Two parameters: `nodejs24.x` refuses a handler that declares a callback (test/cdk/handler-arity.test.ts). */
export async function handler(event: APIGatewayProxyEventV2, context: LambdaContext): Promise<APIGatewayProxyStructuredResultV2> {
  return observeInvocation(context, async () => {
    const result = await serve(event, context.awsRequestId);
    compressResult(event, result);
    return result;
  });
}

async function serve(event: APIGatewayProxyEventV2, requestId: string): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    await Promise.all([loadTracing(), loadSecrets()]);
    const file = event.pathParameters?.file ?? '';
    if (event.rawPath.startsWith('/export/meetings/')) {
      const year = /^(\d{4})\.jsonl$/.exec(file)?.[1];
      if (!year) return refuse(400, 'BAD_REQUEST', 'Ask for <year>.jsonl', requestId);
      const services = createContext({ requestId, caller: PUBLIC_CALLER }).services;
      const exported = await new MeetingExport(services).year(year);
      log.info('Meeting export served', { requestId, year, rows: exported.rows });
      return {
        statusCode: 200,
        headers: {
          'content-type': CONTENT_TYPES.jsonl,
          'content-disposition': `inline; filename="meetings-${year}.jsonl"`,
          'cache-control': 'public, max-age=60',
          'x-export-rows': String(exported.rows),
        },
        body: exported.body,
      };
    }
    if (event.rawPath.startsWith('/export/proposals/')) {
      const wanted = /^(\d{4})\.(csv|jsonl)$/.exec(file);
      if (!wanted) return refuse(400, 'BAD_REQUEST', 'Ask for <year>.csv or <year>.jsonl', requestId);
      const format = wanted[2] as ExportFormat;
      const exported = await new ProposalExport(createContext({ requestId, caller: PUBLIC_CALLER }).services).year(wanted[1] as string, format);
      log.info('Proposal funnel export served', { requestId, year: exported.year, rows: exported.rows });
      return {
        statusCode: 200,
        headers: {
          'content-type': CONTENT_TYPES[format],
          'content-disposition': `inline; filename="proposals-${exported.year}.${format}"`,
          'cache-control': 'public, max-age=60',
          'x-export-rows': String(exported.rows),
        },
        body: exported.body,
      };
    }
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
  }
}
