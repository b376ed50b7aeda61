/**
 * The demo year's finished evaluation round: the MAG's blind evaluation of the
 * eligible workshop proposals, driven through the services at the instants
 * the story needs — balanced assignment, one declared conflict with its
 * replacement, scores with reason codes (a few evaluations left undone), the
 * round closed and its feedback released to proposers. It runs after the
 * demo proposals exist and evaluates the demo year's eligible proposals; when
 * the seed has none (no call for proposals yet), it first runs a small call
 * of its own (drafted, answered, submitted and screened through the services).
 */
import { SECRETARIAT_GROUP, userCaller, type Caller } from '../../core/auth/caller';
import { toGlobalId } from '../../core/ids';
import { createContext } from '../../graphql/context';
import type { Stakeholder } from '../../modules/stakeholders';
import { seededRandom } from './random';

const DAY = 86_400_000;
const CRITERIA = ['CONTENT', 'POLICY_QUESTIONS', 'RELEVANCE', 'FORMAT', 'DIVERSITY', 'PARTICIPATION'];
const REASONS = [
  'INCOMPLETE_DESCRIPTION',
  'POLICY_QUESTION_NOT_ADDRESSED',
  'WEAK_RELEVANCE',
  'FORMAT_UNSUITED',
  'LACKS_DIVERSITY',
  'LIMITED_INTERACTION',
] as const;
/** Proposals of the small call run when the seed has no demo proposals. */
const OWN_PROPOSALS = 24;

const secretariat: Caller = userCaller('local|seed-secretariat', [SECRETARIAT_GROUP], async () => undefined);
const personCaller = (person: Stakeholder): Caller =>
  userCaller(`local|seed-${person.id}`, [], async () => ({
    stakeholderId: person.id,
    magTerm: person.magTerm,
    representativeOf: [...person.representativeOf],
  }));
const servicesAs = (caller: Caller, at: number) => createContext({ requestId: 'seed', caller, now: () => new Date(at) }).services;

const inTerm = (person: Stakeholder, year: number) => person.magTerm !== undefined && person.magTerm.startYear <= year && year <= person.magTerm.endYear;

/** A small call of the demo year with eligible proposals, for a seed that has no demo proposals (yet). */
async function ownCall(now: number, year: number, people: readonly Stakeholder[]): Promise<void> {
  const at = (days: number) => now + days * DAY;
  const programmeId = toGlobalId('Programme', String(year));
  await servicesAs(secretariat, at(-70)).proposals.scheduleCall({
    programmeId,
    opensAt: new Date(at(-60)).toISOString(),
    closesAt: new Date(at(-40)).toISOString(),
  });
  const themes = await servicesAs(secretariat, at(-50)).themes.list(year, 20, null);
  const adopted = themes.items.filter((t) => t.status === 'ADOPTED');
  if (adopted.length === 0) return;
  const speakers = people.filter((p) => p.kind === 'PERSON' && !inTerm(p, year) && !(p.magTerm && p.magTerm.endYear >= year - 1));
  for (let k = 0; k < OWN_PROPOSALS; k++) {
    // Proposer k speaks with two people of other groups and regions.
    const proposer = speakers[k % speakers.length]!;
    const others = speakers.filter((p) => p.group !== proposer.group && p.region !== proposer.region);
    const panel = [others[(k * 3) % others.length]!, others[(k * 3 + 7) % others.length]!].filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i);
    const theme = adopted[k % adopted.length]!;
    const proposal = await servicesAs(personCaller(proposer), at(-50) + k * 60_000).proposals.create({
      callId: toGlobalId('ProposalCall', String(year)),
      type: k % 6 === 5 ? 'LIGHTNING_TALK' : 'WORKSHOP',
      format: k % 6 === 5 ? 'TALK' : 'ROUNDTABLE',
      durationMinutes: k % 6 === 5 ? 20 : 60,
      themeId: toGlobalId('Theme', theme.id),
      policyQuestions: [0],
      title: `${theme.title}: perspectives ${k + 1}`.slice(0, 60),
      description: `A session on ${theme.title.toLowerCase()} bringing together speakers from different stakeholder groups and regions to compare practice and agree on next steps.`,
      developmentDimension: { linkage: k % 2 ? 'DIRECT' : 'INDIRECT', explanation: 'The session looks at what works in developing countries.' },
      interactionPlan: 'Short openings, then questions from the room and online in every round.',
      onlineParticipationPlan: 'An online moderator relays questions from the platform.',
      organiserIds: [toGlobalId('Stakeholder', proposer.id)],
      speakers: [
        { stakeholderId: toGlobalId('Stakeholder', proposer.id), role: 'MODERATOR', attendance: 'ONSITE' },
        ...panel.map((p) => ({ stakeholderId: toGlobalId('Stakeholder', p.id), role: 'SPEAKER' as const, attendance: 'ONSITE' as const })),
      ],
      idempotencyKey: `demo-evaluation-proposal-${year}-${k}`,
    });
    for (const p of panel) await servicesAs(personCaller(p), at(-49)).proposals.answer({ proposalId: toGlobalId('Proposal', proposal.id), accept: true });
    const current = await servicesAs(personCaller(proposer), at(-48)).proposals.get(proposal.id);
    if (current && current.status === 'DRAFT') {
      try {
        await servicesAs(personCaller(proposer), at(-48)).proposals.submit({ id: toGlobalId('Proposal', proposal.id), version: current.version });
      } catch {
        // A panel that breaks a rule stays a draft, as it would for a real proposer.
      }
    }
  }
  await servicesAs(secretariat, at(-39)).screening.screen({ callId: toGlobalId('ProposalCall', String(year)) });
}

