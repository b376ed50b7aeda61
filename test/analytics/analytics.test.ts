/**
 * Dashboard figures through the API: participation balance per consultation
 * and per year (live while open, defined for empty data), processing with
 * the dispositions' visibility rule, the MAG's balance, reporting rates and
 * their evolution, trends in one query — and their cost in DynamoDB reads.
 */
import { describe, expect, it } from 'vitest';
import { balance } from '../../functions/modules/analytics/balance';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import { errorCode, gql, secretariatToken } from '../helpers/api';
import { answerDirect, closedConsultation, contributeDirect, openConsultation, privateYear } from '../helpers/consultations';
import { onDynamoRequest } from '../helpers/db';
import { createMagMember, createOrganisation, createPerson } from '../helpers/people';
import { createCycle } from '../helpers/reporting';

const BALANCE = 'total balanceIndex minMaxRatio underThreshold shares { count share }';
const GROUP_BALANCE = `total balanceIndex minMaxRatio underThreshold shares { group count share }`;
const REGION_BALANCE = `total balanceIndex minMaxRatio underThreshold shares { region count share }`;
const PARTICIPATION = `threshold contributions contributors
  contributionsByGroup { ${GROUP_BALANCE} } contributorsByGroup { ${GROUP_BALANCE} }
  contributionsByRegion { ${REGION_BALANCE} } contributorsByRegion { ${REGION_BALANCE} }`;
const PROCESSING = 'contributions answered unanswered shareAnswered medianDaysToDisposition byDisposition { disposition contributions }';

const ANALYTICS = /* GraphQL */ `
  query ($id: ID!, $threshold: Float) {
    consultation(id: $id) { analytics(threshold: $threshold) { status participation { ${PARTICIPATION} } processing { ${PROCESSING} } } }
  }
`;

const BALANCE_ONLY = /* GraphQL */ `
  query ($id: ID!) { consultation(id: $id) { analytics { participation { contributorsByGroup { ${BALANCE} } } } } }
`;

function expectedGroups(counts: Record<string, number>, threshold = 0.05) {
  const b = balance(STAKEHOLDER_GROUPS, counts, threshold);
  return { ...b, shares: b.shares.map((s) => ({ group: s.category, count: s.count, share: s.share })) };
}

