/**
 * The local GraphQL IDE is served from npm packages, so it works offline: the page a browser gets at
 * /graphql loads only files the local server serves itself. (Rendered in headless Chromium by
 * `npm run ide:screenshot`, which needs a browser installed; this test needs none.)
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as exportHandler } from '../../functions/handlers/export';
import { handler as graphqlHandler } from '../../functions/handlers/graphql';
import { handler as mailHandler } from '../../functions/handlers/mail-links';
import { IDE_ASSETS, serveIde } from '../../functions/local/graphiql';
import { createLocalServer } from '../../functions/local/http-adapter';

let base: string;
let close: () => void;
beforeAll(async () => {
  const server = createLocalServer({ graphql: graphqlHandler, export: exportHandler, mail: mailHandler }, serveIde);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('the local GraphQL IDE', () => {
  it('is the page a browser gets at /graphql, and it loads nothing from another host', async () => {
    // Act
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('GraphiQL.createFetcher');
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(loaded.sort()).toEqual(Object.keys(IDE_ASSETS).sort());
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves each asset from its package with its content type', async () => {
    for (const [path, asset] of Object.entries(IDE_ASSETS)) {
      const response = await fetch(`${base}${path}`);
      const body = await response.text();

      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe(asset.type);
      expect(body.length, path).toBeGreaterThan(1000);
    }
  });

  it('leaves API requests to the API: a GET with a query, and a POST', async () => {
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    const post = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
