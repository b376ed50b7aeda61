import { describe, expect, it } from 'vitest';
import { gql, secretariatToken } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createOrganisation, createRepresentative } from '../helpers/people';
import { COMPLIANCE, createCycle, DAY, fillAndSubmit, iso, PUBLISH, reportGlobalId, RETURN } from '../helpers/reporting';

async function allMissing(year: number): Promise<{ organisationId: string; organisationName: string; overdue: boolean }[]> {
  const all: { organisationId: string; organisationName: string; overdue: boolean }[] = [];
  let after: string | null = null;
  do {
    const page: any = await gql(COMPLIANCE, { year, first: 100, after });
    const connection = page.data?.reportingCycle.compliance.missingOrganisations;
    all.push(...connection.edges.map((e: any) => e.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  return all;
}

describe('reporting compliance', () => {
  it('counts every status and lists the organisations still missing, which the counters agree with', async () => {
    // Prepare: four organisations — one on time then published, one returned, one never submits, one left as a draft.
    const organisations = await Promise.all([1, 2, 3].map(() => createOrganisation({ relevantOrganisation: true })));
    const [published, returned, missing] = organisations;
    const representatives = await Promise.all(organisations.map((o) => createRepresentative([o.stakeholder.id])));
    const { year } = await createCycle({ opensAt: iso(Date.now() - 30 * DAY), dueAt: iso(Date.now() - DAY) });
    const secretariat = await secretariatToken();

    // Act
    const p = await fillAndSubmit(representatives[0]!.token, year, published!.stakeholder.id);
    await gql(PUBLISH, { input: { reportId: reportGlobalId(year, published!.stakeholder.id), version: p.version } }, secretariat);
    const r = await fillAndSubmit(representatives[1]!.token, year, returned!.stakeholder.id);
    await gql(RETURN, { input: { reportId: reportGlobalId(year, returned!.stakeholder.id), version: r.version, reason: 'Incomplete.' } }, secretariat);
    const result = await gql(COMPLIANCE, { year, first: 100 });
    const missingList = await allMissing(year);

    // Assess
    const compliance = result.data?.reportingCycle.compliance;
    expect(compliance).toMatchObject({ submittedOnTime: 0, submittedLate: 2, awaitingReview: 0, returned: 1, returns: 1, published: 1 });
    expect(compliance.missing).toBe(compliance.requested - 2);
    expect(compliance.overdue).toBe(compliance.missing);
    expect(missingList).toHaveLength(compliance.missing);
    const ids = missingList.map((m) => m.organisationId);
    expect(ids).toContain(missing!.globalId);
    expect(ids).not.toContain(published!.globalId);
    expect(ids).not.toContain(returned!.globalId);
    expect(missingList.find((m) => m.organisationId === missing!.globalId)).toEqual({
      organisationId: missing!.globalId,
      organisationName: missing!.stakeholder.name,
      overdue: true,
    });
    const names = missingList.map((m) => m.organisationName.toLowerCase());
    expect([...names].sort()).toEqual(names);
  });

  it('reads the compliance of a year with its missing organisations in at most 2 DynamoDB requests', async () => {
    // Prepare
    await createOrganisation({ relevantOrganisation: true });
    const { year } = await createCycle();
    const commands: string[] = [];

    // Act
    const stop = onDynamoRequest((command) => commands.push(command));
    const result = await gql(COMPLIANCE, { year, first: 50 });
    stop();

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.reportingCycle.compliance.missingOrganisations.edges.length).toBeGreaterThan(0);
    expect(commands.length).toBeLessThanOrEqual(2);
    expect(commands).toContain('QueryCommand');
  });
});

describe('counters under concurrency', () => {
  it('stay exact when many organisations submit at the same moment', async () => {
    // Prepare
    const organisations = await Promise.all(Array.from({ length: 8 }, () => createOrganisation({ relevantOrganisation: true })));
    const representatives = await Promise.all(organisations.map((o) => createRepresentative([o.stakeholder.id])));
    const { year } = await createCycle();
    const before = (await gql(COMPLIANCE, { year, first: 1 })).data?.reportingCycle.compliance;

    // Act
    const results = await Promise.allSettled(organisations.map((o, i) => fillAndSubmit(representatives[i]!.token, year, o.stakeholder.id)));

    // Assess
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const after = (await gql(COMPLIANCE, { year, first: 1 })).data?.reportingCycle.compliance;
    expect(after).toMatchObject({ missing: before.missing - 8, submittedOnTime: 8, awaitingReview: 8 });
  });
});