describe('participation balance of a consultation', () => {
  it('is defined for a consultation with no contributions: zeros, index 0, every group under the threshold, no division by zero', async () => {
    // Prepare
    const { globalId } = await openConsultation();
    // Act
    const res = await gql(ANALYTICS, { id: globalId }, await secretariatToken());
    // Assess
    expect(res.errors).toBeUndefined();
    const analytics = res.data?.consultation.analytics;
    expect(analytics.participation.contributions).toBe(0);
    expect(analytics.participation.contributorsByGroup).toEqual({ ...expectedGroups({}), total: 0 });
    expect(analytics.participation.contributorsByGroup.balanceIndex).toBe(0);
    expect(analytics.participation.contributorsByGroup.minMaxRatio).toBe(0);
    expect(analytics.participation.contributorsByGroup.underThreshold).toEqual([...STAKEHOLDER_GROUPS]);
    expect(analytics.participation.contributionsByRegion.underThreshold).toEqual([...REGIONS]);
    expect(analytics.processing).toEqual({
      contributions: 0,
      answered: 0,
      unanswered: 0,
      shareAnswered: 0,
      medianDaysToDisposition: null,
      byDisposition: expect.arrayContaining([{ disposition: 'ADDRESSED', contributions: 0 }]),
    });
  });

  it('is public and live while the consultation is open: shares, index, min/max ratio and the groups under a threshold', async () => {
    // Prepare: two civil-society people, one government person, one private-sector organisation (via its representative).
    const { consultation, globalId } = await openConsultation();
    const civil1 = await createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'AFRICAN' } });
    const civil2 = await createPerson({ stakeholder: { group: 'CIVIL_SOCIETY', region: 'ASIA_PACIFIC' } });
    const government = await createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'WESTERN_EUROPEAN_AND_OTHERS' } });
    const company = await createOrganisation({ group: 'PRIVATE_SECTOR', region: 'AFRICAN' });
    const at = new Date(Date.now() - 60_000);
    await contributeDirect(consultation, civil1.stakeholder, { at });
    await contributeDirect(consultation, civil1.stakeholder, { at });
    await contributeDirect(consultation, civil2.stakeholder, { at });
    await contributeDirect(consultation, government.stakeholder, { at });
    await contributeDirect(consultation, civil2.stakeholder, { at, organisation: company.stakeholder });
    // Act
    const res = await gql(ANALYTICS, { id: globalId, threshold: 0.25 });
    // Assess
    expect(res.errors).toBeUndefined();
    const { status, participation, processing } = res.data?.consultation.analytics;
    expect(status).toBe('OPEN');
    expect(participation.threshold).toBe(0.25);
    expect(participation.contributions).toBe(5);
    expect(participation.contributors).toBe(4);
    expect(participation.contributionsByGroup).toEqual(expectedGroups({ CIVIL_SOCIETY: 3, GOVERNMENT: 1, PRIVATE_SECTOR: 1 }, 0.25));
    expect(participation.contributorsByGroup).toEqual(expectedGroups({ CIVIL_SOCIETY: 2, GOVERNMENT: 1, PRIVATE_SECTOR: 1 }, 0.25));
    expect(participation.contributorsByGroup.shares.find((s: { group: string }) => s.group === 'CIVIL_SOCIETY').share).toBe(0.5);
    expect(participation.contributorsByGroup.underThreshold).toEqual(['TECHNICAL_COMMUNITY', 'ACADEMIA', 'INTERGOVERNMENTAL_ORGANISATION']);
    expect(participation.contributorsByGroup.minMaxRatio).toBe(0);
    expect(participation.contributorsByGroup.balanceIndex).toBeGreaterThan(0);
    expect(participation.contributorsByGroup.balanceIndex).toBeLessThan(1);
    expect(participation.contributorsByRegion.shares.find((s: { region: string }) => s.region === 'AFRICAN').count).toBe(2);
    // Dispositions are private before the synthesis: the public gets no processing figures.
    expect(processing).toBeNull();
  });

  it('refuses a threshold outside 0..1 with BAD_USER_INPUT', async () => {
    // Prepare
    const { globalId } = await openConsultation();
    // Act
    const res = await gql(ANALYTICS, { id: globalId, threshold: 1.5 });
    // Assess
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('threshold');
  });

  it('costs at most 2 DynamoDB requests, however many contributions there are', async () => {
    // Prepare: one consultation with 1 contribution, one with 30.
    const person = await createPerson();
    const small = await openConsultation();
    const large = await openConsultation();
    const at = new Date(Date.now() - 60_000);
    await contributeDirect(small.consultation, person.stakeholder, { at });
    for (let i = 0; i < 30; i++) await contributeDirect(large.consultation, person.stakeholder, { at });
    const count = async (id: string) => {
      const commands: string[] = [];
      const stop = onDynamoRequest((command) => commands.push(command));
      try {
        const res = await gql(BALANCE_ONLY, { id });
        expect(res.errors).toBeUndefined();
      } finally {
        stop();
      }
      return commands;
    };
    // Act
    const smallReads = await count(small.globalId);
    const largeReads = await count(large.globalId);
    // Assess
    expect(smallReads.length).toBeLessThanOrEqual(2);
    expect(largeReads.length).toBe(smallReads.length);
    expect(largeReads.every((command) => command !== 'ScanCommand')).toBe(true);
  });
});

