/**
 * Mail about one's issues to the call, against the SES emulator: the
 * secretariat merging a duplicate tells its author; a MAG decision not to
 * take issues up tells each author once, listing their issues with the
 * public reasons — decided in the transaction of the merge or the decision
 * (the outbox), sent exactly once, and turned off by the author's
 * preferences. A refused merge or decision writes no mail.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { userCaller } from '../../functions/core/auth/caller';
import { createContext } from '../../functions/graphql/context';
import { getRoles } from '../../functions/modules/stakeholders';
import { errorCode, gql, secretariatToken, unique } from '../helpers/api';
import { concerning, header, mailTo, runSender } from '../helpers/mail';
import { DECIDE, RECORD, meetingSetup, must } from '../helpers/meetings';
import { createMagMember, createPerson, type TestPerson } from '../helpers/people';
import { MERGE_ISSUE, closeCall, createCall, submitIssue } from '../programme/helpers';

const internal = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] as string;

const servicesOf = (person: TestPerson) => createContext({ requestId: randomUUID(), caller: userCaller(person.subject, [], getRoles) }).services;

async function author(languages: string[] = ['en']) {
  const email = `${unique('author')}@example.org`;
  const person = await createPerson({ stakeholder: { contactEmail: email, confirmedEmail: email, languages } });
  return { ...person, email };
}

/** Sends what concerns these people and issues, twice (a repeated run sends nothing again). */
async function send(...ids: string[]) {
  await runSender(new Date(), { accept: concerning(...ids) });
  await runSender(new Date(), { accept: concerning(...ids) });
}

describe('mail when an issue is merged', () => {
  it("tells the duplicate's author once, naming the issue it was merged into, in their language, with a one-click unsubscribe", async () => {
    // Prepare
    const { callId, year } = await createCall();
    const english = await author();
    const french = await author(['fr-CA']);
    const other = await createPerson({ stakeholder: { group: 'GOVERNMENT' } });
    const duplicate = await submitIssue(english.token, callId, { title: 'Community networks need spectrum' });
    const duplicateFr = await submitIssue(french.token, callId, { title: 'Les réseaux communautaires' });
    const original = await submitIssue(other.token, callId, { title: 'Spectrum for community networks' });
    const secretariat = await secretariatToken();

    // Act
    must(await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 1, intoIssueId: original.id } }, secretariat));
    must(await gql(MERGE_ISSUE, { input: { issueId: duplicateFr.id, version: 1, intoIssueId: original.id } }, secretariat));
    await send(english.stakeholder.id, french.stakeholder.id);

    // Assess
    const [mail, ...more] = await mailTo(english.email);
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Your issue "Community networks need spectrum" was merged');
    expect(mail?.body.text).toContain(`your issue "Community networks need spectrum" to the ${year} call for issues into "Spectrum for community networks"`);
    expect(header(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const fr = await mailTo(french.email);
    expect(fr.map((m) => m.subject)).toEqual(['Votre sujet « Les réseaux communautaires » a été fusionné']);
    expect(await mailTo(`${other.stakeholder.id}@example.test`)).toEqual([]);
  });

  it('sends nothing to an author who turned the kind off, and writes no mail for a refused merge', async () => {
    // Prepare
    const { callId } = await createCall();
    const quiet = await author();
    const refusedAuthor = await author();
    const other = await createPerson({ stakeholder: { group: 'ACADEMIA' } });
    const duplicate = await submitIssue(quiet.token, callId);
    const notMerged = await submitIssue(refusedAuthor.token, callId);
    const original = await submitIssue(other.token, callId);
    const secretariat = await secretariatToken();
    must(
      await gql(
        `mutation { setMailPreferences(input: { preferences: [{ kind: ISSUE_MERGED, enabled: false }] }) { preferences { kind enabled } } }`,
        {},
        quiet.token,
      ),
    );

    // Act
    must(await gql(MERGE_ISSUE, { input: { issueId: duplicate.id, version: 1, intoIssueId: original.id } }, secretariat));
    const stale = await gql(MERGE_ISSUE, { input: { issueId: notMerged.id, version: 7, intoIssueId: original.id } }, secretariat);
    const byStakeholder = await gql(MERGE_ISSUE, { input: { issueId: notMerged.id, version: 1, intoIssueId: original.id } }, other.token);
    const report = await runSender(new Date(), { accept: concerning(quiet.stakeholder.id, refusedAuthor.stakeholder.id) });

    // Assess
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(errorCode(byStakeholder)).toBe('FORBIDDEN');
    expect(report).toMatchObject({ expanded: 1, sent: 0, skipped: 1 });
    expect(await mailTo(quiet.email)).toEqual([]);
    expect(await mailTo(refusedAuthor.email)).toEqual([]);
  });
});

