/**
 * Cursors of EVERY list of the API, through the real handler: each list pages
 * with its own cursors; a forged or edited cursor, a genuine cursor of another
 * list (another parent, another filter, another kind of list) or a validly
 * signed cursor pointing into another partition is BAD_USER_INPUT, returns no
 * item, and sends no DynamoDB Query at all (so no Query with a forged start
 * key). Lists under a parent bind the parent's id into their cursors.
 *
 * Adding a connection to `graphql/*.graphql`? Add it to LISTS: the last test
 * fails until every connection field of the schema is listed here.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { buildSchema, isListType, isNonNullType, isObjectType, type GraphQLNamedType, type GraphQLOutputType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, inspectCursor } from '../../functions/core/cursor';
import { documentClient } from '../../functions/core/dynamodb/client';
import { newId, toGlobalId } from '../../functions/core/ids';
import { notificationPut } from '../../functions/modules/reporting/reporting.items';
import { typeDefs } from '../../functions/generated/type-defs';
import { randomInt } from 'node:crypto';
import { errorCode, gql, newUserToken, secretariatToken, type GraphQLResponse } from '../helpers/api';
import { contributeDirect, openConsultation } from '../helpers/consultations';
import { onDynamoRequest } from '../helpers/db';
import { createOrganisation, createPerson, createRepresentative, type TestPerson } from '../helpers/people';
import { createCycles, save } from '../helpers/reporting';
import { MessageRejected } from '@aws-sdk/client-sesv2';
import { named, transactWrite } from '../../functions/core/dynamodb/transact';
import { mailEvent } from '../../functions/modules/outbox';
import { concerning, injectSesFault, runSender } from '../helpers/mail';

interface Edge {
  readonly cursor: string;
  readonly node: Record<string, unknown>;
}
interface Connection {
  readonly edges: Edge[];
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface ListSpec {
  /** `Type.field` of the connection in the schema. */
  readonly field: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly token?: string | undefined;
  readonly at: (data: Record<string, any>) => Connection | undefined;
  /** A genuine cursor of another list (another parent, filter or kind). */
  readonly foreign: () => Promise<string>;
  /** Internal id(s) of the parent the list belongs to: its cursors must be bound to them. */
  readonly parent?: readonly string[];
}

const PAGE = 'edges { cursor node { __typename } } pageInfo { hasNextPage endCursor }';
const NODE_PAGE = (extra = 'id') => `edges { cursor node { ${extra} } } pageInfo { hasNextPage endCursor }`;

/** Cursors are encrypted: the test reads them with the server's key. */
const scopeOf = (cursor: string) => inspectCursor(cursor)?.s;
const keyOf = (cursor: string) => inspectCursor(cursor)?.k;

/** Sends one page request and returns the response with the Queries it caused. */
async function page(spec: ListSpec, after?: string): Promise<{ result: GraphQLResponse; queries: unknown[] }> {
  const queries: unknown[] = [];
  const stop = onDynamoRequest((command, input) => {
    if (command === 'QueryCommand') queries.push(input);
  });
  try {
    const result = await gql(spec.query, { ...spec.variables, first: 1, after: after ?? null }, spec.token);
    return { result, queries };
  } finally {
    stop();
  }
}

async function firstCursor(spec: ListSpec): Promise<string> {
  const { result } = await page(spec);
  const connection = result.data ? spec.at(result.data) : undefined;
  const cursor = connection?.pageInfo.endCursor;
  if (!cursor) throw new Error(`${spec.field}: no first page (${JSON.stringify(result)})`);
  return cursor;
}

/** Cursors a client might forge from a genuine one. */
function forgeries(genuine: string, foreignKey: unknown): [string, string][] {
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  const readable = Buffer.from(JSON.stringify({ s: scopeOf(genuine), k: foreignKey })).toString('base64url');
  return [
    ['a readable payload with a signature (the former format)', `${readable}.${genuine.slice(-22)}`],
    ['an edited ciphertext', flip(genuine, Math.floor(genuine.length / 2))],
    ['an edited authentication tag', flip(genuine, genuine.length - 3)],
    ['a truncated cursor', genuine.slice(0, -4)],
    ['a non-ASCII character', `${genuine.slice(0, 10)}é${genuine.slice(11)}`],
    ['garbage', 'not-a-cursor'],
    ['a huge cursor', 'A'.repeat(5000)],
    ['two parts', `${genuine}.x`],
    ['non-ASCII characters of the same length', `${genuine.slice(0, -22)}${'é'.repeat(22)}`],
  ];
}

