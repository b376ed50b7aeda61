import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportingKeys } from '../../functions/core/dynamodb/keys';
import { runReportDeadlines } from '../../functions/modules/reporting/reporting.jobs';
import { SCHEDULED_JOBS } from '../../functions/handlers/scheduled-jobs';
import { errorCode, gql, secretariatToken } from '../helpers/api';
import { getItem } from '../helpers/db';
import { createOrganisation, createRepresentative } from '../helpers/people';
import { createCycle, DAY, fillAndSubmit, iso, PUBLISH, READ_REPORT, reportGlobalId, RETURN, SUBMIT } from '../helpers/reporting';

const NOTIFICATIONS = /* GraphQL */ `
  query ($first: Int, $after: String) {
    myNotifications(first: $first, after: $after) {
      edges {
        node {
          id
          kind
          year
          daysBefore
          message
          organisation {
            id
          }
          report {
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
`;

/**
 * A cycle due on a random day centuries ago: at the `now` values the job
 * runs with (just before that day), no other test's cycle is due or in the
 * reminder window, so the job touches nothing that concurrent tests check.
 */
async function farCycle() {
  const dueMs = Date.now() - randomInt(2_000, 250_000) * DAY;
  const cycle = await createCycle({ opensAt: iso(dueMs - 60 * DAY), dueAt: iso(dueMs) });
  return { ...cycle, dueMs };
}

/** The deadline notices (not the REQUESTED ones, which every cycle created by a concurrent test adds to every relevant organisation). */
async function notifications(token: string) {
  const result = await gql(NOTIFICATIONS, { first: 100 }, token);
  return (result.data?.myNotifications.edges.map((e: any) => e.node) as any[]).filter((n) => n.kind !== 'REQUESTED');
}

