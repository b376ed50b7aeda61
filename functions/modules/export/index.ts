/** The open-data export's public face: a consultation's public contributions as CSV or JSON Lines. */
export { ContributionExport } from './contributions.export';
export { IssueExport } from './issues.export';
export { CONTENT_TYPES, type ExportFormat } from './export.format';
export { MeetingExport } from './meetings.export';
export { ProposalExport } from './proposals.export';
