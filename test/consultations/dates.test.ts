/**
 * The secretariat controls a consultation's dates: extends the closing date,
 * closes early, cancels — each recorded with who, when and why, shown in the
 * change feed, mailed to contributors and followers when an open
 * consultation's closing moves, and honoured at once by every write
 * (contributions, answers, decisions). Refusals: stable codes, nothing written.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PUBLIC_CALLER } from '../../functions/core/auth/caller';
import { consultationKeys } from '../../functions/core/dynamodb/keys';
import { transactWrite } from '../../functions/core/dynamodb/transact';
import { toGlobalId } from '../../functions/core/ids';
import { answered, type Consultation } from '../../functions/modules/consultations/consultation.model';
import { createContext } from '../../functions/graphql/context';
import * as answerStore from '../../functions/modules/contributions/contribution-answers.store';
import { errorCode, gql, secretariatToken, unique } from '../helpers/api';
import { contributeDirect, createConsultationDirect, recount, snapshot, storedCounts } from '../helpers/consultations';
import { getItem } from '../helpers/db';
import { concerning, mailTo, runSender } from '../helpers/mail';
import { createMagMember, createPerson } from '../helpers/people';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const FIELDS = 'id status version closesAt dateChanges { kind at reason previousClosesAt closesAt changedBy }';
const EXTEND = `mutation ($input: ExtendConsultationInput!) { extendConsultation(input: $input) { consultation { ${FIELDS} } } }`;
const CLOSE = `mutation ($input: ConsultationDateChangeInput!) { closeConsultationEarly(input: $input) { consultation { ${FIELDS} } } }`;
const CANCEL = `mutation ($input: ConsultationDateChangeInput!) { cancelConsultation(input: $input) { consultation { ${FIELDS} } } }`;
const READ = `query ($id: ID!) { consultation(id: $id) { ${FIELDS} } }`;
const SUBMIT = 'mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id } } }';
const EDIT = 'mutation ($input: EditContributionInput!) { editContribution(input: $input) { contribution { id } } }';
const WITHDRAW = 'mutation ($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { contribution { id } } }';
const SET_DISPOSITION = 'mutation ($input: SetDispositionInput!) { setDisposition(input: $input) { contribution { id version answer { disposition } } } }';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A consultation in a year 2000..2100 (the years people can subscribe to), open now unless told otherwise. Tests
 * that need no follower use a private year and store OPEN consultations as OPEN, so the status job run by
 * another test file never opens them (and mails that file's subscribers of a shared year).
 */
async function consultationInAYear(options: Parameters<typeof createConsultationDirect>[0] = {}) {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return await createConsultationDirect({ year: randomInt(2000, 2101), sequence: randomInt(1, 4), ...options });
    } catch (error) {
      if (!(error instanceof Error && error.message === 'cycle slot taken')) throw error;
    }
  }
  throw new Error('no free consultation slot');
}

/** Everything a refusal must leave as it was: the consultation's partition, its year's counters and its cycle slot. */
async function state(consultation: Consultation) {
  return JSON.stringify([await snapshot(consultation), await getItem(consultationKeys.sequenceGuard(consultation.year, consultation.sequence))]);
}