describe('mail when a MAG decision does not take an issue up', () => {
  it("tells each author once, listing their declined issues with the decision's public reasons", async () => {
    // Prepare
    const setup = await meetingSetup('HELD', 1);
    const call = await createCall();
    const first = await author();
    const second = await author(['es']);
    const [a, b] = [
      await submitIssue(first.token, call.callId, { title: 'Issue A on spectrum' }),
      await submitIssue(first.token, call.callId, { title: 'Issue B on satellites' }),
    ];
    const c = await submitIssue(second.token, call.callId, { title: 'Tema C sobre datos' });
    await closeCall(call.year);
    const recorded = must(
      await gql(
        RECORD,
        {
          input: {
            meetingId: setup.meetingId,
            text: 'The MAG does not take up three issues this year.',
            subjects: [
              { issue: { issueId: a.id, reason: 'Discussed at length in the ITU this year.' } },
              { issue: { issueId: b.id, reason: 'Outside the mandate of the forum.' } },
              { issue: { issueId: c.id, reason: 'Covered by the theme on data governance.' } },
            ],
            idempotencyKey: unique('key-'),
          },
        },
        setup.chair.token,
      ),
    ).data?.recordDecision.decision;
    // Recording proposes: no mail yet
    await send(first.stakeholder.id, second.stakeholder.id, internal(a.id));
    expect(await mailTo(first.email)).toEqual([]);

    // Act
    must(await gql(DECIDE, { input: { decisionId: recorded.id, version: 1, state: 'ADOPTED' } }, setup.chair.token));
    await send(first.stakeholder.id, second.stakeholder.id, internal(a.id));

    // Assess
    const mails = await mailTo(first.email);
    expect(mails.map((m) => m.subject)).toEqual([`A MAG decision on your issues to the ${call.year} call`]);
    const text = mails[0]?.body.text ?? '';
    expect(text).toContain('« Issue A on spectrum »\nReason: Discussed at length in the ITU this year.');
    expect(text).toContain('« Issue B on satellites »\nReason: Outside the mandate of the forum.');
    expect(text).not.toContain('Tema C');
    const es = await mailTo(second.email);
    expect(es.map((m) => m.subject)).toEqual([`Decisión del MAG sobre sus temas de la convocatoria ${call.year}`]);
    expect(es[0]?.body.text).toContain('Motivo: Covered by the theme on data governance.');
  });

  it('tells the author of an issue declined through the service the meetings module calls, and nothing when the decline is refused', async () => {
    // Prepare
    const call = await createCall();
    const declinedAuthor = await author();
    const issue = await submitIssue(declinedAuthor.token, call.callId, { title: 'Internet shutdowns' });
    const mag = await createMagMember();
    const decision = { meetingId: unique('meeting-'), decisionId: unique('decision-'), decidedAt: new Date().toISOString() };
    const whileOpen = await servicesOf(mag)
      .issues.declineByDecision({ issueId: internal(issue.id), reason: 'Covered elsewhere this year.', decision })
      .catch((e: { code: string }) => e.code);
    await send(declinedAuthor.stakeholder.id, internal(issue.id));
    await closeCall(call.year);

    // Act
    await servicesOf(mag).issues.declineByDecision({ issueId: internal(issue.id), reason: 'Covered elsewhere this year.', decision });
    const twice = await servicesOf(mag)
      .issues.declineByDecision({ issueId: internal(issue.id), reason: 'Covered elsewhere this year.', decision })
      .catch((e: { code: string }) => e.code);
    await send(declinedAuthor.stakeholder.id, internal(issue.id));

    // Assess
    expect(whileOpen).toBe('NOT_OPEN');
    expect(twice).toBe('CONFLICT');
    const mails = await mailTo(declinedAuthor.email);
    expect(mails.map((m) => m.subject)).toEqual([`A MAG decision on your issue to the ${call.year} call`]);
    expect(mails[0]?.body.text).toContain('« Internet shutdowns »\nReason: Covered elsewhere this year.');
  });
});
