import { describe, expect, it } from 'vitest';
import { reportingKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, secretariatToken } from '../helpers/api';
import { getItem } from '../helpers/db';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { CREATE_CYCLE, createCycle, DAY, iso, TEMPLATE } from '../helpers/reporting';

const REPORTS_OF_CYCLE = /* GraphQL */ `
  query Reports($year: Int!, $status: ReportStatus, $first: Int, $after: String) {
    reportingCycle(year: $year) {
      compliance {
        requested
      }
      reports(status: $status, first: $first, after: $after) {
        edges {
          node {
            status
            organisation {
              id
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

const REQUEST = /* GraphQL */ `
  mutation Request($input: RequestReportsInput!) {
    requestReports(input: $input) {
      alreadyRequested
      reports {
        id
        status
        organisation {
          id
        }
      }
      cycle {
        compliance {
          requested
          missing
        }
      }
    }
  }
`;

async function allReports(year: number, token: string): Promise<{ status: string; organisation: { id: string } }[]> {
  const all: { status: string; organisation: { id: string } }[] = [];
  let after: string | null = null;
  do {
    const page: any = await gql(REPORTS_OF_CYCLE, { year, first: 100, after }, token);
    const connection = page.data?.reportingCycle.reports;
    all.push(...connection.edges.map((e: any) => e.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  return all;
}

function freeYear(): number {
  // Years below 2100 are never used by other tests' cycles (they pick 2100 and above).
  return 2000 + Math.floor(Math.random() * 99);
}

describe('creating a reporting cycle', () => {
  it('requests a report from every relevant organisation, and from no other, with exact counters', async () => {
    // Prepare
    const relevant = await createOrganisation({ relevantOrganisation: true });
    const other = await createOrganisation({ relevantOrganisation: false });

    // Act
    const { year, cycle, requested } = await createCycle();
    const secretariat = await secretariatToken();
    const reports = await allReports(year, secretariat);

    // Assess
    expect(cycle).toMatchObject({ year, open: true, version: 1, sections: TEMPLATE.map((s) => ({ guidance: '', ...s })) });
    expect(cycle.compliance).toMatchObject({ requested, missing: requested, submittedOnTime: 0, submittedLate: 0, published: 0 });
    const ids = reports.map((r) => r.organisation.id);
    expect(ids).toContain(relevant.globalId);
    expect(ids).not.toContain(other.globalId);
    expect(reports).toHaveLength(requested);
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['DRAFT']));
  });

  it('reads a cycle by year and lists cycles newest year first', async () => {
    const { year } = await createCycle();
    const one = await gql('query ($year: Int!) { reportingCycle(year: $year) { year dueAt } }', { year });
    const list = await gql('{ reportingCycles(first: 100) { edges { node { year } } } }');
    expect(one.data?.reportingCycle.year).toBe(year);
    const years = list.data?.reportingCycles.edges.map((e: any) => e.node.year) as number[];
    expect(years).toContain(year);
    expect([...years].sort((a, b) => b - a)).toEqual(years);
  });

  it('refuses a second cycle for the same year with CONFLICT and changes nothing', async () => {
    const { year, dueAt } = await createCycle();
    const before = await getItem(reportingKeys.cycle(year));
    const result = await gql(
      CREATE_CYCLE,
      { input: { year, opensAt: iso(Date.now()), dueAt: iso(Date.now() + 90 * DAY), sections: TEMPLATE } },
      await secretariatToken(),
    );
    expect(errorCode(result)).toBe('CONFLICT');
    const after = await getItem(reportingKeys.cycle(year));
    expect(after).toEqual(before);
    expect(after?.dueAt).toBe(dueAt);
  });

  it.each([
    ['a plain stakeholder', () => createPerson().then((p) => p.token), 'FORBIDDEN'],
    [
      'a representative',
      () =>
        createOrganisation()
          .then((o) => createRepresentative([o.stakeholder.id]))
          .then((p) => p.token),
      'FORBIDDEN',
    ],
    ['a MAG member', () => createMagMember().then((p) => p.token), 'FORBIDDEN'],
    ['the public', () => Promise.resolve(undefined), 'UNAUTHENTICATED'],
  ])('refuses %s creating a cycle, and writes nothing', async (_, caller, code) => {
    const year = freeYear();
    const result = await gql(CREATE_CYCLE, { input: { year, opensAt: iso(Date.now()), dueAt: iso(Date.now() + DAY), sections: TEMPLATE } }, await caller());
    expect(errorCode(result)).toBe(code);
    expect(await getItem(reportingKeys.cycle(year))).toBeUndefined();
  });

  it.each([
    ['a due date before the opening', { dueAt: iso(Date.now() - DAY) }, 'input.dueAt'],
    ['a duplicate section key', { sections: [TEMPLATE[0], TEMPLATE[0]] }, 'input.sections.1.key'],
    ['a malformed section key', { sections: [{ ...TEMPLATE[0], key: 'Bad Key' }] }, 'input.sections.0.key'],
    ['a section longer than the limit', { sections: [{ ...TEMPLATE[0], maxLength: 20_001 }] }, 'input.sections.0.maxLength'],
    ['no sections', { sections: [] }, 'input.sections'],
    ['a year out of range', { year: 1999 }, 'input.year'],
  ])('refuses %s as BAD_USER_INPUT naming the field, and writes nothing', async (_, overrides, field) => {
    const year = freeYear();
    const input = { year, opensAt: iso(Date.now()), dueAt: iso(Date.now() + DAY), sections: TEMPLATE, ...overrides };
    const result = await gql(CREATE_CYCLE, { input }, await secretariatToken());
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(await getItem(reportingKeys.cycle(year))).toBeUndefined();
  });
});

describe('requesting more reports', () => {
  it('adds an organisation to a cycle, counts it, and leaves one already asked as it was', async () => {
    // Prepare
    const { year, requested } = await createCycle();
    const extra = await createOrganisation({ relevantOrganisation: false });
    const secretariat = await secretariatToken();

    // Act
    const first = await gql(REQUEST, { input: { year, organisationIds: [extra.globalId] } }, secretariat);
    const again = await gql(REQUEST, { input: { year, organisationIds: [extra.globalId] } }, secretariat);

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data?.requestReports).toMatchObject({
      alreadyRequested: 0,
      reports: [{ status: 'DRAFT', organisation: { id: extra.globalId } }],
      cycle: { compliance: { requested: requested + 1, missing: requested + 1 } },
    });
    expect(again.data?.requestReports).toMatchObject({ alreadyRequested: 1, reports: [], cycle: { compliance: { requested: requested + 1 } } });
  });

  it('refuses a representative with FORBIDDEN and writes nothing', async () => {
    const { year } = await createCycle();
    const organisation = await createOrganisation();
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const result = await gql(REQUEST, { input: { year, organisationIds: [organisation.globalId] } }, representative.token);
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await getItem(reportingKeys.report(year, organisation.stakeholder.id))).toBeUndefined();
  });

  it('refuses a person as BAD_USER_INPUT and an unknown year as NOT_FOUND', async () => {
    const { year } = await createCycle();
    const person = await createPerson();
    const secretariat = await secretariatToken();
    const notOrganisation = await gql(REQUEST, { input: { year, organisationIds: [person.globalId] } }, secretariat);
    const noCycle = await gql(REQUEST, { input: { year: freeYear(), organisationIds: [person.globalId] } }, secretariat);
    expect(errorCode(notOrganisation)).toBe('BAD_USER_INPUT');
    expect(notOrganisation.errors?.[0]?.extensions?.field).toBe('input.organisationIds.0');
    expect(await getItem(reportingKeys.report(year, person.stakeholder.id))).toBeUndefined();
    expect(errorCode(noCycle)).toBe('NOT_FOUND');
  });
});
