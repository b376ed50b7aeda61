/** The change feed: a thin adapter over ChangeService. */
import type { ChangeType as ChangeTypeEnum, Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';
import type { ChangeType } from './changes.service';

const TO_TYPE: Record<ChangeTypeEnum, ChangeType> = {
  STAKEHOLDER: 'Stakeholder',
  CONSULTATION: 'Consultation',
  CONTRIBUTION: 'Contribution',
  REPORTING_CYCLE: 'ReportingCycle',
  REPORT: 'Report',
  REPORT_REVISION: 'ReportRevision',
  PROGRAMME: 'Programme',
  ISSUE_CALL: 'IssueCall',
  ISSUE: 'Issue',
  THEME: 'Theme',
  MEETING: 'Meeting',
  DECISION: 'Decision',
  ACTION_ITEM: 'ActionItem',
  MINUTES: 'Minutes',
  ROOM: 'Room',
  SCHEDULE_RELEASE: 'ScheduleRelease',
  EVALUATION_ROUND: 'EvaluationRound',
  EVALUATION_SHEET: 'EvaluationSheet',
  PROPOSAL: 'Proposal',
};
const FROM_TYPE = Object.fromEntries(Object.entries(TO_TYPE).map(([name, type]) => [type, name])) as Record<ChangeType, ChangeTypeEnum>;

export const changeResolvers: Resolvers = {
  Query: {
    changes: async (_, { since, types, first, after }, { services }) =>
      toConnection(
        await services.changes.list(
          since,
          types?.map((t) => TO_TYPE[t]),
          first,
          after,
        ),
      ),
  },
  Change: {
    type: (change) => FROM_TYPE[change.type as ChangeType],
    id: (change) => toGlobalId(change.type, change.id),
    // The type name travels with the object so the Node interface can resolve it.
    node: (change) => ({ ...change.node, __typename: change.type }) as never,
  },
};
