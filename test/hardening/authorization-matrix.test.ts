/**
 * The authorization matrix: roles × secret objects × access paths. Every
 * secret carries a unique marker text (a draft's title, an answer's response,
 * a withdrawn text, a report draft, an early revision, a contact email, a
 * notification, mail preferences and subscriptions, a dead letter); each probe reaches it by one path — its own query, `node(id)`,
 * a list, or a nested field/edge from another object — and the marker must
 * appear in the response for exactly the roles allowed to see it, and nowhere
 * else. Refusals are FORBIDDEN/UNAUTHENTICATED, never a 5xx.
 *
 * docs/security.md, "Authorization on every node and edge", lists what
 * this covers.
 */
import { randomInt } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/core/dynamodb/client';
import { newId, toGlobalId } from '../../functions/core/ids';
import { answered, withdrawn, type Consultation } from '../../functions/modules/consultations/consultation.model';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as answerStore from '../../functions/modules/contributions/contribution-answers.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { notificationPut } from '../../functions/modules/reporting/reporting.items';
import { errorCode, gql, newUserToken, secretariatToken, unique, type GraphQLResponse } from '../helpers/api';
import { closedConsultation, contributeDirect, createConsultationDirect } from '../helpers/consultations';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle, PUBLISH, reportGlobalId, RETURN, save, SUBMIT } from '../helpers/reporting';
import { MessageRejected } from '@aws-sdk/client-sesv2';
import { named, transactWrite } from '../../functions/core/dynamodb/transact';
import { mailEvent } from '../../functions/modules/outbox';
import { concerning, injectSesFault, runSender } from '../helpers/mail';
import { createCall, submitIssue } from '../programme/helpers';
import { AMEND, ATTEND, CIRCULATE, CREATE_ACTION, DRAFT_MINUTES, RECORD, createMeeting, meetingSetup } from '../helpers/meetings';
import { CREATE_PROPOSAL, createProposalCall, proposalInput } from '../sessions/helpers';
import { DESIGN_MAIN_SESSION, eligibleProposal, select } from '../sessions/selection-helpers';
import { at as slotAt, place, scene } from '../schedule/helpers';

const ROLES = ['public', 'unregistered', 'stakeholder', 'author', 'representative', 'otherRepresentative', 'mag', 'secretariat'] as const;
type Role = (typeof ROLES)[number];

interface Probe {
  readonly secret: string;
  readonly path: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** The text that must show only to the allowed roles. */
  readonly marker: string;
  readonly allowed: readonly Role[];
}

const HOUR = 3_600_000;
const tokens = {} as Record<Role, string | undefined>;
const probes: Probe[] = [];

/** A draft consultation in a year the `consultations(filter: { year })` list can name (2000..2100). */
async function draftConsultation(title: string): Promise<Consultation> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const { consultation } = await createConsultationDirect({ status: 'DRAFT', year: randomInt(2000, 2101), sequence: randomInt(1, 4) });
      const retitled = { ...consultation, title, version: 2 };
      if (!(await consultationStore.saveConsultation(retitled, 1, { kind: 'edit', now: new Date() }))) throw new Error('draft not retitled');
      return retitled;
    } catch (error) {
      if (!(error instanceof Error && error.message === 'cycle slot taken')) throw error;
    }
  }
  throw new Error('no free consultation slot');
}

