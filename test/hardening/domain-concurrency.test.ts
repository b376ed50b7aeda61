/**
 * 100 parallel writers on the domains, against DynamoDB Local, filling what
 * the domain tests leave out: submissions and withdrawals racing on one
 * consultation's counters, and version checks on one contribution and one
 * report (exactly one of 100 writers of the same version wins; nothing lost).
 */
import { describe, expect, it } from 'vitest';
import { consultationKeys, reportingKeys } from '../../functions/core/dynamodb/keys';
import { toGlobalId } from '../../functions/core/ids';
import { errorCode, gql, unique } from '../helpers/api';
import { contributeDirect, openConsultation, recount, storedCounts, storedYearCounts } from '../helpers/consultations';
import { partition } from '../helpers/db';
import { createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle, save } from '../helpers/reporting';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';

const WRITERS = 100;
const SUBMIT = 'mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id version } } }';
const WITHDRAW = 'mutation ($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { contribution { status version } } }';
const EDIT = 'mutation ($input: EditContributionInput!) { editContribution(input: $input) { contribution { version revision } } }';

const outcomes = (results: { errors?: unknown }[]) => results.map((r) => errorCode(r as never) ?? 'OK').sort();

describe('100 parallel writers on consultations and reports', () => {
  it('keeps every counter exact while 50 stakeholders withdraw and 50 others submit to one consultation at once', async () => {
    // Prepare: 50 stakeholders have contributed; 50 more are about to
    const { consultation, globalId } = await openConsultation();
    const people = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[i % 5] } })),
    );
    const earlier = await Promise.all(people.slice(0, 50).map((p) => contributeDirect(consultation, p.stakeholder, { at: new Date() })));

    // Act
    const results = await Promise.all([
      ...earlier.map((c, i) => gql(WITHDRAW, { input: { id: toGlobalId('Contribution', c.id), version: c.version } }, people[i]!.token)),
      ...people
        .slice(50)
        .map((p, i) => gql(SUBMIT, { input: { consultationId: globalId, body: `New point ${i}`, language: 'en', idempotencyKey: unique('key-') } }, p.token)),
    ]);

    // Assess
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    const expected = await recount([consultation.id]);
    expect(expected).toMatchObject({ contributions: 50, withdrawn: 50, contributors: 50 });
    expect(await storedCounts(consultation.id)).toEqual(expected);
    expect(await storedYearCounts(consultation.year)).toEqual(expected);
  }, 120_000);

  it('lets exactly one of 100 parallel edits of one contribution at the same version win; 99 get CONFLICT and no revision is lost', async () => {
    // Prepare
    const { consultation } = await openConsultation();
    const author = await createPerson();
    const contribution = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const id = toGlobalId('Contribution', contribution.id);

    // Act
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => gql(EDIT, { input: { id, version: 1, body: `Edit ${i}` } }, author.token)));

    // Assess
    expect(outcomes(results)).toEqual(['OK', ...Array(WRITERS - 1).fill('CONFLICT')].sort());
    const winner = results.findIndex((r) => !r.errors);
    const revisions = await partition(consultationKeys.revisionsPartition(contribution.id));
    expect(revisions.map((r) => r.body).sort()).toEqual([contribution.body, `Edit ${winner}`].sort());
    const stored = (await partition(consultationKeys.partition(consultation.id))).find((i) => i.entity === 'Contribution');
    expect(stored).toMatchObject({ version: 2, revision: 2, body: `Edit ${winner}` });
  }, 120_000);

  it('withdraws a contribution once when 100 parallel withdrawals of the same version race; the counters move once', async () => {
    // Prepare
    const { consultation } = await openConsultation();
    const author = await createPerson();
    const contribution = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const id = toGlobalId('Contribution', contribution.id);

    // Act
    const results = await Promise.all(Array.from({ length: WRITERS }, () => gql(WITHDRAW, { input: { id, version: 1 } }, author.token)));

    // Assess
    expect(outcomes(results)).toEqual(['OK', ...Array(WRITERS - 1).fill('CONFLICT')].sort());
    expect(await storedCounts(consultation.id)).toEqual({ withdrawn: 1 });
    expect(await storedCounts(consultation.id)).toEqual(await recount([consultation.id]));
  }, 120_000);

  it('lets exactly one of 100 parallel report saves at the same version win; 99 get CONFLICT and exactly one revision is kept', async () => {
    // Prepare: four representatives of one organisation, 25 saves each
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const orgId = organisation.stakeholder.id;
    const representatives = await Promise.all(Array.from({ length: 4 }, () => createRepresentative([orgId])));
    const { year } = await createCycle();

    // Act
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => save(representatives[i % 4]!.token, year, orgId, 1, [{ key: 'summary', text: `Save ${i}` }])),
    );

    // Assess
    expect(outcomes(results)).toEqual(['OK', ...Array(WRITERS - 1).fill('CONFLICT')].sort());
    const winner = results.findIndex((r) => !r.errors);
    const items = await partition(reportingKeys.report(year, orgId).PK);
    const revisions = items.filter((i) => i.entity === 'ReportRevision');
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ number: 1, sections: { summary: `Save ${winner}` } });
    expect(items.find((i) => i.entity === 'Report')).toMatchObject({ version: 2, revisionCount: 1, sections: { summary: `Save ${winner}` } });
  }, 120_000);
});