describe('extending the closing date', () => {
  it('moves the closing date of an open consultation later, records who, when and why, and mails its contributors and its followers once each', async () => {
    // Prepare: an author with a contribution, a follower of the year, and an author who also follows it
    const { consultation, globalId } = await consultationInAYear({ status: 'OPEN' });
    const secretariat = await secretariatToken();
    const emails = [unique('a'), unique('f'), unique('b')].map((name) => `${name}@example.org`);
    const [author, follower, both] = await Promise.all(emails.map((email) => createPerson({ stakeholder: { contactEmail: email, confirmedEmail: email } })));
    await contributeDirect(consultation, author!.stakeholder, { at: new Date() });
    await contributeDirect(consultation, both!.stakeholder, { at: new Date() });
    for (const person of [follower!, both!]) {
      await gql(
        'mutation ($input: ConsultationSubscriptionInput!) { subscribeToConsultations(input: $input) { subscriptions { year } } }',
        { input: { topic: { year: consultation.year } } },
        person.token,
      );
    }
    const later = iso(Date.parse(consultation.closesAt) + 7 * DAY);

    // Act
    const result = await gql(EXTEND, { input: { id: globalId, version: 1, closesAt: later, reason: 'Requests from several regions' } }, secretariat);
    const asPublic = await gql(READ, { id: globalId });
    await runSender(new Date(), { accept: concerning(consultation.id, author!.stakeholder.id, follower!.stakeholder.id, both!.stakeholder.id) });

    // Assess
    expect(result.errors).toBeUndefined();
    const saved = result.data?.extendConsultation.consultation;
    expect(saved).toMatchObject({ status: 'OPEN', version: 2, closesAt: later });
    expect(saved.dateChanges).toEqual([
      {
        kind: 'EXTENDED',
        at: expect.any(String),
        reason: 'Requests from several regions',
        previousClosesAt: consultation.closesAt,
        closesAt: later,
        changedBy: expect.stringMatching(/^subject:test\|secretariat-/),
      },
    ]);
    // The public sees what changed and why, not who did it.
    expect(asPublic.data?.consultation.dateChanges).toEqual([{ ...saved.dateChanges[0], changedBy: null }]);
    for (const email of emails) {
      const mails = await mailTo(email);
      expect(mails.map((mail) => mail.subject)).toEqual([`Extended: ${consultation.title}`]);
      expect(mails[0]?.body.text).toContain('Requests from several regions');
      expect(mails[0]?.body.text).toContain(`${later.slice(0, 10)} ${later.slice(11, 16)} UTC`);
    }
  });

  it('extends a scheduled consultation without mail (nobody has contributed yet)', async () => {
    const { consultation, globalId } = await createConsultationDirect({ opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) });
    const later = iso(Date.parse(consultation.closesAt) + DAY);

    const result = await gql(EXTEND, { input: { id: globalId, version: 1, closesAt: later, reason: 'More time' } }, await secretariatToken());
    const report = await runSender(new Date(), { accept: concerning(consultation.id) });

    expect(result.data?.extendConsultation.consultation).toMatchObject({ status: 'SCHEDULED', closesAt: later });
    expect(report.expanded).toBe(0);
  });

  it('makes answers wait for the new closing time at once, even when the caller read the old one', async () => {
    // Prepare: a contribution stored under the first closing time, which the secretariat then extends
    const { consultation, globalId } = await createConsultationDirect({ status: 'OPEN' });
    const person = await createPerson();
    const contribution = await contributeDirect(consultation, person.stakeholder, { at: new Date() });
    await gql(
      EXTEND,
      { input: { id: globalId, version: 1, closesAt: iso(Date.parse(consultation.closesAt) + 2 * DAY), reason: 'More time' } },
      await secretariatToken(),
    );
    const before = await snapshot(consultation);
    const afterFirstClose = new Date(Date.parse(consultation.closesAt) + HOUR);

    // Act: an answer written after the first closing time by someone who read it (the contribution's copy says closed)
    const outcome = await answerStore.saveAnswers(
      [{ previous: contribution, next: answered(contribution, 'NOTED', 'Noted', 'test', afterFirstClose) }],
      afterFirstClose,
      consultation.closesAt,
    );

    // Assess
    expect(outcome).toEqual({ kind: 'notClosed' });
    expect(await snapshot(consultation)).toBe(before);
  });
});