beforeAll(async () => {
  const m = {
    draftTitle: `Draft title ${unique()}`,
    answer: `Answer response ${unique()}`,
    withdrawnText: `Withdrawn text ${unique()}`,
    reportDraft: `Report draft ${unique()}`,
    earlyRevision: `Early revision ${unique()}`,
    publishedText: `Published text ${unique()}`,
    notification: `Notification ${unique()}`,
    returnReason: `Return reason ${unique()}`,
    deadLetter: `Dead letter ${unique()}`,
    subscriptionYear: randomInt(2000, 2101),
  };

  // People and organisations (names starting with "0" sort first in the year's lists).
  const [orgO, orgP] = await Promise.all([
    createOrganisation({ relevantOrganisation: true, name: `0 Matrix O ${unique()}` }),
    createOrganisation({ relevantOrganisation: true, name: `0 Matrix P ${unique()}` }),
  ]);
  const [stakeholder, author, representative, otherRepresentative, mag, unregistered, secretariat] = await Promise.all([
    createPerson(),
    createPerson(),
    createRepresentative([orgO.stakeholder.id]),
    createRepresentative([orgP.stakeholder.id]),
    createMagMember(),
    newUserToken(),
    secretariatToken(),
  ]);
  Object.assign(tokens, {
    public: undefined,
    unregistered: unregistered.token,
    stakeholder: stakeholder.token,
    author: author.token,
    representative: representative.token,
    otherRepresentative: otherRepresentative.token,
    mag: mag.token,
    secretariat,
  });

  // Consultations: a draft; a cancelled draft; one closed early (who did it is the secretariat's); a closed one with an answered contribution, a reply to it and a withdrawn one.
  const draft = await draftConsultation(m.draftTitle);
  const cancelledDraft = await draftConsultation(`Cancelled draft ${unique()}`);
  const dateChange = 'mutation ($input: ConsultationDateChangeInput!) { cancelConsultation(input: $input) { consultation { id } } }';
  if ((await gql(dateChange, { input: { id: toGlobalId('Consultation', cancelledDraft.id), version: 2, reason: 'Not needed' } }, secretariat)).errors)
    throw new Error('not cancelled');
  const { globalId: closedEarlyId } = await createConsultationDirect();
  const closedEarly = await gql(
    'mutation ($input: ConsultationDateChangeInput!) { closeConsultationEarly(input: $input) { consultation { dateChanges { changedBy } } } }',
    { input: { id: closedEarlyId, version: 1, reason: 'Closed for the matrix' } },
    secretariat,
  );
  const changedBy = closedEarly.data?.closeConsultationEarly.consultation.dateChanges[0]?.changedBy as string;
  if (!changedBy) throw new Error('not closed early');
  const { consultation: closed, globalId: closedId } = await closedConsultation(1);
  const opened = Date.parse(closed.opensAt);
  const x = await contributeDirect(closed, author.stakeholder, { at: new Date(opened + HOUR), body: 'An answered point.' });
  const y = await contributeDirect(closed, stakeholder.stakeholder, { at: new Date(opened + 2 * HOUR), parentId: x.id, body: 'A reply.' });
  const w = await contributeDirect(closed, author.stakeholder, { at: new Date(opened + 3 * HOUR), body: m.withdrawnText });
  const at = new Date(opened + 4 * HOUR);
  if ((await contributionStore.withdrawContribution(withdrawn(w, at), w.version, at)) !== 'saved') throw new Error('not withdrawn');
  const now = new Date();
  const answer = await answerStore.saveAnswers([{ previous: x, next: answered(x, 'ADDRESSED', m.answer, 'test', now) }], now);
  if (answer.kind !== 'saved') throw new Error('not answered');

  // Reports: O's stays a draft; P's is published after an early revision.
  const { year } = await createCycle();
  const O = orgO.stakeholder.id;
  const P = orgP.stakeholder.id;
  const must = (r: GraphQLResponse) => {
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r;
  };
  must(await save(representative.token, year, O, 1, [{ key: 'summary', text: m.reportDraft }]));
  must(await save(otherRepresentative.token, year, P, 1, [{ key: 'summary', text: m.earlyRevision }]));
  must(
    await save(otherRepresentative.token, year, P, 2, [
      { key: 'summary', text: 'Final.' },
      { key: 'activities', text: m.publishedText },
    ]),
  );
  must(await gql(SUBMIT, { input: { reportId: reportGlobalId(year, P), version: 3 } }, otherRepresentative.token));
  must(await gql(RETURN, { input: { reportId: reportGlobalId(year, P), version: 4, reason: m.returnReason } }, secretariat));
  must(await gql(SUBMIT, { input: { reportId: reportGlobalId(year, P), version: 5 } }, otherRepresentative.token));
  must(await gql(PUBLISH, { input: { reportId: reportGlobalId(year, P), version: 6 } }, secretariat));
  const notification = {
    id: newId(),
    organisationId: O,
    kind: 'REMINDER' as const,
    year,
    reportId: `${year}.${O}`,
    daysBefore: 7,
    message: m.notification,
    createdAt: new Date().toISOString(),
  };
  await documentClient().send(new PutCommand(notificationPut(notification).Put!));

  // Mail: the author turned a kind off and subscribed to a year; a mail to them was rejected and parked.
  must(
    await gql(
      'mutation ($input: SetMailPreferencesInput!) { setMailPreferences(input: $input) { preferences { kind } } }',
      { input: { preferences: [{ kind: 'REPORT_OVERDUE', enabled: false }] } },
      author.token,
    ),
  );
  must(
    await gql(
      'mutation ($input: ConsultationSubscriptionInput!) { subscribeToConsultations(input: $input) { subscriptions { year } } }',
      { input: { topic: { year: m.subscriptionYear } } },
      author.token,
    ),
  );
  await transactWrite([
    named('mail', mailEvent('REPORT_PUBLISHED', { type: 'stakeholder', stakeholderId: author.stakeholder.id }, { year: 2030 }, new Date())),
  ]);
  const rejection = injectSesFault(() => new MessageRejected({ message: m.deadLetter, $metadata: { httpStatusCode: 400 } }));
  try {
    await runSender(new Date(), { accept: concerning(author.stakeholder.id) });
  } finally {
    rejection.remove();
  }

  const X = toGlobalId('Contribution', x.id);
  const Y = toGlobalId('Contribution', y.id);
  const W = toGlobalId('Contribution', w.id);
  const D = toGlobalId('Consultation', draft.id);
  const gO = orgO.globalId;
  const gP = orgP.globalId;
  const reportO = reportGlobalId(year, O);
  const revision = (org: string, n: number) => toGlobalId('ReportRevision', `${year}.${org}.${n}`);
  const PAGE = (fields: string) => `edges { node { ${fields} } }`;
  const answerField = 'answer { response }';
  const revisionBodies = `revisions { ${PAGE('body')} }`;
  const reportRevisions = `revisions { ${PAGE('sections { text }')} }`;
  const SECRETARIAT: Role[] = ['secretariat'];
  const EARLY_ANSWERS: Role[] = ['mag', 'secretariat'];
  const WITHDRAWN: Role[] = ['author', 'secretariat'];
  const ORG_O_INTERNAL: Role[] = ['representative', 'mag', 'secretariat'];
  const ORG_P_HISTORY: Role[] = ['otherRepresentative', 'mag', 'secretariat'];
  const add = (secret: string, marker: string, allowed: Role[], list: [string, string, Record<string, unknown>][]) =>
    list.forEach(([path, query, variables]) => probes.push({ secret, path, query, variables, marker, allowed }));

  add('draft consultation', m.draftTitle, SECRETARIAT, [
    ['consultation(id)', 'query ($id: ID!) { consultation(id: $id) { title } }', { id: D }],
    ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Consultation { title } } }', { id: D }],
    ['consultations(year)', `query ($year: Int) { consultations(filter: { year: $year }, first: 100) { ${PAGE('title')} } }`, { year: draft.year }],
    [
      'consultations(DRAFT)',
      `query ($year: Int) { consultations(filter: { year: $year, status: DRAFT }, first: 100) { ${PAGE('title')} } }`,
      { year: draft.year },
    ],
  ]);
  const CD = toGlobalId('Consultation', cancelledDraft.id);
  add('cancelled draft consultation', cancelledDraft.title, SECRETARIAT, [
    ['consultation(id)', 'query ($id: ID!) { consultation(id: $id) { title } }', { id: CD }],
    ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Consultation { title } } }', { id: CD }],
    ['consultations(year)', `query ($year: Int) { consultations(filter: { year: $year }, first: 100) { ${PAGE('title')} } }`, { year: cancelledDraft.year }],
    [
      'consultations(CANCELLED)',
      `query ($year: Int) { consultations(filter: { year: $year, status: CANCELLED }, first: 100) { ${PAGE('title')} } }`,
      { year: cancelledDraft.year },
    ],
  ]);
  add("who changed a consultation's dates", changedBy, SECRETARIAT, [
    ['consultation(id).dateChanges', 'query ($id: ID!) { consultation(id: $id) { dateChanges { changedBy } } }', { id: closedEarlyId }],
    ['node(id).dateChanges', 'query ($id: ID!) { node(id: $id) { ... on Consultation { dateChanges { changedBy } } } }', { id: closedEarlyId }],
  ]);
  add('answer before the synthesis', m.answer, EARLY_ANSWERS, [
    ['contribution(id).answer', `query ($id: ID!) { contribution(id: $id) { ${answerField} } }`, { id: X }],
    ['node(id).answer', `query ($id: ID!) { node(id: $id) { ... on Contribution { ${answerField} } } }`, { id: X }],
    [
      'consultation.contributions.answer',
      `query ($id: ID!) { consultation(id: $id) { contributions(first: 100) { ${PAGE(answerField)} } } }`,
      { id: closedId },
    ],
    ['reply.parent.answer', `query ($id: ID!) { contribution(id: $id) { parent { ${answerField} } } }`, { id: Y }],
    ['replies.parent.answer', `query ($id: ID!) { contribution(id: $id) { replies { ${PAGE(`parent { ${answerField} }`)} } } }`, { id: X }],
  ]);
  // The author's own list: an author who is not on the MAG does not see the answer early either.
  add(
    'answer before the synthesis (own list)',
    m.answer,
    [],
    [['myContributions.answer', `query { myContributions(first: 100) { ${PAGE(answerField)} } }`, {}]],
  );
  add('disposition filter before the synthesis', X, EARLY_ANSWERS, [
    [
      'contributions(filter: disposition)',
      `query ($id: ID!) { consultation(id: $id) { contributions(filter: { disposition: ADDRESSED }) { ${PAGE('id')} } } }`,
      { id: closedId },
    ],
  ]);
  add('disposition counts before the synthesis', '"answered":1', EARLY_ANSWERS, [
    ['consultation.counts', 'query ($id: ID!) { consultation(id: $id) { counts { answered byDisposition { disposition contributions } } } }', { id: closedId }],
  ]);
  add('withdrawn text', m.withdrawnText, WITHDRAWN, [
    ['contribution(id).body+revisions', `query ($id: ID!) { contribution(id: $id) { body ${revisionBodies} } }`, { id: W }],
    ['node(id).revisions', `query ($id: ID!) { node(id: $id) { ... on Contribution { body ${revisionBodies} } } }`, { id: W }],
    [
      'consultation.contributions.revisions',
      `query ($id: ID!) { consultation(id: $id) { contributions(first: 50) { ${PAGE(`body ${revisionBodies}`)} } } }`,
      { id: closedId },
    ],
  ]);
  add(
    'withdrawn text (own list)',
    m.withdrawnText,
    ['author'],
    [['myContributions.revisions', `query { myContributions(first: 50) { ${PAGE(`body ${revisionBodies}`)} } }`, {}]],
  );
  // The receipt salt of a contribution: its author alone may confirm a text against the public digest.
  const salt = w.receiptSalt as string;
  add(
    'receipt salt',
    salt,
    ['author'],
    [
      ['contribution(id).receipt.salt', 'query ($id: ID!) { contribution(id: $id) { receipt { digest salt } } }', { id: W }],
      ['node(id).receipt.salt', 'query ($id: ID!) { node(id: $id) { ... on Contribution { receipt { salt } } } }', { id: W }],
      [
        'consultation.contributions.receipt.salt',
        `query ($id: ID!) { consultation(id: $id) { contributions(first: 50) { ${PAGE('receipt { salt }')} } } }`,
        { id: closedId },
      ],
      ['myContributions.receipt.salt', `query { myContributions(first: 50) { ${PAGE('receipt { salt }')} } }`, {}],
    ],
  );
  add('unpublished report', m.reportDraft, ORG_O_INTERNAL, [
    ['report(organisation, year)', 'query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { sections { text } } }', { org: gO, year }],
    ['node(report id)', 'query ($id: ID!) { node(id: $id) { ... on Report { sections { text } } } }', { id: reportO }],
    ['node(revision id)', 'query ($id: ID!) { node(id: $id) { ... on ReportRevision { sections { text } } } }', { id: revision(O, 1) }],
    ['stakeholder.reports', `query ($id: ID!) { stakeholder(id: $id) { reports(first: 100) { ${PAGE('sections { text }')} } } }`, { id: gO }],
    ['report.revisions', `query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { ${reportRevisions} } }`, { org: gO, year }],
  ]);
  add(
    'unpublished report in the cycle list',
    m.reportDraft,
    ['mag', 'secretariat'],
    [
      ['reportingCycle.reports', `query ($year: Int!) { reportingCycle(year: $year) { reports(first: 5) { ${PAGE('sections { text }')} } } }`, { year }],
      [
        'reportingCycle.reports(DRAFT)',
        `query ($year: Int!) { reportingCycle(year: $year) { reports(status: DRAFT, first: 5) { ${PAGE('sections { text }')} } } }`,
        { year },
      ],
    ],
  );
  add("a published report's revisions", m.earlyRevision, ORG_P_HISTORY, [
    ['report.revisions', `query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { ${reportRevisions} } }`, { org: gP, year }],
    [
      'report.comparison',
      'query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { comparison(from: 1, to: 2) { sections { before after } } } }',
      { org: gP, year },
    ],
    ['node(revision id)', 'query ($id: ID!) { node(id: $id) { ... on ReportRevision { sections { text } } } }', { id: revision(P, 1) }],
    // 90 reports with their revisions: within the request budget (limits.ts), and more than the cycles the whole suite creates.
    ['stakeholder.reports.revisions', `query ($id: ID!) { stakeholder(id: $id) { reports(first: 90) { ${PAGE(reportRevisions)} } } }`, { id: gP }],
    [
      'reportingCycle.reports.revisions',
      `query ($year: Int!) { reportingCycle(year: $year) { reports(status: PUBLISHED, first: 5) { ${PAGE(reportRevisions)} } } }`,
      { year },
    ],
  ]);
  add("a published report's review history", m.returnReason, ORG_P_HISTORY, [
    ['report.returnReason', 'query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { returnReason returnedAt } }', { org: gP, year }],
    ['stakeholder.reports.returnReason', `query ($id: ID!) { stakeholder(id: $id) { reports(first: 100) { ${PAGE('returnReason')} } } }`, { id: gP }],
  ]);
  add(
    'a published report (public)',
    m.publishedText,
    [...ROLES],
    [
      ['report(organisation, year)', 'query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { sections { text } } }', { org: gP, year }],
      ['node(report id)', 'query ($id: ID!) { node(id: $id) { ... on Report { sections { text } } } }', { id: reportGlobalId(year, P) }],
    ],
  );
  add(
    "an author's contact email",
    author.stakeholder.contactEmail,
    ['author', 'secretariat'],
    [
      ['stakeholder(id)', 'query ($id: ID!) { stakeholder(id: $id) { contactEmail } }', { id: author.globalId }],
      ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Stakeholder { contactEmail } } }', { id: author.globalId }],
      ['contribution.author', 'query ($id: ID!) { contribution(id: $id) { author { contactEmail } } }', { id: X }],
      [
        'consultation.contributions.author',
        `query ($id: ID!) { consultation(id: $id) { contributions(first: 100) { ${PAGE('author { contactEmail }')} } } }`,
        { id: closedId },
      ],
    ],
  );
  add("an organisation's contact email", orgP.stakeholder.contactEmail, SECRETARIAT, [
    ['report.organisation', 'query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { organisation { contactEmail } } }', { org: gP, year }],
    [
      'representative.representativeOf',
      'query ($id: ID!) { stakeholder(id: $id) { representativeOf { contactEmail } } }',
      { id: otherRepresentative.globalId },
    ],
  ]);
  add("an organisation's contact email (missing list)", orgO.stakeholder.contactEmail, SECRETARIAT, [
    [
      'compliance.missingOrganisations.organisation',
      `query ($year: Int!) { reportingCycle(year: $year) { compliance { missingOrganisations(first: 5) { ${PAGE('organisation { contactEmail }')} } } } }`,
      { year },
    ],
  ]);
  // Its representative reads its notifications, not its contact email (only the secretariat does, and has no notifications).
  add(
    "an organisation's contact email (notifications)",
    orgO.stakeholder.contactEmail,
    [],
    [['myNotifications.organisation', `query { myNotifications { ${PAGE('organisation { contactEmail }')} } }`, {}]],
  );
  add(
    "a representative's contact email",
    representative.stakeholder.contactEmail,
    ['representative', 'secretariat'],
    [
      ['organisation.representatives', 'query ($id: ID!) { stakeholder(id: $id) { representatives { contactEmail } } }', { id: gO }],
      [
        'revision.savedBy',
        `query ($org: ID!, $year: Int!) { report(organisation: $org, year: $year) { revisions { ${PAGE('savedBy { contactEmail }')} } } }`,
        { org: gO, year },
      ],
    ],
  );
  add(
    "a MAG member's contact email",
    mag.stakeholder.contactEmail,
    ['mag', 'secretariat'],
    [['magComposition.members', 'query { magComposition { members { contactEmail } } }', {}]],
  );
  add(
    "an author's confirmed address and its status",
    '"contactEmailStatus":"CONFIRMED"',
    ['author', 'secretariat'],
    [
      ['stakeholder(id)', 'query ($id: ID!) { stakeholder(id: $id) { contactEmailStatus confirmedContactEmail } }', { id: author.globalId }],
      ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Stakeholder { contactEmailStatus } } }', { id: author.globalId }],
      ['contribution.author', 'query ($id: ID!) { contribution(id: $id) { author { contactEmailStatus } } }', { id: X }],
    ],
  );
  add(
    "an author's confirmed address",
    author.stakeholder.contactEmail,
    ['author', 'secretariat'],
    [
      [
        'consultation.contributions.author.confirmedContactEmail',
        `query ($id: ID!) { consultation(id: $id) { contributions(first: 100) { ${PAGE('author { confirmedContactEmail }')} } } }`,
        { id: closedId },
      ],
    ],
  );
  add(
    "an author's mail preferences",
    '{"kind":"REPORT_OVERDUE","enabled":false}',
    ['author', 'secretariat'],
    [
      ['stakeholder(id).mailPreferences', 'query ($id: ID!) { stakeholder(id: $id) { mailPreferences { kind enabled } } }', { id: author.globalId }],
      ['contribution.author.mailPreferences', 'query ($id: ID!) { contribution(id: $id) { author { mailPreferences { kind enabled } } } }', { id: X }],
    ],
  );
  add(
    "an author's consultation subscriptions",
    `"consultationSubscriptions":[{"year":${m.subscriptionYear}}]`,
    ['author', 'secretariat'],
    [
      [
        'stakeholder(id).consultationSubscriptions',
        'query ($id: ID!) { stakeholder(id: $id) { consultationSubscriptions { year } } }',
        { id: author.globalId },
      ],
      [
        'reply.parent.author.consultationSubscriptions',
        'query ($id: ID!) { contribution(id: $id) { parent { author { consultationSubscriptions { year } } } } }',
        { id: Y },
      ],
    ],
  );
  add('a dead letter', m.deadLetter, SECRETARIAT, [
    ['mailDeadLetters', `query { mailDeadLetters(first: 100) { ${PAGE('lastError reason recipient { id }')} } }`, {}],
  ]);
  // The annual programme: a withdrawn issue, an unlisted supporter and their comment, a draft theme.
  const m2 = { withdrawnIssue: `Withdrawn issue ${unique()}`, supportComment: `Support comment ${unique()}`, draftTheme: `Draft theme ${unique()}` };
  const issueCall = await createCall();
  const [gone, standing] = [
    await submitIssue(author.token, issueCall.callId, { title: m2.withdrawnIssue }),
    await submitIssue(author.token, issueCall.callId, { title: 'A standing issue' }),
  ];
  const withdrawnIssue = await gql(
    'mutation ($input: WithdrawIssueInput!) { withdrawIssue(input: $input) { issue { id } } }',
    { input: { id: gone.id, version: 1 } },
    author.token,
  );
  const supported = await gql(
    'mutation ($input: SupportIssueInput!) { supportIssue(input: $input) { issue { id } } }',
    { input: { issueId: standing.id, comment: m2.supportComment } },
    stakeholder.token,
  );
  const draftTheme = await gql(
    'mutation ($input: CreateThemeInput!) { createTheme(input: $input) { theme { id } } }',
    {
      input: {
        programmeId: issueCall.programmeId,
        title: m2.draftTheme,
        narrative: 'A draft.',
        developmentDimension: { linkage: 'DIRECT', explanation: 'Development is the heart of it.' },
        policyQuestions: ['Which?'],
        issueIds: [standing.id],
        idempotencyKey: unique('key-'),
      },
    },
    secretariat,
  );
  if (withdrawnIssue.errors || supported.errors || draftTheme.errors) throw new Error('programme secrets not stored');
  const themeId = draftTheme.data?.createTheme.theme.id as string;
  add(
    'a withdrawn issue',
    m2.withdrawnIssue,
    ['author', 'secretariat'],
    [
      ['issue(id)', 'query ($id: ID!) { issue(id: $id) { title } }', { id: gone.id }],
      ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Issue { title } } }', { id: gone.id }],
    ],
  );
  // The call's lists hold standing issues only, for everyone.
  add(
    'a withdrawn issue (call list)',
    m2.withdrawnIssue,
    [],
    [
      [
        'issueCall.issues',
        `query ($year: Int!) { programme(year: $year) { issueCall { issues(orderBy: NEWEST) { ${PAGE('title')} } } } }`,
        { year: issueCall.year },
      ],
    ],
  );
  add('a withdrawn issue (own list)', m2.withdrawnIssue, ['author'], [['myIssues', `query { myIssues { ${PAGE('title')} } }`, {}]]);
  // Supporters who did not choose to be listed: their identity and comment only to themselves; they count, unnamed.
  add(
    "an unlisted supporter's comment",
    m2.supportComment,
    ['stakeholder'],
    [['issue.mySupport', 'query ($id: ID!) { issue(id: $id) { mySupport { comment } } }', { id: standing.id }]],
  );
  add(
    "an unlisted supporter's identity",
    stakeholder.globalId,
    ['stakeholder'],
    [['issue.mySupport.supporter', 'query ($id: ID!) { issue(id: $id) { mySupport { supporter { id } } } }', { id: standing.id }]],
  );
  add(
    'an unlisted support in the listed supporters',
    m2.supportComment,
    [],
    [['issue.listedSupporters', `query ($id: ID!) { issue(id: $id) { listedSupporters { ${PAGE('comment supporter { id }')} } } }`, { id: standing.id }]],
  );
  add(
    'a draft theme',
    m2.draftTheme,
    ['mag', 'secretariat'],
    [
      ['theme(id)', 'query ($id: ID!) { theme(id: $id) { title } }', { id: themeId }],
      ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Theme { title } } }', { id: themeId }],
      ['programme.themes', `query ($year: Int!) { programme(year: $year) { themes { ${PAGE('title')} } } }`, { year: issueCall.year }],
    ],
  );
  add(
    "another organisation's notifications",
    m.notification,
    ['representative'],
    [
      ['myNotifications', `query { myNotifications(first: 100) { ${PAGE('message')} } }`, {}],
      ['myNotifications.report', `query { myNotifications(first: 100) { ${PAGE('message report { sections { text } }')} } }`, {}],
    ],
  );
  // MAG meetings: a planned meeting, and a held one with a proposed decision, attendance, an action item and circulated
  // minutes with an amendment — all internal (MAG members of the year, the chair, the secretariat) until published.
  const mm = {
    plannedTitle: `Planned meeting ${unique()}`,
    proposed: `Proposed decision ${unique()}`,
    attendee: `Attendee ${unique()}`,
    action: `Action item ${unique()}`,
    minutesBody: `Circulated minutes ${unique()}`,
    amendment: `Amendment ${unique()}`,
  };
  const held = await meetingSetup('HELD', 1);
  const planned = await createMeeting(held.secretariat, held.chair, [], { title: mm.plannedTitle });
  const attendee = await createPerson({ stakeholder: { name: mm.attendee } });
  must(
    await gql(
      ATTEND,
      { input: { meetingId: held.meetingId, entries: [{ stakeholderId: attendee.globalId, role: 'OBSERVER', mode: 'ONLINE', status: 'PRESENT' }] } },
      held.secretariat,
    ),
  );
  const agendaItemId = must(await gql('query ($id: ID!) { meeting(id: $id) { agenda { id } } }', { id: held.meetingId }, held.secretariat)).data?.meeting
    .agenda[1].id;
  must(
    await gql(
      'mutation ($input: RecordInterventionsInput!) { recordInterventions(input: $input) { meeting { id } } }',
      { input: { meetingId: held.meetingId, entries: [{ agendaItemId, speakerId: attendee.globalId, minutes: 3 }], idempotencyKey: unique('key-') } },
      held.chair.token,
    ),
  );
  const proposed = must(await gql(RECORD, { input: { meetingId: held.meetingId, text: mm.proposed, idempotencyKey: unique('key-') } }, held.chair.token)).data
    ?.recordDecision.decision;
  must(
    await gql(
      CREATE_ACTION,
      { input: { meetingId: held.meetingId, text: mm.action, ownerId: held.chair.globalId, dueAt: '2030-01-01T00:00:00Z' } },
      held.secretariat,
    ),
  );
  must(await gql(DRAFT_MINUTES, { input: { meetingId: held.meetingId, version: held.version, body: mm.minutesBody } }, held.secretariat));
  must(await gql(CIRCULATE, { input: { meetingId: held.meetingId, version: 1 } }, held.secretariat));
  must(await gql(AMEND, { input: { meetingId: held.meetingId, text: mm.amendment } }, attendee.token));
  const MAG_INTERNAL: Role[] = ['mag', 'secretariat'];
  const H = held.meetingId;
  const meetingYear = new Date().getUTCFullYear();
  add('a planned meeting', mm.plannedTitle, MAG_INTERNAL, [
    ['meeting(id)', 'query ($id: ID!) { meeting(id: $id) { title } }', { id: planned.id }],
    ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Meeting { title } } }', { id: planned.id }],
    [
      'meetings(year, PLANNED)',
      `query ($year: Int) { meetings(filter: { year: $year, status: PLANNED }, first: 100) { ${PAGE('title')} } }`,
      { year: meetingYear },
    ],
  ]);
  add('a proposed decision', mm.proposed, MAG_INTERNAL, [
    ['decision(id)', 'query ($id: ID!) { decision(id: $id) { text } }', { id: proposed.id }],
    ['node(decision id)', 'query ($id: ID!) { node(id: $id) { ... on Decision { text } } }', { id: proposed.id }],
    ['meeting.decisions', 'query ($id: ID!) { meeting(id: $id) { decisions { text } } }', { id: H }],
    ['consultation.meetings.decisions', 'query ($id: ID!) { consultation(id: $id) { meetings { decisions { text } } } }', { id: held.consultationId }],
  ]);
  add('attendance before the minutes are published', mm.attendee, MAG_INTERNAL, [
    ['meeting.attendance', 'query ($id: ID!) { meeting(id: $id) { attendance { stakeholder { name } } } }', { id: H }],
    ['node(meeting).attendance', 'query ($id: ID!) { node(id: $id) { ... on Meeting { attendance { stakeholder { name } } } } }', { id: H }],
  ]);
  add('interventions before the minutes are published', mm.attendee, MAG_INTERNAL, [
    ['meeting.speaking', 'query ($id: ID!) { meeting(id: $id) { speaking { byAgendaItem { interventions { speaker { name } } } } } }', { id: H }],
    [
      'node(meeting).speaking',
      'query ($id: ID!) { node(id: $id) { ... on Meeting { speaking { byAgendaItem { interventions { speaker { name } } } } } } }',
      { id: H },
    ],
  ]);
  add('action items before the minutes are published', mm.action, MAG_INTERNAL, [
    ['meeting.actionItems', 'query ($id: ID!) { meeting(id: $id) { actionItems { text } } }', { id: H }],
  ]);
  add('circulated minutes', mm.minutesBody, MAG_INTERNAL, [
    ['meeting.minutes', 'query ($id: ID!) { meeting(id: $id) { minutes { body } } }', { id: H }],
    [
      'node(minutes id)',
      'query ($id: ID!) { node(id: $id) { ... on Minutes { body revisions { edges { node { body } } } } } }',
      { id: toGlobalId('Minutes', held.internalId) },
    ],
  ]);
  add('amendments to circulated minutes', mm.amendment, MAG_INTERNAL, [
    ['meeting.minutes.amendments', `query ($id: ID!) { meeting(id: $id) { minutes { amendments { ${PAGE('text')} } } } }`, { id: H }],
  ]);
  // Session proposals: a draft (its proposer, speakers and the secretariat only) and a speaker's self-declared gender.
  const ms = { proposalTitle: `Draft proposal ${unique()}`.slice(0, 60) };
  const proposalCall = await createProposalCall();
  must(
    await gql(
      'mutation ($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { stakeholder { id } } }',
      { input: { id: author.globalId, version: 1, gender: 'NON_BINARY' } },
      author.token,
    ),
  );
  const proposal = must(
    await gql(
      CREATE_PROPOSAL,
      { input: proposalInput(proposalCall, [author.globalId], [{ id: author.globalId }, { id: stakeholder.globalId }], { title: ms.proposalTitle }) },
      author.token,
    ),
  ).data?.createProposal.proposal;
  const PROPOSAL_READERS: Role[] = ['author', 'stakeholder', 'secretariat'];
  add('a draft proposal', ms.proposalTitle, PROPOSAL_READERS, [
    ['proposal(id)', 'query ($id: ID!) { proposal(id: $id) { title } }', { id: proposal.id }],
    ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Proposal { title } } }', { id: proposal.id }],
    ['proposal.versions', `query ($id: ID!) { proposal(id: $id) { versions { ${PAGE('title')} } } }`, { id: proposal.id }],
  ]);
  add('a draft proposal (own list)', ms.proposalTitle, ['author'], [['myProposals', `query { myProposals { ${PAGE('title')} } }`, {}]]);
  add('a draft proposal (invitations)', ms.proposalTitle, ['author', 'stakeholder'], [['myInvitations', `query { myInvitations { ${PAGE('title')} } }`, {}]]);
  add(
    "a person's self-declared gender",
    '"gender":"NON_BINARY"',
    ['author', 'secretariat'],
    [
      ['stakeholder(id)', 'query ($id: ID!) { stakeholder(id: $id) { gender } }', { id: author.globalId }],
      ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Stakeholder { gender } } }', { id: author.globalId }],
      ['proposal.speakers.stakeholder', 'query ($id: ID!) { proposal(id: $id) { speakers { stakeholder { gender } } } }', { id: proposal.id }],
      ['proposal.proposer', 'query ($id: ID!) { proposal(id: $id) { proposer { gender } } }', { id: proposal.id }],
    ],
  );
  // Selection and the schedule: a main session's design (the MAG of its year, its working group, the secretariat) and
  // the unreleased schedule (the same). The programme's year is far from the matrix MAG member's term: only the
  // secretariat of these roles sees them (MAG members in term are tested in test/schedule and test/sessions).
  const sc = await scene(1);
  const slot = await place(sc, 0, 0, slotAt(sc, 1, '09:00'));
  const term = { startYear: sc.call.year, endYear: sc.call.year };
  const designer = await createPerson({ roles: { magTerm: term }, stakeholder: { magTerm: term } });
  const mainTitle = `Main session ${unique()}`.slice(0, 60);
  const main = must(
    await gql(
      DESIGN_MAIN_SESSION,
      {
        input: {
          themeId: sc.call.themeId,
          format: 'PANEL',
          durationMinutes: 90,
          policyQuestions: [0],
          title: mainTitle,
          description: 'A main session the working group is still designing.',
          workingGroupIds: [designer.globalId],
          speakers: [{ stakeholderId: stakeholder.globalId, role: 'SPEAKER', attendance: 'ONSITE' }],
          idempotencyKey: unique('key-'),
        },
      },
      designer.token,
    ),
  ).data?.designMainSession.proposal;
  add(
    "a main session's design",
    mainTitle,
    ['stakeholder', 'secretariat'],
    [
      ['proposal(id)', 'query ($id: ID!) { proposal(id: $id) { title } }', { id: main.id }],
      ['node(id)', 'query ($id: ID!) { node(id: $id) { ... on Proposal { title } } }', { id: main.id }],
    ],
  );
  add(
    "a main session's design in the programme's lists",
    mainTitle,
    ['secretariat'],
    [['programme.sessions(DRAFT)', `query ($year: Int!) { programme(year: $year) { sessions(status: DRAFT) { ${PAGE('title')} } } }`, { year: sc.call.year }]],
  );
  add(
    'an unreleased schedule',
    slot.id,
    ['secretariat'],
    [
      [
        'programme.schedule.workInProgress',
        'query ($year: Int!) { programme(year: $year) { schedule { workInProgress { slots { id } } } } }',
        { year: sc.call.year },
      ],
      ['node(slot id)', 'query ($id: ID!) { node(id: $id) { ... on ScheduleSlot { id } } }', { id: slot.id }],
    ],
  );
  add(
    'an unreleased slot in the released schedule',
    slot.id,
    [],
    [
      [
        'scheduleDay',
        'query ($year: Int!, $date: String!) { scheduleDay(year: $year, date: $date) { slots { id } } }',
        { year: sc.call.year, date: `${sc.call.year}-06-24` },
      ],
    ],
  );

  // A selected session's panel genders: the session is public with its speakers named, so counts below 5 would tell
  // each speaker's declared gender. A workshop of the scene's call, accepted at its meeting, whose panel is the
  // matrix stakeholder, a woman and a man: its participants (the stakeholder speaks on it) and the secretariat see
  // the counts; everyone else reads the session with `byGender: []`.
  const [woman, man] = await Promise.all([
    createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC', gender: 'WOMAN' } }),
    createPerson({ stakeholder: { group: 'TECHNICAL_COMMUNITY', region: 'EASTERN_EUROPEAN', gender: 'MAN' } }),
  ]);
  const panel = await eligibleProposal(sc.call, sc.proposer, { speakers: [stakeholder, woman, man] });
  await select(sc, [{ proposalId: panel.id, outcome: 'ACCEPTED' }]);
  const GENDERS = 'status diversity { byGender { gender count } }';
  add(
    "a selected session's small panel genders",
    '{"gender":"MAN","count":1}',
    ['stakeholder', 'secretariat'],
    [
      ['proposal(id).diversity', `query ($id: ID!) { proposal(id: $id) { ${GENDERS} } }`, { id: panel.id }],
      ['node(id).diversity', `query ($id: ID!) { node(id: $id) { ... on Proposal { ${GENDERS} } } }`, { id: panel.id }],
      [
        'programme.sessions(ACCEPTED).diversity',
        `query ($year: Int!) { programme(year: $year) { sessions(status: ACCEPTED) { ${PAGE(GENDERS)} } } }`,
        { year: sc.call.year },
      ],
    ],
  );

  // The MAG's evaluation: a blind round in the proposal's year where the MAG member evaluates the author's proposal
  // (submitted) and another (not yet), beside two other evaluators — one who scored, one who declared a conflict.
  const me = {
    otherComment: `Other evaluator's comment ${unique()}`,
    hiddenComment: `Comment before own evaluation ${unique()}`,
    conflict: `Conflict statement ${unique()}`,
  };
  const evaluationSetup = await matrixEvaluation(proposalCall, proposal.id, author, stakeholder, mag, me);
  const SHEET_PATHS = (field: string): [string, string, Record<string, unknown>][] => [
    ['evaluationSheet(id)', `query ($id: ID!) { evaluationSheet(id: $id) { ${field} } }`, { id: evaluationSetup.sheet }],
    ['node(sheet id)', `query ($id: ID!) { node(id: $id) { ... on EvaluationSheet { ${field} } } }`, { id: evaluationSetup.sheet }],
  ];
  // The queue is one's own: only the MAG member has one here.
  const QUEUE_PATH = (field: string): [string, string, Record<string, unknown>] => [
    'myEvaluationQueue.sheet',
    `query ($id: ID!) { myEvaluationQueue(roundId: $id) { ${PAGE(`sheet { ${field} }`)} } }`,
    { id: evaluationSetup.round },
  ];
  const IDENTITIES = 'proposer { name } organisers { name } speakers { stakeholder { name contactEmail } }';
  add('who proposes and speaks, in a blind round', author.stakeholder.name, SECRETARIAT, SHEET_PATHS(IDENTITIES));
  add('who proposes and speaks, in a blind round (the evaluator’s queue)', author.stakeholder.name, [], [QUEUE_PATH(IDENTITIES)]);
  add(
    'who evaluates a proposal',
    mag.stakeholder.name,
    ['mag', 'secretariat'],
    SHEET_PATHS('evaluations { evaluator { name } } evaluators { stakeholder { name } }'),
  );
  add(
    "another evaluator's scores, once one's own evaluation is in",
    me.otherComment,
    ['mag', 'secretariat'],
    SHEET_PATHS('evaluations { comment weightedScore }'),
  );
  add("another evaluator's scores (the evaluator’s queue)", me.otherComment, ['mag'], [QUEUE_PATH('evaluations { comment }')]);
  add("another evaluator's scores, before one's own evaluation is in", me.hiddenComment, SECRETARIAT, [
    ['evaluationSheet(id)', 'query ($id: ID!) { evaluationSheet(id: $id) { evaluations { comment } figures { median } } }', { id: evaluationSetup.otherSheet }],
    ['node(sheet id)', 'query ($id: ID!) { node(id: $id) { ... on EvaluationSheet { evaluations { comment } } } }', { id: evaluationSetup.otherSheet }],
  ]);
  add('a declared conflict of interest', me.conflict, SECRETARIAT, SHEET_PATHS('evaluations { declineStatement } evaluators { status }'));
  add('a declared conflict of interest (the evaluator’s queue)', me.conflict, [], [QUEUE_PATH('evaluations { declineStatement }')]);
  add('the ranked board while the round is open', evaluationSetup.otherTitle, SECRETARIAT, [
    ['evaluationRound.board', `query ($id: ID!) { evaluationRound(id: $id) { board { ${PAGE('title figures { median }')} } } }`, { id: evaluationSetup.round }],
    ['node(round).board', `query ($id: ID!) { node(id: $id) { ... on EvaluationRound { board { ${PAGE('title')} } } } }`, { id: evaluationSetup.round }],
    // The payload of a settings change (refused to all but the secretariat, whose one run retitles the round).
    [
      'updateEvaluationRound.round.board',
      `mutation ($input: UpdateEvaluationRoundInput!) { updateEvaluationRound(input: $input) { round { board { ${PAGE('title')} } } } }`,
      { input: { roundId: evaluationSetup.round, version: 1, title: 'The matrix round, retitled' } },
    ],
  ]);
  // Proposals in the change feed, from the proposal's latest change (oldest first: it leads the page).
  const { getProposalConsistent } = await import('../../functions/modules/sessions/sessions.store');
  const feedSince = (await getProposalConsistent(Buffer.from(proposal.id, 'base64url').toString('utf8').split(':')[1]!))!.updatedAt;
  add('who proposes and speaks on a draft proposal, and its title (the change feed)', author.stakeholder.name, PROPOSAL_READERS, [
    [
      'changes(PROPOSAL)',
      `query ($since: DateTime!) { changes(since: $since, types: [PROPOSAL], first: 50) { ${PAGE('node { ... on Proposal { title proposer { name } } }')} } }`,
      { since: feedSince },
    ],
  ]);
}, 180_000);

