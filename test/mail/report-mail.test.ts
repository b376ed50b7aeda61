/**
 * Annual-report mail against the SES emulator, with the clock injected: the
 * 14/7/1-day reminders and the overdue notice each arrive on their day,
 * exactly once — when the job runs twice, when two senders run at once, and
 * when a sender stops in the middle of a batch. An unsubscribe stops that
 * kind; a hard bounce stops all mail to the address.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as feedbackHandler } from '../../functions/handlers/mail-feedback';
import { runReportDeadlines } from '../../functions/modules/reporting/reporting.jobs';
import { processKeys, SENDER_LIMITS } from '../../functions/modules/mail/mail.sender';
import type { MailDelivery } from '../../functions/modules/outbox';
import { mailKeys } from '../../functions/core/dynamodb/keys';
import type { QueueEntry } from '../../functions/modules/mail/queue.store';
import { gql, secretariatToken, unique } from '../helpers/api';
import { concerning, followLink, header, mailTo, runSender } from '../helpers/mail';
import { createOrganisation, createRepresentative } from '../helpers/people';
import { createCycle, DAY, fillAndSubmit, iso, PUBLISH, reportGlobalId, RETURN } from '../helpers/reporting';

/** A cycle due on a random day centuries ago, so no other test's cycle is in the job's window (see deadlines.test.ts). */
async function farCycle() {
  const dueMs = Date.now() - randomInt(2_000, 250_000) * DAY;
  const cycle = await createCycle({ opensAt: iso(dueMs - 60 * DAY), dueAt: iso(dueMs) });
  return { ...cycle, dueMs, at: (daysBefore: number) => new Date(dueMs - daysBefore * DAY + 60_000) };
}

/** A relevant organisation with one representative whose address is confirmed. */
async function organisationWithRepresentative(languages: string[] = ['en']) {
  const organisation = await createOrganisation({ relevantOrganisation: true });
  const email = `${unique('rep')}@example.org`;
  const representative = await createRepresentative([organisation.stakeholder.id], { contactEmail: email, confirmedEmail: email, languages });
  return { organisation, representative, email, ids: [organisation.stakeholder.id, representative.stakeholder.id] };
}

const subjects = async (email: string) => (await mailTo(email)).map((m) => m.subject);

/** Entries of one reporting year only: cycles created meanwhile by concurrent tests request reports of these organisations too. */
const ofYear = (year: number, accept: (entry: QueueEntry) => boolean) => (entry: QueueEntry) =>
  accept(entry) && (entry.type === 'event' ? entry.event.params.year : entry.delivery.params.year) === year;

