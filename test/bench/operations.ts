/**
 * The representative operations of the benchmark, each twice: the GraphQL
 * operation that goes through the real Lambda handler, and a hand-written
 * baseline that makes the minimal AWS SDK calls for the same answer (same
 * fields, same authentication) and serialises it — the physical limit the
 * handler is compared with. The round-trip test (test/performance) runs the
 * same GraphQL documents.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { verifyToken } from '../../functions/core/auth/token-verifier';
import { documentClient, tableName } from '../../functions/core/dynamodb/client';
import { readCounts, readShardedCounts } from '../../functions/core/dynamodb/counters';
import { consultationKeys, reportingKeys, stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { GSI } from '../../functions/core/dynamodb/table';
import { toGlobalId } from '../../functions/core/ids';
import { groupBalance, participationBalance, regionBalance } from '../../functions/modules/analytics/analytics.model';
import { DEFAULT_THRESHOLD } from '../../functions/modules/analytics/balance';
import { callStatus } from '../../functions/modules/programme/programme.model';
import { programmeKeys } from '../../functions/modules/programme/programme.keys';
import { REGIONS, STAKEHOLDER_GROUPS, type Region, type StakeholderGroup } from '../../functions/modules/stakeholders/stakeholder.model';
import * as programme from './programme-operations';

export const CONSULTATION_PAGE = /* GraphQL */ `
  query ConsultationPage($id: ID!) {
    consultation(id: $id) {
      title
      status
      counts {
        contributions
      }
      contributions(first: 50) {
        edges {
          node {
            id
            body
            createdAt
            author {
              name
              group
              region
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const DIRECTORY_PAGE = /* GraphQL */ `
  query Directory($group: StakeholderGroup!) {
    stakeholders(filter: { group: $group }, first: 50) {
      edges {
        node {
          id
          name
          group
          region
          country
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const GROUP_BALANCE = 'total balanceIndex minMaxRatio underThreshold shares { group count share }';
const REGION_BALANCE = 'total balanceIndex minMaxRatio underThreshold shares { region count share }';

/** Issue 6's dashboard figure: the balance of a consultation's participation, from its counter item. */
export const PARTICIPATION_BALANCE = /* GraphQL */ `
  query Balance($id: ID!) {
    consultation(id: $id) {
      analytics {
        participation {
          threshold contributions contributors
          contributionsByGroup { ${GROUP_BALANCE} }
          contributorsByGroup { ${GROUP_BALANCE} }
          contributionsByRegion { ${REGION_BALANCE} }
          contributorsByRegion { ${REGION_BALANCE} }
        }
      }
    }
  }
`;

export const REPORTING_COMPLIANCE = /* GraphQL */ `
  query Compliance($year: Int!) {
    reportingCycle(year: $year) {
      compliance {
        requested
        missing
        overdue
        submittedOnTime
        submittedLate
        awaitingReview
        returned
        returns
        published
        missingOrganisations(first: 50) {
          edges {
            node {
              organisationId
              organisationName
              overdue
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

export const MY_CONTRIBUTIONS = /* GraphQL */ `
  query MyContributions {
    myContributions(first: 20) {
      edges {
        node {
          id
          body
          status
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** A MAG meeting's page: its agenda, attendance, decisions with their first subjects and minutes (issue 15). */
export const MEETING_PAGE = /* GraphQL */ `
  query MeetingPage($id: ID!) {
    meeting(id: $id) {
      title
      status
      startsAt
      chair {
        name
      }
      agenda {
        number
        title
        expectedOutput
        minutes
        items {
          number
          title
        }
      }
      attendance {
        stakeholder {
          name
          group
        }
        role
        mode
        status
      }
      decisions {
        number
        text
        state
        subjectCount
        subjects(first: 5) {
          edges {
            node {
              kind
              ... on ContributionSubject {
                contributionId
                disposition
                response
              }
            }
          }
          pageInfo {
            hasNextPage
          }
        }
      }
      minutes {
        status
        body
        revision
      }
    }
  }
`;

const PROCESSING = 'contributions processed coverage meanDaysToProcess';

/** How far the MAG processed a consultation's inputs, per group and region (issue 15). */
export const PROCESSING_FIGURES = /* GraphQL */ `
  query ProcessingFigures($id: ID!) {
    consultation(id: $id) {
      processingCoverage {
        ${PROCESSING} answered
        byGroup { group ${PROCESSING} }
        byRegion { region ${PROCESSING} }
      }
    }
  }
`;

const SUPPORT_GROUP = 'total balanceIndex shares { group count share }';
const SUPPORT_REGION = 'total balanceIndex shares { region count share }';

/** An issue with its support by group and region, from the counts on the issue item (issue 16). */
export const ISSUE_WITH_SUPPORT = /* GraphQL */ `
  query IssueWithSupport($id: ID!) {
    issue(id: $id) { id title status group region createdAt
      support { supporters backers breadth balanceIndex byGroup { ${SUPPORT_GROUP} } byRegion { ${SUPPORT_REGION} } } }
  }
`;

/** A page of a call's issues, broadest support first (issue 16). */
export const CALL_ISSUES_BY_BREADTH = /* GraphQL */ `
  query CallIssues($callId: ID!) {
    issues(callId: $callId, first: 50) {
      edges {
        node {
          id
          title
          support {
            breadth
            backers
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

/** The call's counts by group and region, from the counters on the call item (issue 16). */
export const CALL_COUNTS_BY_GROUP_AND_REGION = /* GraphQL */ `
  query CallCounts($year: Int!) {
    issueCall(year: $year) { status counts { issues supports issuesBackedByEveryGroup issuesBackedByOneGroup
      issuesByGroup { ${SUPPORT_GROUP} } issuesByRegion { ${SUPPORT_REGION} } supportsByGroup { ${SUPPORT_GROUP} } supportsByRegion { ${SUPPORT_REGION} } } }
  }
`;

export interface OperationInputs {
  readonly consultationId: string;
  /** A meeting whose minutes are published (the public sees all of it). */
  readonly meetingId: string;
  readonly group: string;
  readonly reportingYear: number;
  /** The year of the programme whose closed call of issues is read. */
  readonly programmeYear: number;
  /** An issue of that call, backed by every group. */
  readonly issueId: string;
  /** The persona's bearer token. */
  readonly token: string;
  /** The programme of the current year (schedule, evaluation, sessions). */
  readonly programme: programme.ProgrammeInputs;
}

export interface Operation {
  readonly name: string;
  /** The target for DynamoDB requests (the issue's round trips; requests sent together count each). */
  readonly maxRequests: number;
  readonly query: string;
  readonly variables: (inputs: OperationInputs) => Record<string, unknown>;
  readonly authenticated: boolean;
  /** The bearer token of an authenticated operation (the persona's unless given). */
  readonly token?: (inputs: OperationInputs) => string;
  /** Reads the programme of the current year (seeded for it). */
  readonly programme?: boolean;
  /** The minimal SDK calls for the same answer; returns the serialised answer. */
  readonly baseline: (inputs: OperationInputs) => Promise<string>;
}

const db = () => documentClient();
const cursorOf = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null);

/** Query of the page and BatchGetItem of the counter shards (in parallel) + one BatchGetItem of the distinct authors. */
async function consultationPageBaseline({ consultationId }: OperationInputs): Promise<string> {
  const [{ Items = [] }, shards] = await Promise.all([
    db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND SK < :end',
        ExpressionAttributeValues: { ':pk': consultationKeys.partition(consultationId), ':end': consultationKeys.contributionEnd },
        Limit: 52, // #META, 50 contributions and one more for hasNextPage
      }),
    ),
    db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: consultationKeys.countsShards(consultationId) } } })),
  ]);
  const counts = readShardedCounts(shards.Responses?.[tableName()] ?? []);
  const meta = Items.find((i) => i.SK === consultationKeys.metaSk);
  const contributions = Items.filter((i) => String(i.SK).startsWith(consultationKeys.contributionFirst));
  const page = contributions.slice(0, 50);
  const authorIds = [...new Set(page.map((c) => c.authorId as string))];
  const { Responses = {} } = await db().send(
    new BatchGetCommand({
      RequestItems: {
        [tableName()]: {
          Keys: authorIds.map((id) => stakeholderKeys.item(id)),
          ProjectionExpression: 'id, #n, #g, #r',
          ExpressionAttributeNames: { '#n': 'name', '#g': 'group', '#r': 'region' },
        },
      },
    }),
  );
  const authors = new Map((Responses[tableName()] ?? []).map((a) => [a.id as string, a]));
  const closed = Date.parse(meta?.closesAt as string) <= Date.now();
  return JSON.stringify({
    data: {
      consultation: {
        title: meta?.title,
        status: closed ? 'CLOSED' : 'OPEN',
        counts: { contributions: counts.contributions ?? 0 },
        contributions: {
          edges: page.map((c) => {
            const a = authors.get(c.authorId as string);
            return {
              node: {
                id: toGlobalId('Contribution', c.id as string),
                body: c.body,
                createdAt: c.createdAt,
                author: { name: a?.name, group: a?.group, region: a?.region },
              },
            };
          }),
          pageInfo: { hasNextPage: contributions.length > 50, endCursor: cursorOf(page.at(-1) ? { PK: page.at(-1)?.PK, SK: page.at(-1)?.SK } : undefined) },
        },
      },
    },
  });
}

/** One Query of the group index. */
async function directoryBaseline({ group }: OperationInputs): Promise<string> {
  const index = GSI.gsi1;
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey },
      ExpressionAttributeValues: { ':pk': stakeholderKeys.byGroup(group) },
      Limit: 51,
    }),
  );
  const page = Items.slice(0, 50);
  return JSON.stringify({
    data: {
      stakeholders: {
        edges: page.map((s) => ({
          node: { id: toGlobalId('Stakeholder', s.id as string), name: s.name, group: s.group, region: s.region, country: s.country },
        })),
        pageInfo: { hasNextPage: Items.length > 50, endCursor: cursorOf(page.at(-1) ? { PK: page.at(-1)?.PK, SK: page.at(-1)?.SK } : undefined) },
      },
    },
  });
}

/** The consultation and its counter shards, summed. */
async function consultationWithCounts(consultationId: string): Promise<{ meta: Record<string, unknown> | undefined; counts: Record<string, number> }> {
  const keys = [consultationKeys.item(consultationId), ...consultationKeys.countsShards(consultationId)];
  const { Responses = {} } = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }));
  const items = Responses[tableName()] ?? [];
  return { meta: items.find((i) => i.SK === consultationKeys.metaSk), counts: readShardedCounts(items.filter((i) => i.SK !== consultationKeys.metaSk)) };
}

/**
 * One BatchGetItem of the consultation and its counter shards: the answer is null for a consultation that does
 * not exist or is a draft, so the counters alone would not do.
 */
async function balanceBaseline({ consultationId }: OperationInputs): Promise<string> {
  const { meta, counts } = await consultationWithCounts(consultationId);
  if (!meta || meta.status === 'DRAFT') return JSON.stringify({ data: { consultation: null } });
  return JSON.stringify({ data: { consultation: { analytics: { participation: participationBalance(counts, DEFAULT_THRESHOLD) } } } });
}

/** GetItem of the cycle (its counters) and a Query of the year's DRAFT reports, in parallel. */
async function complianceBaseline({ reportingYear }: OperationInputs): Promise<string> {
  const index = GSI.gsi1;
  const [{ Item: cycle }, { Items = [] }] = await Promise.all([
    db().send(new GetCommand({ TableName: tableName(), Key: reportingKeys.cycle(reportingYear) })),
    db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#name': 'organisationName' },
        ExpressionAttributeValues: { ':pk': reportingKeys.reportsByStatus(reportingYear, 'DRAFT') },
        ProjectionExpression: 'PK, SK, GSI1PK, GSI1SK, organisationId, #name, dueAt',
        Limit: 51,
      }),
    ),
  ]);
  const n = readCounts(cycle);
  const page = Items.slice(0, 50);
  const now = new Date().toISOString();
  const overdue = now >= (cycle?.dueAt as string);
  return JSON.stringify({
    data: {
      reportingCycle: {
        compliance: {
          requested: n.requested ?? 0,
          missing: n.missing ?? 0,
          overdue: overdue ? (n.missing ?? 0) : 0,
          submittedOnTime: n.submittedOnTime ?? 0,
          submittedLate: n.submittedLate ?? 0,
          awaitingReview: n.awaitingReview ?? 0,
          returned: n.returned ?? 0,
          returns: n.returns ?? 0,
          published: n.published ?? 0,
          missingOrganisations: {
            edges: page.map((r) => ({
              node: {
                organisationId: toGlobalId('Stakeholder', r.organisationId as string),
                organisationName: r.organisationName,
                overdue: now >= (r.dueAt as string),
              },
            })),
            pageInfo: { hasNextPage: Items.length > 50, endCursor: cursorOf(page.at(-1) ? { PK: page.at(-1)?.PK, SK: page.at(-1)?.SK } : undefined) },
          },
        },
      },
    },
  });
}

/** Verifies the token, reads the caller's identity item (consistently, as the API does, so a revoked role applies at once), then Queries their contributions (newest first). */
async function myContributionsBaseline({ token }: OperationInputs): Promise<string> {
  const claims = await verifyToken(token);
  const { Item: identity } = await db().send(new GetCommand({ TableName: tableName(), Key: stakeholderKeys.identity(claims.subject), ConsistentRead: true }));
  const index = GSI.gsi1;
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey },
      ExpressionAttributeValues: { ':pk': consultationKeys.byAuthor(identity?.stakeholderId as string) },
      ScanIndexForward: false,
      Limit: 21,
    }),
  );
  const page = Items.slice(0, 20);
  return JSON.stringify({
    data: {
      myContributions: {
        edges: page.map((c) => ({ node: { id: toGlobalId('Contribution', c.id as string), body: c.body, status: c.status, createdAt: c.createdAt } })),
        pageInfo: { hasNextPage: Items.length > 20, endCursor: cursorOf(page.at(-1) ? { PK: page.at(-1)?.PK, SK: page.at(-1)?.SK } : undefined) },
      },
    },
  });
}

/** One Query of the meeting's item collection, one BatchGetItem of the chair and the attendees. */
async function meetingPageBaseline({ meetingId }: OperationInputs): Promise<string> {
  const { Items = [] } = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `MEETING#${meetingId}` } }),
  );
  const meeting = Items.find((i) => i.SK === '#META');
  if (!meeting || meeting.agendaAdoptedAt === undefined) return JSON.stringify({ data: { meeting: null } });
  const closed = meeting.status === 'CLOSED';
  const attendance = Items.filter((i) => i.entity === 'Attendance');
  const ids = [...new Set([meeting.chairId as string, ...attendance.map((a) => a.stakeholderId as string)])];
  const { Responses = {} } = await db().send(
    new BatchGetCommand({
      RequestItems: {
        [tableName()]: {
          Keys: ids.map((id) => stakeholderKeys.item(id)),
          ProjectionExpression: 'id, #n, #g',
          ExpressionAttributeNames: { '#n': 'name', '#g': 'group' },
        },
      },
    }),
  );
  const people = new Map((Responses[tableName()] ?? []).map((p) => [p.id as string, p]));
  type Item = Record<string, any>;
  const minutes = Items.find((i) => i.SK === 'MINUTES');
  return JSON.stringify({
    data: {
      meeting: {
        title: meeting.title,
        status: meeting.status,
        startsAt: meeting.startsAt,
        chair: { name: people.get(meeting.chairId as string)?.name },
        agenda: (meeting.agenda as Item[]).map((a) => ({
          number: a.number,
          title: a.title,
          expectedOutput: a.expectedOutput ?? null,
          minutes: a.minutes ?? null,
          items: (a.items as Item[]).map((i) => ({ number: i.number, title: i.title })),
        })),
        attendance: closed
          ? attendance.map((a) => ({
              stakeholder: { name: people.get(a.stakeholderId as string)?.name, group: people.get(a.stakeholderId as string)?.group },
              role: a.role,
              mode: a.mode,
              status: a.status,
            }))
          : null,
        decisions: Items.filter((i) => i.entity === 'Decision' && i.state !== 'PROPOSED')
          .sort((a, b) => (a.number as number) - (b.number as number))
          .map((d) => {
            const first = (d.firstSubjects as Item[]).slice(0, 5);
            return {
              number: d.number,
              text: d.text,
              state: d.state,
              subjectCount: d.subjectCount,
              subjects: {
                edges: first.map((s) => ({
                  node:
                    s.kind === 'CONTRIBUTION'
                      ? {
                          kind: s.kind,
                          contributionId: toGlobalId('Contribution', s.contributionId as string),
                          disposition: s.disposition,
                          response: s.response,
                        }
                      : { kind: s.kind },
                })),
                pageInfo: { hasNextPage: (d.subjectCount as number) > first.length },
              },
            };
          }),
        minutes: minutes?.status === 'PUBLISHED' ? { status: minutes.status, body: minutes.body, revision: minutes.revision } : null,
      },
    },
  });
}

/** One BatchGetItem of the consultation and its counter shards. */
async function processingBaseline({ consultationId }: OperationInputs): Promise<string> {
  const { meta, counts: n } = await consultationWithCounts(consultationId);
  if (!meta || meta.status === 'DRAFT') return JSON.stringify({ data: { consultation: null } });
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const figures = (suffix: string) => ({
    contributions: n[`contributions${suffix}`] ?? 0,
    processed: n[`processed${suffix}`] ?? 0,
    coverage: share(n[`processed${suffix}`] ?? 0, n[`contributions${suffix}`] ?? 0),
    meanDaysToProcess: share(n[`processedDays${suffix}`] ?? 0, n[`processed${suffix}`] ?? 0),
  });
  return JSON.stringify({
    data: {
      consultation: {
        processingCoverage: {
          ...figures(''),
          answered: n.answered ?? 0,
          byGroup: STAKEHOLDER_GROUPS.map((group) => ({ group, ...figures(`.group.${group}`) })),
          byRegion: REGIONS.map((region) => ({ region, ...figures(`.region.${region}`) })),
        },
      },
    },
  });
}

type Counts = Partial<Record<string, number>>;
const groupView = (counts: Counts) => {
  const b = groupBalance(counts as Partial<Record<StakeholderGroup, number>>, DEFAULT_THRESHOLD);
  return { total: b.total, balanceIndex: b.balanceIndex, shares: b.shares };
};
const regionView = (counts: Counts) => {
  const b = regionBalance(counts as Partial<Record<Region, number>>, DEFAULT_THRESHOLD);
  return { total: b.total, balanceIndex: b.balanceIndex, shares: b.shares };
};
const breadthOf = (byGroup: Counts) => STAKEHOLDER_GROUPS.filter((g) => (byGroup[g] ?? 0) > 0).length;

/** One GetItem of the issue: its support counts are on the item (a withdrawn issue is hidden from the public). */
async function issueWithSupportBaseline({ issueId }: OperationInputs): Promise<string> {
  const { Item: issue } = await db().send(new GetCommand({ TableName: tableName(), Key: programmeKeys.issue(issueId) }));
  if (!issue || issue.status === 'WITHDRAWN') return JSON.stringify({ data: { issue: null } });
  const support = issue.support as { supporters: number; byGroup: Counts; byRegion: Counts };
  const byGroup = groupView(support.byGroup);
  return JSON.stringify({
    data: {
      issue: {
        id: toGlobalId('Issue', issue.id as string),
        title: issue.title,
        status: issue.status,
        group: issue.group,
        region: issue.region,
        createdAt: issue.createdAt,
        support: {
          supporters: support.supporters,
          backers: support.supporters + 1,
          breadth: breadthOf(support.byGroup),
          balanceIndex: byGroup.balanceIndex,
          byGroup,
          byRegion: regionView(support.byRegion),
        },
      },
    },
  });
}

/** One Query of the call's breadth index, descending (the sort key is breadth, then backers). */
async function callIssuesBaseline({ programmeYear }: OperationInputs): Promise<string> {
  const index = GSI.gsi1;
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey, '#s': 'support' },
      ExpressionAttributeValues: { ':pk': programmeKeys.issuesOfCall(programmeYear) },
      ProjectionExpression: 'PK, SK, GSI1PK, GSI1SK, id, title, #s',
      ScanIndexForward: false,
      Limit: 51,
    }),
  );
  const page = Items.slice(0, 50);
  return JSON.stringify({
    data: {
      issues: {
        edges: page.map((i) => {
          const support = i.support as { supporters: number; byGroup: Counts };
          return {
            node: {
              id: toGlobalId('Issue', i.id as string),
              title: i.title,
              support: { breadth: breadthOf(support.byGroup), backers: support.supporters + 1 },
            },
          };
        }),
        pageInfo: { hasNextPage: Items.length > 50, endCursor: cursorOf(page.at(-1) ? { PK: page.at(-1)?.PK, SK: page.at(-1)?.SK } : undefined) },
      },
    },
  });
}

/** One GetItem of the call: its counters are on the item. */
async function callCountsBaseline({ programmeYear }: OperationInputs): Promise<string> {
  const { Item: call } = await db().send(new GetCommand({ TableName: tableName(), Key: programmeKeys.call(programmeYear) }));
  if (!call) return JSON.stringify({ data: { issueCall: null } });
  const n = readCounts(call);
  const by = <C extends string>(prefix: string, categories: readonly C[]) => Object.fromEntries(categories.map((c) => [c, n[`${prefix}${c}`] ?? 0]));
  return JSON.stringify({
    data: {
      issueCall: {
        status: callStatus({ opensAt: call.opensAt as string, closesAt: call.closesAt as string }, new Date()),
        counts: {
          issues: n.issues ?? 0,
          supports: n.supports ?? 0,
          issuesBackedByEveryGroup: n[`breadth.${STAKEHOLDER_GROUPS.length}`] ?? 0,
          issuesBackedByOneGroup: n['breadth.1'] ?? 0,
          issuesByGroup: groupView(by('issues.group.', STAKEHOLDER_GROUPS)),
          issuesByRegion: regionView(by('issues.region.', REGIONS)),
          supportsByGroup: groupView(by('supports.group.', STAKEHOLDER_GROUPS)),
          supportsByRegion: regionView(by('supports.region.', REGIONS)),
        },
      },
    },
  });
}

export const OPERATIONS: readonly Operation[] = [
  {
    name: 'consultation + 50 contributions + authors',
    // In 2 round trips: the page's Query and the BatchGetItem of the counter shards are sent together, then the authors.
    maxRequests: 3,
    query: CONSULTATION_PAGE,
    variables: (i) => ({ id: toGlobalId('Consultation', i.consultationId) }),
    authenticated: false,
    baseline: consultationPageBaseline,
  },
  {
    name: 'directory page of 50 (by group)',
    maxRequests: 1,
    query: DIRECTORY_PAGE,
    variables: (i) => ({ group: i.group }),
    authenticated: false,
    baseline: directoryBaseline,
  },
  {
    name: 'participation balance',
    maxRequests: 2,
    query: PARTICIPATION_BALANCE,
    variables: (i) => ({ id: toGlobalId('Consultation', i.consultationId) }),
    authenticated: false,
    baseline: balanceBaseline,
  },
  {
    name: 'reporting compliance of a year',
    maxRequests: 2,
    query: REPORTING_COMPLIANCE,
    variables: (i) => ({ year: i.reportingYear }),
    authenticated: false,
    baseline: complianceBaseline,
  },
  {
    name: 'own contributions page (20)',
    maxRequests: 2,
    query: MY_CONTRIBUTIONS,
    variables: () => ({}),
    authenticated: true,
    baseline: myContributionsBaseline,
  },
  {
    name: 'meeting page (agenda, attendance, decisions, minutes)',
    maxRequests: 2,
    query: MEETING_PAGE,
    variables: (i) => ({ id: toGlobalId('Meeting', i.meetingId) }),
    authenticated: false,
    baseline: meetingPageBaseline,
  },
  {
    name: 'processing figures of a consultation',
    maxRequests: 1,
    query: PROCESSING_FIGURES,
    variables: (i) => ({ id: toGlobalId('Consultation', i.consultationId) }),
    authenticated: false,
    baseline: processingBaseline,
  },
  {
    name: 'issue with its support by group and region',
    maxRequests: 1,
    query: ISSUE_WITH_SUPPORT,
    variables: (i) => ({ id: toGlobalId('Issue', i.issueId) }),
    authenticated: false,
    baseline: issueWithSupportBaseline,
  },
  {
    name: 'call issues page of 50 by support breadth',
    maxRequests: 1,
    query: CALL_ISSUES_BY_BREADTH,
    variables: (i) => ({ callId: toGlobalId('IssueCall', String(i.programmeYear)) }),
    authenticated: false,
    baseline: callIssuesBaseline,
  },
  {
    name: 'call counts by group and region',
    maxRequests: 1,
    query: CALL_COUNTS_BY_GROUP_AND_REGION,
    variables: (i) => ({ year: i.programmeYear }),
    authenticated: false,
    baseline: callCountsBaseline,
  },
  {
    name: 'a day of the programme schedule',
    maxRequests: 2,
    query: programme.SCHEDULE_DAY_PAGE,
    variables: (i) => ({ year: i.programme.year, date: i.programme.scheduleDate }),
    authenticated: false,
    programme: true,
    baseline: (i) => programme.scheduleDayBaseline(i.programme),
  },
  {
    name: "a MAG member's evaluation queue",
    maxRequests: 2,
    query: programme.EVALUATION_QUEUE,
    variables: (i) => ({ roundId: i.programme.roundId }),
    authenticated: true,
    token: (i) => i.programme.evaluatorToken,
    programme: true,
    baseline: (i) => programme.evaluationQueueBaseline(i.programme),
  },
  {
    name: 'a selected session with its speakers',
    maxRequests: 2,
    query: programme.PROPOSAL_WITH_SPEAKERS,
    variables: (i) => ({ id: i.programme.proposalId }),
    authenticated: false,
    programme: true,
    baseline: (i) => programme.proposalWithSpeakersBaseline(i.programme),
  },
  {
    name: 'the proposal funnel',
    maxRequests: 2,
    query: programme.PROPOSAL_FUNNEL,
    variables: (i) => ({ year: i.programme.year }),
    authenticated: false,
    programme: true,
    baseline: (i) => programme.proposalFunnelBaseline(i.programme),
  },
];
