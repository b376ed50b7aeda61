/** Writes Agora's demo data into an empty table. */
import { markSeeded } from './seed.repository';
import { seedReports } from './reports.seed';
import { seedStakeholders } from './stakeholders.seed';

export async function seedDemoData(now: Date = new Date()): Promise<{ stakeholders: number; reportingCycles: number; reports: number }> {
  const stakeholders = await seedStakeholders(now);
  // After the stakeholders: reports are requested from the relevant organisations seeded above.
  const reporting = await seedReports(now);
  await markSeeded(now);
  return { stakeholders: stakeholders.organisations.length + stakeholders.people.length, reportingCycles: reporting.cycles, reports: reporting.reports };
}
