/**
 * The sessions module's stores as its services receive them: `buildSessions`
 * (index.ts) wires the DynamoDB stores, unit tests wire in-memory ones. Each
 * service names the part it uses (a `Pick` of these), so a fake implements
 * only what the rule under test reads and writes.
 */
import type * as evaluation from './evaluation.store';
import type * as funnel from './funnel.store';
import type * as reportsDue from './reports-due.store';
import type * as selection from './selection.store';
import type * as sessions from './sessions.store';

export interface SessionStores {
  /** Calls for proposals, proposals with their versions and invitations, screening. */
  readonly sessions: typeof sessions;
  /** Sessions after selection, slot budgets, main sessions. */
  readonly selection: typeof selection;
  /** Evaluation rounds, sheets and evaluations. */
  readonly evaluation: typeof evaluation;
  /** The funnel's counters and the people's years on proposals. */
  readonly funnel: typeof funnel;
  /** Who owes a session report. */
  readonly reportsDue: typeof reportsDue;
}