/** Evaluation items written through the store: a blind round of the call's year, the MAG member among the evaluators. */
async function matrixEvaluation(
  call: { year: number; theme: { id: string } },
  proposalGlobalId: string,
  author: { stakeholder: { id: string } },
  speaker: { stakeholder: { id: string; group: string; region: string } },
  mag: { stakeholder: { id: string; group: string; region: string } },
  markers: { otherComment: string; hiddenComment: string; conflict: string },
) {
  const evaluationStore = await import('../../functions/modules/sessions/evaluation.store');
  const sessionsStore = await import('../../functions/modules/sessions/sessions.store');
  const { IGF_2018_CRITERIA, DEFAULT_ASSIGNMENT_RULES, figuresOf } = await import('../../functions/modules/sessions/evaluation.model');
  const { idempotencyGuardKey } = await import('../../functions/core/dynamodb/idempotency');
  const now = new Date();
  const at = now.toISOString();
  const proposalId = Buffer.from(proposalGlobalId, 'base64url').toString('utf8').split(':')[1]!;
  const first = (await sessionsStore.getProposalConsistent(proposalId))!;
  // A second proposal of the author's, as the sheet the MAG member has not evaluated yet.
  const second = { ...first, id: `${call.year}.${newId(now)}`, title: `Second proposal ${unique()}`.slice(0, 60), version: 1 };
  if ((await sessionsStore.createProposal(second, { key: idempotencyGuardKey('matrix', 'matrix', unique('k')), requestDigest: 'x' }, now)) !== 'created')
    throw new Error('second proposal not created');
  const round = {
    id: `${call.year}.${newId(now)}`,
    year: call.year,
    title: 'Matrix round',
    opensAt: new Date(now.getTime() - HOUR).toISOString(),
    closesAt: new Date(now.getTime() + 24 * HOUR).toISOString(),
    blind: true,
    scorers: 'ASSIGNED_EVALUATORS' as const,
    scoresVisible: 'AFTER_OWN_EVALUATION' as const,
    criteria: IGF_2018_CRITERIA,
    assignment: DEFAULT_ASSIGNMENT_RULES,
    types: ['WORKSHOP' as const],
    createdBy: 'matrix',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  if ((await evaluationStore.createRound(round, { key: idempotencyGuardKey('matrix', 'matrix', unique('k')), requestDigest: 'x' }, now)) !== 'created')
    throw new Error('round not created');
  const [other, third] = (
    await Promise.all([
      createPerson({ stakeholder: { group: 'ACADEMIA', region: 'AFRICAN' } }),
      createPerson({ stakeholder: { group: 'PRIVATE_SECTOR', region: 'ASIA_PACIFIC' } }),
    ])
  ).map((p) => p.stakeholder);
  const scores = IGF_2018_CRITERIA.map((c) => ({ criterion: c.code, score: 4 }));
  const evaluation = (
    proposal: typeof first,
    who: { id: string; group: string; region: string },
    status: 'ASSIGNED' | 'SUBMITTED' | 'CONFLICT',
    extra: Record<string, unknown> = {},
  ) => ({
    roundId: round.id,
    proposalId: proposal.id,
    evaluatorId: who.id,
    evaluatorGroup: who.group as 'ACADEMIA',
    evaluatorRegion: who.region as 'AFRICAN',
    status,
    assigned: true,
    assignedAt: at,
    title: proposal.title,
    type: proposal.type,
    themeId: proposal.themeId,
    version: 1,
    updatedAt: at,
    ...(status === 'SUBMITTED' ? { scores, weighted: 4, submittedAt: at } : {}),
    ...extra,
  });
  const sheetOf = (proposal: typeof first, evaluations: ReturnType<typeof evaluation>[]) => ({
    current: undefined,
    added: evaluations,
    next: {
      roundId: round.id,
      proposalId: proposal.id,
      year: call.year,
      title: proposal.title,
      type: proposal.type,
      themeId: proposal.themeId,
      equity: { firstTimeProposer: true, developingCountryProposer: true },
      blind: true,
      evaluators: evaluations.map((e) => ({ evaluatorId: e.evaluatorId, group: e.evaluatorGroup, region: e.evaluatorRegion, status: e.status })),
      conflicted: [author.stakeholder.id, speaker.stakeholder.id],
      ...figuresOf(evaluations as never, IGF_2018_CRITERIA, 4),
      version: 1,
      updatedAt: at,
    },
  });
  const changes = [
    sheetOf(first, [
      evaluation(first, mag.stakeholder, 'SUBMITTED', { comment: 'My own view.' }),
      evaluation(first, other!, 'SUBMITTED', { comment: markers.otherComment }),
      evaluation(first, third!, 'CONFLICT', { declined: { reason: 'CONFLICT_OF_INTEREST', statement: markers.conflict, at } }),
    ]),
    sheetOf(second, [evaluation(second, mag.stakeholder, 'ASSIGNED'), evaluation(second, other!, 'SUBMITTED', { comment: markers.hiddenComment })]),
  ];
  if ((await evaluationStore.saveAssignments(round, changes as never, () => ({ assigned: 5 }), now)) !== 'saved') throw new Error('evaluation not written');
  return {
    round: toGlobalId('EvaluationRound', round.id),
    sheet: toGlobalId('EvaluationSheet', `${round.id}|${first.id}`),
    otherSheet: toGlobalId('EvaluationSheet', `${round.id}|${second.id}`),
    otherTitle: second.title,
  };
}

describe('authorization matrix: roles × objects × access paths', () => {
  it.each(ROLES)(
    'shows %s exactly what that role may see, through every path',
    async (role) => {
      const seen: string[] = [];
      const wrong: string[] = [];
      for (const probe of probes) {
        const result = await gql(probe.query, probe.variables, tokens[role]);
        const text = JSON.stringify(result);
        const allowed = probe.allowed.includes(role);
        const label = `${probe.secret} via ${probe.path}`;
        if (text.includes(probe.marker)) seen.push(label);
        if (text.includes(probe.marker) !== allowed) wrong.push(`${label}: ${allowed ? 'hidden from' : 'shown to'} ${role} — ${text.slice(0, 300)}`);
        const codes = (result.errors ?? []).map((e) => e.extensions?.code as string);
        if (codes.some((code) => !['FORBIDDEN', 'UNAUTHENTICATED'].includes(code))) wrong.push(`${label}: ${role} got ${codes.join(',')}`);
        if (allowed && result.errors) wrong.push(`${label}: ${role} refused with ${errorCode(result)}`);
      }
      expect(wrong).toEqual([]);
      // The matrix is not vacuous: every role sees at least the public report.
      expect(seen.length).toBeGreaterThan(0);
    },
    120_000,
  );

  it('covers every secret for at least one allowed and one refused role, through at least 35 paths', () => {
    expect(probes.length).toBeGreaterThanOrEqual(35);
    const byMarker = new Map<string, Set<Role>>();
    for (const probe of probes) byMarker.set(probe.marker, new Set([...(byMarker.get(probe.marker) ?? []), ...probe.allowed]));
    for (const [marker, allowed] of byMarker) {
      expect({ marker, allowed: allowed.size > 0 }).toEqual({ marker, allowed: true });
    }
  });
});
