import { describe, expect, it } from 'vitest';
import { reportingKeys } from '../../functions/core/dynamodb/keys';
import { toGlobalId } from '../../functions/core/ids';
import { errorCode, gql, secretariatToken } from '../helpers/api';
import { getItem, partition } from '../helpers/db';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle, createCycles, DAY, fillAndSubmit, iso, PUBLISH, READ_REPORT, reportGlobalId, RETURN, save, SUBMIT } from '../helpers/reporting';

/** An organisation subject to reporting, with a representative, and a cycle that requested its report. */
async function prepare(options: { opensAt?: string; dueAt?: string } = {}) {
  const organisation = await createOrganisation({ relevantOrganisation: true });
  const representative = await createRepresentative([organisation.stakeholder.id]);
  const cycle = await createCycle(options);
  return {
    organisation,
    representative,
    year: cycle.year,
    orgId: organisation.stakeholder.id,
    reportId: reportGlobalId(cycle.year, organisation.stakeholder.id),
  };
}

const COUNTS = /* GraphQL */ `
  query ($year: Int!) {
    reportingCycle(year: $year) {
      compliance {
        requested
        missing
        submittedOnTime
        submittedLate
        awaitingReview
        returned
        returns
        published
      }
    }
  }
`;
const counts = async (year: number) => (await gql(COUNTS, { year })).data?.reportingCycle.compliance;

