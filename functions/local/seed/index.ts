/** Writes Agora's demo data into an empty table. */
import { markSeeded } from './seed.repository';
import { seedStakeholders } from './stakeholders.seed';
import { seedConsultations } from './consultations.seed';

export async function seedDemoData(now: Date = new Date()): Promise<{ stakeholders: number; consultations: number; contributions: number }> {
  const stakeholders = await seedStakeholders(now);
  const consultations = await seedConsultations(now, stakeholders.people);
  await markSeeded(now);
  return { stakeholders: stakeholders.organisations.length + stakeholders.people.length, ...consultations };
}
