/**
 * An object by type and internal id, through the service that guards it:
 * what `node(id)` and the change feed both use, so neither reveals what the
 * caller may not see (drafts, unpublished reports, their revisions).
 */
import type { NodeType } from '../core/ids';
import type { Services } from './services';

type Fetch = (services: Services, id: string) => Promise<object | undefined>;

const fetchers: Record<NodeType, Fetch> = {
  Stakeholder: (services, id) => services.stakeholders.get(id),
  ReportingCycle: (services, id) => (/^\d{4}$/.test(id) ? services.reporting.cycles.cycle(Number(id)) : Promise.resolve(undefined)),
  // Reports and revisions go through the service's visibility rules: unpublished ones are undefined for others.
  Report: (services, id) => services.reporting.reports.reportById(id),
  ReportRevision: (services, id) => services.reporting.reports.revisionById(id),
  Consultation: (services, id) => services.consultations.get(id),
  Contribution: (services, id) => services.contributions.get(id),
  Programme: (services, id) => (/^\d{4}$/.test(id) ? services.programmes.get(Number(id)) : Promise.resolve(undefined)),
  IssueCall: (services, id) => (/^\d{4}$/.test(id) ? services.programmes.call(Number(id)) : Promise.resolve(undefined)),
  // Withdrawn issues and draft themes go through the services' visibility rules.
  Issue: (services, id) => services.issues.get(id),
  Theme: (services, id) => services.themes.get(id),
  // Meetings, decisions, action items and minutes through the meeting rules (planned meetings, proposed decisions, drafts stay internal).
  Meeting: (services, id) => services.meetings.get(id),
  Decision: (services, id) => services.meetings.decision(id),
  ActionItem: (services, id) => services.meetings.actionItem(id),
  Minutes: (services, id) => services.meetings.minutesById(id),
  ProposalCall: (services, id) => (/^\d{4}$/.test(id) ? services.proposals.call(Number(id)) : Promise.resolve(undefined)),
  // Proposals through the proposal rules: only their participants and the secretariat.
  Proposal: (services, id) => services.proposals.get(id),
  // Rooms and releases are public; work-in-progress slots only for MAG members in term and the secretariat.
  Room: (services, id) => services.schedule.room(id),
  ScheduleSlot: (services, id) => services.schedule.slot(id),
  ScheduleRelease: (services, id) => services.schedule.release(id),
  // Rounds are public; a sheet through the evaluation rules (its evaluators and the secretariat; blind rounds hide names).
  EvaluationRound: (services, id) => services.evaluation.round(id),
  EvaluationSheet: (services, id) => services.evaluation.getSheetByInternalId(id),
};

export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(fetchers, type);
}

/** The object, or undefined when there is none or the caller may not see it. */
export function fetchNode(services: Services, type: NodeType, id: string): Promise<object | undefined> {
  return fetchers[type](services, id);
}
