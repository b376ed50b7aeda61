/**
 * The GraphQL IDE of the local server: GraphiQL, served from the npm packages
 * (graphiql, react, react-dom), so it works offline. A browser that opens
 * http://localhost:4000/graphql (a GET that accepts text/html and carries no
 * query) gets it; every other request goes to the API as before. Deployed,
 * there is no IDE: introspection and the landing page are off
 * (GRAPHQL_INTROSPECTION=true on a staging stack shows Apollo's own page).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The files the page loads, each from its package (resolved once, read on first request, kept in memory). */
export const IDE_ASSETS: Record<string, { readonly packageName: string; readonly file: string; readonly type: string }> = {
  '/graphiql/react.js': { packageName: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql/react-dom.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql/graphiql.js': { packageName: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql/graphiql.css': { packageName: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
};

/** A package's file by path (React's UMD builds are not in its `exports`, so they are read from the package folder). */
function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

const DEFAULT_QUERY = `# Agora, on this machine. Public reads need no token; for a signed-in call, print one with
#   npm run token -- --role secretariat
# and add it under Headers: { "Authorization": "Bearer <token>" }
query Consultations {
  consultations(first: 5) {
    edges { node { id title status opensAt closesAt } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export function idePage(endpoint: string): string {
  const config = JSON.stringify({ endpoint, defaultQuery: DEFAULT_QUERY }).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Agora GraphQL (local)</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script>
  const config = ${config};
  // apollo-require-preflight: Apollo's CSRF protection lets requests with this header through.
  const fetcher = GraphiQL.createFetcher({ url: config.endpoint, headers: { 'apollo-require-preflight': 'true' } });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: config.defaultQuery, defaultEditorToolsVisibility: true }),
  );
</script>
</body>
</html>
`;
}

const cache = new Map<string, Buffer>();

function wantsHtml(request: IncomingMessage, url: URL): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html') && !url.searchParams.has('query');
}

/** Answers the IDE's page and assets; false for every other request (which the API serves). */
export function serveIde(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
  if (url.pathname === '/graphql' && wantsHtml(request, url)) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(idePage('/graphql'));
    return true;
  }
  const asset = request.method === 'GET' ? IDE_ASSETS[url.pathname] : undefined;
  if (!asset) return false;
  let body = cache.get(url.pathname);
  if (!body) {
    body = readFileSync(packageFile(asset.packageName, asset.file));
    cache.set(url.pathname, body);
  }
  response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
  response.end(body);
  return true;
}