describe('a report from draft to publication', () => {
  it('is saved, submitted, returned, resubmitted and published, with counters kept in step', async () => {
    // Prepare
    const { organisation, representative, year, orgId, reportId } = await prepare();
    const secretariat = await secretariatToken();
    const initial = await counts(year);

    // Act: draft
    const draft = await save(representative.token, year, orgId, 1, [{ key: 'summary', text: '  A good year.  ' }]);
    const filled = await save(representative.token, year, orgId, 2, [{ key: 'activities', text: 'We met.\nWe wrote.' }]);
    const submitted = await gql(SUBMIT, { input: { reportId, version: 3 } }, representative.token);
    const afterSubmit = await counts(year);
    const returned = await gql(RETURN, { input: { reportId, version: 4, reason: 'Please describe your activities in more detail.' } }, secretariat);
    const afterReturn = await counts(year);
    const revised = await save(representative.token, year, orgId, 5, [{ key: 'activities', text: 'We met twice.\nWe wrote.\nWe published.' }]);
    const resubmitted = await gql(SUBMIT, { input: { reportId, version: 6 } }, representative.token);
    const published = await gql(PUBLISH, { input: { reportId, version: 7 } }, secretariat);
    const final = await counts(year);
    const publicRead = await gql(READ_REPORT, { organisation: organisation.globalId, year });

    // Assess
    expect(draft.errors).toBeUndefined();
    expect(draft.data?.saveReportSections.report).toMatchObject({ status: 'DRAFT', version: 2, revisionCount: 1 });
    expect(draft.data?.saveReportSections.report.sections[0]).toEqual({
      key: 'summary',
      title: 'Summary',
      required: true,
      maxLength: 500,
      text: 'A good year.',
    });
    expect(draft.data?.saveReportSections.revision).toMatchObject({
      number: 1,
      reportVersion: 2,
      changedSections: ['summary'],
      sections: [{ key: 'summary', text: 'A good year.' }],
      savedBy: { id: representative.globalId },
    });
    expect(filled.data?.saveReportSections.revision).toMatchObject({ number: 2, changedSections: ['activities'] });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitReport.report).toMatchObject({ status: 'SUBMITTED', version: 4, late: false, overdue: false });
    expect(submitted.data?.submitReport.report.submittedAt).toBe(submitted.data?.submitReport.report.firstSubmittedAt);
    expect(afterSubmit).toMatchObject({ missing: initial.missing - 1, submittedOnTime: 1, awaitingReview: 1 });
    expect(returned.data?.returnReport.report).toMatchObject({ status: 'RETURNED', returnReason: 'Please describe your activities in more detail.' });
    expect(afterReturn).toMatchObject({ awaitingReview: 0, returned: 1, returns: 1 });
    expect(revised.data?.saveReportSections.report).toMatchObject({ status: 'RETURNED', version: 6 });
    expect(resubmitted.data?.submitReport.report).toMatchObject({ status: 'SUBMITTED', late: false });
    expect(published.errors).toBeUndefined();
    expect(published.data?.publishReport.report.status).toBe('PUBLISHED');
    expect(final).toEqual({ ...initial, missing: initial.missing - 1, submittedOnTime: 1, awaitingReview: 0, returned: 0, returns: 1, published: 1 });
    expect(publicRead.data?.report).toMatchObject({ status: 'PUBLISHED', organisation: { id: organisation.globalId } });
    expect(publicRead.data?.report.sections[1].text).toBe('We met twice.\nWe wrote.\nWe published.');
  });

  it('marks a report first submitted after the due date as late and counts it so', async () => {
    const { representative, year, orgId } = await prepare({ opensAt: iso(Date.now() - 60 * DAY), dueAt: iso(Date.now() - DAY) });
    const before = await gql(READ_REPORT, { organisation: toGlobalId('Stakeholder', orgId), year }, representative.token);
    const report = await fillAndSubmit(representative.token, year, orgId);
    expect(before.data?.report).toMatchObject({ status: 'DRAFT', overdue: true, late: false });
    expect(report).toMatchObject({ status: 'SUBMITTED', late: true, overdue: false });
    expect(await counts(year)).toMatchObject({ submittedLate: 1, submittedOnTime: 0 });
  });

  it('records nothing for a save that changes nothing', async () => {
    const { representative, year, orgId } = await prepare();
    await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'Same.' }]);
    const again = await save(representative.token, year, orgId, 2, [{ key: 'summary', text: 'Same.' }]);
    expect(again.data?.saveReportSections).toMatchObject({ revision: null, report: { version: 2, revisionCount: 1 } });
  });

  it('clears a section saved with empty text', async () => {
    const { representative, year, orgId } = await prepare();
    await save(representative.token, year, orgId, 1, [{ key: 'challenges', text: 'Funding.' }]);
    const cleared = await save(representative.token, year, orgId, 2, [{ key: 'challenges', text: '' }]);
    expect(cleared.data?.saveReportSections.report.sections[2]).toMatchObject({ key: 'challenges', text: null });
    expect(cleared.data?.saveReportSections.revision).toMatchObject({ changedSections: ['challenges'], sections: [] });
  });
});

