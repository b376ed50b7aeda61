/**
 * The reporting module's public face (reporting cycles, reports and their
 * revisions, notifications): what other modules, the GraphQL edge and the
 * scheduler may use.
 */
export type { ComplianceCounts, ReportingCycle } from './reporting.model';
export { ReportingService } from './reporting.service';
export { reportingResolvers } from './reporting.resolvers';
export { reportDeadlinesJob } from './reporting.jobs';