function expectRefused(outcome: { result: GraphQLResponse; queries: unknown[] }, what: string): void {
  expect({ what, code: errorCode(outcome.result) }).toEqual({ what, code: 'BAD_USER_INPUT' });
  expect({ what, field: outcome.result.errors?.[0]?.extensions?.field }).toEqual({ what, field: 'after' });
  expect({ what, edges: JSON.stringify(outcome.result.data ?? null).includes('"edges"') }).toEqual({ what, edges: false });
  expect({ what, queries: outcome.queries.length }).toEqual({ what, queries: 0 });
}

const LISTS: ListSpec[] = [];

beforeAll(async () => {
  const since = new Date(Date.now() - 1000).toISOString();
  const secretariat = await secretariatToken();

  // Consultations: A with three contributions of one person, a reply thread and an edited contribution; B with its own.
  const [a, b] = await Promise.all([openConsultation(), openConsultation()]);
  const author = await createPerson();
  const other = await createPerson();
  const inA = [];
  for (let i = 0; i < 3; i++) inA.push(await contributeDirect(a.consultation, author.stakeholder, { body: `A${i}` }));
  const inB = [];
  for (let i = 0; i < 3; i++) inB.push(await contributeDirect(b.consultation, other.stakeholder, { body: `B${i}` }));
  const parentA = inA[0]!;
  const parentB = inB[0]!;
  for (let i = 0; i < 3; i++) {
    await contributeDirect(a.consultation, other.stakeholder, { parentId: parentA.id, body: `reply A${i}` });
    await contributeDirect(b.consultation, author.stakeholder, { parentId: parentB.id, body: `reply B${i}` });
  }
  const EDIT = 'mutation ($input: EditContributionInput!) { editContribution(input: $input) { contribution { version } } }';
  for (const [c, person] of [
    [parentA, author],
    [parentB, other],
  ] as const) {
    for (let version = 1; version <= 2; version++) {
      const edited = await gql(EDIT, { input: { id: toGlobalId('Contribution', c.id), version, body: `edit ${version}` } }, person.token);
      if (edited.errors) throw new Error(JSON.stringify(edited.errors));
    }
  }

  // Reporting: two organisations asked for reports in two years; three saves each (revisions); notifications.
  const [org1, org2] = await Promise.all([createOrganisation({ relevantOrganisation: true }), createOrganisation({ relevantOrganisation: true })]);
  const rep1 = await createRepresentative([org1.stakeholder.id]);
  const rep2 = await createRepresentative([org2.stakeholder.id]);
  const [y1, y2] = (await createCycles(2)).map((c) => c.year) as [number, number];
  for (const [org, rep] of [
    [org1, rep1],
    [org2, rep2],
  ] as const) {
    for (let version = 1; version <= 3; version++) {
      const saved = await save(rep.token, y1, org.stakeholder.id, version, [{ key: 'summary', text: `Save ${version}` }]);
      if (saved.errors) throw new Error(JSON.stringify(saved.errors));
    }
    for (let n = 0; n < 3; n++) {
      const createdAt = new Date(Date.now() - n * 60_000).toISOString();
      const notification = {
        id: newId(),
        organisationId: org.stakeholder.id,
        kind: 'REMINDER' as const,
        year: y1,
        reportId: `${y1}.${org.stakeholder.id}`,
        daysBefore: 7,
        message: `Reminder ${n}`,
        createdAt,
      };
      await documentClient().send(new PutCommand(notificationPut(notification).Put!));
    }
  }

  const contributionsOf = (globalId: string, filter?: Record<string, unknown>, token?: string): ListSpec => ({
    field: 'Consultation.contributions',
    query: `query ($id: ID!, $filter: ContributionFilter, $first: Int, $after: String) { consultation(id: $id) { contributions(filter: $filter, first: $first, after: $after) { ${NODE_PAGE()} } } }`,
    variables: { id: globalId, filter: filter ?? null },
    token,
    at: (d) => d.consultation?.contributions,
    foreign: async () => firstCursor(contributionsOf(b.globalId)),
  });
  const repliesOf = (id: string): ListSpec => ({
    field: 'Contribution.replies',
    query: `query ($id: ID!, $first: Int, $after: String) { contribution(id: $id) { replies(first: $first, after: $after) { ${NODE_PAGE()} } } }`,
    variables: { id: toGlobalId('Contribution', id) },
    at: (d) => d.contribution?.replies,
    foreign: async () => firstCursor(repliesOf(parentB.id)),
    parent: [id],
  });
  const revisionsOf = (id: string): ListSpec => ({
    field: 'Contribution.revisions',
    query: `query ($id: ID!, $first: Int, $after: String) { contribution(id: $id) { revisions(first: $first, after: $after) { ${NODE_PAGE('revision body')} } } }`,
    variables: { id: toGlobalId('Contribution', id) },
    at: (d) => d.contribution?.revisions,
    foreign: async () => firstCursor(revisionsOf(parentB.id)),
    parent: [id],
  });
  const mine = (person: TestPerson): ListSpec => ({
    field: 'Query.myContributions',
    query: `query ($first: Int, $after: String) { myContributions(first: $first, after: $after) { ${NODE_PAGE()} } }`,
    variables: {},
    token: person.token,
    at: (d) => d.myContributions,
    foreign: async () => firstCursor(mine(other)),
    parent: [person.stakeholder.id],
  });
  const cycleReports = (year: number, status: string | null = null): ListSpec => ({
    field: 'ReportingCycle.reports',
    query: `query ($year: Int!, $status: ReportStatus, $first: Int, $after: String) { reportingCycle(year: $year) { reports(status: $status, first: $first, after: $after) { ${NODE_PAGE()} } } }`,
    variables: { year, status },
    token: secretariat,
    at: (d) => d.reportingCycle?.reports,
    foreign: async () => firstCursor(cycleReports(y2)),
    parent: [String(year)],
  });
  const missing = (year: number): ListSpec => ({
    field: 'ReportingCompliance.missingOrganisations',
    query: `query ($year: Int!, $first: Int, $after: String) { reportingCycle(year: $year) { compliance { missingOrganisations(first: $first, after: $after) { ${NODE_PAGE('organisationId')} } } } }`,
    variables: { year },
    at: (d) => d.reportingCycle?.compliance.missingOrganisations,
    // The same report items read as another list: the internal readers' DRAFT reports.
    foreign: async () => firstCursor(cycleReports(year, 'DRAFT')),
    parent: [String(year)],
  });
  const reportRevisions = (orgId: string): ListSpec => ({
    field: 'Report.revisions',
    query: `query ($org: ID!, $year: Int!, $first: Int, $after: String) { report(organisation: $org, year: $year) { revisions(first: $first, after: $after) { ${NODE_PAGE()} } } }`,
    variables: { org: toGlobalId('Stakeholder', orgId), year: y1 },
    token: secretariat,
    at: (d) => d.report?.revisions,
    foreign: async () => firstCursor(reportRevisions(org2.stakeholder.id)),
    parent: [orgId, String(y1)],
  });
  const orgReports = (orgId: string): ListSpec => ({
    field: 'Stakeholder.reports',
    query: `query ($id: ID!, $first: Int, $after: String) { stakeholder(id: $id) { reports(first: $first, after: $after) { ${NODE_PAGE()} } } }`,
    variables: { id: toGlobalId('Stakeholder', orgId) },
    token: secretariat,
    at: (d) => d.stakeholder?.reports,
    foreign: async () => firstCursor(orgReports(org2.stakeholder.id)),
    parent: [orgId],
  });
  const notifications = (rep: TestPerson, orgId: string): ListSpec => ({
    field: 'Query.myNotifications',
    query: `query ($first: Int, $after: String) { myNotifications(first: $first, after: $after) { ${NODE_PAGE()} } }`,
    variables: {},
    token: rep.token,
    at: (d) => d.myNotifications,
    foreign: async () => firstCursor(notifications(rep2, org2.stakeholder.id)),
    parent: [orgId],
  });
  const stakeholders: ListSpec = {
    field: 'Query.stakeholders',
    query: `query ($filter: StakeholderFilter, $first: Int, $after: String) { stakeholders(filter: $filter, first: $first, after: $after) { ${NODE_PAGE()} } }`,
    variables: { filter: { kind: 'ORGANISATION' } },
    at: (d) => d.stakeholders,
    // The same directory under another filter.
    foreign: async () => firstCursor({ ...stakeholders, variables: { filter: { kind: 'PERSON' } } }),
  };
  const consultations: ListSpec = {
    field: 'Query.consultations',
    query: `query ($first: Int, $after: String) { consultations(first: $first, after: $after) { ${PAGE} } }`,
    variables: {},
    at: (d) => d.consultations,
    foreign: async () => firstCursor(stakeholders),
  };
  const cycles: ListSpec = {
    field: 'Query.reportingCycles',
    query: `query ($first: Int, $after: String) { reportingCycles(first: $first, after: $after) { ${PAGE} } }`,
    variables: {},
    at: (d) => d.reportingCycles,
    foreign: async () => firstCursor(consultations),
  };

  // Mail: two messages that SES rejects become dead letters.
  for (let n = 0; n < 2; n++) {
    await transactWrite([named('mail', mailEvent('REPORT_PUBLISHED', { type: 'stakeholder', stakeholderId: other.stakeholder.id }, { year: y1 }, new Date()))]);
  }
  const rejection = injectSesFault(() => new MessageRejected({ message: 'Rejected', $metadata: { httpStatusCode: 400 } }));
  try {
    await runSender(new Date(), { accept: concerning(other.stakeholder.id) });
  } finally {
    rejection.remove();
  }
  const deadLetters: ListSpec = {
    field: 'Query.mailDeadLetters',
    query: `query ($first: Int, $after: String) { mailDeadLetters(first: $first, after: $after) { ${NODE_PAGE()} } }`,
    variables: {},
    token: secretariat,
    at: (d) => d.mailDeadLetters,
    foreign: async () => firstCursor(cycles),
  };

  const changesOf = (types: string[]): ListSpec => ({
    field: 'Query.changes',
    query: `query ($since: DateTime!, $types: [ChangeType!], $first: Int, $after: String) { changes(since: $since, types: $types, first: $first, after: $after) { ${PAGE} } }`,
    variables: { since, types },
    at: (d) => d.changes,
    // The feed of another kind of object is another list.
    foreign: async () => firstCursor(changesOf(['STAKEHOLDER'])),
  });

  LISTS.push(
    changesOf(['CONTRIBUTION']),
    stakeholders,
    consultations,
    { ...contributionsOf(a.globalId), parent: [a.consultation.id] },
    // The same consultation under another filter is another list.
    { ...contributionsOf(a.globalId), foreign: async () => firstCursor(contributionsOf(a.globalId, { group: 'CIVIL_SOCIETY' })), parent: [a.consultation.id] },
    repliesOf(parentA.id),
    revisionsOf(parentA.id),
    mine(author),
    cycles,
    cycleReports(y1),
    missing(y1),
    reportRevisions(org1.stakeholder.id),
    orgReports(org1.stakeholder.id),
    notifications(rep1, org1.stakeholder.id),
    deadLetters,
  );

  // Meetings: two held meetings (each with a decision of three subjects, two minutes revisions, two amendments), two years of meetings.
  const { AMEND, ATTEND, CIRCULATE, DRAFT_MINUTES, RECORD, REVISE_MINUTES, contributionGlobalId, createMeeting, meetingSetup, must } =
    await import('../helpers/meetings');
  const prepared = await Promise.all([meetingSetup('HELD', 3), meetingSetup('HELD', 3)]);
  const decisions: string[] = [];
  for (const held of prepared) {
    const attendees = await Promise.all([createPerson(), createPerson()]);
    must(
      await gql(
        ATTEND,
        {
          input: {
            meetingId: held.meetingId,
            entries: attendees.map((p) => ({ stakeholderId: p.globalId, role: 'OBSERVER', mode: 'ONLINE', status: 'PRESENT' })),
          },
        },
        held.secretariat,
      ),
    );
    const subjects = held.contributions.map((c) => ({ contribution: { contributionId: contributionGlobalId(c), disposition: 'NOTED', response: 'Noted.' } }));
    decisions.push(
      must(
        await gql(
          RECORD,
          { input: { meetingId: held.meetingId, text: 'Three subjects.', subjects, idempotencyKey: `cursor-${held.internalId}` } },
          held.chair.token,
        ),
      ).data?.recordDecision.decision.id,
    );
    must(await gql(DRAFT_MINUTES, { input: { meetingId: held.meetingId, version: held.version, body: 'First.' } }, held.secretariat));
    must(await gql(REVISE_MINUTES, { input: { meetingId: held.meetingId, version: 1, body: 'Second.' } }, held.secretariat));
    must(await gql(CIRCULATE, { input: { meetingId: held.meetingId, version: 2 } }, held.secretariat));
    for (const person of attendees) must(await gql(AMEND, { input: { meetingId: held.meetingId, text: `From ${person.globalId}` } }, person.token));
  }
  const [m1, m2] = prepared as [(typeof prepared)[number], (typeof prepared)[number]];
  const years = [randomInt(5000, 10_000), randomInt(5000, 10_000)].map((y, i) => y + i) as [number, number];
  for (const year of [...years, ...years]) await createMeeting(m1.secretariat, m1.chair, [], { year });
  const subjectsOf = (decisionId: string, other: string): ListSpec => ({
    field: 'Decision.subjects',
    query: `query ($id: ID!, $first: Int, $after: String) { decision(id: $id) { subjects(first: $first, after: $after) { ${PAGE} } } }`,
    variables: { id: decisionId },
    token: secretariat,
    at: (d) => d.decision?.subjects,
    foreign: async () => firstCursor(subjectsOf(other, decisionId)),
    parent: [Buffer.from(decisionId, 'base64url').toString('utf8').split(':')[1] as string],
  });
  const minutesList = (kind: 'amendments' | 'revisions', meeting: typeof m1, other: typeof m1): ListSpec => ({
    field: `Minutes.${kind}`,
    // Through node(id): the minutes come from batched reads, so a refused cursor sends no Query at all.
    query: `query ($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Minutes { ${kind}(first: $first, after: $after) { ${PAGE} } } } }`,
    variables: { id: toGlobalId('Minutes', meeting.internalId) },
    token: secretariat,
    at: (d) => d.node?.[kind],
    foreign: async () => firstCursor(minutesList(kind, other, meeting)),
    parent: [meeting.internalId],
  });
  const agendaContributions = (meeting: typeof m1, other: typeof m1): ListSpec => ({
    field: 'AgendaProcessing.contributions',
    // Through node(id): the meeting comes from a BatchGetItem (meeting(id) reads its whole page with a Query).
    query: `query ($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Meeting { agenda { processes { contributions(first: $first, after: $after) { ${NODE_PAGE()} } } } } } }`,
    variables: { id: meeting.meetingId },
    at: (d) => d.node?.agenda?.[1]?.processes?.contributions,
    foreign: async () => firstCursor(agendaContributions(other, meeting)),
    parent: [meeting.consultation.id],
  });
  const meetingsOf = (year: number, other: number): ListSpec => ({
    field: 'Query.meetings',
    query: `query ($year: Int, $first: Int, $after: String) { meetings(filter: { year: $year }, first: $first, after: $after) { ${PAGE} } }`,
    variables: { year },
    token: secretariat,
    at: (d) => d.meetings,
    foreign: async () => firstCursor(meetingsOf(other, year)),
    parent: [String(year)],
  });
  LISTS.push(
    subjectsOf(decisions[0] as string, decisions[1] as string),
    minutesList('amendments', m1, m2),
    minutesList('revisions', m1, m2),
    agendaContributions(m1, m2),
    meetingsOf(years[0], years[1]),
  );

  // The annual programme: two calls with two issues each, listed supporters, draft themes.
  const { createCall, submitIssue, SUPPORT_ISSUE } = await import('../programme/helpers');
  const [callA, callB] = [await createCall(), await createCall()];
  const issueAuthor = await createPerson();
  const supporters = [await createPerson(), await createPerson()];
  const issuesOf: Record<number, string[]> = {};
  for (const c of [callA, callB]) {
    issuesOf[c.year] = [(await submitIssue(issueAuthor.token, c.callId)).id, (await submitIssue(issueAuthor.token, c.callId)).id];
    for (const issueId of issuesOf[c.year]!) for (const s of supporters) await gql(SUPPORT_ISSUE, { input: { issueId, listed: true } }, s.token);
    for (let t = 0; t < 2; t++) {
      const theme = await gql(
        'mutation ($input: CreateThemeInput!) { createTheme(input: $input) { theme { id } } }',
        {
          input: {
            programmeId: c.programmeId,
            title: `Theme ${t}`,
            narrative: 'N.',
            developmentDimension: { linkage: 'DIRECT', explanation: 'Development is at its heart.' },
            policyQuestions: ['Q?'],
            issueIds: [issuesOf[c.year]![0]],
            idempotencyKey: `cursor-theme-${c.year}-${t}-${since}`,
          },
        },
        secretariat,
      );
      if (theme.errors) throw new Error(JSON.stringify(theme.errors));
    }
  }
  const themesOf = (year: number, other: number): ListSpec => ({
    field: 'Programme.themes',
    query: `query ($year: Int!, $first: Int, $after: String) { programme(year: $year) { themes(first: $first, after: $after) { ${NODE_PAGE()} } } }`,
    variables: { year },
    token: secretariat,
    at: (d) => d.programme?.themes,
    foreign: async () => firstCursor(themesOf(other, year)),
    parent: [String(year)],
  });
  const callIssuesOf = (year: number, other: number): ListSpec => ({
    field: 'IssueCall.issues',
    query: `query ($year: Int!, $first: Int, $after: String) { programme(year: $year) { issueCall { issues(first: $first, after: $after) { ${NODE_PAGE()} } } } }`,
    variables: { year },
    at: (d) => d.programme?.issueCall?.issues,
    foreign: async () => firstCursor(callIssuesOf(other, year)),
    parent: [String(year)],
  });
  const issuesByCallId = (c: typeof callA, other: typeof callA): ListSpec => ({
    field: 'Query.issues',
    query: `query ($callId: ID!, $first: Int, $after: String) { issues(callId: $callId, first: $first, after: $after) { ${NODE_PAGE()} } }`,
    variables: { callId: c.callId },
    at: (d) => d.issues,
    foreign: async () => firstCursor(issuesByCallId(other, c)),
    parent: [String(c.year)],
  });
  const listedOf = (issueId: string, otherId: string): ListSpec => ({
    field: 'Issue.listedSupporters',
    query: `query ($id: ID!, $first: Int, $after: String) { issue(id: $id) { listedSupporters(first: $first, after: $after) { ${NODE_PAGE('listed')} } } }`,
    variables: { id: issueId },
    at: (d) => d.issue?.listedSupporters,
    foreign: async () => firstCursor(listedOf(otherId, issueId)),
    parent: [Buffer.from(issueId, 'base64url').toString('utf8').split(':')[1] as string],
  });
  const [a1, a2] = issuesOf[callA.year] as [string, string];
  LISTS.push(
    themesOf(callA.year, callB.year),
    callIssuesOf(callA.year, callB.year),
    issuesByCallId(callA, callB),
    listedOf(a1, a2),
    {
      field: 'Query.myIssues',
      query: `query ($first: Int, $after: String) { myIssues(first: $first, after: $after) { ${NODE_PAGE()} } }`,
      variables: {},
      token: issueAuthor.token,
      at: (d) => d.myIssues,
      foreign: async () => firstCursor(issuesByCallId(callA, callB)),
    },
    {
      field: 'Query.programmes',
      query: `query ($first: Int, $after: String) { programmes(first: $first, after: $after) { ${NODE_PAGE()} } }`,
      variables: {},
      at: (d) => d.programmes,
      foreign: async () => firstCursor(themesOf(callA.year, callB.year)),
    },
  );

  // Session proposals: two proposers with three drafts each, every one inviting the same two speakers; one draft saved thrice.
  const { createProposalCall, draftProposal, proposalInput } = await import('../sessions/helpers');
  const proposalCall = await createProposalCall();
  const [speakerA, speakerB] = [await createPerson(), await createPerson()];
  const drafts: Record<string, string[]> = { [author.stakeholder.id]: [], [other.stakeholder.id]: [] };
  for (const [proposer, speaker] of [
    [author, speakerA],
    [other, speakerB],
  ] as const) {
    for (let i = 0; i < 3; i++) {
      const draft = await draftProposal(proposer.token, proposalInput(proposalCall, [proposer.globalId], [{ id: speaker.globalId }]));
      drafts[proposer.stakeholder.id]!.push(draft.id as string);
    }
    const first = drafts[proposer.stakeholder.id]![0]!;
    for (let version = 1; version <= 2; version++) {
      const saved = await gql(
        'mutation ($input: UpdateProposalInput!) { updateProposal(input: $input) { proposal { id } } }',
        { input: { id: first, version, title: `Save ${version}` } },
        proposer.token,
      );
      if (saved.errors) throw new Error(JSON.stringify(saved.errors));
    }
  }
  const myProposals = (person: TestPerson): ListSpec => ({
    field: 'Query.myProposals',
    query: `query ($first: Int, $after: String) { myProposals(first: $first, after: $after) { ${NODE_PAGE()} } }`,
    variables: {},
    token: person.token,
    at: (d) => d.myProposals,
    foreign: async () => firstCursor(myProposals(other)),
    parent: [person.stakeholder.id],
  });
  const myInvitations = (person: TestPerson): ListSpec => ({
    field: 'Query.myInvitations',
    query: `query ($first: Int, $after: String) { myInvitations(first: $first, after: $after) { ${NODE_PAGE()} } }`,
    variables: {},
    token: person.token,
    at: (d) => d.myInvitations,
    foreign: async () => firstCursor(myInvitations(speakerB)),
    parent: [person.stakeholder.id],
  });
  const proposalVersions = (proposalId: string, token: string): ListSpec => ({
    field: 'Proposal.versions',
    query: `query ($id: ID!, $first: Int, $after: String) { proposal(id: $id) { versions(first: $first, after: $after) { ${NODE_PAGE('version')} } } }`,
    variables: { id: proposalId },
    token,
    at: (d) => d.proposal?.versions,
    foreign: async () => firstCursor(proposalVersions(drafts[other.stakeholder.id]![0]!, other.token)),
    parent: [Buffer.from(proposalId, 'base64url').toString('utf8').split(':')[1]!],
  });
  LISTS.push(myProposals(author), myInvitations(speakerA), proposalVersions(drafts[author.stakeholder.id]![0]!, author.token));

  // Selection and the schedule: programme A with two scheduled sessions, two rooms and two releases; B with one of each.
  const { scene, place, release, at } = await import('../schedule/helpers');
  const [sa, sb] = [await scene(2), await scene(1)];
  await place(sa, 0, 0, at(sa, 1, '09:00'));
  if ((await release(sa)).errors) throw new Error('release A1');
  await place(sa, 1, 1, at(sa, 1, '09:00'));
  if ((await release(sa)).errors) throw new Error('release A2');
  await place(sb, 0, 0, at(sb, 1, '09:00'));
  if ((await release(sb)).errors) throw new Error('release B1');
  const programmeList = (field: string, inner: string, year: number, status?: string): ListSpec => ({
    field,
    query: `query ($year: Int!, $first: Int, $after: String${status ? ', $status: ProposalStatus!' : ''}) { programme(year: $year) { ${inner} } }`,
    variables: { year, ...(status ? { status } : {}) },
    at: (d) => {
      const path = field === 'Schedule.releases' ? d.programme?.schedule?.releases : d.programme?.[field.split('.')[1]!];
      return path;
    },
    foreign: async () => firstCursor(programmeList(field, inner, sb.call.year, status)),
    parent: [String(year)],
  });
  LISTS.push(
    programmeList('Programme.sessions', `sessions(status: $status, first: $first, after: $after) { ${NODE_PAGE()} }`, sa.call.year, 'SCHEDULED'),
    programmeList('Programme.rooms', `rooms(first: $first, after: $after) { ${NODE_PAGE()} }`, sa.call.year),
    programmeList('Schedule.releases', `schedule { releases(first: $first, after: $after) { ${NODE_PAGE('version')} } }`, sa.call.year),
  );
  // The MAG's evaluation: two rounds of one call, each with the same two proposals and six evaluators; a third round in another year.
  const evaluation = await import('../sessions/evaluation-helpers');
  const [setupA, setupB] = await Promise.all([evaluation.evaluationSetup({ proposals: 2, mag: 6 }), evaluation.evaluationSetup({ proposals: 0, mag: 0 })]);
  const [round1, round2] = [await evaluation.createRound(setupA), await evaluation.createRound(setupA)];
  await evaluation.createRound(setupB);
  for (const round of [round1, round2]) {
    const assigned = await gql(evaluation.ASSIGN, { input: { roundId: round.id } }, setupA.secretariat);
    if (assigned.errors) throw new Error(JSON.stringify(assigned.errors));
  }
  const evaluator = setupA.members[0]!;
  const roundsOf = (year: number, other: number): ListSpec => ({
    field: 'Programme.evaluationRounds',
    query: `query ($year: Int!, $first: Int, $after: String) { programme(year: $year) { evaluationRounds(first: $first, after: $after) { ${NODE_PAGE()} } } }`,
    variables: { year },
    at: (d) => d.programme?.evaluationRounds,
    foreign: async () => firstCursor(roundsOf(other, year)),
    parent: [String(year)],
  });
  const boardOf = (roundId: string, otherId: string): ListSpec => ({
    field: 'EvaluationRound.board',
    query: `query ($id: ID!, $first: Int, $after: String) { evaluationRound(id: $id) { board(first: $first, after: $after) { ${NODE_PAGE('title')} } } }`,
    variables: { id: roundId },
    token: setupA.secretariat,
    at: (d) => d.evaluationRound?.board,
    foreign: async () => firstCursor(boardOf(otherId, roundId)),
    parent: [evaluation.roundInternalId(roundId)],
  });
  const queueOf = (roundId: string, otherId: string): ListSpec => ({
    field: 'Query.myEvaluationQueue',
    query: `query ($roundId: ID!, $first: Int, $after: String) { myEvaluationQueue(roundId: $roundId, first: $first, after: $after) { ${NODE_PAGE('title')} } }`,
    variables: { roundId },
    token: evaluator.token,
    at: (d) => d.myEvaluationQueue,
    foreign: async () => firstCursor(queueOf(otherId, roundId)),
    parent: [evaluation.roundInternalId(roundId), evaluator.stakeholder.id],
  });
  LISTS.push(roundsOf(setupA.call.year, setupB.call.year), boardOf(round1.id, round2.id), queueOf(round1.id, round2.id));
}, 180_000);