describe('who can read a report', () => {
  it('shows an unpublished report to its representatives, the MAG and the secretariat, and to nobody else — through any path', async () => {
    // Prepare
    const { organisation, representative, year, orgId, reportId } = await prepare();
    await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'Internal draft.' }]);
    const other = await createOrganisation({ relevantOrganisation: true });
    const otherRepresentative = await createRepresentative([other.stakeholder.id]);
    const readers = { representative: representative.token, mag: (await createMagMember()).token, secretariat: await secretariatToken() };
    const strangers = { public: undefined, stakeholder: (await createPerson()).token, otherRepresentative: otherRepresentative.token };
    const pastMag = (await createPerson({ roles: { magTerm: { startYear: 2001, endYear: 2003 } } })).token;
    const revisionId = toGlobalId('ReportRevision', `${year}.${orgId}.1`);
    const NODE = `query ($id: ID!) { node(id: $id) { id } }`;
    const NESTED = `query ($id: ID!) { stakeholder(id: $id) { reports(first: 10) { edges { node { id year } } } } }`;

    // Act / Assess
    for (const token of Object.values(readers)) {
      expect((await gql(READ_REPORT, { organisation: organisation.globalId, year }, token)).data?.report.sections[0].text).toBe('Internal draft.');
      expect((await gql(NODE, { id: reportId }, token)).data?.node).toEqual({ id: reportId });
      expect((await gql(NODE, { id: revisionId }, token)).data?.node).toEqual({ id: revisionId });
      // (Cycles created by concurrent tests request reports from this organisation too.)
      expect((await gql(NESTED, { id: organisation.globalId }, token)).data?.stakeholder.reports.edges).toContainEqual({ node: { id: reportId, year } });
    }
    for (const token of [...Object.values(strangers), pastMag]) {
      const read = await gql(READ_REPORT, { organisation: organisation.globalId, year }, token);
      expect(read.errors).toBeUndefined();
      expect(read.data?.report).toBeNull();
      expect((await gql(NODE, { id: reportId }, token)).data?.node).toBeNull();
      expect((await gql(NODE, { id: revisionId }, token)).data?.node).toBeNull();
      expect((await gql(NESTED, { id: organisation.globalId }, token)).data?.stakeholder.reports.edges).toEqual([]);
      const cycleReports = await gql(`query ($year: Int!) { reportingCycle(year: $year) { reports(first: 100) { edges { node { id } } } } }`, { year }, token);
      expect(cycleReports.data?.reportingCycle.reports.edges).toEqual([]);
    }
  });

  it('shows a published report to everyone but keeps its revisions to those who could read its drafts', async () => {
    const { organisation, representative, year, orgId, reportId } = await prepare();
    const submitted = await fillAndSubmit(representative.token, year, orgId);
    await gql(PUBLISH, { input: { reportId, version: submitted.version } }, await secretariatToken());
    const QUERY = `query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { status revisions(first: 5) { edges { node { number } } } comparison(from: 1, to: 1) { changedSections } } }`;

    const byPublic = await gql(QUERY, { org: organisation.globalId, year });
    const byRepresentative = await gql(QUERY, { org: organisation.globalId, year }, representative.token);

    expect(byPublic.errors).toBeUndefined();
    expect(byPublic.data?.report).toEqual({ status: 'PUBLISHED', revisions: null, comparison: null });
    expect(byRepresentative.data?.report).toEqual({
      status: 'PUBLISHED',
      revisions: { edges: [{ node: { number: 1 } }] },
      comparison: { changedSections: [] },
    });
  });

  it("lists an organisation's reports across years and links each to the year before", async () => {
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const [earlier, later] = await createCycles(2);
    const orgId = organisation.stakeholder.id;
    await save(representative.token, earlier!.year, orgId, 1, [{ key: 'summary', text: 'Last year.' }]);
    const QUERY = `query ($org: ID!, $year: Int!) {
      report(organisation: $org, year: $year) { year previousReport { year sections { key text } } }
      stakeholder(id: $org) { reports(first: 10) { edges { node { year } } } }
    }`;

    const result = await gql(QUERY, { org: organisation.globalId, year: later!.year }, representative.token);

    expect(result.errors).toBeUndefined();
    expect(result.data?.report.year).toBe(later!.year);
    expect(result.data?.report.previousReport.year).toBe(earlier!.year);
    expect(result.data?.report.previousReport.sections[0].text).toBe('Last year.');
    // Concurrent tests' cycles may add other years for this organisation: ours come newest first.
    const years = result.data?.stakeholder.reports.edges.map((e: any) => e.node.year) as number[];
    expect(years.filter((y) => y === earlier!.year || y === later!.year)).toEqual([later!.year, earlier!.year]);
    expect([...years].sort((a, b) => b - a)).toEqual(years);
  });
});

