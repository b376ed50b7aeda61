/** Writes Agora's demo data into an empty table. */
import { markSeeded } from './seed.repository';
import { seedStakeholders } from './stakeholders.seed';

export async function seedDemoData(now: Date = new Date()): Promise<{ stakeholders: number }> {
  const stakeholders = await seedStakeholders(now);
  await markSeeded(now);
  return { stakeholders: stakeholders.organisations.length + stakeholders.people.length };
}
