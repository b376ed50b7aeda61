/**
 * The README's first query, run as a newcomer runs it: against freshly seeded demo data (in a table of its
 * own, as `npm start` would seed it today), through the same handler as `npm start`. Its answer must be the
 * one the README prints.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setEnv } from '../../functions/core/config';
import { seedDemoData } from '../../functions/local/seed/index';
import { dropTable, ensureTable } from '../../functions/local/table';
import { invoke } from '../helpers/api';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

/** The command and the printed answer of the README's section "A first query". */
function firstQuery(): { url: string; body: string; answer: string } {
  const section = /^## A first query\n([\s\S]*?)\n## /m.exec(readme)?.[1] ?? '';
  const command = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
  const answer = /```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
  return { url: /curl -s (\S+)/.exec(command)?.[1] ?? '', body: /-d '([^']*)'/.exec(command)?.[1] ?? '', answer };
}

describe("the README's first query", () => {
  const endpoint = inject('dynamoEndpoint');
  const table = `agora-readme-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await ensureTable(endpoint, table);
    setEnv({ TABLE_NAME: table });
    await seedDemoData(new Date());
  }, 240_000);

  afterAll(async () => {
    setEnv({ TABLE_NAME: inject('tableName') });
    await dropTable(endpoint, table);
  });

  it('prints, on freshly seeded demo data, the answer the README shows', async () => {
    // Prepare
    const { url, body, answer } = firstQuery();
    expect(url).toBe('http://localhost:4000/graphql');
    expect(answer).not.toBe('');
    // Act
    const response = await invoke(body);
    // Assess: the body curl prints, byte for byte (but the final newline)
    expect(response.statusCode).toBe(200);
    expect(response.body?.trimEnd()).toBe(answer);
  });
});