describe('closing early', () => {
  it('closes an open consultation now: contributions are refused and answers accepted at once, and the closing is mailed', async () => {
    // Prepare
    const { consultation, globalId } = await createConsultationDirect({ status: 'OPEN', closesAt: new Date(Date.now() + 5 * DAY) });
    const email = `${unique('a')}@example.org`;
    const author = await createPerson({ stakeholder: { contactEmail: email, confirmedEmail: email } });
    const own = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const [secretariat, mag] = await Promise.all([secretariatToken(), createMagMember()]);
    const ownId = toGlobalId('Contribution', own.id);

    // Act
    const closed = await gql(CLOSE, { input: { id: globalId, version: 1, reason: 'The mandate changed' } }, secretariat);
    const submit = await gql(SUBMIT, { input: { consultationId: globalId, body: 'Late', language: 'en', idempotencyKey: unique('key-') } }, author.token);
    const edit = await gql(EDIT, { input: { id: ownId, version: 1, body: 'Edited late' } }, author.token);
    const withdraw = await gql(WITHDRAW, { input: { id: ownId, version: 1 } }, author.token);
    const answer = await gql(SET_DISPOSITION, { input: { contributionId: ownId, version: 1, disposition: 'NOTED', response: 'Noted.' } }, mag.token);
    await runSender(new Date(), { accept: concerning(consultation.id, author.stakeholder.id) });

    // Assess
    expect(closed.errors).toBeUndefined();
    const saved = closed.data?.closeConsultationEarly.consultation;
    expect(saved.status).toBe('CLOSED');
    expect(saved.dateChanges).toMatchObject([
      { kind: 'CLOSED_EARLY', reason: 'The mandate changed', previousClosesAt: consultation.closesAt, closesAt: saved.closesAt },
    ]);
    expect(Date.parse(saved.closesAt)).toBeLessThanOrEqual(Date.now());
    expect([errorCode(submit), errorCode(edit), errorCode(withdraw)]).toEqual(['DEADLINE_PASSED', 'DEADLINE_PASSED', 'DEADLINE_PASSED']);
    expect(answer.data?.setDisposition.contribution).toMatchObject({ version: 2, answer: { disposition: 'NOTED' } });
    expect((await mailTo(email)).map((mail) => mail.subject)).toEqual([`Closed early: ${consultation.title}`]);
    expect(await storedCounts(consultation.id)).toEqual(await recount([consultation.id]));
  });

  it("measures the time to process from the consultation's actual close, not the closing time a contribution was submitted under", async () => {
    // Prepare: submitted while the consultation was to close in a day; then closed early now
    const { consultation, globalId } = await createConsultationDirect({ status: 'OPEN', closesAt: new Date(Date.now() + DAY - HOUR) });
    const person = await createPerson({ stakeholder: { group: 'ACADEMIA' } });
    const contribution = await contributeDirect(consultation, person.stakeholder, { at: new Date() });
    const closed = await gql(CLOSE, { input: { id: globalId, version: 1, reason: 'Enough input' } }, await secretariatToken());
    const closedAt = Date.parse(closed.data?.closeConsultationEarly.consultation.closesAt);
    const { contributions } = createContext({ requestId: 'test', caller: PUBLIC_CALLER }).services;
    const decidedAt = new Date(closedAt + 3 * DAY + HOUR);

    // Act: a decision adopted 3 days and an hour after the actual close (2 days after the planned one)
    const writes = await contributions.decisionWrites(
      [{ contributionId: contribution.id, disposition: 'ADDRESSED', response: 'Done.' }],
      'decision-x',
      'test',
      decidedAt,
    );
    const outcome = await transactWrite(writes);

    // Assess
    expect(outcome).toEqual({ ok: true });
    const counts = await storedCounts(consultation.id);
    expect(counts).toMatchObject({ processed: 1, processedDays: 3, 'processedDays.group.ACADEMIA': 3, 'answeredAfterDays.3': 1 });
    expect(counts).toEqual(await recount([consultation.id]));
  });
});

