/**
 * Trusted documents: a manifest written by @graphql-codegen/client-preset (`persistedDocuments`) is loaded
 * by the server; clients send the hash only; in `enforce` mode anything unregistered is refused with a
 * clear code and never runs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_CALLER } from '../../functions/core/auth/caller';
import { loadConfig } from '../../functions/core/config';
import { createContext, type Context } from '../../functions/graphql/context';
import { createApolloServer } from '../../functions/graphql/server';
import { loadTrustedDocuments, sha256 } from '../../functions/graphql/trusted-documents';

const ROOT = join(import.meta.dirname, '../..');
const CLIENT_OPERATION = 'query ClientDirectory { stakeholders(first: 2) { edges { node { id name } } } }';

let manifestDir: string;
let manifest: Record<string, string>;
const servers: ApolloServer<Context>[] = [];

beforeAll(async () => {
  // Prepare: what a client team's build does — client-preset over its operations, with persistedDocuments on.
  const work = mkdtempSync(join(tmpdir(), 'agora-client-'));
  writeFileSync(join(work, 'directory.graphql'), CLIENT_OPERATION);
  await generate(
    {
      schema: join(ROOT, 'schema.graphql'),
      documents: [join(work, '*.graphql')],
      generates: { [join(work, 'gql/')]: { preset: 'client', presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' } } } },
      silent: true,
    },
    true,
  );
  manifestDir = mkdtempSync(join(tmpdir(), 'agora-manifests-'));
  manifest = JSON.parse(readFileSync(join(work, 'gql', 'persisted-documents.json'), 'utf8')) as Record<string, string>;
  writeFileSync(join(manifestDir, 'directory-app.json'), JSON.stringify(manifest));
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function server(mode: string): Promise<ApolloServer<Context>> {
  const created = createApolloServer(loadConfig({ AGORA_STAGE: 'local', TRUSTED_DOCUMENTS: mode, TRUSTED_DOCUMENTS_DIR: manifestDir }));
  await created.start();
  servers.push(created);
  return created;
}

async function post(target: ApolloServer<Context>, body: Record<string, unknown>) {
  const response = await target.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body },
    context: async () => createContext({ requestId: 'test-request', caller: PUBLIC_CALLER }),
  });
  const text = response.body.kind === 'complete' ? response.body.string : '';
  return { status: response.status ?? 200, body: JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

describe('trusted documents', () => {
  it('reads the manifest that client-preset writes: one document, known by its key and by its SHA-256', () => {
    const [[hash, document]] = Object.entries(manifest) as [[string, string]];

    const trusted = loadTrustedDocuments('enforce', manifestDir);

    // client-preset names a document `sha256:<hex>` (its __meta__.hash, what the client sends).
    expect(hash).toBe(`sha256:${sha256(document)}`);
    expect(document).toContain('ClientDirectory');
    expect(trusted.byHash.get(hash)).toBe(document);
    expect(trusted.byHash.get(sha256(document))).toBe(document);
    expect(trusted.files).toEqual(['directory-app.json']);
  });

  it('runs a registered operation sent by its hash only, and by its text', async () => {
    const enforced = await server('enforce');
    const [[hash, document]] = Object.entries(manifest) as [[string, string]];

    const viaHash = await post(enforced, byHash(hash));
    const viaHex = await post(enforced, byHash(sha256(document)));
    const viaText = await post(enforced, { query: document });

    expect(viaHash.status).toBe(200);
    expect(viaHash.body.errors).toBeUndefined();
    expect(Array.isArray(viaHash.body.data.stakeholders.edges)).toBe(true);
    expect(viaHex.body).toEqual(viaHash.body);
    expect(viaText.body).toEqual(viaHash.body);
  });

  it('refuses, when enforced, a document no manifest registers (QUERY_NOT_IN_SAFELIST) and an unknown hash (PERSISTED_QUERY_NOT_IN_LIST)', async () => {
    const enforced = await server('enforce');
    const other = '{ stakeholders(first: 1) { edges { node { id } } } }';

    const text = await post(enforced, { query: other });
    const hash = await post(enforced, byHash(sha256(other)));
    const registering = await post(enforced, { query: other, ...byHash(sha256(other)) });
    const afterwards = await post(enforced, byHash(sha256(other)));

    expect(text.status).toBe(400);
    expect(text.body.errors?.[0]?.extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
    expect(text.body.data).toBeUndefined();
    expect(hash.status).toBe(400);
    expect(hash.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    // APQ registration cannot sneak a document in.
    expect(registering.body.errors?.[0]?.extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
    expect(afterwards.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });

  it('runs any document when allowed (the default), and keeps APQ registrations', async () => {
    const allowed = await server('allow');
    const other = '{ __typename }';

    const unknownHash = await post(allowed, byHash(sha256(other)));
    const registered = await post(allowed, { query: other, ...byHash(sha256(other)) });
    const reused = await post(allowed, byHash(sha256(other)));

    expect(unknownHash.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(registered.body).toEqual({ data: { __typename: 'Query' } });
    expect(reused.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('also reads the persisted-query manifests of Apollo iOS and Apollo Kotlin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-apollo-manifest-'));
    const body = 'query Mobile { __typename }';
    writeFileSync(
      join(dir, 'ios.json'),
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256(body), body, name: 'Mobile', type: 'query' }] }),
    );

    const trusted = loadTrustedDocuments('enforce', dir);

    expect(trusted.byHash.get(sha256(body))).toBe(body);
    expect(loadTrustedDocuments('off', dir).byHash.size).toBe(0);
  });
});
