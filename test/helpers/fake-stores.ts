/**
 * In-memory stores for the services' unit tests (`*.unit.test.ts`, no DynamoDB): each keeps its items in a
 * Map and applies the same conditions as the DynamoDB store it stands for (a write at a stale version is
 * refused, a taken sequence or a used idempotency key is reported) and records what was written, so a test
 * can check that a refusal wrote nothing. A function the rules under test do not reach says so when called.
 */
import type { ItemKey } from '../../functions/core/dynamodb/keys';
import type { Consultation, ConsultationCounts, Contribution } from '../../functions/modules/consultations';
import type { ConsultationStore } from '../../functions/modules/consultations/consultation.service';
import type { AnswerStore, ContributionStore } from '../../functions/modules/contributions/contribution.stores';
import type { ReportingCycle, Report, ReportRevision } from '../../functions/modules/reporting/reporting.model';
import type { CycleStore, NotificationStore, ReportStore } from '../../functions/modules/reporting/reporting.stores';
import type { Stakeholder } from '../../functions/modules/stakeholders';
import type { StakeholderStore } from '../../functions/modules/stakeholders/stakeholder.service';

/** A store function the unit tests do not exercise: calling it fails the test, naming it. */
const notFaked = (name: string) => (): never => {
  throw new Error(`${name} is not part of the in-memory store`);
};

/** What a fake store wrote, in order (a refused write adds nothing). */
export type WriteLog = string[];

export function fakeConsultationStore(initial: readonly Consultation[] = [], counts: Record<string, ConsultationCounts> = {}) {
  const items = new Map(initial.map((c) => [c.id, c]));
  const writes: WriteLog = [];
  const store: ConsultationStore = {
    getConsultations: (ids) => Promise.resolve(ids.map((id) => items.get(id))),
    getCounts: (ids) => Promise.resolve(ids.map((id) => counts[id] ?? {})),
    getConsultationWithCounts: (id) => Promise.resolve({ consultation: items.get(id), counts: counts[id] ?? {} }),
    getConsultationConsistent: (id) => Promise.resolve(items.get(id)),
    getCountsConsistent: (id) => Promise.resolve(counts[id] ?? {}),
    listConsultations: notFaked('listConsultations'),
    getYearCountsMany: notFaked('getYearCountsMany'),
    createConsultation: (c) => {
      if ([...items.values()].some((other) => other.year === c.year && other.sequence === c.sequence)) return Promise.resolve('sequenceTaken' as const);
      items.set(c.id, c);
      writes.push(`create ${c.id}`);
      return Promise.resolve('created' as const);
    },
    saveConsultation: (next, expectedVersion, write) => {
      if (items.get(next.id)?.version !== expectedVersion) return Promise.resolve(false);
      items.set(next.id, next);
      writes.push(`${write.kind} ${next.id}`);
      return Promise.resolve(true);
    },
  };
  return { store, items, writes };
}

export function fakeContributionStores(initial: readonly Contribution[] = []) {
  const items = new Map(initial.map((c) => [c.id, c]));
  const guards = new Map<string, { resultId: string; requestDigest: string }>();
  const writes: WriteLog = [];
  const guardKey = (key: ItemKey) => `${key.PK}|${key.SK}`;
  const conditional = (next: Contribution, expectedVersion: number, what: string) => {
    if (items.get(next.id)?.version !== expectedVersion) return 'stale' as const;
    items.set(next.id, next);
    writes.push(`${what} ${next.id}`);
    return 'saved' as const;
  };
  const contributions: ContributionStore = {
    getContributions: (ids) => Promise.resolve(ids.map((id) => items.get(id))),
    getContributionConsistent: (id) => Promise.resolve(items.get(id)),
    listContributions: notFaked('listContributions'),
    getConsultationWithContributions: notFaked('getConsultationWithContributions'),
    listReplies: notFaked('listReplies'),
    listByAuthor: notFaked('listByAuthor'),
    listRevisions: notFaked('listRevisions'),
    submitContribution: (c, _revision, guard) => {
      const earlier = guards.get(guardKey(guard.key));
      if (earlier) return Promise.resolve({ kind: 'replayed' as const, ...earlier });
      guards.set(guardKey(guard.key), { resultId: c.id, requestDigest: guard.requestDigest });
      items.set(c.id, c);
      writes.push(`submit ${c.id}`);
      return Promise.resolve({ kind: 'created' as const });
    },
    editContribution: (next, _revision, expectedVersion) => Promise.resolve(conditional(next, expectedVersion, 'edit')),
    withdrawContribution: (next, expectedVersion) => Promise.resolve(conditional(next, expectedVersion, 'withdraw')),
    findIdempotentContribution: (key) => Promise.resolve(guards.get(guardKey(key))),
    hasContributed: (consultationId, contributorId) =>
      Promise.resolve([...items.values()].some((c) => c.consultationId === consultationId && (c.organisationId ?? c.authorId) === contributorId)),
  };
  const answers: AnswerStore = {
    getContributionsWithConsultations: notFaked('getContributionsWithConsultations'),
    saveAnswers: (changes) => {
      const stale = changes.find(({ previous }) => items.get(previous.id)?.version !== previous.version);
      if (stale) return Promise.resolve({ kind: 'stale' as const, contributionId: stale.previous.id });
      for (const { next } of changes) {
        items.set(next.id, next);
        writes.push(`answer ${next.id}`);
      }
      return Promise.resolve({ kind: 'saved' as const });
    },
    decisionAnswerWrites: notFaked('decisionAnswerWrites'),
  };
  return { stores: { contributions, answers }, items, writes };
}