describe('revisions', () => {
  it('keeps every save and compares any two, section by section', async () => {
    const { organisation, representative, year, orgId } = await prepare();
    await save(representative.token, year, orgId, 1, [
      { key: 'summary', text: 'First.' },
      { key: 'activities', text: 'a\nb\nc' },
    ]);
    await save(representative.token, year, orgId, 2, [{ key: 'activities', text: 'a\nB\nc\nd' }]);
    await save(representative.token, year, orgId, 3, [{ key: 'challenges', text: 'Money.' }]);
    const QUERY = `query ($org: ID!, $year: Int!, $after: String) { report(organisation: $org, year: $year) {
      revisions(first: 2, after: $after) { edges { node { number changedSections } } pageInfo { hasNextPage endCursor } }
      comparison(from: 1, to: 3) { from { number } to { number } changedSections sections { key title before after changed lines { kind text } } }
    } }`;

    const page1 = await gql(QUERY, { org: organisation.globalId, year }, representative.token);
    const page2 = await gql(QUERY, { org: organisation.globalId, year, after: page1.data?.report.revisions.pageInfo.endCursor }, representative.token);

    expect(page1.data?.report.revisions.edges.map((e: any) => e.node)).toEqual([
      { number: 1, changedSections: ['summary', 'activities'] },
      { number: 2, changedSections: ['activities'] },
    ]);
    expect(page1.data?.report.revisions.pageInfo.hasNextPage).toBe(true);
    expect(page2.data?.report.revisions.edges.map((e: any) => e.node.number)).toEqual([3]);
    expect(page2.data?.report.revisions.pageInfo.hasNextPage).toBe(false);
    const comparison = page1.data?.report.comparison;
    expect(comparison.changedSections).toEqual(['activities', 'challenges']);
    expect(comparison.sections[0]).toMatchObject({ key: 'summary', before: 'First.', after: 'First.', changed: false });
    expect(comparison.sections[1]).toEqual({
      key: 'activities',
      title: 'Activities',
      before: 'a\nb\nc',
      after: 'a\nB\nc\nd',
      changed: true,
      lines: [
        { kind: 'SAME', text: 'a' },
        { kind: 'REMOVED', text: 'b' },
        { kind: 'ADDED', text: 'B' },
        { kind: 'SAME', text: 'c' },
        { kind: 'ADDED', text: 'd' },
      ],
    });
    expect(comparison.sections[2]).toMatchObject({ key: 'challenges', before: null, after: 'Money.', changed: true });
  });

  it('refuses a comparison with a revision that does not exist', async () => {
    const { organisation, representative, year, orgId } = await prepare();
    await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'First.' }]);
    const result = await gql(
      `query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { comparison(from: 1, to: 2) { changedSections } } }`,
      { org: organisation.globalId, year },
      representative.token,
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('to');
  });

  it('lets exactly one of two representatives saving the same version succeed, and loses no revision', async () => {
    // Prepare
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const [alice, bob] = await Promise.all([createRepresentative([organisation.stakeholder.id]), createRepresentative([organisation.stakeholder.id])]);
    const { year } = await createCycle();
    const orgId = organisation.stakeholder.id;

    // Act
    const results = await Promise.all([
      save(alice!.token, year, orgId, 1, [{ key: 'summary', text: 'Alice wrote this.' }]),
      save(bob!.token, year, orgId, 1, [{ key: 'summary', text: 'Bob wrote this.' }]),
    ]);

    // Assess
    const codes = results.map((r) => errorCode(r) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const winner = results.find((r) => !r.errors)!.data?.saveReportSections.report.sections[0].text;
    const items = await partition(reportingKeys.report(year, orgId).PK);
    const revisions = items.filter((i) => i.entity === 'ReportRevision');
    const report = items.find((i) => i.entity === 'Report');
    expect(revisions).toHaveLength(1);
    expect(revisions[0]?.sections).toEqual({ summary: winner });
    expect(report).toMatchObject({ version: 2, revisionCount: 1, sections: { summary: winner } });

    // …and the loser, reloading, saves on top without losing the winner's revision.
    const loser = results.find((r) => r.errors) === results[0] ? alice! : bob!;
    const retry = await save(loser.token, year, orgId, 2, [{ key: 'summary', text: 'Merged text.' }]);
    expect(retry.data?.saveReportSections.revision.number).toBe(2);
    expect((await partition(reportingKeys.report(year, orgId).PK)).filter((i) => i.entity === 'ReportRevision')).toHaveLength(2);
  });
});