describe('cancelling', () => {
  it('cancels a scheduled consultation: shown as CANCELLED with its reason, and its cycle slot is free for a replacement', async () => {
    const { consultation, globalId } = await createConsultationDirect({ opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) });
    const secretariat = await secretariatToken();

    const result = await gql(CANCEL, { input: { id: globalId, version: 1, reason: 'Merged with the next consultation' } }, secretariat);
    const asPublic = await gql(READ, { id: globalId });
    const replacement = await createConsultationDirect({ year: consultation.year, sequence: consultation.sequence });

    expect(result.data?.cancelConsultation.consultation).toMatchObject({ status: 'CANCELLED', version: 2, closesAt: consultation.closesAt });
    expect(asPublic.data?.consultation).toMatchObject({
      status: 'CANCELLED',
      dateChanges: [{ kind: 'CANCELLED', reason: 'Merged with the next consultation', changedBy: null }],
    });
    expect(replacement.consultation.id).not.toBe(consultation.id);
  });

  it("cancels a draft, which stays the secretariat's only", async () => {
    const { consultation, globalId } = await consultationInAYear({
      status: 'DRAFT',
      opensAt: new Date(Date.now() + DAY),
      closesAt: new Date(Date.now() + 2 * DAY),
    });
    const secretariat = await secretariatToken();
    const person = await createPerson();

    const result = await gql(CANCEL, { input: { id: globalId, version: 1, reason: 'Not needed' } }, secretariat);
    const list = `query ($year: Int) { consultations(filter: { year: $year }, first: 100) { edges { node { id status } } } }`;
    const ofThis = (r: { data?: any }) => (r.data?.consultations.edges as any[]).filter((e) => e.node.id === globalId);
    const [publicRead, stakeholderList, secretariatList] = await Promise.all([
      gql(READ, { id: globalId }),
      gql(list, { year: consultation.year }, person.token),
      gql(list, { year: consultation.year }, secretariat),
    ]);

    expect(result.data?.cancelConsultation.consultation.status).toBe('CANCELLED');
    expect(publicRead.data?.consultation).toBeNull();
    expect(ofThis(stakeholderList)).toEqual([]);
    expect(ofThis(secretariatList)).toEqual([{ node: { id: globalId, status: 'CANCELLED' } }]);
  });
});

describe('the change feed', () => {
  it('lists a date change at its time, with the reason', async () => {
    const { globalId } = await createConsultationDirect({ status: 'OPEN' });
    const since = new Date(Date.now() - 1000).toISOString();
    await gql(CLOSE, { input: { id: globalId, version: 1, reason: 'Closed for the feed' } }, await secretariatToken());

    const feed = await gql(
      'query ($since: DateTime!) { changes(since: $since, types: [CONSULTATION], first: 100) { edges { node { id changedAt node { ... on Consultation { id status dateChanges { kind reason at } } } } } } }',
      { since },
    );

    const mine = (feed.data?.changes.edges as any[]).map((e) => e.node).filter((n) => n.node.id === globalId);
    expect(mine).toHaveLength(1);
    expect(mine[0].node).toMatchObject({ status: 'CLOSED', dateChanges: [{ kind: 'CLOSED_EARLY', reason: 'Closed for the feed' }] });
    expect(mine[0].changedAt).toBe(mine[0].node.dateChanges[0].at);
  });
});

