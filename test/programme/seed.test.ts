/**
 * The demo programme: a closed call of at least 150 issues from every group
 * and region, with supports, merges and adopted themes — and counters that
 * equal a recount of the issues.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedProgramme } from '../../functions/local/seed/programme.seed';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import { gql } from '../helpers/api';
import { createPerson } from '../helpers/people';

describe('the demo programme', () => {
  it('has a closed call of 150+ issues from every group and region, with supports, merges and adopted themes', async () => {
    // Prepare: a private "now" far in the future (years no other test uses), so the demo year belongs to this test alone
    const now = new Date(Date.UTC(randomInt(2200, 3000), 5, 15));
    const people = await Promise.all(
      Array.from({ length: 60 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[Math.floor(i / 6) % 5] } })),
    );

    // Act
    const seeded = await seedProgramme(
      now,
      people.map((p) => p.stakeholder),
    );

    // Assess
    const year = now.getUTCFullYear();
    expect(seeded.issues).toBeGreaterThanOrEqual(150);
    const read = (
      await gql(
        `query ($year: Int!) { programme(year: $year) { issueCall { closesAt counts { issues supports merged issuesBackedByEveryGroup issuesBackedByOneGroup
          byBreadth { breadth issues } issuesByGroup { shares { count } } issuesByRegion { shares { count } } } }
          themes { edges { node { status issues { status } } } } developmentCoverage { themes issueShare } } }`,
        { year },
      )
    ).data?.programme;
    const counts = read.issueCall.counts;
    // Closed as of the demo's "now" (the clock of this run is centuries earlier)
    expect(Date.parse(read.issueCall.closesAt)).toBeLessThan(now.getTime());
    expect(counts.issues).toBe(seeded.issues - 1);
    expect(counts.supports).toBeLessThan(seeded.supports);
    expect(counts.supports).toBeGreaterThan(300);
    expect(counts.merged).toBe(5);
    expect(counts.issuesBackedByEveryGroup).toBeGreaterThan(10);
    expect(counts.issuesBackedByOneGroup).toBeGreaterThan(10);
    expect(counts.issuesByGroup.shares.every((s: any) => s.count > 0)).toBe(true);
    expect(counts.issuesByRegion.shares.every((s: any) => s.count > 0)).toBe(true);
    // Breadth buckets hold the standing issues: received minus merged.
    expect(counts.byBreadth.reduce((sum: number, b: any) => sum + b.issues, 0)).toBe(counts.issues - counts.merged);
    expect(read.themes.edges).toHaveLength(4);
    expect(read.themes.edges.every((e: any) => e.node.status === 'ADOPTED' && e.node.issues.every((i: any) => i.status === 'TAKEN_UP'))).toBe(true);
    expect(read.developmentCoverage.themes).toBe(4);

    // The list sorted by breadth agrees with the counters, page by page
    let after: string | null = null;
    const seen: number[] = [];
    do {
      const page: any = (
        await gql(
          `query ($year: Int!, $after: String) { programme(year: $year) { issueCall { issues(first: 100, after: $after) { edges { node { support { breadth } } } pageInfo { hasNextPage endCursor } } } } }`,
          { year, after },
        )
      ).data?.programme.issueCall.issues;
      seen.push(...page.edges.map((e: any) => e.node.support.breadth));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(counts.issues - counts.merged);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    for (const bucket of counts.byBreadth) expect(seen.filter((b) => b === bucket.breadth)).toHaveLength(bucket.issues);
  }, 180_000);
});
