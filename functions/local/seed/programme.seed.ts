/**
 * The demo annual programme: this year's programme with a closed call for
 * issues (the IGF's own category list) holding 160 issues from every
 * stakeholder group and region, hundreds of supports (some issues backed by
 * every group, many by one only), merged duplicates, a withdrawn issue,
 * themes adopted by a decision of the demo MAG meeting and issues not taken
 * up with a public reason. Written through the programme store — the same
 * conditional, counted transactions as the API, at the instants the story
 * needs — so the call's counters equal a recount.
 */
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import { newId } from '../../core/ids';
import {
  addSupporter,
  breadth,
  callCounter,
  initialSupport,
  issueIncrements,
  supportIncrements,
  type DevelopmentLinkage,
  type Issue,
  type IssueCall,
  type Programme,
  type Theme,
} from '../../modules/programme/programme.model';
import { mailEvent } from '../../modules/outbox';
import { programmeStore as store } from '../../modules/programme/programme.store';
import type { Stakeholder } from '../../modules/stakeholders/stakeholder.model';
import { seededRandom } from './random';

const DAY = 86_400_000;

/** The IGF's categories of the call for issues (reference A7). */
export const IGF_ISSUE_CATEGORIES = [
  { code: 'ARTIFICIAL_INTELLIGENCE', title: 'Artificial Intelligence' },
  { code: 'CYBERSECURITY_AND_TRUST', title: 'Cybersecurity and Trust' },
  { code: 'DATA_GOVERNANCE', title: 'Data Governance' },
  { code: 'DIGITAL_COOPERATION', title: 'Digital Cooperation' },
  { code: 'ECONOMIC_ISSUES_AND_DEVELOPMENT', title: 'Economic Issues and Development' },
  { code: 'EMERGING_TECHNOLOGIES', title: 'Emerging Technologies and Innovation' },
  { code: 'ENVIRONMENT_AND_CLIMATE', title: 'Environmental Sustainability and Climate Change' },
  { code: 'MEDIA_AND_CONTENT', title: 'Media and Content' },
  { code: 'RIGHTS_AND_FREEDOMS', title: 'Rights and Freedoms' },
  { code: 'TECHNICAL_AND_OPERATIONAL', title: 'Technical and Operational Topics' },
  { code: 'UNIVERSAL_ACCESS', title: 'Universal Access and Meaningful Connectivity' },
] as const;

const SUBJECTS = [
  'Affordable connectivity for rural communities',
  'Accountability of AI systems in public services',
  'Cross-border data flows with trust',
  'Online safety of children without surveillance',
  'Internet fragmentation and the public core',
  'E-waste and the footprint of data centres',
  'Digital public infrastructure for small states',
  'Disinformation during elections',
  'Local content and languages online',
  'Securing the routing system',
  'Digital skills for women and girls',
  'Platform workers and digital labour rights',
  'Quantum-safe cryptography migration',
  'Community networks and spectrum',
  'Financing the last mile',
  'Human rights impact of spyware',
];

const LINKAGES: readonly DevelopmentLinkage[] = ['DIRECT', 'DIRECT', 'INDIRECT', 'INDIRECT', 'NONE'];

/** The demo MAG meeting whose decision adopts the demo themes (ids the meetings module's demo data can take). */
export const DEMO_DECISION = (year: number) => ({ meetingId: `demo-mag-${year}-1`, decisionId: `demo-mag-${year}-1.themes` });

