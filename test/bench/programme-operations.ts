/**
 * The reads of the annual programme a client opens first (a day of the released schedule, a MAG member's
 * evaluation queue, a selected session with its speakers, the proposal funnel), each with a hand-written baseline
 * giving the same answer with the fewest AWS SDK calls, like `operations.ts`. The round trips of the same documents
 * are asserted in test/performance/programme-round-trips.test.ts.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { verifyToken } from '../../functions/core/auth/token-verifier';
import { documentClient, tableName } from '../../functions/core/dynamodb/client';
import { readCounts } from '../../functions/core/dynamodb/counters';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { GSI } from '../../functions/core/dynamodb/table';
import { internalId, toGlobalId } from '../../functions/core/ids';
import { groupBalance } from '../../functions/modules/analytics/analytics.model';
import { DEFAULT_THRESHOLD } from '../../functions/modules/analytics/balance';
import { programmeKeys } from '../../functions/modules/programme/programme.keys';
import { scheduleKeys } from '../../functions/modules/schedule/schedule.keys';
import type { DayView } from '../../functions/modules/schedule/schedule.model';
import { evaluationKeys } from '../../functions/modules/sessions/evaluation.keys';
import {
  FUNNEL_STAGES,
  acrossStages,
  funnelCounter,
  rate,
  speakerBalanceView,
  type FunnelCounts,
  type StageFigures,
} from '../../functions/modules/sessions/funnel.model';
import { diversityOf, SESSION_TYPES, type Proposal, type ProposalCall } from '../../functions/modules/sessions/sessions.model';
import { sessionKeys } from '../../functions/modules/sessions/sessions.keys';
import { SCHEDULE_DAY } from '../schedule/documents';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';

/** A day of the released schedule: its rooms and slots with their speakers (issue 17), the document the schedule's tests use. */
export const SCHEDULE_DAY_PAGE = SCHEDULE_DAY;

/** A MAG member's evaluation queue in a round, what is left to do first (issue 17). */
export const EVALUATION_QUEUE = /* GraphQL */ `
  query EvaluationQueue($roundId: ID!) {
    myEvaluationQueue(roundId: $roundId, first: 50) {
      edges {
        node {
          title
          type
          status
          version
          mine
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** A selected session (public) with its speakers and its panel's live diversity (issue 17). */
export const PROPOSAL_WITH_SPEAKERS = /* GraphQL */ `
  query ProposalWithSpeakers($id: ID!) {
    proposal(id: $id) {
      id
      title
      status
      type {
        code
      }
      format
      durationMinutes
      speakers {
        stakeholder {
          name
        }
        role
        attendance
        status
        group
        region
      }
      diversity {
        confirmedSpeakers
        groups
        regions
        onsite
        balanceIndex
        violations {
          rule
          needed
          have
        }
      }
    }
  }
`;

const FIGURES = 'submitted eligible accepted held eligibilityRate acceptanceRate selectionRate heldRate';

/** The proposal funnel of a programme: every stage by type and by the speakers' groups and regions, and the accepted speakers' balance per theme (issue 17). */
export const PROPOSAL_FUNNEL = /* GraphQL */ `
  query ProposalFunnel($year: Int!) {
    proposalFunnel(year: $year) {
      proposals { ${FIGURES} }
      byType { type { code } figures { ${FIGURES} } }
      speakers { total { ${FIGURES} } byGroup { group figures { ${FIGURES} } } byRegion { region figures { ${FIGURES} } } }
      speakerBalance(stage: ACCEPTED) { proposals speakers byGroup { balanceIndex } byTheme { theme { title } proposals speakers byGroup { balanceIndex } } }
    }
  }
`;

export interface ProgrammeInputs {
  readonly year: number;
  readonly scheduleDate: string;
  readonly roundId: string;
  readonly proposalId: string;
  /** The MAG member's bearer token. */
  readonly evaluatorToken: string;
}

type Item = Record<string, any>;
const db = () => documentClient();
const cursorOf = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null);

/** People by id, the fields shown (one BatchGetItem: ≤ 100 keys). */
async function people(ids: readonly string[], fields: readonly string[]): Promise<Map<string, Item>> {
  if (ids.length === 0) return new Map();
  const names = Object.fromEntries(fields.map((f, i) => [`#f${i}`, f]));
  const { Responses = {} } = await db().send(
    new BatchGetCommand({
      RequestItems: {
        [tableName()]: {
          Keys: ids.map((id) => stakeholderKeys.item(id)),
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
        },
      },
    }),
  );
  return new Map((Responses[tableName()] ?? []).map((p) => [p.id as string, p]));
}

