/**
 * Relay clients compile against the printed schema (schema.graphql): relay-compiler refuses `@connection`
 * unless the connection and its PageInfo follow the Relay specification (startCursor, hasPreviousPage,
 * edges { cursor node }), and `@refetchable` unless the type is a Node that `node(id)` can fetch.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const relayCompiler = join(dirname(createRequire(import.meta.url).resolve('relay-compiler/package.json')), 'cli.js');

/** A consultation page as a Relay client writes it: consultations list, then contributions and their replies. */
const FRAGMENTS = `
import { graphql } from 'react-relay';

export const consultationsQuery = graphql\`
  query ConsultationListQuery {
    ...ConsultationList_query
  }
\`;

export const consultationList = graphql\`
  fragment ConsultationList_query on Query
  @argumentDefinitions(first: { type: "Int", defaultValue: 20 }, after: { type: "String" })
  @refetchable(queryName: "ConsultationListPaginationQuery") {
    consultations(first: $first, after: $after) @connection(key: "ConsultationList_consultations") {
      edges { node { id title status } }
    }
  }
\`;

export const consultationPage = graphql\`
  fragment ConsultationPage_consultation on Consultation
  @argumentDefinitions(first: { type: "Int", defaultValue: 50 }, after: { type: "String" })
  @refetchable(queryName: "ConsultationPagePaginationQuery") {
    title
    contributions(first: $first, after: $after) @connection(key: "ConsultationPage_contributions") {
      edges { node { id body ...ContributionReplies_contribution } }
    }
  }
\`;

export const contributionReplies = graphql\`
  fragment ContributionReplies_contribution on Contribution
  @argumentDefinitions(first: { type: "Int", defaultValue: 3 }, after: { type: "String" })
  @refetchable(queryName: "ContributionRepliesPaginationQuery") {
    replies(first: $first, after: $after) @connection(key: "ContributionReplies_replies") {
      edges { node { id body } }
    }
  }
\`;
`;

function compile(source: string): { ok: boolean; output: string; artifacts: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'agora-relay-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'Consultations.ts'), source);
  writeFileSync(
    join(dir, 'relay.config.json'),
    JSON.stringify({ src: './src', schema: join(ROOT, 'schema.graphql'), language: 'typescript', eagerEsModules: true }),
  );
  try {
    const output = execFileSync(process.execPath, [relayCompiler], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output, artifacts: readdirSync(join(dir, 'src', '__generated__')).sort() };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, artifacts: [] };
  }
}

describe('a Relay client', () => {
  it('compiles paginated fragments with @connection and @refetchable against schema.graphql', () => {
    // Act
    const result = compile(FRAGMENTS);

    // Assess
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
    expect(result.artifacts).toEqual(
      expect.arrayContaining([
        'ConsultationListPaginationQuery.graphql.ts',
        'ConsultationPagePaginationQuery.graphql.ts',
        'ContributionRepliesPaginationQuery.graphql.ts',
        'ConsultationList_query.graphql.ts',
      ]),
    );
  });

  it('is refused by the compiler for a field the schema lacks (the check can fail)', () => {
    const result = compile(FRAGMENTS.replace('id title status', 'id title noSuchField'));

    expect(result.ok).toBe(false);
    expect(result.output).toContain('noSuchField');
  });
});