export async function seedProgramme(now: Date, people: readonly Stakeholder[]): Promise<{ issues: number; supports: number; themes: number }> {
  const random = seededRandom(2024);
  const year = now.getUTCFullYear();
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const created = at(-200).toISOString();
  const programme: Programme = {
    year,
    title: `IGF ${year}`,
    overarchingTheme: 'Building our multistakeholder digital future',
    hostCountry: 'NO',
    venue: 'Lillestrøm, Norway Convention Centre',
    startsAt: `${year}-12-14T00:00:00.000Z`,
    endsAt: `${year}-12-18T00:00:00.000Z`,
    format: 'HYBRID',
    settings: { issuesPerPerson: 3 },
    version: 1,
    createdAt: created,
    updatedAt: created,
  };
  if ((await store.createProgramme(programme)) === 'exists') return { issues: 0, supports: 0, themes: 0 };
  const call: IssueCall = {
    year,
    opensAt: at(-150).toISOString(),
    closesAt: at(-120).toISOString(),
    categories: IGF_ISSUE_CATEGORIES,
    issuesPerPerson: 3,
    version: 1,
    createdAt: created,
    updatedAt: created,
  };
  await store.saveCall(call, undefined);

  // 160 issues: author k is person k mod n, so every group and region authors some and nobody passes the cap.
  const issues: Issue[] = [];
  for (let k = 0; k < 160; k++) {
    const author = people[k % people.length] as Stakeholder;
    const when = at(-150 + (k * 25) / 160);
    const categories = [...new Set([random.pick(IGF_ISSUE_CATEGORIES).code, random.pick(IGF_ISSUE_CATEGORIES).code])];
    const linkage = LINKAGES[k % LINKAGES.length] as DevelopmentLinkage;
    const subject = SUBJECTS[k % SUBJECTS.length] as string;
    const issue: Issue = {
      id: `${year}.${newId(when)}`,
      year,
      title: `${subject} (${k + 1})`,
      description: `Why the IGF ${year} should address ${subject.toLowerCase()}: the community's experience, the gaps, and what a multistakeholder discussion could add.`,
      categories,
      developmentDimension: {
        linkage,
        explanation:
          linkage === 'NONE'
            ? 'A governance question with no particular link to development.'
            : `${subject} bears on the Sustainable Development Goals in developing countries.`,
      },
      sdgs: [random.int(1, 17)],
      ...(k % 3 === 0 ? { discussedElsewhere: 'Partly in ITU and UNESCO processes; not with all stakeholders at the table.' } : {}),
      capacity: 'PERSONAL',
      authorId: author.id,
      group: author.group,
      region: author.region,
      status: 'SUBMITTED',
      support: initialSupport(author.group, author.region),
      version: 1,
      createdAt: when.toISOString(),
      updatedAt: when.toISOString(),
    };
    const outcome = await store.submitIssue(
      issue,
      call.issuesPerPerson,
      { key: idempotencyGuardKey('submitIssue', author.id, `demo-${issue.id}`), requestDigest: issue.id },
      issueIncrements(issue, 1),
      when,
    );
    if (outcome.kind !== 'created') throw new Error(`Demo issue ${k} not stored: ${outcome.kind}`);
    issues.push(issue);
  }

  // Supports: every sixth issue from every group, the rest from a few random people (one support per person).
  let supports = 0;
  for (const [k, original] of issues.entries()) {
    let issue = original;
    const wanted = k % 6 === 0 ? people.length : random.int(0, 6);
    const candidates = people.filter((p) => p.id !== issue.authorId);
    const chosen =
      k % 6 === 0
        ? [...new Map(candidates.map((p) => [p.group, p])).values()]
        : Array.from({ length: wanted }, () => random.pick(candidates)).filter((p, i, all) => all.indexOf(p) === i);
    for (const supporter of chosen) {
      const when = new Date(Date.parse(issue.createdAt) + DAY);
      const counts = addSupporter(issue.support, supporter.group, supporter.region);
      const next: Issue = { ...issue, support: counts, updatedAt: when.toISOString() };
      const outcome = await store.supportIssue(
        issue,
        next,
        {
          issueId: issue.id,
          supporterId: supporter.id,
          listed: random.next() < 0.3,
          group: supporter.group,
          region: supporter.region,
          createdAt: when.toISOString(),
        },
        supportIncrements(issue.support, counts, supporter.group, supporter.region),
        when,
      );
      if (outcome !== 'supported') throw new Error(`Demo support not stored: ${outcome}`);
      issue = next;
      supports++;
    }
    issues[k] = issue;
  }

  // A withdrawal while the call was open, then merges of duplicates (issue k repeats the subject of issue k mod 16).
  const withdrawnAt = at(-121);
  const gone = issues[159] as Issue;
  const withdrawn: Issue = { ...gone, status: 'WITHDRAWN', version: 2, updatedAt: withdrawnAt.toISOString() };
  if ((await store.withdrawIssue(gone, withdrawn, issueIncrements(gone, -1), withdrawnAt)) !== 'withdrawn') throw new Error('Demo withdrawal not stored');
  issues[159] = withdrawn;
  for (const [k, target] of [
    [17, 1],
    [34, 2],
    [51, 3],
    [68, 4],
    [87, 7],
  ] as const) {
    const duplicate = issues[k] as Issue;
    const into = issues[target] as Issue;
    const next: Issue = { ...duplicate, status: 'MERGED', mergedInto: into.id, version: duplicate.version + 1, updatedAt: at(-110).toISOString() };
    const mail = mailEvent(
      'ISSUE_MERGED',
      { type: 'stakeholder', stakeholderId: duplicate.authorId },
      { year, issueTitle: duplicate.title, targetTitle: into.title },
      at(-110),
    );
    const outcome = await store.mergeIssue(duplicate, next, into.id, { [callCounter.breadth(breadth(duplicate.support))]: -1, [callCounter.merged]: 1 }, mail);
    if (outcome !== 'merged') throw new Error(`Demo merge not stored: ${outcome}`);
    issues[k] = next;
  }

  // Themes drawn from the broadest-backed issues, adopted by the demo MAG meeting's decision; a few issues declined.
  const decided = at(-90).toISOString();
  const decision = DEMO_DECISION(year);
  const themePlans = [
    {
      title: 'Universal and meaningful access',
      linkage: 'DIRECT' as const,
      from: [0, 13, 14, 29],
      questions: ['How can community networks be financed and licensed?', 'What makes connectivity meaningful for its users?'],
    },
    {
      title: 'Trust, security and safety online',
      linkage: 'INDIRECT' as const,
      from: [3, 9, 19],
      questions: ['How can online safety be improved without surveillance?', 'Who secures the routing system?'],
    },
    {
      title: 'Governing AI and emerging technologies',
      linkage: 'INDIRECT' as const,
      from: [1, 12, 28],
      questions: ['How should AI in public services be held to account?'],
    },
    {
      title: 'Digital cooperation for sustainable development',
      linkage: 'DIRECT' as const,
      from: [5, 6, 21, 22],
      questions: ['How can digital public infrastructure serve small states?', 'How can the footprint of the Internet shrink?'],
    },
  ];
  for (const [t, plan] of themePlans.entries()) {
    const when = at(-100 + t);
    const sources = plan.from.map((k) => issues[k] as Issue);
    const theme: Theme = {
      id: `${year}.${newId(when)}`,
      year,
      title: plan.title,
      narrative: `Drawn from ${sources.length} issues of the call for issues, backed across stakeholder groups.`,
      developmentDimension: { linkage: plan.linkage, explanation: 'Development is transversal and always present in the debates.' },
      policyQuestions: plan.questions,
      issueIds: sources.map((s) => s.id),
      status: 'DRAFT',
      createdBy: 'demo-person-02',
      version: 1,
      createdAt: when.toISOString(),
      updatedAt: when.toISOString(),
    };
    await store.createTheme(theme, { key: idempotencyGuardKey('createTheme', 'demo-person-02', `demo-${theme.id}`), requestDigest: theme.id }, when);
    const adopted: Theme = { ...theme, status: 'ADOPTED', adoption: { ...decision, adoptedAt: decided }, version: 2, updatedAt: decided };
    const takenUp = sources.map((current) => ({
      current,
      next: { ...current, status: 'TAKEN_UP' as const, version: current.version + 1, updatedAt: decided },
    }));
    const outcome = await store.adoptTheme(theme, adopted, takenUp);
    if (outcome.kind !== 'adopted') throw new Error(`Demo theme not adopted: ${outcome.kind}`);
    for (const { next } of takenUp) issues[issues.findIndex((i) => i.id === next.id)] = next;
  }
  for (const k of [100, 120, 140]) {
    const current = issues[k] as Issue;
    const next: Issue = {
      ...current,
      status: 'NOT_TAKEN_UP',
      decline: { reason: 'Discussed in depth at other forums this year; the MAG invites a workshop proposal instead.', ...decision, decidedAt: decided },
      version: current.version + 1,
      updatedAt: decided,
    };
    const mail = mailEvent('ISSUE_DECLINED', { type: 'declinedIssues', issueIds: [current.id] }, {}, new Date(decided));
    if ((await store.decideIssue(current, next, mail)) !== 'decided') throw new Error('Demo decline not stored');
  }
  return { issues: issues.length, supports, themes: themePlans.length };
}
