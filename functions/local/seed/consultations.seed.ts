/**
 * Demo consultations: two years of cycles (six consultations) plus next
 * year's draft, in every state — published syntheses, one closed and being
 * answered, one open now, one scheduled, one draft — with hundreds of
 * contributions from the demo people, replies, edits, withdrawals and the
 * MAG's dispositions. Everything is written through the consultation
 * repository (the same conditional, counted transactions as the API, at the
 * instants the story needs), so the counters equal a recount.
 */
import { ulid } from 'ulid';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import { toGlobalId } from '../../core/ids';
import {
  DISPOSITIONS,
  answered,
  buildContribution,
  contributionId,
  revise,
  withdrawn,
  type Consultation,
  type Contribution,
  type Disposition,
} from '../../modules/consultations/consultation.model';
import * as consultationStore from '../../modules/consultations/consultation.store';
import * as answerStore from '../../modules/contributions/contribution-answers.store';
import * as contributionStore from '../../modules/contributions/contribution.store';
import { consultationStatusJob } from '../../modules/consultations/consultation-status.job';
import type { Stakeholder } from '../../modules/stakeholders/stakeholder.model';
import { DEMO_PERSONAS } from './personas';
import { seededRandom } from './random';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Writes in flight per consultation: more only adds transaction conflicts on its counter items. */
const SEED_CONCURRENCY = 4;

interface Plan {
  readonly sequence: number;
  readonly yearOffset: number;
  readonly title: string;
  readonly questions: readonly string[];
  /** Days relative to now. */
  readonly opens: number;
  readonly closes: number;
  readonly kind: 'published' | 'closed' | 'open' | 'scheduled' | 'draft';
  readonly contributions: number;
}

const PLANS: readonly Plan[] = [
  {
    yearOffset: -1,
    sequence: 1,
    title: 'Meaningful access: connecting the next billion',
    questions: ['Which barriers to affordable access matter most where you are?', 'What should community networks get from regulators?'],
    opens: -620,
    closes: -590,
    kind: 'published',
    contributions: 80,
  },
  {
    yearOffset: -1,
    sequence: 2,
    title: 'Artificial intelligence and human rights',
    questions: ['Where should AI systems be subject to human oversight?', 'How should impact assessments be shared across borders?'],
    opens: -500,
    closes: -470,
    kind: 'published',
    contributions: 75,
  },
  {
    yearOffset: -1,
    sequence: 3,
    title: 'Avoiding Internet fragmentation',
    questions: ['Which technical practices keep the Internet interoperable?', 'Which policies risk splitting it?'],
    opens: -380,
    closes: -350,
    kind: 'published',
    contributions: 70,
  },
  {
    yearOffset: 0,
    sequence: 1,
    title: 'Trusted cross-border data flows',
    questions: ['What makes a data transfer trustworthy?', 'How should small businesses comply across jurisdictions?'],
    opens: -80,
    closes: -45,
    kind: 'closed',
    contributions: 70,
  },
  {
    yearOffset: 0,
    sequence: 2,
    title: 'Digital public infrastructure for all',
    questions: ['Which public digital services should be built as shared infrastructure?', 'How should they be governed?', 'What safeguards do they need?'],
    opens: -10,
    closes: 20,
    kind: 'open',
    contributions: 45,
  },
  {
    yearOffset: 0,
    sequence: 3,
    title: 'The environmental footprint of the Internet',
    questions: ['How should the sector measure its footprint?', 'Which commitments should operators make?'],
    opens: 45,
    closes: 75,
    kind: 'scheduled',
    contributions: 0,
  },
  {
    yearOffset: 1,
    sequence: 1,
    title: 'Programme of work for the coming cycle',
    questions: ['Which themes should the next cycle take up?'],
    opens: 110,
    closes: 140,
    kind: 'draft',
    contributions: 0,
  },
];