describe('deadlines and reminders', () => {
  it('is one of the scheduled jobs', () => {
    expect(SCHEDULED_JOBS.map((job) => job.name)).toContain('report-deadlines');
  });

  it('reminds organisations that have not submitted 14, 7 and 1 days before the due date, once each', async () => {
    // Prepare
    const late = await createOrganisation({ relevantOrganisation: true });
    const punctual = await createOrganisation({ relevantOrganisation: true });
    const lateRep = await createRepresentative([late.stakeholder.id]);
    const punctualRep = await createRepresentative([punctual.stakeholder.id]);
    const { year, dueMs } = await farCycle();
    await fillAndSubmit(punctualRep.token, year, punctual.stakeholder.id);
    const at = (daysBefore: number) => new Date(dueMs - daysBefore * DAY + 60_000);

    // Act
    await runReportDeadlines(at(20)); // nothing due yet
    const before = await notifications(lateRep.token);
    await runReportDeadlines(at(14));
    await runReportDeadlines(at(13)); // again inside the 14-day window: nothing new
    await runReportDeadlines(at(7));
    await runReportDeadlines(at(7));
    await runReportDeadlines(at(1));
    await runReportDeadlines(at(0.5));

    // Assess
    expect(before).toEqual([]);
    const received = await notifications(lateRep.token);
    expect(received.map((n) => [n.kind, n.daysBefore, n.year])).toEqual([
      ['REMINDER', 1, year],
      ['REMINDER', 7, year],
      ['REMINDER', 14, year],
    ]);
    expect(received[0]).toMatchObject({ organisation: { id: late.globalId } });
    expect(received[0].message).toContain('due in 1 day');
    expect(await notifications(punctualRep.token)).toEqual([]);
    expect(await getItem(reportingKeys.reminderGuard(year, late.stakeholder.id, 7))).toBeDefined();
  });

  it('sends only the closest reminder when it first runs late in the window', async () => {
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const { year, dueMs } = await farCycle();

    await runReportDeadlines(new Date(dueMs - 5 * DAY));

    expect((await notifications(representative.token)).map((n) => [n.kind, n.daysBefore, n.year])).toEqual([['REMINDER', 7, year]]);
  });

  it('marks never-submitted reports overdue after the due date, once, and overdue needs no job', async () => {
    // Prepare
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const { year } = await createCycle({ opensAt: iso(Date.now() - 30 * DAY), dueAt: iso(Date.now() - DAY) });
    const readOverdue = async () => (await gql(READ_REPORT, { organisation: organisation.globalId, year }, representative.token)).data?.report.overdue;

    // Act
    const beforeJob = await readOverdue();
    await runReportDeadlines(new Date());
    await runReportDeadlines(new Date());

    // Assess
    expect(beforeJob).toBe(true);
    const item = await getItem(reportingKeys.report(year, organisation.stakeholder.id));
    expect(item?.overdueMarkedAt).toBeDefined();
    expect(item?.version).toBe(1); // bookkeeping only: representatives' versions are untouched
    const overdue = (await notifications(representative.token)).filter((n) => n.kind === 'OVERDUE' && n.year === year);
    expect(overdue).toHaveLength(1);
    expect(await readOverdue()).toBe(true);
  });

  it('merges the notifications of every organisation a representative speaks for, page by page', async () => {
    // Prepare: one person representing two organisations
    const first = await createOrganisation({ relevantOrganisation: true });
    const second = await createOrganisation({ relevantOrganisation: true });
    const both = await createRepresentative([first.stakeholder.id, second.stakeholder.id]);
    const { year, dueMs } = await farCycle();
    await runReportDeadlines(new Date(dueMs - 14 * DAY + 1000));
    await runReportDeadlines(new Date(dueMs - 7 * DAY + 1000));

    // Act: page through the merged feed two at a time
    const seen: any[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = await gql(NOTIFICATIONS, { first: 2, after }, both.token);
      seen.push(...page.data.myNotifications.edges.map((e: any) => e.node));
      after = page.data.myNotifications.pageInfo.hasNextPage ? page.data.myNotifications.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 50);

    // Assess (REQUESTED notices, newest, come first: every cycle created meanwhile adds one per organisation)
    const deadlines = seen.filter((n) => n.kind !== 'REQUESTED');
    expect(deadlines).toHaveLength(4);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((n) => n.id)).size).toBe(seen.length);
    expect(seen.filter((n) => n.kind === 'REQUESTED' && n.year === year)).toHaveLength(2);
    expect(deadlines.map((n) => n.daysBefore)).toEqual([7, 7, 14, 14]);
    expect(new Set(deadlines.map((n) => n.organisation.id))).toEqual(new Set([first.globalId, second.globalId]));
    expect(deadlines.every((n) => n.year === year && n.report !== null)).toBe(true);
  });

  it('tells representatives when their report is returned (with the reason) and when it is published', async () => {
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const { year } = await createCycle();
    const reportId = reportGlobalId(year, organisation.stakeholder.id);
    const secretariat = await secretariatToken();
    const submitted = await fillAndSubmit(representative.token, year, organisation.stakeholder.id);
    await gql(RETURN, { input: { reportId, version: submitted.version, reason: 'Add figures.' } }, secretariat);
    await gql(SUBMIT, { input: { reportId, version: submitted.version + 1 } }, representative.token);
    await gql(PUBLISH, { input: { reportId, version: submitted.version + 2 } }, secretariat);

    const received = (await notifications(representative.token)).filter((n) => n.year === year);

    expect(received.map((n) => n.kind)).toEqual(['PUBLISHED', 'RETURNED']);
    expect(received[1].message).toContain('Add figures.');
    expect(received[0].report).toEqual({ id: reportId });
  });

  it('refuses the public reading notifications with UNAUTHENTICATED', async () => {
    const result = await gql(NOTIFICATIONS, { first: 5 });
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
  });

  it('leaves no reminder for a report submitted before the window', async () => {
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const { year, dueMs } = await farCycle();
    await fillAndSubmit(representative.token, year, organisation.stakeholder.id);
    await runReportDeadlines(new Date(dueMs - DAY / 2));
    await runReportDeadlines(new Date(dueMs + DAY));
    expect(await notifications(representative.token)).toEqual([]);
    expect(await getItem(reportingKeys.reminderGuard(year, organisation.stakeholder.id, 1))).toBeUndefined();
  });
});
