/**
 * Persisted operations: the documents that client teams register (trusted documents), loaded from the
 * manifests in `persisted-documents/` at init, and Apollo's automatic persisted queries (APQ) on top.
 *
 * A manifest is either the JSON object that `@graphql-codegen/client-preset` writes with
 * `persistedDocuments` (`{ "<hash>": "<document>" }`), or the persisted-query manifest that Apollo iOS and
 * Apollo Kotlin generate (`{ "format": "apollo-persisted-query-manifest", "operations": [{ "id", "body" }] }`).
 * Each document is known by the hash its manifest names and by its SHA-256, the hash of the APQ protocol
 * (`extensions.persistedQuery.sha256Hash`), so a client sends the hash only and never the text.
 *
 * Modes (TRUSTED_DOCUMENTS): `allow` (default) serves registered documents by hash and runs any other
 * document too; `enforce` runs registered documents only, refusing others with QUERY_NOT_IN_SAFELIST and
 * unknown hashes with PERSISTED_QUERY_NOT_IN_LIST (a client must not retry those with the full text);
 * `off` loads no manifest. In every mode but `enforce`, APQ registrations are kept per process in an LRU
 * cache, as Apollo does by default (docs/api/clients.md, persisted operations: why not a shared cache in DynamoDB).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';

export type TrustedDocumentsMode = 'off' | 'allow' | 'enforce';

export const TRUSTED_DOCUMENT_CODES = { notInSafelist: 'QUERY_NOT_IN_SAFELIST', notInList: 'PERSISTED_QUERY_NOT_IN_LIST' } as const;

export interface TrustedDocuments {
  readonly mode: TrustedDocumentsMode;
  /** Document text by hash: the manifest's own key (or id) and the document's SHA-256. */
  readonly byHash: ReadonlyMap<string, string>;
  /** SHA-256 of every registered document's text. */
  readonly sha256: ReadonlySet<string>;
  /** The manifest files read. */
  readonly files: readonly string[];
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Manifest = Record<string, unknown> & { format?: unknown; operations?: unknown };

/** The documents of one manifest, by the hash the manifest names them with. */
export function manifestEntries(manifest: Manifest, file: string): [string, string][] {
  if (manifest.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(manifest.operations)) throw new Error(`${file}: "operations" must be a list`);
    return manifest.operations.map((operation: { id?: unknown; body?: unknown }, i) => {
      if (typeof operation.id !== 'string' || typeof operation.body !== 'string') throw new Error(`${file}: operation ${i} needs a string "id" and "body"`);
      return [operation.id, operation.body];
    });
  }
  return Object.entries(manifest).map(([hash, document]) => {
    if (typeof document !== 'string') throw new Error(`${file}: the document of "${hash}" must be a string`);
    return [hash, document];
  });
}

/** Reads every `*.json` manifest of a folder (none if it does not exist). A malformed manifest stops the start. */
export function loadTrustedDocuments(mode: TrustedDocumentsMode, dir: string): TrustedDocuments {
  const byHash = new Map<string, string>();
  const digests = new Set<string>();
  const files =
    mode === 'off' || !existsSync(dir)
      ? []
      : readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort();
  for (const file of files) {
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Manifest;
    for (const [hash, document] of manifestEntries(manifest, file)) {
      const digest = sha256(document);
      byHash.set(hash, document);
      byHash.set(digest, document);
      digests.add(digest);
    }
  }
  return { mode, byHash, sha256: digests, files };
}

/**
 * Apollo's persisted-query cache: registered documents first, then (unless enforced) what clients
 * registered through APQ in this process.
 */
export function persistedQueryCache(trusted: TrustedDocuments): KeyValueCache<string> {
  const registered = new InMemoryLRUCache<string>();
  const hashOf = (key: string) => key.replace(/^apq:/, '');
  return {
    get: async (key) => trusted.byHash.get(hashOf(key)) ?? (trusted.mode === 'enforce' ? undefined : registered.get(key)),
    set: async (key, value, options) => {
      if (trusted.mode !== 'enforce') await registered.set(key, value, options);
    },
    delete: async (key) => registered.delete(key),
  };
}

function refusal(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400, headers: new Map() } } });
}

/** In `enforce` mode, refuses every document that no manifest registers, before it is parsed. */
export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (trusted.mode !== 'enforce') return;
      const hash = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      if (typeof request.query === 'string') {
        if (!trusted.sha256.has(sha256(request.query))) {
          throw refusal(TRUSTED_DOCUMENT_CODES.notInSafelist, 'This API runs registered operations only, and this document is not one of them');
        }
      } else if (typeof hash === 'string' && !trusted.byHash.has(hash)) {
        throw refusal(TRUSTED_DOCUMENT_CODES.notInList, 'No registered operation has this hash; do not retry with the document: it is not registered');
      }
    },
    // Apollo reports any error thrown by a hook as a 500; this one is the client's, so it is rethrown as it is.
    async unexpectedErrorProcessingRequest({ error }) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (code === TRUSTED_DOCUMENT_CODES.notInSafelist || code === TRUSTED_DOCUMENT_CODES.notInList) throw error;
    },
  };
}
