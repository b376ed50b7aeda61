/** Writes Agora's demo data into an empty table. */
import { markSeeded } from './seed.repository';
import { seedReports } from './reports.seed';
import { seedStakeholders } from './stakeholders.seed';
import { seedConsultations } from './consultations.seed';
import { seedMeetings } from './meetings.seed';
import { seedProgramme } from './programme.seed';
import { seedThemeTags } from './theme-tags.seed';
import { seedConsultationDates } from './consultation-dates.seed';
import { seedSelection } from './selection.seed';
import { seedSessions } from './sessions.seed';
import { seedEvaluation } from './evaluation.seed';

export async function seedDemoData(now: Date = new Date()): Promise<{
  stakeholders: number;
  consultations: number;
  contributions: number;
  meetings: number;
  reportingCycles: number;
  reports: number;
  issues: number;
  supports: number;
  themes: number;
  taggedContributions: number;
  accepted: number;
  mainSessions: number;
  slots: number;
  releases: number;
  proposals: number;
  evaluations: number;
}> {
  const stakeholders = await seedStakeholders(now);
  // After the stakeholders: contributions come from the demo people, reports from the relevant organisations.
  const consultations = await seedConsultations(now, stakeholders.people);
  await seedConsultationDates(now);
  // After the consultations: the MAG meets after each one and decides on its contributions.
  const meetings = await seedMeetings(now, stakeholders.people);
  const reporting = await seedReports(now);
  // The annual programme: issues from the demo people (organisations' representatives are people too).
  const programme = await seedProgramme(now, stakeholders.people);
  // After the programme and the consultations: contributions tagged with the adopted themes (participation per theme).
  const themeTags = await seedThemeTags(now);
  // The call for session proposals under the adopted themes, screened.
  const sessions = await seedSessions(now, stakeholders);
  // After the programme and its proposals: the MAG's finished evaluation of the eligible ones.
  const evaluation = await seedEvaluation(now, stakeholders.people);
  // Selection, main sessions and the schedule: after the programme and its proposals.
  const selection = await seedSelection(now, stakeholders.people);
  await markSeeded(now);
  return {
    stakeholders: stakeholders.organisations.length + stakeholders.people.length,
    ...consultations,
    ...meetings,
    reportingCycles: reporting.cycles,
    reports: reporting.reports,
    ...programme,
    ...themeTags,
    ...selection,
    proposals: sessions.proposals.length,
    ...evaluation,
  };
}
