/**
 * The HTTP routes of the API, one list for both the CDK HTTP API and the
 * local server, so local and deployed requests take the same path.
 */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  /** API Gateway route path (may hold `{param}` segments). */
  readonly path: string;
  /** The Lambda function that serves it (a key of the stack's functions). */
  readonly function: 'graphql' | 'export' | 'mail';
}

export const ROUTES: readonly RouteDefinition[] = [
  { method: 'POST', path: '/graphql', function: 'graphql' },
  { method: 'GET', path: '/graphql', function: 'graphql' },
  // Open data: `{file}` is `<consultation id>.csv` or `.jsonl` (path parameters are whole segments).
  { method: 'GET', path: '/export/consultations/{file}', function: 'export' },
  // The links in mails: confirm an address; one-click unsubscribe (a GET shows a button, the POST acts).
  { method: 'GET', path: '/mail/confirm/{code}', function: 'mail' },
  { method: 'POST', path: '/mail/confirm/{code}', function: 'mail' },
  { method: 'GET', path: '/mail/unsubscribe/{kind}/{token}', function: 'mail' },
  { method: 'POST', path: '/mail/unsubscribe/{kind}/{token}', function: 'mail' },
  // Open data: `{file}` is `<year>.csv` or `.jsonl`: the standing issues of that year's call with their support counts.
  { method: 'GET', path: '/export/issues/{file}', function: 'export' },
  // The published minutes and decisions of a year's MAG meetings: `{file}` is `<year>.jsonl`.
  { method: 'GET', path: '/export/meetings/{file}', function: 'export' },
  // The proposal funnel of a year's programme, aggregates only: `{file}` is `<year>.csv` or `.jsonl`.
  { method: 'GET', path: '/export/proposals/{file}', function: 'export' },
];

/** Headers browsers may send cross-origin, and read cross-origin; the same lists configure CORS deployed and locally. */
export const CORS = {
  allowHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
  /** The export's next page (`link`) and row count (`x-export-rows`), so a dashboard in a browser can follow the pages. */
  exposeHeaders: ['link', 'x-export-rows'],
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  maxAgeSeconds: 600,
} as const;

/** Matches a request path against a route path with `{param}` segments. */
export function matchRoute(method: string, path: string): { route: RouteDefinition; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const match = new RegExp(`^${pattern}$`).exec(path);
    if (match) {
      return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')])) };
    }
  }
  return undefined;
}