describe('processing of a consultation', () => {
  it('shows dispositions, share answered and the median days from close to MAG members before the synthesis, to everyone after it', async () => {
    // Prepare: closed 10 days ago; 4 contributions, 3 answered (2 at day 2 after close, 1 at day 5) before the MAG looks.
    const { consultation, globalId } = await closedConsultation(10);
    const person = await createPerson();
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await contributeDirect(consultation, person.stakeholder));
    const closed = Date.parse(consultation.closesAt);
    await answerDirect(made.slice(0, 2), 'ADDRESSED', new Date(closed + 2 * 86_400_000 + 3_600_000));
    await answerDirect(made.slice(2, 3), 'NOTED', new Date(closed + 5 * 86_400_000));
    const mag = await createMagMember();
    // Act
    const before = await gql(ANALYTICS, { id: globalId });
    const asMag = await gql(ANALYTICS, { id: globalId }, mag.token);
    // Every contribution needs a disposition before the synthesis: the fourth is answered at day 2 too.
    await answerDirect(made.slice(3), 'ADDRESSED', new Date(closed + 2 * 86_400_000 + 7_200_000));
    const secretariat = await secretariatToken();
    const current = await gql(`query ($id: ID!) { consultation(id: $id) { version } }`, { id: globalId }, secretariat);
    const published = await gql(
      `mutation ($input: PublishSynthesisInput!) { publishSynthesis(input: $input) { consultation { status } } }`,
      { input: { consultationId: globalId, version: current.data?.consultation.version, body: 'What we heard.' } },
      secretariat,
    );
    const after = await gql(ANALYTICS, { id: globalId });
    // Assess
    expect(before.data?.consultation.analytics.processing).toBeNull();
    expect(published.data?.publishSynthesis.consultation.status).toBe('SYNTHESIS_PUBLISHED');
    const expected = {
      contributions: 4,
      answered: 3,
      unanswered: 1,
      shareAnswered: 0.75,
      medianDaysToDisposition: 2,
      byDisposition: ['RECEIVED', 'UNDER_REVIEW', 'ADDRESSED', 'PARTIALLY_ADDRESSED', 'NOTED', 'OUT_OF_SCOPE'].map((disposition) => ({
        disposition,
        contributions: disposition === 'ADDRESSED' ? 2 : disposition === 'NOTED' ? 1 : 0,
      })),
    };
    expect(asMag.data?.consultation.analytics.processing).toEqual(expected);
    expect(after.data?.consultation.analytics.processing).toEqual({
      ...expected,
      answered: 4,
      unanswered: 0,
      shareAnswered: 1,
      byDisposition: expected.byDisposition.map((d) => (d.disposition === 'ADDRESSED' ? { ...d, contributions: 3 } : d)),
    });
  });
});

describe('participation per year and trends', () => {
  it('counts a contributor once per year across consultations, lists the year’s consultations, and gives every year of a span in one query', async () => {
    // Prepare: year Y has two consultations, Y+1 one (empty); the same person contributes to both of Y's.
    const year = privateYear();
    const first = await openConsultation({ year, sequence: 1 });
    const second = await openConsultation({ year, sequence: 2 });
    await openConsultation({ year: year + 1, sequence: 1 });
    const person = await createPerson({ stakeholder: { group: 'ACADEMIA', region: 'EASTERN_EUROPEAN' } });
    const other = await createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'EASTERN_EUROPEAN' } });
    const at = new Date(Date.now() - 60_000);
    await contributeDirect(first.consultation, person.stakeholder, { at });
    await contributeDirect(second.consultation, person.stakeholder, { at });
    await contributeDirect(second.consultation, other.stakeholder, { at });
    // Act
    const res = await gql(
      `query ($from: Int!, $to: Int!) {
        participationTrends(fromYear: $from, toYear: $to) {
          year participation { contributions contributors contributorsByGroup { ${GROUP_BALANCE} } }
          consultations { consultation { id } participation { contributions contributors } }
        }
      }`,
      { from: year, to: year + 1 },
    );
    // Assess
    expect(res.errors).toBeUndefined();
    const [y, next] = res.data?.participationTrends;
    expect(y.year).toBe(year);
    expect(y.participation.contributions).toBe(3);
    expect(y.participation.contributors).toBe(2);
    expect(y.participation.contributorsByGroup).toEqual(expectedGroups({ ACADEMIA: 1, GOVERNMENT: 1 }));
    expect(y.participation.contributorsByGroup.minMaxRatio).toBe(0);
    expect(y.consultations.map((c: any) => [c.consultation.id, c.participation.contributions, c.participation.contributors])).toEqual([
      [first.globalId, 1, 1],
      [second.globalId, 2, 2],
    ]);
    expect(next.year).toBe(year + 1);
    expect(next.participation.contributions).toBe(0);
    expect(next.consultations).toHaveLength(1);
  });

  it('reads a fixed number of items for a span of years: one batch of year counters, one Query per year, one batch of consultation counters', async () => {
    // Prepare: two years, three consultations, 12 contributions.
    const year = privateYear();
    const person = await createPerson();
    const at = new Date(Date.now() - 60_000);
    for (const [y, sequence] of [
      [year, 1],
      [year, 2],
      [year + 1, 1],
    ] as const) {
      const { consultation } = await openConsultation({ year: y, sequence });
      for (let i = 0; i < 4; i++) await contributeDirect(consultation, person.stakeholder, { at });
    }
    const commands: string[] = [];
    const stop = onDynamoRequest((command) => commands.push(command));
    // Act
    let res;
    try {
      res = await gql(
        `query ($from: Int!, $to: Int!) { participationTrends(fromYear: $from, toYear: $to) {
          year participation { contributorsByGroup { balanceIndex } } consultations { participation { contributions } } } }`,
        { from: year, to: year + 1 },
      );
    } finally {
      stop();
    }
    // Assess
    expect(res.errors).toBeUndefined();
    expect(res.data?.participationTrends.flatMap((y: any) => y.consultations.map((c: any) => c.participation.contributions))).toEqual([4, 4, 4]);
    expect(commands.sort()).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'QueryCommand']);
  });

  it('refuses a reversed or too long span with BAD_USER_INPUT', async () => {
    // Act
    const reversed = await gql(`{ participationTrends(fromYear: 2030, toYear: 2020) { year } }`);
    const long = await gql(`{ participationTrends(fromYear: 2000, toYear: 2100) { year } }`);
    // Assess
    expect(errorCode(reversed)).toBe('BAD_USER_INPUT');
    expect(errorCode(long)).toBe('BAD_USER_INPUT');
  });

  it('hides draft consultations of a year from the public', async () => {
    // Prepare
    const year = privateYear();
    await openConsultation({ year, sequence: 1, status: 'DRAFT' });
    const query = `query ($year: Int!) { cycleAnalytics(year: $year) { consultations { status } } }`;
    // Act
    const asPublic = await gql(query, { year });
    const asSecretariat = await gql(query, { year }, await secretariatToken());
    // Assess
    expect(asPublic.data?.cycleAnalytics.consultations).toEqual([]);
    expect(asSecretariat.data?.cycleAnalytics.consultations).toEqual([{ status: 'DRAFT' }]);
  });
});