describe('refusals: each with its code, and nothing written', () => {
  /** The report's partition as it stands, to compare after a refusal. */
  const snapshot = (year: number, orgId: string) => partition(reportingKeys.report(year, orgId).PK);

  it.each([
    ['a representative of another organisation', 'FORBIDDEN', async () => (await createRepresentative([(await createOrganisation()).stakeholder.id])).token],
    ['a plain stakeholder', 'FORBIDDEN', async () => (await createPerson()).token],
    ['a MAG member', 'FORBIDDEN', async () => (await createMagMember()).token],
    ['the secretariat', 'FORBIDDEN', () => secretariatToken()],
    ['the public', 'UNAUTHENTICATED', async () => undefined],
  ])('refuses %s saving or submitting a report with %s', async (_, code, caller) => {
    const { year, orgId, reportId, representative } = await prepare();
    await save(representative.token, year, orgId, 1, [
      { key: 'summary', text: 'x' },
      { key: 'activities', text: 'y' },
    ]);
    const before = await snapshot(year, orgId);
    const token = await caller();

    const saved = await save(token as string, year, orgId, 2, [{ key: 'summary', text: 'Hijacked.' }]);
    const submitted = await gql(SUBMIT, { input: { reportId, version: 2 } }, token);

    expect(errorCode(saved)).toBe(code);
    expect(errorCode(submitted)).toBe(code);
    expect(await snapshot(year, orgId)).toEqual(before);
  });

  it.each([
    ['a representative', 'FORBIDDEN', 'representative'],
    ['a MAG member', 'FORBIDDEN', 'mag'],
    ['the public', 'UNAUTHENTICATED', 'public'],
  ])('refuses %s returning or publishing a report with %s', async (_, code, who) => {
    const { year, orgId, reportId, representative } = await prepare();
    const submitted = await fillAndSubmit(representative.token, year, orgId);
    const before = await snapshot(year, orgId);
    const cycleBefore = await getItem(reportingKeys.cycle(year));
    const token = who === 'representative' ? representative.token : who === 'mag' ? (await createMagMember()).token : undefined;

    const returned = await gql(RETURN, { input: { reportId, version: submitted.version, reason: 'No.' } }, token);
    const published = await gql(PUBLISH, { input: { reportId, version: submitted.version } }, token);

    expect(errorCode(returned)).toBe(code);
    expect(errorCode(published)).toBe(code);
    expect(await snapshot(year, orgId)).toEqual(before);
    expect(await getItem(reportingKeys.cycle(year))).toEqual(cycleBefore);
  });

  it('refuses editing a SUBMITTED or PUBLISHED report with CONFLICT naming the status', async () => {
    const { year, orgId, reportId, representative } = await prepare();
    const submitted = await fillAndSubmit(representative.token, year, orgId);
    const whileSubmitted = await save(representative.token, year, orgId, submitted.version, [{ key: 'summary', text: 'Changed.' }]);
    const resubmit = await gql(SUBMIT, { input: { reportId, version: submitted.version } }, representative.token);
    await gql(PUBLISH, { input: { reportId, version: submitted.version } }, await secretariatToken());
    const before = await snapshot(year, orgId);
    const whilePublished = await save(representative.token, year, orgId, submitted.version + 1, [{ key: 'summary', text: 'Changed.' }]);
    const returnPublished = await gql(RETURN, { input: { reportId, version: submitted.version + 1, reason: 'Too late.' } }, await secretariatToken());

    expect(errorCode(whileSubmitted)).toBe('CONFLICT');
    expect(whileSubmitted.errors?.[0]?.extensions?.status).toBe('SUBMITTED');
    expect(errorCode(resubmit)).toBe('CONFLICT');
    expect(errorCode(whilePublished)).toBe('CONFLICT');
    expect(whilePublished.errors?.[0]?.extensions?.status).toBe('PUBLISHED');
    expect(errorCode(returnPublished)).toBe('CONFLICT');
    expect(await snapshot(year, orgId)).toEqual(before);
  });

  it('refuses submitting before the cycle opens with NOT_OPEN (drafts may be saved before)', async () => {
    const { year, orgId, reportId, representative } = await prepare({ opensAt: iso(Date.now() + 10 * DAY), dueAt: iso(Date.now() + 40 * DAY) });
    const saved = await save(representative.token, year, orgId, 1, [
      { key: 'summary', text: 'x' },
      { key: 'activities', text: 'y' },
    ]);
    const before = await snapshot(year, orgId);
    const cycleBefore = await getItem(reportingKeys.cycle(year));

    const submitted = await gql(SUBMIT, { input: { reportId, version: 2 } }, representative.token);

    expect(saved.errors).toBeUndefined();
    expect(errorCode(submitted)).toBe('NOT_OPEN');
    expect(await snapshot(year, orgId)).toEqual(before);
    expect(await getItem(reportingKeys.cycle(year))).toEqual(cycleBefore);
  });

  it('refuses submitting with required sections empty, naming them', async () => {
    const { year, orgId, reportId, representative } = await prepare();
    await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'Only this.' }]);
    const before = await snapshot(year, orgId);
    const submitted = await gql(SUBMIT, { input: { reportId, version: 2 } }, representative.token);
    expect(errorCode(submitted)).toBe('BAD_USER_INPUT');
    expect(submitted.errors?.[0]?.extensions?.missingSections).toEqual(['activities']);
    expect(submitted.errors?.[0]?.message).toContain('activities');
    expect(await snapshot(year, orgId)).toEqual(before);
  });

  it('refuses a stale version with CONFLICT', async () => {
    const { year, orgId, reportId, representative } = await prepare();
    await save(representative.token, year, orgId, 1, [
      { key: 'summary', text: 'x' },
      { key: 'activities', text: 'y' },
    ]);
    const before = await snapshot(year, orgId);
    const staleSave = await save(representative.token, year, orgId, 1, [{ key: 'summary', text: 'Old view.' }]);
    const staleSubmit = await gql(SUBMIT, { input: { reportId, version: 1 } }, representative.token);
    expect(errorCode(staleSave)).toBe('CONFLICT');
    expect(staleSave.errors?.[0]?.extensions?.currentVersion).toBe(2);
    expect(errorCode(staleSubmit)).toBe('CONFLICT');
    expect(await snapshot(year, orgId)).toEqual(before);
  });

  it('refuses a section over its maximum length and an unknown section key, naming them', async () => {
    const { year, orgId, representative } = await prepare();
    const tooLong = await save(representative.token, year, orgId, 1, [
      { key: 'summary', text: 'ok' },
      { key: 'challenges', text: 'x'.repeat(101) },
    ]);
    const unknown = await save(representative.token, year, orgId, 1, [
      { key: 'summary', text: 'ok' },
      { key: 'budget', text: '1 EUR' },
    ]);
    expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ field: 'input.sections.1.text', section: 'challenges', maxLength: 100 });
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ field: 'input.sections.1.key', section: 'budget' });
    expect(unknown.errors?.[0]?.message).toContain('budget');
    const items = await snapshot(year, orgId);
    expect(items.filter((i) => i.entity === 'ReportRevision')).toEqual([]);
    expect(items.find((i) => i.entity === 'Report')).toMatchObject({ version: 1, sections: {} });
  });

  it('refuses returning without a reason as BAD_USER_INPUT', async () => {
    const { year, orgId, reportId, representative } = await prepare();
    const submitted = await fillAndSubmit(representative.token, year, orgId);
    const before = await snapshot(year, orgId);
    const result = await gql(RETURN, { input: { reportId, version: submitted.version, reason: '  ' } }, await secretariatToken());
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('input.reason');
    expect(await snapshot(year, orgId)).toEqual(before);
  });
});
