/**
 * The benchmark's data set, written through the repositories and services
 * (the same conditional, counted transactions as the API), so every counter
 * the operations read is exact. Deterministic: the same ids and texts on
 * every machine. Written in parallel batches, arranged so that concurrent
 * writers rarely touch the same counter item (which would only add
 * transaction conflicts and retries).
 */
import { FAMILY, GIVEN } from '../../functions/local/seed/stakeholders.seed';
import { ulid } from 'ulid';
import { SECRETARIAT_GROUP, userCaller, type Caller } from '../../functions/core/auth/caller';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { toGlobalId } from '../../functions/core/ids';
import { seededRandom } from '../../functions/local/seed/random';
import { DISPOSITIONS, buildContribution, contributionId, type Consultation, type Disposition } from '../../functions/modules/consultations/consultation.model';
import { driveMeeting, publishMinutes } from '../../functions/local/seed/meetings.seed';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { createContext } from '../../functions/graphql/context';
import { REGIONS, STAKEHOLDER_GROUPS, type Region, type Stakeholder, type StakeholderGroup } from '../../functions/modules/stakeholders/stakeholder.model';
import { createStakeholder } from '../../functions/modules/stakeholders/stakeholder.store';
import {
  addSupporter,
  initialSupport,
  issueIncrements,
  supportIncrements,
  type Issue,
  type IssueCall,
} from '../../functions/modules/programme/programme.model';
import { programmeStore } from '../../functions/modules/programme/programme.store';

const DAY = 86_400_000;

export interface Scale {
  readonly consultations: number;
  readonly contributions: number;
  /** People and organisations together. */
  readonly stakeholders: number;
  readonly relevantOrganisations: number;
  readonly reportingYears: number;
  /** Issues of the programme's closed call. */
  readonly issues: number;
}

export const FULL_SCALE: Scale = { consultations: 50, contributions: 20_000, stakeholders: 2_000, relevantOrganisations: 60, reportingYears: 3, issues: 600 };

/** `scale` divided by `divisor` (at least one of each). */
export function divide(scale: Scale, divisor: number): Scale {
  const part = (n: number) => Math.max(1, Math.round(n / divisor));
  return {
    consultations: part(scale.consultations),
    contributions: part(scale.contributions),
    stakeholders: part(scale.stakeholders),
    relevantOrganisations: part(scale.relevantOrganisations),
    reportingYears: scale.reportingYears,
    issues: part(scale.issues),
  };
}

/** What the operations need to know about the data set. */
export interface Dataset {
  readonly scale: Scale;
  /** The consultation read with a page of its contributions (one in the middle of the range). */
  readonly consultationId: string;
  /** The meeting after that consultation (minutes published). */
  readonly meetingId: string;
  /** The persona whose own contributions are listed, and the token subject they sign in with. */
  readonly persona: { readonly stakeholderId: string; readonly subject: string };
  /** The group the directory is filtered by. */
  readonly group: StakeholderGroup;
  /** The reporting year whose compliance is read (the latest). */
  readonly reportingYear: number;
  /** The year of the programme whose closed call of issues is read. */
  readonly programmeYear: number;
  /** The issue read with its support (the first, backed by every group). */
  readonly issueId: string;
  readonly counts: { contributions: number; stakeholders: number; reports: number; issues: number; supports: number };
  readonly seconds: { stakeholders: number; consultations: number; contributions: number; reports: number; issues: number };
}

const COUNTRY: Record<Region, string> = {
  AFRICAN: 'KE',
  ASIA_PACIFIC: 'JP',
  EASTERN_EUROPEAN: 'PL',
  LATIN_AMERICAN_AND_CARIBBEAN: 'BR',
  WESTERN_EUROPEAN_AND_OTHERS: 'DE',
};
const POINTS = [
  'affordability remains the first barrier, well before infrastructure, and community networks need spectrum they can afford',
  'multistakeholder review works best when the drafts are public early and every group has time to consult its members',
  'independent oversight must include technical experts and civil society, with published minutes and a clear mandate',
  'interoperable standards protect users better than national mandates, and procurement rules can push for open standards',
  'local languages are still badly served online; capacity building deserves a dedicated budget line in every programme',
];

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/**
 * Seeds `scale` into the table the configuration points at (which must be
 * empty). `prefix` keeps the ids of two data sets apart.
 */