const reportKey = (k: { year: number; organisationId: string }) => `${k.year}.${k.organisationId}`;

export function fakeReportingStores(cycles: readonly ReportingCycle[] = [], reports: readonly Report[] = []) {
  const cycleItems = new Map(cycles.map((c) => [c.year, c]));
  const reportItems = new Map(reports.map((r) => [reportKey(r), r]));
  const revisions = new Map<string, ReportRevision>();
  const writes: WriteLog = [];
  const cycleStore: CycleStore = {
    createCycle: notFaked('createCycle'),
    requestReport: notFaked('requestReport'),
    getCycles: (years) => Promise.resolve(years.map((year) => cycleItems.get(year))),
    getCycleConsistent: (year) => Promise.resolve(cycleItems.get(year)),
    listCycles: notFaked('listCycles'),
    cyclesBetween: notFaked('cyclesBetween'),
  };
  const reportStore: ReportStore = {
    getReports: (keys) => Promise.resolve(keys.map((k) => reportItems.get(reportKey(k)))),
    getReportConsistent: (year, organisationId) => Promise.resolve(reportItems.get(reportKey({ year, organisationId }))),
    listReportsOfOrganisation: notFaked('listReportsOfOrganisation'),
    listReportsOfYear: notFaked('listReportsOfYear'),
    listMissingOfYear: notFaked('listMissingOfYear'),
    writeReport: (next, expected, _counts, extra = []) => {
      const current = reportItems.get(reportKey(next));
      if (!current || current.version !== expected.version || !expected.statuses.includes(current.status)) return Promise.resolve('stale' as const);
      reportItems.set(reportKey(next), next);
      writes.push(`report ${next.id} v${next.version}`, ...extra.map((item) => `${item.name} ${next.id}`));
      return Promise.resolve('saved' as const);
    },
    listRevisions: notFaked('listRevisions'),
    getRevisions: (keys) => Promise.resolve(keys.map((k) => revisions.get(`${reportKey(k)}.${k.number}`))),
  };
  const notificationStore: NotificationStore = { listNotifications: notFaked('listNotifications') };
  return { stores: { cycles: cycleStore, reports: reportStore, notifications: notificationStore }, reportItems, writes };
}

export function fakeStakeholderStore(initial: readonly Stakeholder[] = []) {
  const items = new Map(initial.map((s) => [s.id, s]));
  const writes: WriteLog = [];
  const store: StakeholderStore = {
    getStakeholders: (ids) => Promise.resolve(ids.map((id) => items.get(id))),
    getStakeholderConsistent: (id) => Promise.resolve(items.get(id)),
    listStakeholders: notFaked('listStakeholders'),
    getRepresentativeIds: (organisationId) => Promise.resolve([...items.values()].filter((s) => s.representativeOf.includes(organisationId)).map((s) => s.id)),
    getMagRoster: notFaked('getMagRoster'),
    createStakeholder: notFaked('createStakeholder'),
    replaceStakeholder: (previous, next) => {
      if (items.get(previous.id)?.version !== previous.version) return Promise.resolve('stale' as const);
      items.set(next.id, next);
      writes.push(`replace ${next.id} v${next.version}`);
      return Promise.resolve('saved' as const);
    },
    verifiedNameHolders: (name) => Promise.resolve([...items.values()].filter((s) => s.verification === 'VERIFIED' && s.name === name).map((s) => s.id)),
    listRelevantOrganisations: () => Promise.resolve([...items.values()].filter((s) => s.kind === 'ORGANISATION' && s.relevantOrganisation)),
  };
  return { store, items, writes };
}