const OPENERS = [
  'From our experience,',
  'In our region,',
  'We would like to stress that',
  'Our members report that',
  'As researchers, we observe that',
  'Practically speaking,',
];
const POINTS = [
  'affordability remains the first barrier, well before infrastructure',
  'multistakeholder review works best when the drafts are public early',
  'small operators need simpler licensing to serve rural areas',
  'independent oversight must include technical experts and civil society',
  'interoperable standards protect users better than national mandates',
  'capacity building deserves a dedicated budget line',
  'transparency reports should follow one common format',
  'local languages are still badly served online',
  'procurement rules can push for open standards',
  'the costs of compliance fall hardest on small businesses',
];
const CLOSERS = [
  'We are ready to share data.',
  'Details are in our attached report.',
  'We hope the MAG takes this up.',
  'Happy to discuss at the next meeting.',
  '',
];
const REPLIES = [
  'We agree, and would add the perspective of small islands.',
  'This does not match what we see; see our own input.',
  'Could you share the data behind this?',
  'Strongly support this point.',
];
const RESPONSES: Record<Disposition, string> = {
  RECEIVED: 'Received; the MAG will consider it at its next meeting.',
  UNDER_REVIEW: 'Under review by the working group on this theme.',
  ADDRESSED: 'Addressed: reflected in the synthesis and the programme.',
  PARTIALLY_ADDRESSED: 'Partly taken up; the rest is left to the next cycle.',
  NOTED: 'Noted with thanks.',
  OUT_OF_SCOPE: 'Outside the mandate of this consultation.',
};

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

export interface DemoConsultations {
  readonly consultations: number;
  readonly contributions: number;
}

