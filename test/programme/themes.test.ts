/**
 * Programmes, themes and the MAG's decisions on them, against DynamoDB
 * Local: the secretariat's programme and call, drafting themes from the
 * issues, adoption by a decision (the service API the meetings module
 * calls), issues declined with a public reason, theme tags, development
 * coverage — with the refusals.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SECRETARIAT_GROUP, userCaller } from '../../functions/core/auth/caller';
import type { DomainError } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import { createContext } from '../../functions/graphql/context';
import { getRoles } from '../../functions/modules/stakeholders';
import { errorCode, gql, secretariatToken, unique } from '../helpers/api';
import { contributeDirect, openConsultation } from '../helpers/consultations';
import { createMagMember, createPerson, type TestPerson } from '../helpers/people';
import { CALL_COUNTS, ISSUE, SUPPORT_ISSUE, closeCall, createCall, submitIssue } from './helpers';

const internal = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] as string;

/** The services as a signed-in person sees them (what the meetings module holds when it adopts a decision). */
function servicesOf(person: TestPerson | { subject: string; groups: string[] }) {
  const groups = 'groups' in person ? person.groups : [];
  return createContext({ requestId: randomUUID(), caller: userCaller(person.subject, groups, getRoles) }).services;
}

const secretariatServices = () => servicesOf({ subject: `test|secretariat-${randomUUID()}`, groups: [SECRETARIAT_GROUP] });

const decision = () => ({ meetingId: unique('meeting-'), decisionId: unique('decision-'), decidedAt: new Date().toISOString() });

const CREATE_THEME = `mutation ($input: CreateThemeInput!) { createTheme(input: $input) { theme { id status version title policyQuestions issues { id } developmentDimension { linkage } } } }`;
const THEME = `query ($id: ID!) { theme(id: $id) { id status version adoption { meetingId decisionId } issues { id status } } }`;

function themeInput(programmeId: string, issueIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    programmeId,
    title: 'Universal and meaningful access',
    narrative: 'Connecting the next billions, affordably and safely.',
    developmentDimension: { linkage: 'DIRECT' as 'DIRECT' | 'INDIRECT' | 'NONE', explanation: 'Access underpins every development goal.' },
    policyQuestions: ['How can community networks be financed?', 'What makes access meaningful?'],
    issueIds,
    idempotencyKey: unique('key-'),
    ...overrides,
  };
}

async function closedCallWithIssues(n: number) {
  const call = await createCall();
  const author = await createPerson();
  const issues = [];
  for (let i = 0; i < n; i++) issues.push(await submitIssue(author.token, call.callId));
  await closeCall(call.year);
  return { ...call, author, issues };
}

describe('programmes', () => {
  it('lets the secretariat create a programme with default settings and schedule its call; refuses a second one for the year', async () => {
    // Prepare
    const secretariat = await secretariatToken();
    const year = 2050 + Math.floor(Math.random() * 50);
    const create = `mutation ($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { id year format settings { issuesPerPerson } version } } }`;
    const input = {
      year,
      title: `IGF ${year}`,
      overarchingTheme: 'Building our multistakeholder digital future',
      hostCountry: 'NO',
      venue: 'Lillestrøm',
      startsAt: `${year}-06-23T00:00:00Z`,
      endsAt: `${year}-06-27T00:00:00Z`,
      format: 'HYBRID',
    };

    // Act
    const first = await gql(create, { input }, secretariat);
    const second = await gql(create, { input }, secretariat);

    // Assess: the year may be taken by a concurrent test run of this case; then the refusal is the point
    if (first.errors) expect(errorCode(first)).toBe('CONFLICT');
    else expect(first.data?.createProgramme.programme).toMatchObject({ year, format: 'HYBRID', settings: { issuesPerPerson: 3 }, version: 1 });
    expect(errorCode(second)).toBe('CONFLICT');
  });

  it('refuses programme management to anyone but the secretariat, and a stale version', async () => {
    // Prepare
    const { programmeId } = await createCall();
    const mag = await createMagMember();
    const secretariat = await secretariatToken();
    const update = `mutation ($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { programme { venue version } } }`;
    const schedule = `mutation ($input: ScheduleIssueCallInput!) { scheduleIssueCall(input: $input) { call { version issuesPerPerson } } }`;

    // Act
    const anonymous = await gql(update, { input: { id: programmeId, version: 1, venue: 'Oslo' } });
    const byMag = await gql(update, { input: { id: programmeId, version: 1, venue: 'Oslo' } }, mag.token);
    const stale = await gql(update, { input: { id: programmeId, version: 5, venue: 'Oslo' } }, secretariat);
    const ok = await gql(update, { input: { id: programmeId, version: 1, venue: 'Oslo', settings: { issuesPerPerson: 5 } } }, secretariat);
    const rescheduleCategories = await gql(
      schedule,
      {
        input: {
          programmeId,
          version: 1,
          opensAt: new Date(Date.now() - 3_600_000).toISOString(),
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
          categories: [{ code: 'NEW', title: 'New' }],
        },
      },
      secretariat,
    );

    // Assess
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(errorCode(byMag)).toBe('FORBIDDEN');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(1);
    expect(ok.data?.updateProgramme.programme).toEqual({ venue: 'Oslo', version: 2 });
    expect(errorCode(rescheduleCategories)).toBe('CONFLICT');
  });
});