describe('balance of the MAG', () => {
  it('matches the composition it is computed from', async () => {
    // Prepare
    await createMagMember({ group: 'TECHNICAL_COMMUNITY', region: 'LATIN_AMERICAN_AND_CARIBBEAN' });
    // Act
    const res = await gql(`{
      magComposition { total groups { group count } regions { region count } balance(threshold: 0.1) { members byGroup { ${GROUP_BALANCE} } byRegion { ${REGION_BALANCE} } } }
      magBalance { members }
    }`);
    // Assess
    expect(res.errors).toBeUndefined();
    const composition = res.data?.magComposition;
    const counts = Object.fromEntries(composition.groups.map((g: { group: string; count: number }) => [g.group, g.count]));
    expect(composition.balance.members).toBe(composition.total);
    expect(composition.balance.byGroup).toEqual(expectedGroups(counts, 0.1));
    expect(composition.balance.byRegion.total).toBe(composition.total);
    expect(res.data?.magBalance.members).toBeGreaterThanOrEqual(1);
  });
});

describe('reporting rates', () => {
  it('give each year’s on-time, late, missing, returned and published rates and their change from the year before', async () => {
    // Prepare
    const cycle = await createCycle();
    // Act
    const res = await gql(
      `query ($from: Int!, $to: Int!) {
        reportingRates(fromYear: $from, toYear: $to) {
          year requested rates { onTime late missing returned published }
          compliance { requested missing submittedOnTime submittedLate returned published }
          change { fromYear onTime late missing returned published }
        }
      }`,
      { from: cycle.year - 29, to: cycle.year },
    );
    // Assess
    expect(res.errors).toBeUndefined();
    const years = res.data?.reportingRates as any[];
    expect(years.map((y) => y.year)).toContain(cycle.year);
    expect(years.map((y) => y.year)).toEqual([...years.map((y) => y.year)].sort((a, b) => a - b));
    years.forEach((y, i) => {
      const c = y.compliance;
      const of = (n: number) => (c.requested === 0 ? 0 : n / c.requested);
      expect(y.requested).toBe(c.requested);
      expect(y.rates).toEqual({
        onTime: of(c.submittedOnTime),
        late: of(c.submittedLate),
        missing: of(c.missing),
        returned: of(c.returned),
        published: of(c.published),
      });
      const previous = years[i - 1];
      if (!previous) expect(y.change).toBeNull();
      else {
        expect(y.change.fromYear).toBe(previous.year);
        for (const name of ['onTime', 'late', 'missing', 'returned', 'published']) {
          expect(y.change[name]).toBeCloseTo(y.rates[name] - previous.rates[name], 9);
        }
      }
    });
  });
});
