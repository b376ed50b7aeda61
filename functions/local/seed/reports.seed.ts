/**
 * Demo reporting: three yearly cycles for the relevant organisations, with
 * every status — on time, late, missing, returned and resubmitted, still
 * returned, awaiting review, published. Written through the reporting
 * service (the same rules and transactions as the API, each step at its own
 * demo instant), so the compliance counters are exact; then the deadline
 * job runs once, leaving reminders and overdue notices.
 */
import { userCaller, SECRETARIAT_GROUP, type Caller } from '../../core/auth/caller';
import { toGlobalId } from '../../core/ids';
import { runReportDeadlines } from '../../modules/reporting/reporting.jobs';
import type { Report } from '../../modules/reporting/reporting.model';
import { createContext } from '../../graphql/context';
import { listRelevantOrganisations } from '../../modules/stakeholders/stakeholder.store';
import { DEMO_PERSONAS } from './personas';

const DAY = 86_400_000;

export const DEMO_TEMPLATE = [
  { key: 'summary', title: 'Summary', guidance: 'The year in one or two paragraphs.', required: true, maxLength: 1500 },
  { key: 'activities', title: 'Activities', guidance: 'What the organisation did to implement the Tunis Agenda this year.', required: true, maxLength: 6000 },
  {
    key: 'cooperation',
    title: 'Enhanced cooperation',
    guidance: 'How the organisation worked with governments and other stakeholders on an equal footing.',
    required: true,
    maxLength: 4000,
  },
  { key: 'challenges', title: 'Challenges', guidance: 'Obstacles met, and what would help.', required: false, maxLength: 3000 },
  { key: 'plans', title: 'Plans for next year', guidance: 'Priorities for the coming year.', required: false, maxLength: 3000 },
];

const secretariat: Caller = userCaller('local|seed-secretariat', [SECRETARIAT_GROUP], async () => undefined);

function representative(organisationId: string): Caller {
  return userCaller(`local|${DEMO_PERSONAS.representativeOf(organisationId)}`, [], async () => ({
    stakeholderId: DEMO_PERSONAS.representativeOf(organisationId),
    representativeOf: [organisationId],
  }));
}

/** The reporting service as `caller` at the demo instant `at`. */
const as = (caller: Caller, at: number) => createContext({ requestId: 'seed', caller, now: () => new Date(at) }).services.reporting;

type Scenario =
  'published' | 'returnedThenPublished' | 'latePublished' | 'missingPartial' | 'missingEmpty' | 'awaitingReview' | 'lateReturned' | 'returned' | 'resubmitted';

const PAST_OLDER: Scenario[] = ['published', 'returnedThenPublished', 'latePublished', 'missingEmpty', 'published', 'latePublished'];
const PAST_RECENT: Scenario[] = ['published', 'returnedThenPublished', 'latePublished', 'missingPartial', 'awaitingReview', 'lateReturned'];
const CURRENT: Scenario[] = ['published', 'resubmitted', 'returned', 'missingPartial', 'awaitingReview', 'missingEmpty'];

function texts(name: string, year: number, round: number): { key: string; text: string }[] {
  return [
    { key: 'summary', text: `${name} reports on ${year}: a year of steady work on an inclusive, people-centred information society.` },
    {
      key: 'activities',
      text: [
        `Held ${3 + round} regional consultations.`,
        `Published guidance on ${year} priorities.`,
        ...(round > 0 ? ['Added the figures the secretariat asked for.'] : []),
      ].join('\n'),
    },
    { key: 'cooperation', text: `Worked with governments, companies, civil society and the technical community through joint working groups in ${year}.` },
    { key: 'plans', text: `In ${year + 1}: widen participation from under-represented regions.` },
  ];
}

async function draft(organisation: { id: string; name: string }, year: number, at: number, round: number, version: number, partial = false): Promise<Report> {
  const sections = texts(organisation.name, year, round);
  const { report } = await as(representative(organisation.id), at).reports.saveSections({
    reportId: toGlobalId('Report', `${year}.${organisation.id}`),
    version,
    sections: partial ? sections.slice(0, 1) : sections,
  });
  return report;
}

async function submit(report: Report, at: number): Promise<Report> {
  return as(representative(report.organisationId), at).reports.submit({ reportId: toGlobalId('Report', report.id), version: report.version });
}

async function returnIt(report: Report, at: number): Promise<Report> {
  return as(secretariat, at).reports.returnReport({
    reportId: toGlobalId('Report', report.id),
    version: report.version,
    reason: 'Please add figures to the activities section.',
  });
}

async function publish(report: Report, at: number): Promise<Report> {
  return as(secretariat, at).reports.publish({ reportId: toGlobalId('Report', report.id), version: report.version });
}

async function play(scenario: Scenario, organisation: { id: string; name: string }, year: number, opensAt: number, dueAt: number): Promise<void> {
  const early = opensAt + 20 * DAY;
  const onTime = dueAt - 15 * DAY;
  const late = dueAt + 12 * DAY;
  switch (scenario) {
    case 'missingEmpty':
      return;
    case 'missingPartial':
      await draft(organisation, year, early, 0, 1, true);
      return;
    case 'published':
      await publish(await submit(await draft(organisation, year, early, 0, 1), onTime), onTime + 4 * DAY);
      return;
    case 'latePublished':
      await publish(await submit(await draft(organisation, year, early, 0, 1), late), late + 5 * DAY);
      return;
    case 'awaitingReview':
      await submit(await draft(organisation, year, early, 0, 1), onTime);
      return;
    case 'returned':
    case 'lateReturned':
      await returnIt(
        await submit(await draft(organisation, year, early, 0, 1), scenario === 'returned' ? onTime - 5 * DAY : late),
        (scenario === 'returned' ? onTime : late) + 2 * DAY,
      );
      return;
    case 'resubmitted':
    case 'returnedThenPublished': {
      const returned = await returnIt(await submit(await draft(organisation, year, early, 0, 1), onTime - 5 * DAY), onTime - 3 * DAY);
      const revised = await draft(organisation, year, onTime - 2 * DAY, 1, returned.version);
      const resubmitted = await submit(revised, onTime - DAY);
      if (scenario === 'returnedThenPublished') await publish(resubmitted, onTime + 3 * DAY);
      return;
    }
  }
}

/**
 * Cycles for the three years before `now`'s: the oldest two closed (due a
 * year and two years ago), the latest open and due in ten days.
 */
export async function seedReports(now: Date): Promise<{ cycles: number; reports: number }> {
  const organisations = [...(await listRelevantOrganisations())].sort((a, b) => a.id.localeCompare(b.id));
  const currentYear = now.getUTCFullYear();
  let reports = 0;
  for (const [k, scenarios] of [
    [2, PAST_OLDER],
    [1, PAST_RECENT],
    [0, CURRENT],
  ] as const) {
    const year = currentYear - 1 - k;
    const opensAt = now.getTime() - 60 * DAY - k * 365 * DAY;
    const dueAt = now.getTime() + 10 * DAY - k * 365 * DAY;
    const { requested } = await as(secretariat, opensAt - 10 * DAY).cycles.createCycle({
      year,
      opensAt: new Date(opensAt).toISOString(),
      dueAt: new Date(dueAt).toISOString(),
      sections: DEMO_TEMPLATE,
    });
    reports += requested;
    for (const [i, organisation] of organisations.entries()) {
      await play(scenarios[i % scenarios.length] as Scenario, organisation, year, opensAt, dueAt);
    }
  }
  await runReportDeadlines(now);
  return { cycles: 3, reports };
}
