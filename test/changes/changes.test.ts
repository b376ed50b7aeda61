/**
 * The change feed for incremental sync: created, updated and withdrawn
 * objects since a time, several types merged in time order under one
 * cursor, hidden objects skipped with pages kept full — and every entity
 * write keeping the item's change keys current.
 */
import { describe, expect, it } from 'vitest';
import { consultationKeys, reportingKeys, stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { toGlobalId } from '../../functions/core/ids';
import { contributionIdParts } from '../../functions/modules/consultations/consultation.model';
import { errorCode, gql, secretariatToken, type GraphQLResponse } from '../helpers/api';
import { answerDirect, closedConsultation, contributeDirect, createViaApi, openConsultation } from '../helpers/consultations';
import { getItem } from '../helpers/db';
import { createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle, fillAndSubmit } from '../helpers/reporting';

const CHANGES = /* GraphQL */ `
  query ($since: DateTime!, $types: [ChangeType!], $first: Int, $after: String) {
    changes(since: $since, types: $types, first: $first, after: $after) {
      edges {
        cursor
        node {
          type
          id
          changedAt
          action
          node {
            id
            ... on Consultation {
              consultationStatus: status
            }
            ... on Contribution {
              contributionStatus: status
              body
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface ChangeView {
  type: string;
  id: string;
  changedAt: string;
  action: string;
  node: { id: string; consultationStatus?: string; contributionStatus?: string; body?: string | null };
}

/** Every change since `since` (paged through), with the size of each page. */
async function allChanges(since: string, types: string[] | undefined, first: number, token?: string) {
  const changes: ChangeView[] = [];
  const pages: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const res: GraphQLResponse = await gql(CHANGES, { since, types, first, after }, token);
    expect(res.errors).toBeUndefined();
    const page: { edges: { node: ChangeView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = res.data?.changes;
    changes.push(...page.edges.map((e) => e.node));
    pages.push(page.edges.length);
    if (!page.pageInfo.hasNextPage) return { changes, pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

describe('the change feed', () => {
  it('lists created, updated and withdrawn objects of several types since a time, oldest change first, each at its latest change', async () => {
    // Prepare
    const since = new Date(Date.now() - 1).toISOString();
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    const at = new Date();
    const kept = await contributeDirect(consultation, author.stakeholder, { at, body: 'Kept' });
    const dropped = await contributeDirect(consultation, author.stakeholder, { at, body: 'Dropped' });
    const withdraw = await gql(
      `mutation ($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { contribution { status } } }`,
      { input: { id: toGlobalId('Contribution', dropped.id), version: 1 } },
      author.token,
    );
    const update = await gql(
      `mutation ($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { stakeholder { version } } }`,
      { input: { id: author.globalId, version: 1, description: 'Changed' } },
      author.token,
    );
    // Act
    const { changes } = await allChanges(since, ['STAKEHOLDER', 'CONSULTATION', 'CONTRIBUTION'], 20);
    // Assess
    expect(withdraw.errors).toBeUndefined();
    expect(update.errors).toBeUndefined();
    const mine = changes.filter((c) => [globalId, author.globalId, toGlobalId('Contribution', kept.id), toGlobalId('Contribution', dropped.id)].includes(c.id));
    expect(mine.map((c) => [c.type, c.id, c.action])).toEqual([
      ['CONSULTATION', globalId, 'CREATED'],
      ['CONTRIBUTION', toGlobalId('Contribution', kept.id), 'CREATED'],
      ['CONTRIBUTION', toGlobalId('Contribution', dropped.id), 'WITHDRAWN'],
      ['STAKEHOLDER', author.globalId, 'UPDATED'],
    ]);
    expect(mine.find((c) => c.action === 'WITHDRAWN')?.node).toMatchObject({ contributionStatus: 'WITHDRAWN', body: null });
    // Within a type the feed only moves forward (across types, a write landing mid-sync may come after later ones).
    for (const type of ['STAKEHOLDER', 'CONSULTATION', 'CONTRIBUTION']) {
      const times = changes.filter((c) => c.type === type).map((c) => c.changedAt);
      expect(times).toEqual([...times].sort());
    }
    // (An object that other tests change again while this one pages is listed again, at its new change: that is the feed working.)
    expect(changes.every((c) => c.changedAt >= since)).toBe(true);
  });

  it('skips what the caller may not see and keeps pages full: drafts for the public, unpublished reports and revisions', async () => {
    // Prepare: a draft (secretariat only), a scheduled consultation, and a submitted (unpublished) report.
    const since = new Date(Date.now() - 1).toISOString();
    const secretariat = await secretariatToken();
    const draft = await createViaApi(secretariat, {
      title: 'Draft in the feed',
      summary: 'Not yet public.',
      body: 'Body.',
      language: 'en',
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    const draftId = draft.data?.createConsultation.consultation.id as string;
    const visible = await openConsultation();
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const cycle = await createCycle();
    await fillAndSubmit(representative.token, cycle.year, organisation.stakeholder.id);
    const reportId = toGlobalId('Report', `${cycle.year}.${organisation.stakeholder.id}`);
    const revisionId = toGlobalId('ReportRevision', `${cycle.year}.${organisation.stakeholder.id}.1`);
    // Act
    const consultationsForPublic = await allChanges(since, ['CONSULTATION'], 2);
    const consultationsForSecretariat = await allChanges(since, ['CONSULTATION'], 100, secretariat);
    const reportsForPublic = await allChanges(since, ['REPORT', 'REPORT_REVISION'], 100);
    const reportsForSecretariat = await allChanges(since, ['REPORT', 'REPORT_REVISION'], 100, secretariat);
    // Assess
    const publicIds = consultationsForPublic.changes.map((c) => c.id);
    expect(publicIds).not.toContain(draftId);
    expect(publicIds).toContain(visible.globalId);
    // Every page but the last is full, although the hidden draft was skipped.
    expect(consultationsForPublic.pages.slice(0, -1).every((size) => size === 2)).toBe(true);
    expect(consultationsForSecretariat.changes.find((c) => c.id === draftId)?.node.consultationStatus).toBe('DRAFT');
    expect(reportsForPublic.changes.map((c) => c.id)).not.toContain(reportId);
    expect(reportsForPublic.changes.map((c) => c.id)).not.toContain(revisionId);
    expect(reportsForSecretariat.changes.map((c) => c.id)).toEqual(expect.arrayContaining([reportId, revisionId]));
  });

  it('refuses a cursor of another query, a bad page size and a bad instant with BAD_USER_INPUT', async () => {
    // Prepare
    await openConsultation();
    const since = new Date(Date.now() - 60_000).toISOString();
    const first = await gql(CHANGES, { since, types: ['CONSULTATION'], first: 1 });
    const cursor = first.data?.changes.pageInfo.endCursor as string;
    // Act
    const otherTypes = await gql(CHANGES, { since, types: ['CONTRIBUTION'], first: 1, after: cursor });
    const otherSince = await gql(CHANGES, { since: new Date(0).toISOString(), types: ['CONSULTATION'], first: 1, after: cursor });
    const tooMany = await gql(CHANGES, { since, first: 1000 });
    const badInstant = await gql(CHANGES, { since: 'yesterday' });
    // Assess
    expect(cursor).toBeTruthy();
    expect(errorCode(otherTypes)).toBe('BAD_USER_INPUT');
    expect(errorCode(otherSince)).toBe('BAD_USER_INPUT');
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(errorCode(badInstant)).toBe('BAD_USER_INPUT');
  });
});

describe('change keys', () => {
  const expectCurrent = (item: Record<string, unknown> | undefined, type: string) => {
    expect(item?.ChangesPK).toBe(`CHANGES#${type}`);
    expect(item?.ChangesSK).toBe(`${item?.updatedAt as string}#${item?.id as string}`);
  };

  it('are rewritten by every create and update of consultations, contributions, stakeholders and reports', async () => {
    // Prepare and act: a consultation created, edited, scheduled; a contribution submitted, edited, answered; a stakeholder edited; a report saved and submitted.
    const secretariat = await secretariatToken();
    const created = await createViaApi(secretariat, {
      title: 'Change keys',
      summary: 'Summary.',
      body: 'Body.',
      language: 'en',
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    const consultationGlobal = created.data?.createConsultation.consultation.id as string;
    const consultationId = Buffer.from(consultationGlobal, 'base64url').toString().split(':')[1] as string;
    expectCurrent(await getItem(consultationKeys.item(consultationId)), 'Consultation');
    await gql(
      `mutation ($input: UpdateConsultationInput!) { updateConsultation(input: $input) { consultation { version } } }`,
      { input: { id: consultationGlobal, version: 1, title: 'Change keys, edited' } },
      secretariat,
    );
    await gql(
      `mutation ($input: ScheduleConsultationInput!) { scheduleConsultation(input: $input) { consultation { version } } }`,
      { input: { id: consultationGlobal, version: 2 } },
      secretariat,
    );
    const scheduled = await getItem(consultationKeys.item(consultationId));
    expect(scheduled?.version).toBe(3);
    expectCurrent(scheduled, 'Consultation');

    const { consultation } = await openConsultation();
    const author = await createPerson();
    const contribution = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const parts = contributionIdParts(contribution.id)!;
    const edited = await gql(
      `mutation ($input: EditContributionInput!) { editContribution(input: $input) { contribution { version } } }`,
      { input: { id: toGlobalId('Contribution', contribution.id), version: 1, body: 'Edited' } },
      author.token,
    );
    expect(edited.errors).toBeUndefined();
    const editedItem = await getItem(consultationKeys.contribution(parts.consultationId, parts.localId));
    expect(editedItem?.version).toBe(2);
    expectCurrent(editedItem, 'Contribution');

    const past = await closedConsultation(1);
    const answeredOne = await contributeDirect(past.consultation, author.stakeholder);
    await answerDirect([answeredOne], 'NOTED', new Date());
    const answeredParts = contributionIdParts(answeredOne.id)!;
    expectCurrent(await getItem(consultationKeys.contribution(answeredParts.consultationId, answeredParts.localId)), 'Contribution');

    await gql(
      `mutation ($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { stakeholder { version } } }`,
      { input: { id: author.globalId, version: 1, description: 'Edited' } },
      author.token,
    );
    const person = await getItem(stakeholderKeys.item(author.stakeholder.id));
    expect(person?.version).toBe(2);
    expectCurrent(person, 'Stakeholder');

    const organisation = await createOrganisation({ relevantOrganisation: true });
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const cycle = await createCycle();
    await fillAndSubmit(representative.token, cycle.year, organisation.stakeholder.id);
    const report = await getItem(reportingKeys.report(cycle.year, organisation.stakeholder.id));
    // Assess
    expect(report?.status).toBe('SUBMITTED');
    expectCurrent(report, 'Report');
    expectCurrent(await getItem(reportingKeys.cycle(cycle.year)), 'ReportingCycle');
  });
});