/** One GetItem of the day (its rooms and slots are on it), one BatchGetItem of its speakers. */
export async function scheduleDayBaseline({ year, scheduleDate }: ProgrammeInputs): Promise<string> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: scheduleKeys.day(year, scheduleDate) }));
  if (!Item) return JSON.stringify({ data: { scheduleDay: null } });
  const day = Item as unknown as DayView;
  const byId = await people([...new Set(day.slots.flatMap((s) => s.speakers.map((sp) => sp.stakeholderId)))], ['id', 'name', 'group', 'region']);
  return JSON.stringify({
    data: {
      scheduleDay: {
        date: day.date,
        release: day.release,
        rooms: day.rooms.map((r) => ({ id: toGlobalId('Room', r.id), name: r.name, capacity: r.capacity })),
        slots: day.slots.map((s) => ({
          id: toGlobalId('ScheduleSlot', s.id),
          title: s.title,
          type: s.type,
          roomId: toGlobalId('Room', s.roomId),
          roomName: s.roomName,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          speakers: s.speakers.map((sp) => {
            const p = byId.get(sp.stakeholderId);
            return {
              stakeholder: p ? { id: toGlobalId('Stakeholder', p.id as string), name: p.name, group: p.group, region: p.region } : null,
              role: sp.role,
              attendance: sp.attendance,
            };
          }),
        })),
      },
    },
  });
}

/** Verifies the token, reads the caller's identity item (consistently, as the API does), then one Query of their queue. */
export async function evaluationQueueBaseline({ roundId, evaluatorToken }: ProgrammeInputs): Promise<string> {
  const claims = await verifyToken(evaluatorToken);
  const { Item: identity } = await db().send(new GetCommand({ TableName: tableName(), Key: stakeholderKeys.identity(claims.subject), ConsistentRead: true }));
  const me = identity?.stakeholderId as string;
  const round = internalId(roundId, 'EvaluationRound');
  const index = GSI.gsi2;
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey },
      ExpressionAttributeValues: { ':pk': evaluationKeys.queue(round, me) },
      Limit: 51,
    }),
  );
  const page = Items.slice(0, 50);
  return JSON.stringify({
    data: {
      myEvaluationQueue: {
        edges: page.map((e) => ({ node: { title: e.title, type: e.type, status: e.status, version: e.version, mine: e.evaluatorId === me } })),
        pageInfo: { hasNextPage: Items.length > 50, endCursor: cursorOf(page.at(-1) ? { PK: page.at(-1)?.PK } : undefined) },
      },
    },
  });
}

const PUBLIC = new Set(['ACCEPTED', 'CONDITIONALLY_ACCEPTED', 'CONFIRMED', 'SCHEDULED', 'HELD', 'REPORTED', 'CANCELLED']);

/** One BatchGetItem of the session and its call (the diversity rules), one of its speakers. */
export async function proposalWithSpeakersBaseline({ proposalId }: ProgrammeInputs): Promise<string> {
  const id = internalId(proposalId, 'Proposal');
  const year = Number(id.slice(0, 4));
  const { Responses = {} } = await db().send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [sessionKeys.proposal(id), sessionKeys.call(year)] } } }),
  );
  const found = Responses[tableName()] ?? [];
  const proposal = found.find((i) => i.SK === sessionKeys.proposal(id).SK) as Proposal | undefined;
  const call = found.find((i) => i.SK === sessionKeys.call(year).SK) as ProposalCall | undefined;
  if (!proposal || !call || !PUBLIC.has(proposal.status)) return JSON.stringify({ data: { proposal: null } });
  const byId = await people([...new Set(proposal.speakers.map((s) => s.stakeholderId))], ['id', 'name']);
  const diversity = diversityOf(proposal.speakers, call.rules, call.hybrid);
  return JSON.stringify({
    data: {
      proposal: {
        id: toGlobalId('Proposal', proposal.id),
        title: proposal.title,
        status: proposal.status,
        type: { code: proposal.type },
        format: proposal.format,
        durationMinutes: proposal.durationMinutes,
        speakers: proposal.speakers.map((s) => ({
          stakeholder: { name: byId.get(s.stakeholderId)?.name },
          role: s.role,
          attendance: s.attendance,
          status: s.status,
          group: s.group,
          region: s.region,
        })),
        diversity: {
          confirmedSpeakers: diversity.confirmedSpeakers,
          groups: diversity.groups,
          regions: diversity.regions,
          onsite: diversity.onsite,
          balanceIndex: groupBalance(diversity.byGroup, DEFAULT_THRESHOLD).balanceIndex,
          violations: diversity.violations.map((v) => ({ rule: v.rule, needed: v.needed, have: v.have })),
        },
      },
    },
  });
}