describe('themes', () => {
  it('lets a MAG member draft a theme from the issues; drafts are hidden from the public', async () => {
    // Prepare
    const { programmeId, issues } = await closedCallWithIssues(2);
    const mag = await createMagMember();

    // Act
    const created = await gql(
      CREATE_THEME,
      {
        input: themeInput(
          programmeId,
          issues.map((i) => i.id),
        ),
      },
      mag.token,
    );

    // Assess
    const theme = created.data?.createTheme.theme;
    expect(theme).toMatchObject({ status: 'DRAFT', version: 1, issues: issues.map((i) => ({ id: i.id })) });
    expect((await gql(THEME, { id: theme.id })).data?.theme).toBeNull();
    expect((await gql(THEME, { id: theme.id }, mag.token)).data?.theme.status).toBe('DRAFT');
  });

  it('refuses a theme without a development linkage, from a plain stakeholder, or from issues of another call', async () => {
    // Prepare
    const { programmeId, issues } = await closedCallWithIssues(1);
    const other = await closedCallWithIssues(1);
    const mag = await createMagMember();
    const stakeholder = await createPerson();

    // Act
    const none = await gql(
      CREATE_THEME,
      { input: themeInput(programmeId, [issues[0]!.id], { developmentDimension: { linkage: 'NONE', explanation: 'Not about development at all.' } }) },
      mag.token,
    );
    const plain = await gql(CREATE_THEME, { input: themeInput(programmeId, [issues[0]!.id]) }, stakeholder.token);
    const foreign = await gql(CREATE_THEME, { input: themeInput(programmeId, [other.issues[0]!.id]) }, mag.token);

    // Assess
    expect(errorCode(none)).toBe('BAD_USER_INPUT');
    expect(none.errors?.[0]?.extensions?.field).toBe('input.developmentDimension.linkage');
    expect(errorCode(plain)).toBe('FORBIDDEN');
    expect(errorCode(foreign)).toBe('BAD_USER_INPUT');
  });

  it('adopts a theme by a MAG decision: public, its issues taken up, counted in the development coverage', async () => {
    // Prepare
    const { programmeId, year, issues } = await closedCallWithIssues(2);
    const mag = await createMagMember();
    const theme = (
      await gql(
        CREATE_THEME,
        {
          input: themeInput(
            programmeId,
            issues.map((i) => i.id),
          ),
        },
        mag.token,
      )
    ).data?.createTheme.theme;
    const ref = decision();

    // Act: what the meetings module does when the decision is adopted
    const adopted = await servicesOf(mag).themes.adoptByDecision({ themeId: internal(theme.id), version: 1, decision: ref });

    // Assess
    expect(adopted).toMatchObject({ status: 'ADOPTED', version: 2, adoption: { meetingId: ref.meetingId, decisionId: ref.decisionId } });
    const read = (await gql(THEME, { id: theme.id })).data?.theme;
    expect(read).toMatchObject({ status: 'ADOPTED', adoption: { meetingId: toGlobalId('Meeting', ref.meetingId) } });
    expect(read.issues.map((i: any) => i.status)).toEqual(['TAKEN_UP', 'TAKEN_UP']);
    const coverage = (
      await gql(
        `query ($year: Int!) { programme(year: $year) { developmentCoverage { issues issuesLinked issueShare themes themesLinked themeShare } themes { edges { node { id } } } } }`,
        { year },
      )
    ).data?.programme;
    expect(coverage.developmentCoverage).toEqual({ issues: 2, issuesLinked: 2, issueShare: 1, themes: 1, themesLinked: 1, themeShare: 1 });
    expect(coverage.themes.edges).toEqual([{ node: { id: theme.id } }]);
  });

  it('refuses adoption while the call is open (NOT_OPEN), by a plain stakeholder (FORBIDDEN), at a stale version or twice (CONFLICT)', async () => {
    // Prepare
    const open = await createCall();
    const author = await createPerson();
    const openIssue = await submitIssue(author.token, open.callId);
    const mag = await createMagMember();
    const secretariat = secretariatServices();
    const draftOnOpen = await secretariat.themes.create(themeInput(open.programmeId, [openIssue.id]));
    const closed = await closedCallWithIssues(1);
    const draft = await secretariat.themes.create(themeInput(closed.programmeId, [closed.issues[0]!.id]));
    const stakeholder = await createPerson();
    const attempt = (services: ReturnType<typeof servicesOf>, themeId: string, version: number) =>
      services.themes.adoptByDecision({ themeId, version, decision: decision() }).then(
        () => 'adopted',
        (error: DomainError) => error.code,
      );

    // Act
    const whileOpen = await attempt(servicesOf(mag), draftOnOpen.id, 1);
    const byStakeholder = await attempt(servicesOf(stakeholder), draft.id, 1);
    const stale = await attempt(servicesOf(mag), draft.id, 4);
    const first = await attempt(servicesOf(mag), draft.id, 1);
    const twice = await attempt(servicesOf(mag), draft.id, 2);

    // Assess
    expect([whileOpen, byStakeholder, stale, first, twice]).toEqual(['NOT_OPEN', 'FORBIDDEN', 'CONFLICT', 'adopted', 'CONFLICT']);
    expect((await gql(ISSUE, { id: openIssue.id })).data?.issue.status).toBe('SUBMITTED');
  });

  it('declines an issue by a MAG decision with a public reason; a declined issue takes no further decision', async () => {
    // Prepare
    const { issues } = await closedCallWithIssues(1);
    const mag = await createMagMember();
    const ref = decision();

    // Act
    await servicesOf(mag).issues.declineByDecision({
      issueId: internal(issues[0]!.id),
      reason: 'Discussed at length in other forums this year.',
      decision: ref,
    });
    const again = await servicesOf(mag)
      .issues.declineByDecision({ issueId: internal(issues[0]!.id), reason: 'Discussed at length in other forums this year.', decision: ref })
      .catch((error: DomainError) => error.code);

    // Assess
    const read = (await gql(ISSUE, { id: issues[0]!.id })).data?.issue;
    expect(read).toMatchObject({
      status: 'NOT_TAKEN_UP',
      decline: {
        reason: 'Discussed at length in other forums this year.',
        decisionId: toGlobalId('Decision', ref.decisionId),
        meetingId: toGlobalId('Meeting', ref.meetingId),
      },
    });
    expect(again).toBe('CONFLICT');
  });

  it('tags a consultation and a contribution with an adopted theme; the theme shows their participation', async () => {
    // Prepare
    const { programmeId, issues } = await closedCallWithIssues(1);
    const mag = await createMagMember();
    const services = servicesOf(mag);
    const theme = await services.themes.create(themeInput(programmeId, [issues[0]!.id]));
    await services.themes.adoptByDecision({ themeId: theme.id, version: 1, decision: decision() });
    const { consultation, globalId } = await openConsultation();
    const contributor = await createPerson({ stakeholder: { group: 'ACADEMIA' } });
    const contribution = await contributeDirect(consultation, contributor.stakeholder, { at: new Date() });
    const themeId = Buffer.from(`Theme:${theme.id}`).toString('base64url');
    const tag = `mutation ($input: TagWithThemesInput!) { tagWithThemes(input: $input) { themes { id } } }`;

    // Act
    const tagged = await gql(tag, { input: { subjectId: globalId, themeIds: [themeId] } }, mag.token);
    const taggedContribution = await gql(
      tag,
      { input: { subjectId: Buffer.from(`Contribution:${contribution.id}`).toString('base64url'), themeIds: [themeId] } },
      mag.token,
    );
    const refused = await gql(tag, { input: { subjectId: globalId, themeIds: [] } }, contributor.token);

    // Assess
    expect(tagged.data?.tagWithThemes.themes).toEqual([{ id: themeId }]);
    expect(taggedContribution.errors).toBeUndefined();
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const read = (
      await gql(
        `query ($id: ID!) { consultation(id: $id) { themes { id } } theme(id: "${themeId}") { consultations { id } participation { contributions contributionsByGroup { shares { group count } } } } }`,
        { id: globalId },
      )
    ).data;
    expect(read?.consultation.themes).toEqual([{ id: themeId }]);
    expect(read?.theme.consultations).toEqual([{ id: globalId }]);
    expect(read?.theme.participation.contributions).toBe(1);
    expect(read?.theme.participation.contributionsByGroup.shares.find((s: any) => s.group === 'ACADEMIA').count).toBe(1);
  });

  it('counts supports from the taken-up issues the same after adoption (the call counters are not touched by a decision)', async () => {
    // Prepare
    const call = await createCall();
    const author = await createPerson();
    const issue = await submitIssue(author.token, call.callId);
    const supporter = await createPerson({ stakeholder: { group: 'GOVERNMENT' } });
    await gql(SUPPORT_ISSUE, { input: { issueId: issue.id } }, supporter.token);
    await closeCall(call.year);
    const services = secretariatServices();
    const theme = await services.themes.create(themeInput(call.programmeId, [issue.id]));

    // Act
    await services.themes.adoptByDecision({ themeId: theme.id, version: 1, decision: decision() });

    // Assess
    const counts = (await gql(CALL_COUNTS, { year: call.year })).data?.programme.issueCall.counts;
    expect(counts).toMatchObject({ issues: 1, supports: 1 });
    expect(counts.byBreadth[1].issues).toBe(1);
  });
});
