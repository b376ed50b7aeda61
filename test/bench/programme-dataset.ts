/**
 * The benchmark's annual programme of the current year, at the IGF's scale: the demo data's own chain, written
 * through the same services as the API (`functions/local/seed/`) — the MAG of 40 and the demo people, 160 issues and
 * the adopted themes, the call for session proposals with its screened proposals, the MAG's evaluation round,
 * the selection by a MAG decision, main sessions and the released schedule. Seeded the same into both tables: it
 * is the size of one year's programme, which the data set's 1/20 does not divide.
 */
import { toGlobalId } from '../../functions/core/ids';
import { seedEvaluation } from '../../functions/local/seed/evaluation.seed';
import { DEMO_PERSONAS } from '../../functions/local/seed/personas';
import { seedProgramme } from '../../functions/local/seed/programme.seed';
import { seedSelection } from '../../functions/local/seed/selection.seed';
import { seedSessions } from '../../functions/local/seed/sessions.seed';
import { demoSubject, seedStakeholders } from '../../functions/local/seed/stakeholders.seed';
import { listRounds } from '../../functions/modules/sessions/evaluation.store';
import { allSessions } from '../../functions/modules/sessions/selection.store';
import { getDays, getHeads, getReleases } from '../../functions/modules/schedule/schedule.store';

export interface ProgrammeDataset {
  /** The programme's year (the current one). */
  readonly year: number;
  /** The released schedule's busiest day. */
  readonly scheduleDate: string;
  /** The evaluation round (global id) and the MAG member whose queue is read (token subject). */
  readonly roundId: string;
  readonly evaluatorSubject: string;
  /** An accepted proposal (global id) with the most speakers, read by the public. */
  readonly proposalId: string;
  readonly counts: { readonly proposals: number; readonly evaluations: number; readonly accepted: number; readonly slots: number };
  readonly seconds: number;
}

export async function seedProgrammeDataset(now: Date, log: (line: string) => void = () => undefined): Promise<ProgrammeDataset> {
  const started = performance.now();
  const year = now.getUTCFullYear();
  const demo = await seedStakeholders(now);
  await seedProgramme(now, demo.people);
  const sessions = await seedSessions(now, demo);
  const { evaluations } = await seedEvaluation(now, demo.people);
  const selection = await seedSelection(now, demo.people);
  const [head] = await getHeads([year]);
  const release = head?.releasedVersion ? (await getReleases([{ year, version: head.releasedVersion }]))[0] : undefined;
  if (!release || release.days.length === 0) throw new Error('bench programme: no released schedule');
  const days = (await getDays(release.days.map((date) => ({ year, date })))).filter((d) => d !== undefined);
  const busiest = [...days].sort((a, b) => b.slots.length - a.slots.length || a.date.localeCompare(b.date))[0];
  if (!busiest) throw new Error('bench programme: no day in the released schedule');
  const round = (await listRounds(year, 1)).items[0];
  if (!round) throw new Error('bench programme: no evaluation round');
  const selected = (await Promise.all(['SCHEDULED', 'CONFIRMED', 'ACCEPTED'].map((status) => allSessions(year, status)))).flat();
  const accepted = selected.filter((p) => p.type !== 'MAIN_SESSION');
  const proposal = [...accepted].sort((a, b) => b.speakers.length - a.speakers.length || a.id.localeCompare(b.id))[0];
  if (!proposal) throw new Error('bench programme: no accepted proposal');
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  log(
    `  the programme of ${year}: ${sessions.proposals.length} proposals, ${evaluations} evaluations, ${selection.accepted} accepted, ${selection.slots} slots in ${seconds}s`,
  );
  return {
    year,
    scheduleDate: busiest.date,
    roundId: toGlobalId('EvaluationRound', round.id),
    evaluatorSubject: demoSubject(DEMO_PERSONAS.mag),
    proposalId: toGlobalId('Proposal', proposal.id),
    counts: { proposals: sessions.proposals.length, evaluations, accepted: selection.accepted, slots: selection.slots },
    seconds,
  };
}
