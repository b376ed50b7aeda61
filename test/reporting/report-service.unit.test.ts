/**
 * The reports service's rules with in-memory stores (no DynamoDB): only an organisation's representatives
 * edit its report; a save or a submission at a stale version is a CONFLICT naming the current version;
 * submitting waits for the cycle to open and for every required section; the secretariat alone returns
 * and publishes. Each refusal writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { SECRETARIAT_GROUP, userCaller, type Caller } from '../../functions/core/auth/caller';
import { ErrorCode } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import { ReportingCycleService } from '../../functions/modules/reporting/cycle.service';
import { ReportService } from '../../functions/modules/reporting/report.service';
import type { Report, ReportingCycle } from '../../functions/modules/reporting/reporting.model';
import { StakeholderService } from '../../functions/modules/stakeholders/stakeholder.service';
import { fakeReportingStores, fakeStakeholderStore } from '../helpers/fake-stores';

const OPENS = '2030-02-01T00:00:00.000Z';
const DUE = '2030-04-01T00:00:00.000Z';

const cycle: ReportingCycle = {
  id: '2030',
  year: 2030,
  opensAt: OPENS,
  dueAt: DUE,
  sections: [
    { key: 'summary', title: 'Summary', guidance: '', required: true, maxLength: 200 },
    { key: 'activities', title: 'Activities', guidance: '', required: false, maxLength: 1000 },
  ],
  counts: { requested: 1, missing: 1, submittedOnTime: 0, submittedLate: 0, awaitingReview: 0, returned: 0, returns: 0, published: 0 },
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 1,
};

const report: Report = {
  id: '2030.org1',
  year: 2030,
  organisationId: 'org1',
  organisationName: 'Organisation One',
  status: 'DRAFT',
  sections: {},
  opensAt: OPENS,
  dueAt: DUE,
  revisionCount: 0,
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 1,
};

const representative = (organisationId: string): Caller =>
  userCaller(`sub|rep-${organisationId}`, [], () => Promise.resolve({ stakeholderId: `rep-${organisationId}`, representativeOf: [organisationId] }));
const secretariat = userCaller('sub|secretariat', [SECRETARIAT_GROUP], () => Promise.resolve(undefined));

function reports(caller: Caller, now: string, initial: Report = report) {
  const clock = () => new Date(now);
  const fake = fakeReportingStores([cycle], [initial]);
  const stakeholders = new StakeholderService(caller, clock, { stakeholders: fakeStakeholderStore().store });
  const cycles = new ReportingCycleService(caller, clock, fake.stores, stakeholders);
  return { service: new ReportService(caller, clock, fake.stores, cycles), ...fake };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: string } & Error) => error,
  );

const reportId = toGlobalId('Report', report.id);

describe('ReportService (in-memory stores)', () => {
  it('saves sections as a new version and revision, and refuses a stale version with the current one', async () => {
    // Prepare
    const { service, writes } = reports(representative('org1'), '2030-02-10T00:00:00.000Z');

    // Act
    const saved = await service.saveSections({ reportId, version: 1, sections: [{ key: 'summary', text: 'What we did.' }] });
    const stale = await refusal(service.saveSections({ reportId, version: 1, sections: [{ key: 'summary', text: 'Another text.' }] }));

    // Assess
    expect(saved.report).toMatchObject({ version: 2, revisionCount: 1, sections: { summary: 'What we did.' } });
    expect(saved.revision).toMatchObject({ number: 1, changedKeys: ['summary'] });
    expect(stale).toMatchObject({ code: ErrorCode.CONFLICT, currentVersion: 2 });
    expect(writes).toEqual(['report 2030.org1 v2', 'revision 2030.org1']);
  });

  it("refuses editing another organisation's report", async () => {
    // Prepare
    const { service, writes } = reports(representative('org2'), '2030-02-10T00:00:00.000Z');

    // Act
    const error = await refusal(service.saveSections({ reportId, version: 1, sections: [{ key: 'summary', text: 'Not ours.' }] }));

    // Assess
    expect(error?.code).toBe(ErrorCode.FORBIDDEN);
    expect(writes).toEqual([]);
  });

  it('refuses a section the template does not have, and a text over its maximum length', async () => {
    // Prepare
    const { service, writes } = reports(representative('org1'), '2030-02-10T00:00:00.000Z');

    // Act
    const unknown = await refusal(service.saveSections({ reportId, version: 1, sections: [{ key: 'budget', text: 'Numbers.' }] }));
    const tooLong = await refusal(service.saveSections({ reportId, version: 1, sections: [{ key: 'summary', text: 'x'.repeat(201) }] }));

    // Assess
    expect(unknown?.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(tooLong?.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(writes).toEqual([]);
  });

  it('submits only once the cycle is open and every required section is filled', async () => {
    // Prepare
    const filled = { ...report, sections: { summary: 'What we did.' } };
    const early = reports(representative('org1'), '2030-01-15T00:00:00.000Z', filled);
    const empty = reports(representative('org1'), '2030-02-10T00:00:00.000Z');
    const ready = reports(representative('org1'), '2030-04-02T00:00:00.000Z', filled);

    // Act
    const notOpen = await refusal(early.service.submit({ reportId, version: 1 }));
    const missing = await refusal(empty.service.submit({ reportId, version: 1 }));
    const submitted = await ready.service.submit({ reportId, version: 1 });

    // Assess
    expect(notOpen?.code).toBe(ErrorCode.NOT_OPEN);
    expect(missing?.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect([...early.writes, ...empty.writes]).toEqual([]);
    expect(submitted).toMatchObject({ status: 'SUBMITTED', version: 2, firstSubmittedAt: '2030-04-02T00:00:00.000Z' });
    expect(ready.service.late(submitted)).toBe(true);
  });

  it('lets only the secretariat publish a submitted report', async () => {
    // Prepare
    const submitted = { ...report, status: 'SUBMITTED' as const, sections: { summary: 'What we did.' }, version: 2 };
    const byRepresentative = reports(representative('org1'), '2030-03-01T00:00:00.000Z', submitted);
    const bySecretariat = reports(secretariat, '2030-03-01T00:00:00.000Z', submitted);
    const draft = reports(secretariat, '2030-03-01T00:00:00.000Z');

    // Act
    const forbidden = await refusal(byRepresentative.service.publish({ reportId, version: 2 }));
    const notSubmitted = await refusal(draft.service.publish({ reportId, version: 1 }));
    const published = await bySecretariat.service.publish({ reportId, version: 2 });

    // Assess
    expect(forbidden?.code).toBe(ErrorCode.FORBIDDEN);
    expect(notSubmitted?.code).toBe(ErrorCode.CONFLICT);
    expect([...byRepresentative.writes, ...draft.writes]).toEqual([]);
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 3 });
    expect(bySecretariat.writes).toEqual(['report 2030.org1 v3', 'notification 2030.org1', 'mail 2030.org1']);
  });
});
