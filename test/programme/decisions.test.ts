/**
 * Themes adopted and issues declined by decisions of a held MAG meeting,
 * through the API: the ISSUE and THEME subject kinds of the meetings module,
 * written in the decision's own transaction — and refused with nothing
 * written when the programme's rules say no.
 */
import { describe, expect, it } from 'vitest';
import { errorCode, gql, unique } from '../helpers/api';
import { DECIDE, RECORD, meetingSetup, must } from '../helpers/meetings';
import { createPerson } from '../helpers/people';
import { CALL_COUNTS, ISSUE, closeCall, createCall, submitIssue } from './helpers';

const THEME = `query ($id: ID!) { theme(id: $id) { status adoption { decisionId meetingId } issues { id status } } }`;
const CREATE_THEME = `mutation ($input: CreateThemeInput!) { createTheme(input: $input) { theme { id version } } }`;

async function programmeWithDraftTheme(secretariat: string) {
  const call = await createCall();
  const author = await createPerson();
  const [taken, declined, open] = [
    await submitIssue(author.token, call.callId),
    await submitIssue(author.token, call.callId),
    await submitIssue(author.token, call.callId),
  ];
  await closeCall(call.year);
  const theme = must(
    await gql(
      CREATE_THEME,
      {
        input: {
          programmeId: call.programmeId,
          title: 'Universal and meaningful access',
          narrative: 'Connecting the next billions.',
          developmentDimension: { linkage: 'INDIRECT', explanation: 'Access underpins development.' },
          policyQuestions: ['How can community networks be financed?'],
          issueIds: [taken.id],
          idempotencyKey: unique('key-'),
        },
      },
      secretariat,
    ),
  ).data?.createTheme.theme;
  return { call, taken, declined, open, theme };
}

describe('MAG decisions on themes and issues', () => {
  it('adopts a theme and declines an issue when the decision is adopted, in its transaction', async () => {
    // Prepare
    const setup = await meetingSetup('HELD', 1);
    const { call, taken, declined, theme } = await programmeWithDraftTheme(setup.secretariat);
    const recorded = must(
      await gql(
        RECORD,
        {
          input: {
            meetingId: setup.meetingId,
            text: 'The MAG adopts the theme on access and does not take up the issue on X.',
            subjects: [{ theme: { themeId: theme.id } }, { issue: { issueId: declined.id, reason: 'Covered by the theme on access this year.' } }],
            idempotencyKey: unique('key-'),
          },
        },
        setup.chair.token,
      ),
    ).data?.recordDecision.decision;
    // Recording proposes; nothing happens to the theme yet
    expect((await gql(THEME, { id: theme.id })).data?.theme).toBeNull();

    // Act
    must(await gql(DECIDE, { input: { decisionId: recorded.id, version: 1, state: 'ADOPTED' } }, setup.chair.token));

    // Assess
    const read = (await gql(THEME, { id: theme.id })).data?.theme;
    expect(read).toMatchObject({ status: 'ADOPTED', adoption: { decisionId: recorded.id, meetingId: setup.meetingId } });
    expect(read.issues).toEqual([{ id: taken.id, status: 'TAKEN_UP' }]);
    expect((await gql(ISSUE, { id: declined.id })).data?.issue).toMatchObject({
      status: 'NOT_TAKEN_UP',
      decline: { reason: 'Covered by the theme on access this year.', decisionId: recorded.id, meetingId: setup.meetingId },
    });
    const subjects = (
      await gql(
        `query ($id: ID!) { node(id: $id) { ... on Decision { subjects { edges { node { kind ... on ThemeSubject { theme { id } } ... on IssueSubject { issue { id } reason } } } } } } }`,
        { id: recorded.id },
        setup.secretariat,
      )
    ).data?.node.subjects.edges;
    expect(subjects.map((e: any) => e.node.kind)).toEqual(['THEME', 'ISSUE']);
    expect(
      (await gql(`query ($year: Int!) { programme(year: $year) { developmentCoverage { themes themesLinked } } }`, { year: call.year })).data?.programme
        .developmentCoverage,
    ).toEqual({ themes: 1, themesLinked: 1 });
    expect((await gql(CALL_COUNTS, { year: call.year })).data?.programme.issueCall.counts.issues).toBe(3);
  });

  it('refuses to record a decision on a theme or an issue of a call still open (NOT_OPEN), and on an unknown theme (BAD_USER_INPUT)', async () => {
    // Prepare
    const setup = await meetingSetup('HELD', 1);
    const openCall = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, openCall.callId);
    const record = (subjects: unknown[]) =>
      gql(RECORD, { input: { meetingId: setup.meetingId, text: 'A decision.', subjects, idempotencyKey: unique('key-') } }, setup.chair.token);

    // Act
    const onOpenIssue = await record([{ issue: { issueId: issue.id, reason: 'Not this year, sorry about that.' } }]);
    const unknownTheme = await record([{ theme: { themeId: Buffer.from('Theme:2026.01ARZ3NDEKTSV4RRFFQ69G5FAV').toString('base64url') } }]);

    // Assess
    expect(errorCode(onOpenIssue)).toBe('NOT_OPEN');
    expect(errorCode(unknownTheme)).toBe('BAD_USER_INPUT');
    expect(unknownTheme.errors?.[0]?.extensions?.field).toBe('input.subjects.0.theme.themeId');
    const meeting = (await gql(`query ($id: ID!) { meeting(id: $id) { decisions { id } } }`, { id: setup.meetingId }, setup.secretariat)).data?.meeting;
    expect(meeting.decisions).toEqual([]);
    expect((await gql(ISSUE, { id: issue.id })).data?.issue.status).toBe('SUBMITTED');
  });

  it('refuses adoption when an issue of the decision changed after it was recorded, writing nothing', async () => {
    // Prepare: a decision declining an issue, which is then taken up by another theme's adoption
    const setup = await meetingSetup('HELD', 1);
    const { declined, call } = await programmeWithDraftTheme(setup.secretariat);
    const recorded = must(
      await gql(
        RECORD,
        {
          input: {
            meetingId: setup.meetingId,
            text: 'Not taken up.',
            subjects: [{ issue: { issueId: declined.id, reason: 'Covered elsewhere this year.' } }],
            idempotencyKey: unique('key-'),
          },
        },
        setup.chair.token,
      ),
    ).data?.recordDecision.decision;
    const other = must(
      await gql(
        CREATE_THEME,
        {
          input: {
            programmeId: call.programmeId,
            title: 'Another theme',
            narrative: 'It takes the issue up.',
            developmentDimension: { linkage: 'DIRECT', explanation: 'Development is the heart of it.' },
            policyQuestions: ['What now?'],
            issueIds: [declined.id],
            idempotencyKey: unique('key-'),
          },
        },
        setup.secretariat,
      ),
    ).data?.createTheme.theme;
    const adoptOther = must(
      await gql(
        RECORD,
        { input: { meetingId: setup.meetingId, text: 'Adopt the other theme.', subjects: [{ theme: { themeId: other.id } }], idempotencyKey: unique('key-') } },
        setup.chair.token,
      ),
    ).data?.recordDecision.decision;
    must(await gql(DECIDE, { input: { decisionId: adoptOther.id, version: 1, state: 'ADOPTED' } }, setup.chair.token));

    // Act
    const response = await gql(DECIDE, { input: { decisionId: recorded.id, version: 1, state: 'ADOPTED' } }, setup.chair.token);

    // Assess
    expect(errorCode(response)).toBe('CONFLICT');
    expect((await gql(ISSUE, { id: declined.id })).data?.issue).toMatchObject({ status: 'TAKEN_UP', decline: null });
  });
});
