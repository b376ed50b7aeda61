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
  // Meetings, decisions, action items and minutes through the meeting rules (planned meetings, proposed decisions, drafts stay internal).
  Meeting: (services, id) => services.meetings.get(id),
  Decision: (services, id) => services.meetings.decision(id),
  ActionItem: (services, id) => services.meetings.actionItem(id),
  Minutes: (services, id) => services.meetings.minutesById(id),
};

export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(fetchers, type);
}

/** The object, or undefined when there is none or the caller may not see it. */
export function fetchNode(services: Services, type: NodeType, id: string): Promise<object | undefined> {
  return fetchers[type](services, id);
}
