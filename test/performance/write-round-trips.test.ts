/**
 * The DynamoDB requests of the benchmarked writes (test/bench/write-documents.ts, the same documents),
 * asserted exactly, in order: the caller's roles (a consistent GetItem), the reads the rules need, and one
 * transaction that carries the caller's write allowance too (core/dynamodb/client.ts) — no separate
 * UpdateItem. Reads sent together are compared as a set. Timings and write capacity are the benchmark's
 * business (`npm run bench`).
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rateKey } from '../../functions/core/dynamodb/rate-limit';
import { toGlobalId } from '../../functions/core/ids';
import type { Contribution } from '../../functions/modules/consultations';
import {
  ADOPT_AGENDA,
  CREATE_MEETING,
  DECIDE,
  DRAFT_MINUTES,
  EDIT_CONTRIBUTION,
  HOLD_MEETING,
  RECORD_DECISION,
  REGISTER_STAKEHOLDER,
  SAVE_REPORT_SECTIONS,
  SET_AGENDA,
  SET_DISPOSITIONS,
  SUBMIT_CONTRIBUTION,
  SUBMIT_REPORT,
  WITHDRAW_CONTRIBUTION,
} from '../bench/write-documents';
import { errorCode, gql, newUserToken, secretariatToken, unique } from '../helpers/api';
import { closedConsultation, contributeDirect, openConsultation } from '../helpers/consultations';
import { getItem, onDynamoRequest } from '../helpers/db';
import { must } from '../helpers/meetings';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle, reportGlobalId } from '../helpers/reporting';

/** The commands the DynamoDB client sends while `run` runs, in order, with the items of each transaction. */
async function commandsOf<T>(run: () => Promise<T>): Promise<{ result: T; commands: string[]; transactionItems: number[] }> {
  const commands: string[] = [];
  const transactionItems: number[] = [];
  const stop = onDynamoRequest((command, input) => {
    commands.push(command);
    const items = (input as { TransactItems?: unknown[] }).TransactItems;
    if (items) transactionItems.push(items.length);
  });
  try {
    return { result: await run(), commands, transactionItems };
  } finally {
    stop();
  }
}

const GET = 'GetItemCommand';
const BATCH = 'BatchGetItemCommand';
const QUERY = 'QueryCommand';
const TRANSACTION = 'TransactWriteItemsCommand';

/** `commands` is `together` (in any order: sent at once), then `after` in order. */
function expectCommands(commands: string[], together: string[], after: string[]): void {
  expect([...commands.slice(0, together.length)].sort()).toEqual([...together].sort());
  expect(commands.slice(together.length)).toEqual(after);
}

const meetingInput = (chairId: string, consultationId: string) => ({
  input: {
    year: randomInt(7000, 10_000),
    kind: 'IN_PERSON',
    number: randomInt(1, 100),
    title: `Meeting ${unique()}`,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    format: 'HYBRID',
    place: 'Geneva',
    onlineLink: 'https://meet.example.org/mag',
    chairId,
    consultationIds: [consultationId],
    idempotencyKey: unique('key-'),
  },
});

const closedAt = (consultation: { opensAt: string }, i: number) => new Date(Date.parse(consultation.opensAt) + (i + 1) * 60_000);