const figures = (s: StageFigures) => ({
  submitted: s.SUBMITTED,
  eligible: s.ELIGIBLE,
  accepted: s.ACCEPTED,
  held: s.HELD,
  eligibilityRate: rate(s.ELIGIBLE, s.SUBMITTED),
  acceptanceRate: rate(s.ACCEPTED, s.SUBMITTED),
  selectionRate: rate(s.ACCEPTED, s.ELIGIBLE),
  heldRate: rate(s.HELD, s.ACCEPTED),
});

/** One BatchGetItem of the four stage counter items, one of the accepted speakers' themes. */
export async function proposalFunnelBaseline({ year }: ProgrammeInputs): Promise<string> {
  const keys = FUNNEL_STAGES.map((stage) => sessionKeys.funnel(year, stage));
  const { Responses = {} } = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }));
  const items = Responses[tableName()] ?? [];
  const counts: FunnelCounts = {
    year,
    stages: Object.fromEntries(FUNNEL_STAGES.map((stage, s) => [stage, readCounts(items.find((i) => i.SK === keys[s]?.SK))])) as FunnelCounts['stages'],
  };
  const balance = speakerBalanceView(counts, 'ACCEPTED', DEFAULT_THRESHOLD);
  const themeIds = balance.themes.map((t) => t.themeId);
  const themes = new Map<string, Item>();
  if (themeIds.length > 0) {
    const { Responses: found = {} } = await db().send(
      new BatchGetCommand({
        RequestItems: {
          [tableName()]: {
            Keys: themeIds.map((id) => programmeKeys.theme(id)),
            ProjectionExpression: 'id, title, #s',
            ExpressionAttributeNames: { '#s': 'status' },
          },
        },
      }),
    );
    for (const t of found[tableName()] ?? []) if (t.status === 'ADOPTED') themes.set(t.id as string, t);
  }
  const speakers = (role: 'speakers') => ({
    total: figures(acrossStages(counts, funnelCounter.people(role))),
    byGroup: STAKEHOLDER_GROUPS.map((group) => ({ group, figures: figures(acrossStages(counts, funnelCounter.group(role, group))) })),
    byRegion: REGIONS.map((region) => ({ region, figures: figures(acrossStages(counts, funnelCounter.region(role, region))) })),
  });
  return JSON.stringify({
    data: {
      proposalFunnel: {
        proposals: figures(acrossStages(counts, funnelCounter.proposals)),
        byType: SESSION_TYPES.map((type) => ({ type: { code: type.code }, figures: figures(acrossStages(counts, funnelCounter.type(type.code))) })),
        speakers: speakers('speakers'),
        speakerBalance: {
          proposals: balance.counts.proposals,
          speakers: balance.counts.speakers,
          byGroup: { balanceIndex: groupBalance(balance.counts.byGroup, DEFAULT_THRESHOLD).balanceIndex },
          byTheme: balance.themes.map((t) => {
            const theme = themes.get(t.themeId);
            if (!theme) throw new Error(`Missing theme ${t.themeId} of the funnel`);
            return {
              theme: { title: theme.title },
              proposals: t.counts.proposals,
              speakers: t.counts.speakers,
              byGroup: { balanceIndex: groupBalance(t.counts.byGroup, DEFAULT_THRESHOLD).balanceIndex },
            };
          }),
        },
      },
    },
  });
}
