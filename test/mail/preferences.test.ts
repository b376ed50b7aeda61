/**
 * Mail preferences and consultation subscriptions through the API, the mail
 * they cause (a consultation opened, contributions answered), and the read
 * state of in-app notifications.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consultationStatusJob } from '../../functions/modules/consultations/consultation-status.job';
import { errorCode, gql, newUserToken, secretariatToken, unique } from '../helpers/api';
import { answerDirect, closedConsultation, contributeDirect, createConsultationDirect } from '../helpers/consultations';
import { concerning, header, mailTo, runSender } from '../helpers/mail';
import { createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle } from '../helpers/reporting';
import { MAIL_KINDS } from '../../functions/modules/outbox';

const PREFERENCES = '{ me { stakeholder { mailPreferences { kind enabled required } consultationSubscriptions { year } } } }';
const SET = 'mutation ($input: SetMailPreferencesInput!) { setMailPreferences(input: $input) { preferences { kind enabled required } } }';
const SUBSCRIBE = 'mutation ($input: ConsultationSubscriptionInput!) { subscribeToConsultations(input: $input) { subscriptions { year } } }';
const UNSUBSCRIBE = 'mutation ($input: ConsultationSubscriptionInput!) { unsubscribeFromConsultations(input: $input) { subscriptions { year } } }';
const NOTIFICATIONS = '{ myNotifications(first: 20) { edges { node { id kind read readAt } } } }';
const MARK_READ = 'mutation ($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { count } }';

async function confirmedPerson(languages = ['en']) {
  const email = `${unique('p')}@example.org`;
  return { email, ...(await createPerson({ stakeholder: { contactEmail: email, confirmedEmail: email, languages } })) };
}

describe('mail preferences', () => {
  it('lists every kind, turns optional kinds off and on again, and refuses to turn off a required one', async () => {
    // Prepare
    const person = await confirmedPerson();

    // Act
    const initial = await gql(PREFERENCES, {}, person.token);
    const off = await gql(
      SET,
      {
        input: {
          preferences: [
            { kind: 'REPORT_REMINDER', enabled: false },
            { kind: 'CONSULTATION_OPENED', enabled: false },
          ],
        },
      },
      person.token,
    );
    const on = await gql(SET, { input: { preferences: [{ kind: 'CONSULTATION_OPENED', enabled: true }] } }, person.token);
    const required = await gql(SET, { input: { preferences: [{ kind: 'CONTACT_CONFIRMATION', enabled: false }] } }, person.token);
    const after = await gql(PREFERENCES, {}, person.token);

    // Assess
    const prefs = initial.data?.me.stakeholder.mailPreferences as any[];
    expect(prefs).toHaveLength(MAIL_KINDS.length);
    expect(prefs.map((p) => p.kind)).toEqual(expect.arrayContaining(['ISSUE_MERGED', 'ISSUE_DECLINED']));
    expect(prefs.every((p) => p.enabled)).toBe(true);
    expect(prefs.filter((p) => p.required).map((p) => p.kind)).toEqual(['CONTACT_CONFIRMATION']);
    expect((off.data?.setMailPreferences.preferences as any[]).filter((p) => !p.enabled).map((p) => p.kind)).toEqual([
      'REPORT_REMINDER',
      'CONSULTATION_OPENED',
    ]);
    expect((on.data?.setMailPreferences.preferences as any[]).filter((p) => !p.enabled).map((p) => p.kind)).toEqual(['REPORT_REMINDER']);
    expect(errorCode(required)).toBe('BAD_USER_INPUT');
    expect(required.errors?.[0]?.extensions?.field).toBe('input.preferences.0.kind');
    expect((after.data?.me.stakeholder.mailPreferences as any[]).filter((p) => !p.enabled).map((p) => p.kind)).toEqual(['REPORT_REMINDER']);
  });

  it('refuses the public and users who have not registered, and hides preferences from others', async () => {
    const person = await confirmedPerson();
    const input = { preferences: [{ kind: 'REPORT_REMINDER', enabled: false }] };
    expect(errorCode(await gql(SET, { input }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(SET, { input }, (await newUserToken()).token))).toBe('FORBIDDEN');
    const READ =
      'query ($id: ID!) { stakeholder(id: $id) { mailPreferences { kind } consultationSubscriptions { year } contactEmailStatus confirmedContactEmail } }';
    const byOther = await gql(READ, { id: person.globalId }, (await createPerson()).token);
    expect(byOther.data?.stakeholder).toEqual({
      mailPreferences: null,
      consultationSubscriptions: null,
      contactEmailStatus: null,
      confirmedContactEmail: null,
    });
    const bySecretariat = await gql(READ, { id: person.globalId }, await secretariatToken());
    expect(bySecretariat.data?.stakeholder).toMatchObject({ contactEmailStatus: 'CONFIRMED', confirmedContactEmail: person.email });
  });
});

describe('consultation mail', () => {
  it('mails subscribers of a year when one of its consultations opens, and no one else', async () => {
    // Prepare
    const year = randomInt(2000, 2101);
    const subscriber = await confirmedPerson(['es']);
    const unsubscribed = await confirmedPerson();
    const bystander = await confirmedPerson();
    const subscribed = await gql(SUBSCRIBE, { input: { topic: { year } } }, subscriber.token);
    await gql(SUBSCRIBE, { input: { topic: { year } } }, unsubscribed.token);
    const left = await gql(UNSUBSCRIBE, { input: { topic: { year } } }, unsubscribed.token);
    const now = new Date();
    const { consultation } = await createConsultationDirect({
      year,
      sequence: randomInt(1_000, 1_000_000_000),
      opensAt: new Date(now.getTime() - 60_000),
      closesAt: new Date(now.getTime() + 86_400_000),
    });

    // Act: the status job opens it (twice: the second run changes nothing); the sender runs.
    await consultationStatusJob.run(now);
    await consultationStatusJob.run(now);
    await runSender(new Date(), { accept: concerning(`YEAR#${year}`, subscriber.stakeholder.id, unsubscribed.stakeholder.id) });

    // Assess
    expect(subscribed.data?.subscribeToConsultations.subscriptions).toEqual([{ year }]);
    expect(left.data?.unsubscribeFromConsultations.subscriptions).toEqual([]);
    const mails = await mailTo(subscriber.email);
    expect(mails.map((m) => m.subject)).toEqual([`Consulta abierta: ${consultation.title}`]);
    expect(header(mails[0]!, 'List-Unsubscribe')).toContain('/mail/unsubscribe/CONSULTATION_OPENED/');
    expect(await mailTo(unsubscribed.email)).toEqual([]);
    expect(await mailTo(bystander.email)).toEqual([]);
    expect(errorCode(await gql(SUBSCRIBE, { input: { topic: { year: 1999 } } }, subscriber.token))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(SUBSCRIBE, { input: { topic: {} } }, subscriber.token))).toBe('BAD_USER_INPUT');
  });

  it('mails each author the answers to their contributions when the synthesis is published, once', async () => {
    // Prepare: A made two contributions, B one, all answered (a synthesis needs every contribution answered); C made none.
    const { consultation, globalId } = await closedConsultation(1);
    const [a, b, c] = await Promise.all([confirmedPerson(), confirmedPerson(), confirmedPerson()]);
    const made = [
      await contributeDirect(consultation, a.stakeholder, { body: 'Fund community networks.' }),
      await contributeDirect(consultation, a.stakeholder, { body: 'Publish the data.' }),
      await contributeDirect(consultation, b.stakeholder, { body: 'Mind the languages.' }),
    ];
    await answerDirect(made, 'ADDRESSED', new Date());
    const secretariat = await secretariatToken();
    const PUBLISH = 'mutation ($input: PublishSynthesisInput!) { publishSynthesis(input: $input) { consultation { status } } }';

    // Act
    const published = await gql(PUBLISH, { input: { consultationId: globalId, version: consultation.version, body: 'What we heard.' } }, secretariat);
    const ids = [consultation.id, a.stakeholder.id, b.stakeholder.id, c.stakeholder.id];
    await runSender(new Date(), { accept: concerning(...ids) });
    await runSender(new Date(), { accept: concerning(...ids) });

    // Assess
    expect(published.errors).toBeUndefined();
    const toA = await mailTo(a.email);
    expect(toA.map((m) => m.subject)).toEqual([`Your contributions to "${consultation.title}" were answered`]);
    expect(toA[0]?.body.text).toContain('Fund community networks.');
    expect(toA[0]?.body.text).toContain('Publish the data.');
    expect(toA[0]?.body.text).toContain('Response: Answer: ADDRESSED');
    expect((await mailTo(b.email)).length).toBe(1);
    expect(await mailTo(c.email)).toEqual([]);
  });
});

describe('notification read state', () => {
  it('keeps read state per person: one representative marks a notice read, the other still sees it unread', async () => {
    // Prepare: a report requested from an organisation with two representatives.
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const first = await createRepresentative([organisation.stakeholder.id]);
    const second = await createRepresentative([organisation.stakeholder.id]);
    await createCycle();
    const notices = (await gql(NOTIFICATIONS, {}, first.token)).data?.myNotifications.edges.map((e: any) => e.node) as any[];

    // Act
    const marked = await gql(MARK_READ, { input: { ids: [notices[0].id, notices[0].id] } }, first.token);

    // Assess
    expect(notices[0]).toMatchObject({ kind: 'REQUESTED', read: false, readAt: null });
    expect(marked.data?.markNotificationsRead.count).toBe(1);
    const byFirst = (await gql(NOTIFICATIONS, {}, first.token)).data?.myNotifications.edges.map((e: any) => e.node) as any[];
    const bySecond = (await gql(NOTIFICATIONS, {}, second.token)).data?.myNotifications.edges.map((e: any) => e.node) as any[];
    // (By id: a cycle created meanwhile by a concurrent test may have added a newer notice.)
    expect(byFirst.find((n) => n.id === notices[0].id)).toMatchObject({ read: true, readAt: expect.any(String) });
    expect(bySecond.find((n) => n.id === notices[0].id)).toMatchObject({ read: false, readAt: null });
  });

  it('refuses the public, an empty list and a malformed id, marking nothing', async () => {
    const person = await createPerson();
    expect(errorCode(await gql(MARK_READ, { input: { ids: ['01JAAAAAAAAAAAAAAAAAAAAAAA'] } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(MARK_READ, { input: { ids: [] } }, person.token))).toBe('BAD_USER_INPUT');
    const bad = await gql(MARK_READ, { input: { ids: ['../x'] } }, person.token);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.field).toBe('input.ids.0');
  });
});