export async function seedEvaluation(now: Date, people: readonly Stakeholder[]): Promise<{ evaluations: number }> {
  const random = seededRandom(2018);
  const year = now.getUTCFullYear();
  const T = now.getTime();
  let call = await servicesAs(secretariat, T).proposals.call(year);
  if (!call) {
    await ownCall(T, year, people);
    call = await servicesAs(secretariat, T).proposals.call(year);
  }
  if (!call) return { evaluations: 0 };
  // The round opens a day after the call closes (or a month ago) and closed two days ago.
  const opensAt = Math.max(Date.parse(call.closesAt) + DAY, T - 30 * DAY);
  const closesAt = T - 2 * DAY;
  if (opensAt + 5 * DAY > closesAt) return { evaluations: 0 };
  const programmeId = toGlobalId('Programme', String(year));
  const round = await servicesAs(secretariat, opensAt - DAY).evaluation.createRound({
    programmeId,
    title: `Workshop and lightning talk evaluation ${year}`,
    opensAt: new Date(opensAt).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
    idempotencyKey: `demo-evaluation-round-${year}`,
  });
  const roundId = toGlobalId('EvaluationRound', round.id);
  await servicesAs(secretariat, opensAt - DAY / 2).evaluation.assign({ roundId });
  const members = people.filter((p) => inTerm(p, year));
  let evaluations = 0;
  let declined = false;
  const scoringAt = opensAt + 2 * DAY;
  // Each MAG member works through their queue; about one in ten evaluations is left undone.
  for (const [m, member] of members.entries()) {
    const services = servicesAs(personCaller(member), scoringAt + m * 60_000);
    const queue = await services.evaluation.queue(roundId, 100, null);
    for (const entry of queue.items) {
      if (entry.status !== 'ASSIGNED') continue;
      const sheetId = toGlobalId('EvaluationSheet', `${entry.roundId}|${entry.proposalId}`);
      if (!declined) {
        declined = true;
        await services.evaluation.decline({
          sheetId,
          version: entry.version,
          reason: 'CONFLICT_OF_INTEREST',
          statement: 'I advised one of the organisers on this session last year.',
        });
        continue;
      }
      if (random.next() < 0.1) continue;
      // A proposal's quality is shared by its evaluators (seeded by the proposal), each adding their own view.
      const quality = 2 + (parseInt(entry.proposalId.slice(-2), 36) % 4);
      const scores = CRITERIA.map((criterion) => {
        const score = Math.min(5, Math.max(1, quality + random.int(-1, 1)));
        return score <= 3 ? { criterion, score, reason: random.pick(REASONS) } : { criterion, score };
      });
      await services.evaluation.submit({
        sheetId,
        version: entry.version,
        scores,
        comment: quality >= 4 ? 'A strong, well-balanced session.' : 'The policy questions need sharper treatment.',
      });
      evaluations++;
    }
  }
  // The replacements assigned after the conflict evaluate too.
  for (const [m, member] of members.entries()) {
    const services = servicesAs(personCaller(member), scoringAt + DAY + m * 60_000);
    for (const entry of (await services.evaluation.queue(roundId, 100, null)).items) {
      if (entry.status !== 'ASSIGNED' || entry.assignedAt <= new Date(opensAt).toISOString()) continue;
      const scores = CRITERIA.map((criterion) => ({ criterion, score: 4 }));
      await services.evaluation.submit({ sheetId: toGlobalId('EvaluationSheet', `${entry.roundId}|${entry.proposalId}`), version: entry.version, scores });
      evaluations++;
    }
  }
  const closed = await servicesAs(secretariat, closesAt + DAY).evaluation.round(round.id);
  if (closed) await servicesAs(secretariat, closesAt + DAY).evaluation.releaseFeedback({ roundId, version: closed.version });
  return { evaluations };
}
