/** Writes Agora's demo data into an empty table. */
import { markSeeded } from './seed.repository';
import { seedReports } from './reports.seed';
import { seedStakeholders } from './stakeholders.seed';
import { seedConsultations } from './consultations.seed';

export async function seedDemoData(
  now: Date = new Date(),
): Promise<{ stakeholders: number; consultations: number; contributions: number; reportingCycles: number; reports: number }> {
  const stakeholders = await seedStakeholders(now);
  // After the stakeholders: contributions come from the demo people, reports from the relevant organisations.
  const consultations = await seedConsultations(now, stakeholders.people);
  const reporting = await seedReports(now);
  await markSeeded(now);
  return {
    stakeholders: stakeholders.organisations.length + stakeholders.people.length,
    ...consultations,
    reportingCycles: reporting.cycles,
    reports: reporting.reports,
  };
}