describe('report reminders by mail', () => {
  it('mails each reminder on its day and the overdue notice after the due date, once each even when the job and the sender run twice', async () => {
    // Prepare
    const { email, ids } = await organisationWithRepresentative();
    const cycle = await farCycle();
    const step = async (daysBefore: number) => {
      const at = cycle.at(daysBefore);
      await runReportDeadlines(at);
      await runReportDeadlines(at);
      await Promise.all([runSender(at, { accept: concerning(...ids) }), runSender(at, { accept: concerning(...ids) })]);
      await runSender(at, { accept: concerning(...ids) });
      return subjects(email);
    };

    // Act
    const at20 = await step(20);
    const at14 = await step(14);
    const at13 = await step(13);
    const at7 = await step(7);
    const at1 = await step(1);
    await step(-0.5);
    // Then at the real time: the request mail (decided when the cycle was created, now) goes out; so does the
    // overdue notice if a concurrent test's job, run at a later instant, marked the report overdue first.
    await runSender(new Date(), { accept: ofYear(cycle.year, concerning(...ids)!), since: undefined });
    const final = await subjects(email);

    // Assess
    const y = cycle.year;
    expect(at20).toEqual([]);
    expect(at14).toEqual([`Reminder: the ${y} report is due in 14 days`]);
    expect(at13).toEqual(at14);
    expect(at7).toEqual([...at14, `Reminder: the ${y} report is due in 7 days`]);
    expect(at1).toEqual([...at7, `Reminder: the ${y} report is due in 1 day`]);
    expect(final).toEqual([...at1, `The ${y} report is overdue`, `Annual report ${y} requested`]);
    const reminder = (await mailTo(email))[0]!;
    expect(reminder.body.text).toContain(`is due on ${iso(cycle.dueMs).slice(0, 10)}`);
    expect(header(reminder, 'List-Unsubscribe')).toMatch(/^<http:\/\/agora\.test\/mail\/unsubscribe\/REPORT_REMINDER\/[\w-]+>$/);
    expect(header(reminder, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  }, 120_000);

  it('sends every reminder exactly once when a sender stops in the middle of a batch, and parks the one it was sending', async () => {
    // Prepare: three organisations, one representative each, all owed the 14-day reminder.
    const reps = await Promise.all([organisationWithRepresentative(), organisationWithRepresentative(), organisationWithRepresentative()]);
    const ids = reps.flatMap((r) => r.ids);
    const cycle = await farCycle();
    const at = cycle.at(14);
    await runReportDeadlines(at);
    let sends = 0;
    let interrupted: MailDelivery | undefined;
    const crashOnSecond = (delivery: MailDelivery) => {
      sends += 1;
      if (sends !== 2) return;
      interrupted = delivery;
      throw new Error('the sender stopped');
    };

    // Act: the sender stops right after SES accepted the second message; it runs again at once, and after the lease.
    const crashed = await runSender(at, { accept: concerning(...ids), afterSend: crashOnSecond }).catch((error: unknown) => error);
    const rerun = await runSender(at, { accept: concerning(...ids) });
    // A stream record naming the interrupted one while its lease runs: left alone (it may still be in flight).
    const midLease = await processKeys([mailKeys.delivery(interrupted!.eventId, interrupted!.stakeholderId)], at);
    const afterLease = await runSender(new Date(at.getTime() + SENDER_LIMITS.leaseMs + 1_000), { accept: concerning(...ids) });

    // Assess: each representative has the reminder exactly once.
    expect((crashed as Error).message).toBe('the sender stopped');
    for (const rep of reps) expect(await subjects(rep.email)).toEqual([`Reminder: the ${cycle.year} report is due in 14 days`]);
    expect(rerun).toMatchObject({ sent: 1, parked: 0 });
    expect(midLease).toMatchObject({ sent: 0, parked: 0 });
    expect(afterLease).toMatchObject({ sent: 0, parked: 1 });
    // The secretariat sees the interrupted one among the dead letters, with its reason.
    const DEAD = '{ mailDeadLetters(first: 100) { edges { node { id kind status reason recipient { id } } } } }';
    const dead = (await gql(DEAD, {}, await secretariatToken())).data?.mailDeadLetters.edges.map((e: any) => e.node) as any[];
    const ours = dead.filter((d) => reps.some((r) => r.representative.globalId === d.recipient?.id));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ kind: 'REPORT_REMINDER', status: 'DEAD' });
    expect(ours[0].reason).toMatch(/^INTERRUPTED/);
  }, 120_000);

  it('stops a kind of mail after a one-click unsubscribe and keeps sending the others', async () => {
    // Prepare
    const { email, ids } = await organisationWithRepresentative();
    const cycle = await farCycle();
    await runReportDeadlines(cycle.at(14));
    await runSender(cycle.at(14), { accept: concerning(...ids) });
    const unsubscribeUrl = header((await mailTo(email))[0]!, 'List-Unsubscribe')!.slice(1, -1);

    // Act: a GET (a link scanner) changes nothing; the mail client's POST unsubscribes.
    const shown = await followLink(unsubscribeUrl, 'GET');
    await runReportDeadlines(cycle.at(7));
    await runSender(cycle.at(7), { accept: concerning(...ids) });
    const unsubscribed = await followLink(unsubscribeUrl, 'POST', 'List-Unsubscribe=One-Click');
    await runReportDeadlines(cycle.at(1));
    await runSender(cycle.at(1), { accept: concerning(...ids) });
    const requestMail = ofYear(
      cycle.year,
      (entry) => concerning(...ids)!(entry) && (entry.type === 'event' ? entry.event.kind : entry.delivery.kind) === 'REPORT_REQUESTED',
    );
    await runSender(new Date(), { accept: requestMail, since: undefined });

    // Assess: no 1-day reminder; the request mail (another kind, sent last) still arrives.
    expect(shown.statusCode).toBe(200);
    expect(unsubscribed.statusCode).toBe(200);
    expect(await subjects(email)).toEqual([
      `Reminder: the ${cycle.year} report is due in 14 days`,
      `Reminder: the ${cycle.year} report is due in 7 days`,
      `Annual report ${cycle.year} requested`,
    ]);
    expect((await followLink(unsubscribeUrl.replace(/[\w-]+$/, 'x'.repeat(32)), 'POST')).statusCode).toBe(404);
  });

  it('stops all mail to an address that bounced hard, and shows the stakeholder it is undeliverable', async () => {
    // Prepare
    const { email, ids, representative } = await organisationWithRepresentative();
    const cycle = await farCycle();
    await runReportDeadlines(cycle.at(14));
    await runSender(cycle.at(14), { accept: concerning(...ids) });
    const sns = (message: object) => ({ Records: [{ Sns: { Message: JSON.stringify(message) } }] }) as never;

    // Act: a soft bounce changes nothing; a hard bounce (SES event publishing via SNS) stops everything.
    await feedbackHandler(sns({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: email }] } }));
    await runReportDeadlines(cycle.at(7));
    await runSender(cycle.at(7), { accept: concerning(...ids) });
    await feedbackHandler(
      sns({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', bouncedRecipients: [{ emailAddress: email.toUpperCase() }] } }),
    );
    for (const days of [1, -0.5]) {
      await runReportDeadlines(cycle.at(days));
      await runSender(cycle.at(days), { accept: concerning(...ids) });
    }
    const me = await gql('{ me { stakeholder { contactEmailStatus } } }', {}, representative.token);

    // Assess
    expect(await subjects(email)).toEqual([`Reminder: the ${cycle.year} report is due in 14 days`, `Reminder: the ${cycle.year} report is due in 7 days`]);
    expect(me.data?.me.stakeholder.contactEmailStatus).toBe('UNDELIVERABLE');
  });

  it('mails the request (in the app too), a return with its reason, and the publication, in the recipient’s language', async () => {
    // Prepare: a French-speaking representative.
    const { email, ids, organisation, representative } = await organisationWithRepresentative(['fr', 'en']);
    const secretariat = await secretariatToken();
    const cycle = await createCycle();

    // Act
    const submitted = await fillAndSubmit(representative.token, cycle.year, organisation.stakeholder.id);
    const reportId = reportGlobalId(cycle.year, organisation.stakeholder.id);
    await gql(RETURN, { input: { reportId, version: submitted.version, reason: 'Section 2 needs figures.' } }, secretariat);
    const resubmitted = await fillAndSubmitAgain(representative.token, reportId);
    await gql(PUBLISH, { input: { reportId, version: resubmitted } }, secretariat);
    await runSender(new Date(), { accept: concerning(...ids) });

    // Assess
    const mails = await mailTo(email);
    expect(mails.map((m) => m.subject)).toEqual([
      `Rapport annuel ${cycle.year} demandé`,
      `Le rapport ${cycle.year} a été renvoyé`,
      `Le rapport ${cycle.year} est publié`,
    ]);
    expect(mails[0]?.body.text).toContain(organisation.stakeholder.name);
    expect(mails[1]?.body.text).toContain('Section 2 needs figures.');
    expect(header(mails[0]!, 'Content-Language')).toBe('fr');
    const notices = await gql('{ myNotifications(first: 100) { edges { node { kind year } } } }', {}, representative.token);
    // (Cycles created meanwhile by concurrent tests request reports of every relevant organisation too: this year's only.)
    const ofYear = (notices.data?.myNotifications.edges as any[]).map((e) => e.node).filter((n) => n.year === cycle.year);
    expect(ofYear.map((n) => n.kind)).toEqual(['PUBLISHED', 'RETURNED', 'REQUESTED']);
  });
});

async function fillAndSubmitAgain(token: string, reportId: string): Promise<number> {
  const read = await gql('query ($id: ID!) { node(id: $id) { ... on Report { version } } }', { id: reportId }, token);
  const version = read.data?.node.version as number;
  const submitted = await gql(
    'mutation ($input: ReportTransitionInput!) { submitReport(input: $input) { report { version } } }',
    { input: { reportId, version } },
    token,
  );
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  return submitted.data?.submitReport.report.version as number;
}