export async function seedDataset(scale: Scale, prefix: string, log: (line: string) => void = () => undefined): Promise<Dataset> {
  const random = seededRandom(7007);
  const createdAt = '2024-01-01T00:00:00.000Z';

  // ---- stakeholders: the relevant organisations, other organisations (10 %), people
  let started = performance.now();
  const organisationCount = Math.max(scale.relevantOrganisations, Math.round(scale.stakeholders / 10));
  const stakeholders: Stakeholder[] = [];
  for (let i = 0; i < scale.stakeholders; i++) {
    const organisation = i < organisationCount;
    const group = STAKEHOLDER_GROUPS[i % STAKEHOLDER_GROUPS.length] as StakeholderGroup;
    const region = REGIONS[Math.floor(i / STAKEHOLDER_GROUPS.length) % REGIONS.length] as Region;
    const id = `${prefix}-${organisation ? 'org' : 'person'}-${String(i).padStart(5, '0')}`;
    stakeholders.push({
      id,
      kind: organisation ? 'ORGANISATION' : 'PERSON',
      name: organisation ? `Organisation ${FAMILY[i % FAMILY.length]} ${i}` : `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]} ${i}`,
      group,
      region,
      country: COUNTRY[region],
      ...(organisation ? { website: `https://example.org/${id}`, description: `A fictional ${group.toLowerCase()} organisation.` } : {}),
      languages: ['en'],
      contactEmail: `${id}@example.net`,
      verification: 'VERIFIED',
      relevantOrganisation: organisation && i < scale.relevantOrganisations,
      representativeOf: [],
      ...(organisation ? {} : { subject: `bench|${id}` }),
      createdAt,
      updatedAt: createdAt,
      version: 1,
    });
  }
  await pool(stakeholders.length, 32, (i) => createStakeholder(stakeholders[i] as Stakeholder));
  const people = stakeholders.filter((s) => s.kind === 'PERSON');
  const persona = people[0] as Stakeholder;
  const stakeholderSeconds = seconds(started);
  log(`  ${stakeholders.length} stakeholders in ${stakeholderSeconds}s`);

  // ---- consultations: three a year from 2000, each open for 60 days (all closed now)
  started = performance.now();
  const firstYear = 2000;
  const built: Consultation[] = Array.from({ length: scale.consultations }, (_, k) => {
    const year = firstYear + Math.floor(k / 3);
    const sequence = (k % 3) + 1;
    const opensAt = new Date(Date.UTC(year, (sequence - 1) * 4, 1));
    return {
      id: `${prefix}-consultation-${year}-${sequence}`,
      year,
      sequence,
      title: `Consultation ${sequence} of ${year}`,
      summary: 'What should the next cycle take up?',
      body: '## Questions\n\nAnswer one of the questions or comment in general.',
      language: 'en',
      questions: [1, 2, 3].map((n) => ({ id: `q${year}s${sequence}n${n}`, text: `Question ${n}?` })),
      opensAt: opensAt.toISOString(),
      closesAt: new Date(opensAt.getTime() + 60 * DAY).toISOString(),
      storedStatus: 'SCHEDULED',
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };
  });
  await pool(built.length, 16, async (i) => {
    if ((await consultationStore.createConsultation(built[i] as Consultation)) !== 'created') throw new Error('bench consultation not created');
  });
  const consultationSeconds = seconds(started);

  // ---- contributions: spread over the consultations; the persona contributes to each (≥ 25 in all)
  started = performance.now();
  const perConsultation = Math.floor(scale.contributions / scale.consultations);
  const personaPerConsultation = Math.max(1, Math.ceil(25 / scale.consultations));
  const contributionCount = perConsultation * scale.consultations;
  // One writer per consultation at a time, and one sequence number per phase, so that no two writers share a counter item
  // (the consultation's or the year's).
  for (const sequence of [1, 2, 3]) {
    const phase = built.filter((c) => c.sequence === sequence);
    await Promise.all(
      phase.map(async (consultation) => {
        const seenInConsultation = new Set<string>();
        const window = Date.parse(consultation.closesAt) - Date.parse(consultation.opensAt);
        for (let n = 0; n < perConsultation; n++) {
          const author = n < personaPerConsultation ? persona : (random.pick(people) as Stakeholder);
          const instant = new Date(Date.parse(consultation.opensAt) + Math.floor(((n + 0.5) / perConsultation) * window * 0.98));
          const localId = ulid(instant.getTime(), random.next);
          const question = random.next() < 0.7 ? consultation.questions[n % 3] : undefined;
          const { contribution, revision } = buildContribution({
            id: contributionId(consultation.id, localId),
            consultation,
            authorId: author.id,
            capacity: 'PERSONAL',
            countedFor: author,
            questionId: question?.id,
            body: `From our experience, ${random.pick(POINTS)}.`,
            language: 'en',
            now: instant,
          });
          const returning = seenInConsultation.has(author.id) || consultation.sequence > 1;
          seenInConsultation.add(author.id);
          const guard = { key: idempotencyGuardKey('submitContribution', author.id, `bench-${contribution.id}`), requestDigest: 'bench' };
          const outcome = await contributionStore.submitContribution(contribution, revision, guard, instant, returning);
          if (outcome.kind !== 'created') throw new Error(`bench contribution not stored: ${outcome.kind}`);
        }
      }),
    );
  }
  const contributionSeconds = seconds(started);
  log(`  ${built.length} consultations, ${contributionCount} contributions in ${seconds(started) + consultationSeconds}s`);

  // ---- a MAG meeting after the middle consultation: 14 attendees, up to 200 of its contributions decided (5 decisions),
  // its minutes approved by the next meeting and published — so the public sees the whole page
  started = performance.now();
  const processed = built[Math.floor(built.length / 2)] as Consultation;
  const decided = (await contributionStore.allContributions(processed.id)).filter((c) => c.status === 'ACTIVE').slice(0, 200);
  const chairId = (people[1] as Stakeholder).id;
  const meetingAt = Date.parse(processed.closesAt) + 14 * DAY;
  const meetingYear = new Date(meetingAt).getUTCFullYear();
  const attendees = people.slice(1, 15);
  const meeting = await driveMeeting({
    key: `${prefix}-meeting-1`,
    year: meetingYear,
    kind: 'IN_PERSON',
    number: 1,
    title: `MAG meeting on ${processed.title}`,
    startsAt: meetingAt,
    chairId,
    consultation: processed,
    attendees,
    decide: decided.map((contribution, n) => ({
      contribution,
      disposition: DISPOSITIONS[n % DISPOSITIONS.length] as Disposition,
      response: 'The MAG’s response to this point.',
    })),
    until: 'CIRCULATED',
  });
  await driveMeeting({
    key: `${prefix}-meeting-2`,
    year: new Date(meetingAt + 60 * DAY).getUTCFullYear(),
    kind: 'VIRTUAL',
    number: 1,
    title: 'The next MAG meeting',
    startsAt: meetingAt + 60 * DAY,
    chairId,
    attendees,
    decide: [],
    approves: [meeting],
    until: 'HELD',
  });
  await publishMinutes(meeting, meetingAt + 61 * DAY);
  log(`  2 meetings, ${decided.length} contributions decided in ${seconds(started)}s`);

  // ---- reporting: a cycle per year for the relevant organisations; each organisation's report in one of four states
  started = performance.now();
  const relevant = stakeholders.filter((s) => s.relevantOrganisation);
  const secretariat: Caller = userCaller('bench|secretariat', [SECRETARIAT_GROUP], async () => undefined);
  const lastYear = 2022;
  let reports = 0;
  for (let k = scale.reportingYears - 1; k >= 0; k--) {
    const year = lastYear - k;
    const opensAt = Date.UTC(year + 1, 0, 15);
    const dueAt = Date.UTC(year + 1, 3, 30);
    const as = (caller: Caller, at: number) => createContext({ requestId: 'bench', caller, now: () => new Date(at) }).services.reporting;
    const { requested } = await as(secretariat, opensAt - DAY).cycles.createCycle({
      year,
      opensAt: new Date(opensAt).toISOString(),
      dueAt: new Date(dueAt).toISOString(),
      sections: [{ key: 'summary', title: 'Summary', required: true, maxLength: 4000 }],
    });
    reports += requested;
    await pool(relevant.length, 8, async (i) => {
      const organisation = relevant[i] as Stakeholder;
      const representative = userCaller(`bench|rep-${organisation.id}`, [], async () => ({
        stakeholderId: `rep-${organisation.id}`,
        representativeOf: [organisation.id],
      }));
      const reportId = toGlobalId('Report', `${year}.${organisation.id}`);
      const state = i % 4; // 0 missing, 1 draft (still missing), 2 submitted, 3 published
      if (state === 0) return;
      const { report } = await as(representative, opensAt + 10 * DAY).reports.saveSections({
        reportId,
        version: 1,
        sections: [{ key: 'summary', text: `${organisation.name} in ${year}.` }],
      });
      if (state === 1) return;
      const submitted = await as(representative, dueAt - 10 * DAY).reports.submit({ reportId, version: report.version });
      if (state === 3) await as(secretariat, dueAt - 5 * DAY).reports.publish({ reportId, version: submitted.version });
    });
  }
  const reportSeconds = seconds(started);
  log(`  ${scale.reportingYears} reporting cycles, ${reports} reports in ${reportSeconds}s`);

  // ---- the programme of 2023 with its closed call of issues, written through the programme store (the API's counted
  // transactions) so the call's and the issues' counters are exact. Author k is person k mod n; issue k is supported
  // by the next people in line (consecutive people are of consecutive groups): every tenth issue by six of them (every
  // group), the others by 0 to 3. One writer, since every write updates the call's counter item.
  started = performance.now();
  const programmeRandom = seededRandom(2023);
  const programmeYear = 2023;
  const callOpens = Date.UTC(programmeYear, 1, 1);
  const callCloses = Date.UTC(programmeYear, 2, 1);
  const programmeCreated = await programmeStore.createProgramme({
    year: programmeYear,
    title: `IGF ${programmeYear}`,
    overarchingTheme: 'The Internet we want',
    hostCountry: 'JP',
    venue: 'Kyoto International Conference Center',
    startsAt: `${programmeYear}-10-08T00:00:00.000Z`,
    endsAt: `${programmeYear}-10-12T00:00:00.000Z`,
    format: 'HYBRID',
    settings: { issuesPerPerson: 1000 },
    version: 1,
    createdAt,
    updatedAt: createdAt,
  });
  if (programmeCreated !== 'created') throw new Error('bench programme not created');
  const call: IssueCall = {
    year: programmeYear,
    opensAt: new Date(callOpens).toISOString(),
    closesAt: new Date(callCloses).toISOString(),
    categories: [
      { code: 'UNIVERSAL_ACCESS', title: 'Universal Access and Meaningful Connectivity' },
      { code: 'DATA_GOVERNANCE', title: 'Data Governance' },
      { code: 'RIGHTS_AND_FREEDOMS', title: 'Rights and Freedoms' },
    ],
    issuesPerPerson: 1000,
    version: 1,
    createdAt,
    updatedAt: createdAt,
  };
  if ((await programmeStore.saveCall(call, undefined)) !== 'saved') throw new Error('bench call not saved');
  const issueWindow = (callCloses - callOpens) / 2;
  let supports = 0;
  let firstIssueId = '';
  for (let k = 0; k < scale.issues; k++) {
    const author = people[k % people.length] as Stakeholder;
    const when = new Date(callOpens + Math.floor((k / scale.issues) * issueWindow));
    const subject = POINTS[k % POINTS.length] as string;
    let issue: Issue = {
      id: `${programmeYear}.${ulid(when.getTime(), programmeRandom.next)}`,
      year: programmeYear,
      title: `Issue ${k + 1}: ${subject.slice(0, 60)}`,
      description: `Why the IGF should take this up: ${subject}.`,
      categories: [call.categories[k % call.categories.length]?.code as string],
      developmentDimension: { linkage: k % 2 === 0 ? 'DIRECT' : 'NONE', explanation: 'How it bears on development.' },
      sdgs: [(k % 17) + 1],
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
    const guard = { key: idempotencyGuardKey('submitIssue', author.id, `bench-${issue.id}`), requestDigest: issue.id };
    const outcome = await programmeStore.submitIssue(issue, call.issuesPerPerson, guard, issueIncrements(issue, 1), when);
    if (outcome.kind !== 'created') throw new Error(`bench issue not stored: ${outcome.kind}`);
    if (k === 0) firstIssueId = issue.id;
    const wanted = Math.min(k % 10 === 0 ? 6 : k % 4, people.length - 1);
    for (let j = 0; j < wanted; j++) {
      const supporter = people[(k + 1 + j) % people.length] as Stakeholder;
      const at = new Date(when.getTime() + (j + 1) * 60_000);
      const counts = addSupporter(issue.support, supporter.group, supporter.region);
      const next: Issue = { ...issue, support: counts, updatedAt: at.toISOString() };
      const supported = await programmeStore.supportIssue(
        issue,
        next,
        { issueId: issue.id, supporterId: supporter.id, listed: j % 2 === 0, group: supporter.group, region: supporter.region, createdAt: at.toISOString() },
        supportIncrements(issue.support, counts, supporter.group, supporter.region),
        at,
      );
      if (supported !== 'supported') throw new Error(`bench support not stored: ${supported}`);
      issue = next;
      supports++;
    }
  }
  const issueSeconds = seconds(started);
  log(`  1 programme, ${scale.issues} issues, ${supports} supports in ${issueSeconds}s`);

  return {
    scale,
    consultationId: (built[Math.floor(built.length / 2)] as Consultation).id,
    meetingId: meeting.id,
    persona: { stakeholderId: persona.id, subject: persona.subject as string },
    group: 'CIVIL_SOCIETY',
    reportingYear: lastYear,
    programmeYear,
    issueId: firstIssueId,
    counts: { contributions: contributionCount, stakeholders: stakeholders.length, reports, issues: scale.issues, supports },
    seconds: {
      stakeholders: stakeholderSeconds,
      consultations: consultationSeconds,
      contributions: contributionSeconds,
      reports: reportSeconds,
      issues: issueSeconds,
    },
  };
}