describe('cursors on every list of the API', () => {
  it('pages every list with its own cursors, and binds the cursors of a list under a parent to that parent', async () => {
    for (const spec of LISTS) {
      const first = await page(spec);
      const connection = spec.at(first.result.data ?? {});
      expect({ field: spec.field, errors: first.result.errors, hasNextPage: connection?.pageInfo.hasNextPage }).toEqual({
        field: spec.field,
        errors: undefined,
        hasNextPage: true,
      });
      const second = await page(spec, connection!.pageInfo.endCursor!);
      const next = spec.at(second.result.data ?? {});
      expect({ field: spec.field, errors: second.result.errors, size: next?.edges.length }).toEqual({ field: spec.field, errors: undefined, size: 1 });
      expect(next!.edges[0]!.cursor).not.toBe(connection!.edges[0]!.cursor);
      for (const id of spec.parent ?? [])
        expect({ field: spec.field, scope: scopeOf(connection!.pageInfo.endCursor!) }).toEqual({ field: spec.field, scope: expect.stringContaining(id) });
    }
  }, 120_000);

  it('refuses forged and edited cursors on every list as BAD_USER_INPUT, with no item and no Query sent', async () => {
    for (const spec of LISTS) {
      const genuine = await firstCursor(spec);
      const foreignKey = keyOf(await spec.foreign());
      for (const [what, forged] of forgeries(genuine, foreignKey)) {
        expectRefused(await page(spec, forged), `${spec.field}: ${what}`);
      }
    }
  }, 120_000);

  it('refuses a genuine cursor of another list (another parent, filter or kind of list) on every list', async () => {
    for (const spec of LISTS) {
      const foreign = await spec.foreign();
      expect({ field: spec.field, same: scopeOf(foreign) === scopeOf(await firstCursor(spec)) }).toEqual({ field: spec.field, same: false });
      expectRefused(await page(spec, foreign), `${spec.field}: a cursor of another list`);
    }
  }, 60_000);

  it('refuses a validly signed cursor of the list that points into another partition (defence in depth), without a Query', async () => {
    for (const spec of LISTS) {
      if (spec.field === 'Query.myNotifications') continue; // its cursor holds the inner lists' own signed cursors (checked above)
      const genuine = await firstCursor(spec);
      const foreignKey = keyOf(await spec.foreign());
      if (JSON.stringify(foreignKey) === JSON.stringify(keyOf(genuine))) continue; // same partition, same item: a genuine cursor
      const signed = encodeCursor(scopeOf(genuine) as string, foreignKey as Record<string, unknown>);
      const outcome = await page(spec, signed);
      // Root lists of one partition under another filter may share the partition: then the key is merely a position in it.
      if (!outcome.result.errors && (spec.field === 'Query.stakeholders' || spec.field === 'Query.consultations' || spec.field === 'Query.reportingCycles'))
        continue;
      expectRefused(outcome, `${spec.field}: a signed key of another partition`);
    }
  }, 60_000);

  it('refuses any cursor on a list that is empty for the caller (a DRAFT list for the public, an unregistered user’s contributions)', async () => {
    const spec = LISTS.find((l) => l.field === 'ReportingCycle.reports') as ListSpec;
    const genuine = await firstCursor(spec);
    const newcomer = await newUserToken();

    const asPublic = await page({ ...spec, token: undefined, variables: { ...spec.variables, status: 'DRAFT' } }, genuine);
    const unregistered = await page({ ...(LISTS.find((l) => l.field === 'Query.myContributions') as ListSpec), token: newcomer.token }, genuine);

    expectRefused(asPublic, 'public DRAFT reports');
    expectRefused(unregistered, 'unregistered myContributions');
  });

  it('covers every connection field of the schema', () => {
    const schema = buildSchema(typeDefs);
    const named = (type: GraphQLOutputType): GraphQLNamedType => (isNonNullType(type) || isListType(type) ? named(type.ofType) : type);
    const connections = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((f) => named(f.type).name.endsWith('Connection'))
          .map((f) => `${type.name}.${f.name}`),
      );
    expect([...new Set(LISTS.map((l) => l.field))].sort()).toEqual([...new Set(connections)].sort());
  });
});
