/**
 * The programme's rules without a database: the call's window by the clock,
 * breadth and balance, the breadth sort key, the counters' increments, and
 * the issue service's refusals against an in-memory store (own issue, one
 * support per person, closed call, withdrawal) — each with nothing written.
 */
import { describe, expect, it } from 'vitest';
import type { Caller, StoredRoles } from '../../functions/core/auth/caller';
import type { DomainError } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import { IssueService, type IssueStores } from '../../functions/modules/programme/issue.service';
import {
  addSupporter,
  breadth,
  breadthSortKey,
  callStatus,
  initialSupport,
  issueIncrements,
  supportIncrements,
  type Issue,
  type IssueCallWithCounts,
  type IssueSupportRecord,
} from '../../functions/modules/programme/programme.model';
import { ProgrammeService, type ProgrammeStores } from '../../functions/modules/programme/programme.service';
import type { Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const CALL: IssueCallWithCounts = {
  year: 2026,
  opensAt: '2026-02-01T00:00:00.000Z',
  closesAt: '2026-03-15T00:00:00.000Z',
  categories: [{ code: 'DATA_GOVERNANCE', title: 'Data governance' }],
  issuesPerPerson: 3,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  counts: {},
};
const ISSUE: Issue = {
  id: '2026.01J00000000000000000000AAA',
  year: 2026,
  title: 'An issue',
  description: 'What it is about, at length.',
  categories: ['DATA_GOVERNANCE'],
  developmentDimension: { linkage: 'DIRECT', explanation: 'It is about development.' },
  sdgs: [9],
  capacity: 'PERSONAL',
  authorId: 'author',
  group: 'CIVIL_SOCIETY',
  region: 'AFRICAN',
  status: 'SUBMITTED',
  support: initialSupport('CIVIL_SOCIETY', 'AFRICAN'),
  version: 1,
  createdAt: '2026-02-02T00:00:00.000Z',
  updatedAt: '2026-02-02T00:00:00.000Z',
};

describe('the call for issues by the clock', () => {
  it('is SCHEDULED before opensAt, OPEN from opensAt, CLOSED from closesAt', () => {
    expect(callStatus(CALL, new Date('2026-01-31T23:59:59.999Z'))).toBe('SCHEDULED');
    expect(callStatus(CALL, new Date(CALL.opensAt))).toBe('OPEN');
    expect(callStatus(CALL, new Date('2026-03-14T23:59:59.999Z'))).toBe('OPEN');
    expect(callStatus(CALL, new Date(CALL.closesAt))).toBe('CLOSED');
  });
});

describe('support breadth and its sort key', () => {
  it('counts distinct groups among the backers, the author included', () => {
    const one = initialSupport('CIVIL_SOCIETY', 'AFRICAN');
    const same = addSupporter(one, 'CIVIL_SOCIETY', 'ASIA_PACIFIC');
    const two = addSupporter(same, 'GOVERNMENT', 'AFRICAN');
    expect([breadth(one), breadth(same), breadth(two)]).toEqual([1, 1, 2]);
    expect(two).toEqual({ supporters: 2, byGroup: { CIVIL_SOCIETY: 2, GOVERNMENT: 1 }, byRegion: { AFRICAN: 2, ASIA_PACIFIC: 1 } });
  });

  it('orders by breadth, then by backers, as strings (descending reads broadest first)', () => {
    const key = (support: Issue['support'], id = ISSUE.id) => breadthSortKey({ id, support });
    const narrowButMany = Array.from({ length: 12 }).reduce<Issue['support']>((s) => addSupporter(s, 'CIVIL_SOCIETY', 'AFRICAN'), ISSUE.support);
    const broad = addSupporter(ISSUE.support, 'GOVERNMENT', 'AFRICAN');
    const broadAndMore = addSupporter(broad, 'GOVERNMENT', 'AFRICAN');
    const sorted = [key(narrowButMany), key(broadAndMore), key(broad)].sort().reverse();
    expect(sorted).toEqual([key(broadAndMore), key(broad), key(narrowButMany)]);
  });

  it('moves the issue between breadth buckets only when a new group backs it', () => {
    const before = ISSUE.support;
    const sameGroup = addSupporter(before, 'CIVIL_SOCIETY', 'AFRICAN');
    const newGroup = addSupporter(before, 'ACADEMIA', 'AFRICAN');
    expect(supportIncrements(before, sameGroup, 'CIVIL_SOCIETY', 'AFRICAN')).toEqual({
      supports: 1,
      'supports.group.CIVIL_SOCIETY': 1,
      'supports.region.AFRICAN': 1,
    });
    expect(supportIncrements(before, newGroup, 'ACADEMIA', 'AFRICAN')).toMatchObject({ 'breadth.1': -1, 'breadth.2': 1 });
  });

  it("takes an issue's supports out of the call's counters when it leaves, exactly as they came in", () => {
    const supported = { ...ISSUE, support: addSupporter(addSupporter(ISSUE.support, 'GOVERNMENT', 'ASIA_PACIFIC'), 'ACADEMIA', 'AFRICAN') };
    const arrive = issueIncrements(ISSUE, 1);
    const supports = [
      supportIncrements(ISSUE.support, addSupporter(ISSUE.support, 'GOVERNMENT', 'ASIA_PACIFIC'), 'GOVERNMENT', 'ASIA_PACIFIC'),
      supportIncrements(addSupporter(ISSUE.support, 'GOVERNMENT', 'ASIA_PACIFIC'), supported.support, 'ACADEMIA', 'AFRICAN'),
    ];
    const leave = issueIncrements(supported, -1);
    const total: Record<string, number> = {};
    for (const increments of [arrive, ...supports, leave]) for (const [name, n] of Object.entries(increments)) total[name] = (total[name] ?? 0) + n;
    expect(Object.entries(total).filter(([, n]) => n !== 0)).toEqual([]);
  });
});

// ── The issue service against an in-memory store ──

function person(id: string, group: Stakeholder['group']): Stakeholder {
  return {
    id,
    kind: 'PERSON',
    name: id,
    group,
    region: 'ASIA_PACIFIC',
    country: 'IN',
    languages: ['en'],
    contactEmail: `${id}@x.org`,
    verification: 'VERIFIED',
    relevantOrganisation: false,
    representativeOf: [],
    createdAt: '',
    updatedAt: '',
    version: 1,
  };
}

function caller(stakeholderId: string): Caller {
  const roles: StoredRoles = { stakeholderId, representativeOf: [] };
  return { kind: 'user', subject: `s-${stakeholderId}`, groups: [], roles: () => Promise.resolve(roles) };
}

/** Just what the issue service reads and writes, kept in maps by store; writes are recorded. */
function memoryStore(call: IssueCallWithCounts = CALL) {
  const issues = new Map<string, Issue>([[ISSUE.id, ISSUE]]);
  const supports = new Map<string, IssueSupportRecord>();
  const writes: string[] = [];
  const calls = {
    getCalls: (years: readonly number[]) => Promise.resolve(years.map((y) => (y === call.year ? call : undefined))),
    getCallConsistent: () => Promise.resolve(call),
  };
  const issueStore = {
    getIssues: (ids: readonly string[]) => Promise.resolve(ids.map((id) => issues.get(id))),
    getIssueConsistent: (id: string) => Promise.resolve(issues.get(id)),
    withdrawIssue: (current: Issue, next: Issue) => {
      if (issues.get(current.id)?.version !== current.version) return Promise.resolve('stale' as const);
      issues.set(next.id, next);
      writes.push(`withdraw ${next.id}`);
      return Promise.resolve('withdrawn' as const);
    },
  };
  const supportStore = {
    getSupport: (issueId: string, supporterId: string) => Promise.resolve(supports.get(`${issueId}/${supporterId}`)),
    supportIssue: (current: Issue, next: Issue, support: IssueSupportRecord, _increments: unknown, now: Date) => {
      if (callStatus(call, now) !== 'OPEN') return Promise.resolve('callClosed' as const);
      if (supports.has(`${support.issueId}/${support.supporterId}`)) return Promise.resolve('alreadySupported' as const);
      if (issues.get(current.id)?.support.supporters !== current.support.supporters) return Promise.resolve('issueChanged' as const);
      supports.set(`${support.issueId}/${support.supporterId}`, support);
      issues.set(next.id, next);
      writes.push(`support ${support.supporterId}`);
      return Promise.resolve('supported' as const);
    },
  };
  const stores = { calls, issues: issueStore, supports: supportStore };
  return { stores: stores as unknown as IssueStores & ProgrammeStores, writes, issues };
}

function issueService(who: string, options: { now?: Date; call?: IssueCallWithCounts } = {}) {
  const memory = memoryStore(options.call);
  const now = () => options.now ?? NOW;
  const stakeholders = { get: (id: string) => Promise.resolve(person(id, id === 'author' ? 'CIVIL_SOCIETY' : 'GOVERNMENT')) };
  const service = new IssueService(caller(who), now, new ProgrammeService(caller(who), now, memory.stores), stakeholders, memory.stores);
  return { service, ...memory };
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: DomainError) => error.code,
  );
