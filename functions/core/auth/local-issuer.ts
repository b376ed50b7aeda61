/**
 * The local token issuer: an RSA key pair created on first start and kept in
 * the data folder, standing in for Cognito on a developer's machine. Its
 * tokens have the claims of a Cognito access token and are checked by the
 * same verifier code as deployed tokens (token-verifier.ts).
 */
import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_ISSUER = 'https://agora.local/issuer';
export const LOCAL_CLIENT_ID = 'agora-local-client';

interface StoredIssuer {
  kid: string;
  privateKeyPem: string;
  publicJwk: Record<string, unknown>;
}

function issuerFile(dataDir: string): string {
  return join(dataDir, 'local-issuer.json');
}

/** Creates the key pair if the data folder has none; returns the stored issuer. */
export function ensureLocalIssuer(dataDir: string): StoredIssuer {
  const file = issuerFile(dataDir);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredIssuer;
  mkdirSync(dataDir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `local-${Date.now().toString(36)}`;
  const stored: StoredIssuer = {
    kid,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  };
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return stored;
}

/** The public JWKS of the local issuer, or undefined if it was never created. */
export function readLocalJwks(dataDir: string): { keys: Record<string, unknown>[] } | undefined {
  const file = issuerFile(dataDir);
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredIssuer;
  return { keys: [stored.publicJwk] };
}

export function localSigningKey(dataDir: string): { kid: string; key: KeyObject } {
  const stored = ensureLocalIssuer(dataDir);
  return { kid: stored.kid, key: createPrivateKey(stored.privateKeyPem) };
}