// The 100-disposition and 90-contribution cases seed a lot: past 30 s on a loaded 2-core machine, and a timed-out
// case's requests would run on into the next case's count.
describe('DynamoDB round trips of the benchmarked writes', { timeout: 120_000 }, () => {
  it('registers a stakeholder in one Query (the name check) and one transaction', async () => {
    // Prepare
    const user = await newUserToken();
    const tag = unique();

    // Act
    const { result, commands, transactionItems } = await commandsOf(() =>
      gql(
        REGISTER_STAKEHOLDER,
        { input: { name: `Ada ${tag}`, group: 'CIVIL_SOCIETY', region: 'AFRICAN', country: 'KE', languages: ['en'], contactEmail: `${tag}@example.net` } },
        user.token,
      ),
    );

    // Assess: profile, identity, e-mail confirmation code, its mail event, the allowance
    expect(result.errors).toBeUndefined();
    expect(commands).toEqual([QUERY, TRANSACTION]);
    expect(transactionItems).toEqual([5]);
  });

  it('submits a contribution in one transaction after the roles and four reads sent together, a returning contributor after two more; a retry writes nothing', async () => {
    // Prepare
    const [{ globalId }, person] = await Promise.all([openConsultation(), createPerson()]);
    const input = { consultationId: globalId, body: 'A point', language: 'en', idempotencyKey: unique('key-') };

    // Act
    const first = await commandsOf(() => gql(SUBMIT_CONTRIBUTION, { input }, person.token));
    const retry = await commandsOf(() => gql(SUBMIT_CONTRIBUTION, { input }, person.token));
    const again = await commandsOf(() => gql(SUBMIT_CONTRIBUTION, { input: { ...input, idempotencyKey: unique('key-') } }, person.token));

    // Assess: roles; guard, consultation marker, consultation, author together; contribution, revision, the
    // consultation's counter shard (its copy of the window checked: still open) and the year's, guard, two
    // contributor markers, the allowance
    expect(first.result.errors).toBeUndefined();
    expect(first.commands[0]).toBe(GET);
    expectCommands(first.commands.slice(1), [GET, GET, BATCH, BATCH], [TRANSACTION]);
    expect(first.transactionItems).toEqual([8]);
    // The retry: the first result, read back, nothing written
    expect(retry.result.data).toEqual(first.result.data);
    expect(retry.commands[0]).toBe(GET);
    expectCommands(retry.commands.slice(1), [GET, GET, BATCH, BATCH], [BATCH]);
    // A returning contributor: the same reads, then their two markers (together), then one transaction
    expect(again.result.errors).toBeUndefined();
    expect(again.commands[0]).toBe(GET);
    expectCommands(again.commands.slice(1), [GET, GET, BATCH, BATCH], [GET, GET, TRANSACTION]);
    expect(again.transactionItems).toEqual([8]);
    expect((await getItem(rateKey(person.subject, new Date())))?.writes).toBe(2);
  });

  it('edits and withdraws a contribution in one transaction each', async () => {
    // Prepare
    const [{ consultation }, person] = await Promise.all([openConsultation(), createPerson()]);
    const made = await contributeDirect(consultation, person.stakeholder, { at: new Date() });
    const id = toGlobalId('Contribution', made.id);

    // Act
    const edit = await commandsOf(() => gql(EDIT_CONTRIBUTION, { input: { id, version: 1, body: 'Edited' } }, person.token));
    const withdraw = await commandsOf(() => gql(WITHDRAW_CONTRIBUTION, { input: { id, version: 2 } }, person.token));

    // Assess: the contribution, the roles, the consultation (together); then contribution, revision, open-window
    // check (on the contribution's counter shard, not the consultation item), allowance
    expect(edit.result.errors).toBeUndefined();
    expectCommands(edit.commands, [BATCH, GET, BATCH], [TRANSACTION]);
    expect(edit.transactionItems).toEqual([4]);
    // … then the two contributor markers and the contribution's theme tags (together), then contribution, two
    // counter shards (the consultation's checking the window), two markers, the unchanged theme tags, allowance
    expect(withdraw.result.errors).toBeUndefined();
    expectCommands(withdraw.commands, [BATCH, GET, BATCH], [GET, GET, GET, TRANSACTION]);
    expect(withdraw.transactionItems).toEqual([7]);
  });

  it("extends and closes early an open consultation in one transaction each, with the window's copies on its 32 counter shards", async () => {
    // Prepare
    const [{ globalId }, secretariat] = await Promise.all([openConsultation(), secretariatToken()]);
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();

    // Act
    const extend = await commandsOf(() =>
      gql(
        'mutation ($input: ExtendConsultationInput!) { extendConsultation(input: $input) { consultation { version } } }',
        { input: { id: globalId, version: 1, closesAt: later, reason: 'More time' } },
        secretariat,
      ),
    );
    const close = await commandsOf(() =>
      gql(
        'mutation ($input: ConsultationDateChangeInput!) { closeConsultationEarly(input: $input) { consultation { version } } }',
        { input: { id: globalId, version: 2, reason: 'Enough' } },
        secretariat,
      ),
    );

    // Assess: the roles, the consultation (consistent), then the consultation, its 32 window copies, the mail
    // event to its contributors and followers, the allowance
    expect(extend.result.errors).toBeUndefined();
    expect(extend.commands).toEqual([GET, GET, TRANSACTION]);
    expect(extend.transactionItems).toEqual([35]);
    expect(close.result.errors).toBeUndefined();
    expect(close.commands).toEqual([GET, GET, TRANSACTION]);
    expect(close.transactionItems).toEqual([35]);
  });

  it('records 100 dispositions in two transactions (96 + 4), after the roles, the consultation and one BatchGetItem of the 100', async () => {
    // Prepare
    const [{ consultation, globalId }, author, mag] = await Promise.all([closedConsultation(1), createPerson(), createMagMember()]);
    const made: Contribution[] = [];
    for (let i = 0; i < 100; i += 25)
      made.push(
        ...(await Promise.all(Array.from({ length: 25 }, (_, k) => contributeDirect(consultation, author.stakeholder, { at: closedAt(consultation, i + k) })))),
      );
    const entries = made.map((c) => ({ contributionId: toGlobalId('Contribution', c.id), version: c.version, disposition: 'NOTED', response: 'Noted.' }));

    // Act
    const { result, commands, transactionItems } = await commandsOf(() => gql(SET_DISPOSITIONS, { input: { consultationId: globalId, entries } }, mag.token));

    // Assess: 96 answers + 2 counter items + the consultation's check + the allowance; then 4 answers + 2 counter items + the check
    expect(result.errors).toBeUndefined();
    expect(result.data?.setDispositions.contributions).toHaveLength(100);
    expect(commands).toEqual([GET, BATCH, BATCH, TRANSACTION, TRANSACTION]);
    expect(transactionItems).toEqual([100, 7]);
  });

  it('saves and submits a report in one transaction each', async () => {
    // Prepare
    // (The cycle requests a report of every relevant organisation stored before it.)
    const organisation = await createOrganisation({ relevantOrganisation: true });
    const { year } = await createCycle();
    const representative = await createRepresentative([organisation.stakeholder.id]);
    const reportId = reportGlobalId(year, organisation.stakeholder.id);

    // Act
    const save = await commandsOf(() =>
      gql(
        SAVE_REPORT_SECTIONS,
        {
          input: {
            reportId,
            version: 1,
            sections: [
              { key: 'summary', text: 'A good year.' },
              { key: 'activities', text: 'We met.' },
            ],
          },
        },
        representative.token,
      ),
    );
    const submit = await commandsOf(() =>
      gql(SUBMIT_REPORT, { input: { reportId, version: save.result.data?.saveReportSections.report.version } }, representative.token),
    );

    // Assess: roles, the report (consistent), its cycle; report, revision (or cycle counters), allowance
    expect(save.result.errors).toBeUndefined();
    expect(save.commands).toEqual([GET, GET, BATCH, TRANSACTION]);
    expect(save.transactionItems).toEqual([3]);
    expect(submit.result.errors).toBeUndefined();
    expect(submit.commands).toEqual([GET, GET, BATCH, TRANSACTION]);
    expect(submit.transactionItems).toEqual([3]);
  });

  it('creates a meeting, sets and adopts its agenda, holds it, records and adopts a decision on 90 contributions and drafts minutes, one transaction each', async () => {
    // Prepare: 90 contributions of a closed consultation
    const [secretariat, chair, { consultation, globalId: consultationId }, author] = await Promise.all([
      secretariatToken(),
      createMagMember(),
      closedConsultation(1),
      createPerson(),
    ]);
    const made: Contribution[] = [];
    for (let i = 0; i < 90; i += 30)
      made.push(
        ...(await Promise.all(Array.from({ length: 30 }, (_, k) => contributeDirect(consultation, author.stakeholder, { at: closedAt(consultation, i + k) })))),
      );

    // Act
    let create = await commandsOf(() => gql(CREATE_MEETING, meetingInput(chair.globalId, consultationId), secretariat));
    // Another test may hold the drawn year and number: draw again (the measured attempt is the one that creates).
    while (errorCode(create.result) === 'CONFLICT')
      create = await commandsOf(() => gql(CREATE_MEETING, meetingInput(chair.globalId, consultationId), secretariat));
    const meetingId = create.result.data?.createMeeting.meeting.id;
    const agenda = await commandsOf(() =>
      gql(
        SET_AGENDA,
        { input: { meetingId, version: 1, items: [{ title: 'Adoption of the agenda' }, { title: 'Inputs', processes: { consultationId } }] } },
        secretariat,
      ),
    );
    const adopt = await commandsOf(() => gql(ADOPT_AGENDA, { input: { meetingId, version: 2 } }, chair.token));
    const hold = await commandsOf(() => gql(HOLD_MEETING, { input: { meetingId, version: 3 } }, chair.token));
    const subjects = made.map((c) => ({ contribution: { contributionId: toGlobalId('Contribution', c.id), disposition: 'ADDRESSED', response: 'Taken up.' } }));
    const record = await commandsOf(() =>
      gql(RECORD_DECISION, { input: { meetingId, text: 'Decided.', subjects, idempotencyKey: unique('key-') } }, chair.token),
    );
    const decisionId = record.result.data?.recordDecision.decision.id;
    const decide = await commandsOf(() => gql(DECIDE, { input: { decisionId, version: 1, state: 'ADOPTED' } }, chair.token));
    const version = must(await gql(`query ($id: ID!) { meeting(id: $id) { version } }`, { id: meetingId }, secretariat)).data?.meeting.version;
    const minutes = await commandsOf(() => gql(DRAFT_MINUTES, { input: { meetingId, version, body: 'Minutes.' } }, secretariat));

    // Assess
    for (const step of [create, agenda, adopt, hold, record, decide, minutes]) expect(step.result.errors).toBeUndefined();
    expect(decide.result.data?.decide.decision.state).toBe('ADOPTED');
    // roles, the chair, the consultation; guard, meeting, number guard, processed consultation, allowance
    expect(create.commands).toEqual([GET, BATCH, BATCH, TRANSACTION]);
    expect(create.transactionItems).toEqual([5]);
    // the meeting (consistent), the consultation; meeting, allowance
    expect(agenda.commands).toEqual([GET, BATCH, TRANSACTION]);
    expect(agenda.transactionItems).toEqual([2]);
    // the meeting, the chair's roles; meeting, allowance
    expect(adopt.commands).toEqual([GET, GET, TRANSACTION]);
    expect(adopt.transactionItems).toEqual([2]);
    expect(hold.commands).toEqual([GET, GET, TRANSACTION]);
    expect(hold.transactionItems).toEqual([2]);
    // the meeting, roles, the 90 contributions, their consultation; guard, meeting, decision, 90 subjects, allowance
    expect(record.commands).toEqual([GET, GET, BATCH, BATCH, TRANSACTION]);
    expect(record.transactionItems).toEqual([94]);
    // the decision, the meeting, roles, the meeting (consistent), the subjects, the contributions;
    // meeting check, decision, 90 contributions, 2 counter items, the consultation's closed check, allowance
    expect(decide.commands).toEqual([GET, BATCH, GET, GET, QUERY, BATCH, TRANSACTION]);
    expect(decide.transactionItems).toEqual([96]);
    // the meeting; meeting, minutes, first revision, allowance
    expect(minutes.commands).toEqual([GET, TRANSACTION]);
    expect(minutes.transactionItems).toEqual([4]);
  });
});