export async function seedConsultations(now: Date, people: readonly Stakeholder[]): Promise<DemoConsultations> {
  const random = seededRandom(2030);
  const year = now.getUTCFullYear();
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const stakeholder = DEMO_PERSONAS.stakeholder;
  const built = PLANS.map((plan) => {
    const cycleYear = year + plan.yearOffset;
    const id = `demo-consultation-${cycleYear}-${plan.sequence}`;
    // Created 20 days before opening, but never after the seeding instant: the change feed must list no change
    // from the future (a client syncing from its largest `changedAt` would skip every real change until then).
    const createdAt = at(Math.min(plan.opens - 20, -2)).toISOString();
    const consultation: Consultation = {
      id,
      year: cycleYear,
      sequence: plan.sequence,
      title: plan.title,
      summary: `Consultation ${plan.sequence} of ${cycleYear}: ${plan.title.toLowerCase()}.`,
      body: `## ${plan.title}\n\nThe MAG invites every stakeholder group to comment. Answer one of the questions or comment in general.`,
      language: 'en',
      questions: plan.questions.map((text, i) => ({ id: `q${cycleYear}s${plan.sequence}n${i + 1}`, text })),
      opensAt: at(plan.opens).toISOString(),
      closesAt: at(plan.closes).toISOString(),
      storedStatus: plan.kind === 'draft' ? 'DRAFT' : 'SCHEDULED',
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };
    return { plan, consultation };
  });
  await Promise.all(built.map(({ consultation }) => consultationStore.createConsultation(consultation)));

  let total = 0;
  await Promise.all(
    built.map(async ({ plan, consultation }) => {
      if (plan.contributions === 0) return;
      const opensAt = Date.parse(consultation.opensAt);
      const window = Math.min(Date.parse(consultation.closesAt), now.getTime()) - opensAt;
      // Instants spread over the window (so far, for the open one), in order.
      const instants = Array.from(
        { length: plan.contributions },
        (_, i) => new Date(opensAt + Math.floor(((i + random.next()) / plan.contributions) * window * 0.95)),
      );
      const specs = instants.map((instant, i) => {
        const author = i === 0 && plan.kind === 'open' ? (people.find((p) => p.id === stakeholder) ?? random.pick(people)) : random.pick(people);
        const isReply = i > 5 && random.next() < 0.2;
        const question = random.next() < 0.7 ? random.pick(consultation.questions) : undefined;
        const body = isReply ? random.pick(REPLIES) : `${random.pick(OPENERS)} ${random.pick(POINTS)}. ${random.pick(CLOSERS)}`.trim();
        return { instant, author, isReply, question, body, parentIndex: isReply ? random.int(0, i - 1) : -1, localId: ulid(instant.getTime(), random.next) };
      });
      const made: (Contribution | undefined)[] = new Array(specs.length);
      const submit = async (i: number) => {
        const spec = specs[i]!;
        const parent = spec.parentIndex >= 0 ? made[spec.parentIndex] : undefined;
        const { contribution, revision } = buildContribution({
          id: contributionId(consultation.id, spec.localId),
          consultation,
          authorId: spec.author.id,
          capacity: 'PERSONAL',
          countedFor: spec.author,
          questionId: parent ? undefined : spec.question?.id,
          parentId: parent?.status === 'ACTIVE' ? parent.id : undefined,
          body: spec.body,
          language: 'en',
          now: spec.instant,
        });
        const guard = { key: idempotencyGuardKey('submitContribution', spec.author.id, `demo-${contribution.id}`), requestDigest: 'demo' };
        const returning = specs.findIndex((s) => s.author.id === spec.author.id) !== i;
        const outcome = await contributionStore.submitContribution(contribution, revision, guard, spec.instant, returning);
        if (outcome.kind !== 'created') throw new Error(`Demo contribution not stored: ${outcome.kind}`);
        made[i] = contribution;
      };
      // Top-level contributions first (in parallel), then the replies to them.
      const topLevel = specs.map((_, i) => i).filter((i) => !specs[i]!.isReply);
      const replies = specs.map((_, i) => i).filter((i) => specs[i]!.isReply);
      await pool(
        topLevel.map((i) => () => submit(i)),
        SEED_CONCURRENCY,
      );
      await pool(
        replies.map((i) => () => submit(i)),
        SEED_CONCURRENCY,
      );

      // A few authors revise or withdraw, while the consultation was open.
      const changes = made.map((c, i) => ({ c: c as Contribution, i })).filter(({ i }) => i % 11 === 3 || i % 17 === 5);
      await pool(
        changes.map(({ c, i }) => async () => {
          const instant = new Date(Date.parse(c.createdAt) + HOUR);
          if (i % 17 === 5 && i % 11 !== 3) {
            const next = withdrawn(c, instant);
            if ((await contributionStore.withdrawContribution(next, c.version, instant)) === 'saved') made[i] = next;
          } else {
            const { next, revision } = revise(c, `${c.body ?? ''} (Edited: we add a concrete example from our community.)`, c.language, instant);
            if ((await contributionStore.editContribution(next, revision, c.version, instant)) === 'saved') made[i] = next;
          }
        }),
        SEED_CONCURRENCY,
      );
      total += made.length;

      // The MAG's answers: all of a published consultation's, most of the closed one's.
      if (plan.kind === 'published' || plan.kind === 'closed') {
        const closesAt = Date.parse(consultation.closesAt);
        const toAnswer = made.filter((c): c is Contribution => c?.status === 'ACTIVE').filter((_, i) => plan.kind === 'published' || i % 5 < 3);
        const firstDay = random.int(3, 25);
        // Answered over a few days: each day's answers are one all-or-nothing write, as a bulk answer would be.
        const byDay = new Map<number, { previous: Contribution; next: Contribution }[]>();
        for (const previous of toAnswer) {
          const disposition = DISPOSITIONS[random.int(0, DISPOSITIONS.length - 1)] as Disposition;
          const by = random.next() < 0.5 ? DEMO_PERSONAS.mag : 'secretariat';
          const day = firstDay + random.int(0, 5);
          const when = new Date(closesAt + day * DAY);
          byDay.set(day, [...(byDay.get(day) ?? []), { previous, next: answered(previous, disposition, RESPONSES[disposition], by, when, false) }]);
        }
        for (const [day, changes] of byDay) {
          const outcome = await answerStore.saveAnswers(changes, new Date(closesAt + day * DAY));
          if (outcome.kind !== 'saved') throw new Error(`Demo answers not stored: ${outcome.kind}`);
        }
        if (plan.kind === 'published') {
          const references = toAnswer.slice(0, 3).map((c) => `contribution:${toGlobalId('Contribution', c.id)}`);
          const publishedAt = new Date(closesAt + 40 * DAY);
          const published: Consultation = {
            ...consultation,
            storedStatus: 'SYNTHESIS_PUBLISHED',
            synthesis: {
              body: `## What we heard\n\nContributions came from every stakeholder group. Key points: [access](${references[0]}), [oversight](${references[1]}) and [standards](${references[2]}).\n\n## What the MAG will do\n\nThe themes above enter the programme of the next annual meeting.`,
              publishedAt: publishedAt.toISOString(),
              publishedBy: 'secretariat',
              referenceIds: toAnswer.slice(0, 3).map((c) => c.id),
            },
            updatedAt: publishedAt.toISOString(),
            version: consultation.version + 1,
          };
          if (!(await consultationStore.saveConsultation(published, consultation.version, { kind: 'publish', now: publishedAt }))) {
            throw new Error(`Demo synthesis of ${consultation.id} not published`);
          }
        }
      }
    }),
  );
  // Persist the statuses the clock implies, as the scheduler would have.
  await consultationStatusJob.run(now);
  return { consultations: built.length, contributions: total };
}
