/**
 * Identifiers: time-sortable internal ids, and the opaque Relay global ids
 * the API shows (`base64url("Type:internalId")`).
 */
import { monotonicFactory } from 'ulid';
import { BadUserInputError } from './errors';

const ulid = monotonicFactory();

/** A new internal id: 26 characters, sortable by creation time. */
export function newId(now: Date = new Date()): string {
  return ulid(now.getTime());
}

export type NodeType =
  | 'Stakeholder'
  | 'Consultation'
  | 'Contribution'
  | 'ReportingCycle'
  | 'Report'
  | 'ReportRevision'
  | 'Programme'
  | 'IssueCall'
  | 'Issue'
  | 'Theme'
  | 'Meeting'
  | 'Decision'
  | 'ActionItem'
  | 'Minutes'
  | 'ProposalCall'
  | 'Proposal'
  | 'Room'
  | 'ScheduleSlot'
  | 'ScheduleRelease'
  | 'EvaluationRound'
  | 'EvaluationSheet';

export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

const ID_PATTERN = /^[A-Za-z0-9_.|-]{1,80}$/;

/** Decodes a global id; anything malformed is the caller's bad input, never a lookup. */
export function fromGlobalId(globalId: string, field = 'id'): { type: string; id: string } {
  const invalid = () => new BadUserInputError(`"${field}" is not a valid id`, field);
  if (globalId.length > 200) throw invalid();
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const type = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator <= 0 || !ID_PATTERN.test(id) || toGlobalId(type as NodeType, id) !== globalId) throw invalid();
  return { type, id };
}

/** Decodes a global id that must be of one type. */
export function internalId(globalId: string, type: NodeType, field = 'id'): string {
  const decoded = fromGlobalId(globalId, field);
  if (decoded.type !== type) throw new BadUserInputError(`"${field}" is not a ${type} id`, field);
  return decoded.id;
}