describe('the write allowance rides in the transaction', () => {
  it('counts an accepted write once, no stale one, and each of parallel writes by one caller', async () => {
    // Prepare
    const [{ consultation, globalId }, person] = await Promise.all([openConsultation(), createPerson()]);
    const made = await contributeDirect(consultation, person.stakeholder, { at: new Date() });

    // Act: a stale edit (refused by the transaction's own condition), then five submissions at once
    const stale = await commandsOf(() =>
      gql(EDIT_CONTRIBUTION, { input: { id: toGlobalId('Contribution', made.id), version: 7, body: 'Late' } }, person.token),
    );
    const afterStale = await getItem(rateKey(person.subject, new Date()));
    const parallel = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        gql(SUBMIT_CONTRIBUTION, { input: { consultationId: globalId, body: `Point ${i}`, language: 'en', idempotencyKey: unique('key-') } }, person.token),
      ),
    );

    // Assess
    expect(errorCode(stale.result)).toBe('CONFLICT');
    expect(stale.commands).not.toContain('UpdateItemCommand');
    expect(afterStale?.writes ?? 0).toBe(0);
    for (const result of parallel) expect(result.errors).toBeUndefined();
    expect((await getItem(rateKey(person.subject, new Date())))?.writes).toBe(5);
  });
});