describe('refusals of date changes, each with a stable code and nothing written', () => {
  const cases: [
    string,
    () => Promise<{ consultation: Consultation; globalId: string }>,
    (id: string, c: Consultation) => [string, Record<string, unknown>],
    'public' | 'stakeholder' | 'secretariat',
    string,
    string?,
  ][] = [
    [
      'extending while signed out',
      () => createConsultationDirect(),
      (id, c) => [EXTEND, { id, version: 1, closesAt: iso(Date.parse(c.closesAt) + DAY), reason: 'More time' }],
      'public',
      'UNAUTHENTICATED',
    ],
    [
      'closeConsultationEarly by a stakeholder',
      () => createConsultationDirect(),
      (id) => [CLOSE, { id, version: 1, reason: 'Why not' }],
      'stakeholder',
      'FORBIDDEN',
    ],
    [
      'cancelling by a stakeholder',
      () => createConsultationDirect({ opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) }),
      (id) => [CANCEL, { id, version: 1, reason: 'Why not' }],
      'stakeholder',
      'FORBIDDEN',
    ],
    [
      'a stale version',
      () => createConsultationDirect(),
      (id, c) => [EXTEND, { id, version: 7, closesAt: iso(Date.parse(c.closesAt) + DAY), reason: 'More time' }],
      'secretariat',
      'CONFLICT',
    ],
    [
      'extending to an earlier time',
      () => createConsultationDirect(),
      (id, c) => [EXTEND, { id, version: 1, closesAt: iso(Date.parse(c.closesAt) - 60_000), reason: 'Less time' }],
      'secretariat',
      'BAD_USER_INPUT',
      'input.closesAt',
    ],
    [
      'extending a closed consultation',
      () => createConsultationDirect({ opensAt: new Date(Date.now() - 3 * DAY), closesAt: new Date(Date.now() - DAY) }),
      (id) => [EXTEND, { id, version: 1, closesAt: iso(Date.now() + DAY), reason: 'Reopen' }],
      'secretariat',
      'DEADLINE_PASSED',
    ],
    [
      'extending a draft',
      () => createConsultationDirect({ status: 'DRAFT' }),
      (id, c) => [EXTEND, { id, version: 1, closesAt: iso(Date.parse(c.closesAt) + DAY), reason: 'More time' }],
      'secretariat',
      'CONFLICT',
    ],
    [
      'closing a scheduled consultation early',
      () => createConsultationDirect({ opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) }),
      (id) => [CLOSE, { id, version: 1, reason: 'Too soon' }],
      'secretariat',
      'NOT_OPEN',
    ],
    [
      'closing a closed consultation early',
      () => createConsultationDirect({ opensAt: new Date(Date.now() - 3 * DAY), closesAt: new Date(Date.now() - DAY) }),
      (id) => [CLOSE, { id, version: 1, reason: 'Again' }],
      'secretariat',
      'DEADLINE_PASSED',
    ],
    [
      'cancelling an open consultation',
      () => createConsultationDirect(),
      (id) => [CANCEL, { id, version: 1, reason: 'Too late' }],
      'secretariat',
      'DEADLINE_PASSED',
    ],
    ['a reason too short', () => createConsultationDirect(), (id) => [CLOSE, { id, version: 1, reason: 'x' }], 'secretariat', 'BAD_USER_INPUT', 'input.reason'],
  ];

  it.each(cases)('refuses %s', async (_, make, request, role, code, field) => {
    // Prepare
    const { consultation, globalId } = await make();
    const tokens = { public: undefined, stakeholder: (await createPerson()).token, secretariat: await secretariatToken() };
    const [document, input] = request(globalId, consultation);
    const before = await state(consultation);

    // Act
    const result = await gql(document, { input }, tokens[role]);

    // Assess
    expect(errorCode(result)).toBe(code);
    if (field) expect(result.errors?.[0]?.extensions?.field).toBe(field);
    if (code === 'CONFLICT' && input.version === 7) expect(result.errors?.[0]?.extensions?.currentVersion).toBe(1);
    expect(await state(consultation)).toBe(before);
  });

  it('refuses any change to a cancelled consultation with CONFLICT', async () => {
    const { consultation, globalId } = await createConsultationDirect({ opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) });
    const secretariat = await secretariatToken();
    await gql(CANCEL, { input: { id: globalId, version: 1, reason: 'Cancelled' } }, secretariat);
    const before = await state(consultation);

    const results = await Promise.all([
      gql(CANCEL, { input: { id: globalId, version: 2, reason: 'Again' } }, secretariat),
      gql(EXTEND, { input: { id: globalId, version: 2, closesAt: iso(Date.now() + 5 * DAY), reason: 'Revive' } }, secretariat),
      gql(
        'mutation ($input: UpdateConsultationInput!) { updateConsultation(input: $input) { consultation { id } } }',
        { input: { id: globalId, version: 2, title: 'Revived' } },
        secretariat,
      ),
    ]);

    expect(results.map(errorCode)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    expect(await state(consultation)).toBe(before);
  });
});
