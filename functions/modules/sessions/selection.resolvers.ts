/** Selection, slot budgets, main sessions and session transitions: thin adapters over the selection service. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';
import { STAKEHOLDER_GROUPS } from '../stakeholders';
import { asSession, type SlotBudgetState } from './selection.model';
import { SESSION_TYPE_CODES } from './sessions.model';

const present = <T>(values: readonly (T | null | undefined)[]): T[] => values.filter((v): v is T => v !== undefined && v !== null);

const budgetsView = (state: SlotBudgetState) => ({
  version: state.version,
  types: SESSION_TYPE_CODES.map((type) => {
    const slots = state.budgets[type];
    const taken = state.taken[type] ?? 0;
    return { type, slots: slots ?? null, taken, remaining: slots === undefined ? null : slots - taken };
  }),
});

export const selectionResolvers: Resolvers = {
  Mutation: {
    setSlotBudgets: async (_, { input }, { services }) => ({ slotBudgets: budgetsView(await services.selection.setSlotBudgets(input)) }),
    meetConditions: async (_, { input }, { services }) => ({ proposal: await services.selection.meetConditions(input) }),
    confirmSession: async (_, { input }, { services }) => ({ proposal: await services.selection.confirm(input) }),
    holdSession: async (_, { input }, { services }) => ({ proposal: await services.selection.hold(input) }),
    reportSession: async (_, { input }, { services }) => ({ proposal: await services.selection.report(input) }),
    cancelSession: async (_, { input }, { services }) => ({ proposal: await services.selection.cancel(input) }),
    designMainSession: async (_, { input }, { services }) => ({ proposal: await services.selection.designMainSession(input) }),
  },
  Programme: {
    slotBudgets: async (p, _, { services }) => budgetsView(await services.selection.budget(p.year)),
    sessions: async (p, { status, first, after }, { services }) => toConnection(await services.selection.sessions(p.year, status, first, after)),
  },
  Proposal: {
    status: (p, _, { services }) => services.selection.status(asSession(p)),
    selection: (p) => {
      const s = asSession(p).selection;
      return s
        ? {
            outcome: s.outcome,
            decisionId: toGlobalId('Decision', s.decisionId),
            meetingId: toGlobalId('Meeting', s.meetingId),
            decidedAt: s.decidedAt,
            conditions: [...(s.conditions ?? [])],
            deadline: s.deadline ?? null,
            conditionsMetAt: s.conditionsMet?.at ?? null,
            conditionsMetNote: s.conditionsMet?.note ?? null,
            lapsedAt: s.lapsedAt ?? null,
            mergedIntoId: s.mergedInto,
            reason: s.reason ?? null,
          }
        : null;
    },
    mainSession: (p) => asSession(p).mainSession ?? null,
    report: (p) => {
      const r = asSession(p).report;
      return r
        ? {
            ...r,
            keyTakeaways: [...r.keyTakeaways],
            callsToAction: [...r.callsToAction],
            participantsByGroup: STAKEHOLDER_GROUPS.flatMap((group) => (r.participantsByGroup[group] ? [{ group, count: r.participantsByGroup[group] }] : [])),
          }
        : null;
    },
    cancellation: (p) => asSession(p).cancellation ?? null,
    confirmedAt: (p) => asSession(p).confirmedAt ?? null,
    heldAt: (p) => asSession(p).heldAt ?? null,
    history: (p) => (asSession(p).history ?? []).map((h) => ({ status: h.status, at: h.at, note: h.note ?? null })),
  },
  ProposalSelection: {
    mergedInto: (s, _, { services }) => (s.mergedIntoId ? services.proposals.get(s.mergedIntoId).then((p) => p ?? null) : null),
  },
  MainSessionDesign: {
    workingGroup: async (d, _, { services }) => present(await Promise.all(d.workingGroupIds.map((id) => services.stakeholders.get(id)))),
    feeders: async (d, _, { services }) => present(await Promise.all(d.feederIds.map((id) => services.proposals.get(id)))),
  },
  ProposalSubject: {
    proposalId: (s) => toGlobalId('Proposal', s.proposalId),
    proposal: (s, _, { services }) => services.proposals.get(s.proposalId).then((p) => p ?? null),
    conditions: (s) => [...(s.conditions ?? [])],
    deadline: (s) => s.deadline ?? null,
    mergedIntoId: (s) => (s.mergedInto ? toGlobalId('Proposal', s.mergedInto) : null),
    reason: (s) => s.reason ?? null,
  },
};