const issueId = toGlobalId('Issue', ISSUE.id);

describe('the issue service (in-memory store)', () => {
  it('counts a support from another group: breadth 2, balance of two equal groups', async () => {
    const { service, writes } = issueService('supporter');
    const { issue } = await service.support({ issueId, listed: true });
    expect(breadth(issue.support)).toBe(2);
    expect(writes).toEqual(['support supporter']);
  });

  it('refuses supporting your own issue (FORBIDDEN) and writes nothing', async () => {
    const { service, writes } = issueService('author');
    expect(await code(service.support({ issueId }))).toBe('FORBIDDEN');
    expect(writes).toEqual([]);
  });

  it('refuses a second support by the same person (CONFLICT)', async () => {
    const { service, writes } = issueService('supporter');
    await service.support({ issueId });
    expect(await code(service.support({ issueId }))).toBe('CONFLICT');
    expect(writes).toEqual(['support supporter']);
  });

  it('refuses support after the call closed (DEADLINE_PASSED) and before it opened (NOT_OPEN), writing nothing', async () => {
    const late = issueService('supporter', { now: new Date(CALL.closesAt) });
    const early = issueService('supporter', { now: new Date('2026-01-15T00:00:00.000Z') });
    expect(await code(late.service.support({ issueId }))).toBe('DEADLINE_PASSED');
    expect(await code(early.service.support({ issueId }))).toBe('NOT_OPEN');
    expect([...late.writes, ...early.writes]).toEqual([]);
  });

  it("lets the author withdraw at the current version, and refuses someone else's withdrawal or a stale version", async () => {
    const other = issueService('supporter');
    expect(await code(other.service.withdraw({ id: issueId, version: 1 }))).toBe('FORBIDDEN');
    const stale = issueService('author');
    expect(await code(stale.service.withdraw({ id: issueId, version: 2 }))).toBe('CONFLICT');
    const author = issueService('author');
    expect((await author.service.withdraw({ id: issueId, version: 1 })).status).toBe('WITHDRAWN');
    expect([...other.writes, ...stale.writes, ...author.writes]).toEqual([`withdraw ${ISSUE.id}`]);
  });
});
