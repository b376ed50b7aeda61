/**
 * The consultations service's rules with an in-memory store (no DynamoDB): who may manage consultations,
 * the lifecycle (editing before opening, publishing a synthesis after closing, every contribution answered
 * first), and versions (a stale one is a CONFLICT naming the current version). Each refusal writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_CALLER, SECRETARIAT_GROUP, userCaller, type Caller } from '../../functions/core/auth/caller';
import { ErrorCode } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import type { Consultation, ContributionReads } from '../../functions/modules/consultations';
import { ConsultationService } from '../../functions/modules/consultations/consultation.service';
import { fakeConsultationStore } from '../helpers/fake-stores';

const NOW = new Date('2030-05-10T12:00:00.000Z');
const secretariat = userCaller('sub|secretariat', [SECRETARIAT_GROUP], () => Promise.resolve(undefined));
const stakeholder = userCaller('sub|person', [], () => Promise.resolve({ stakeholderId: 'person', representativeOf: [] }));

function consultation(overrides: Partial<Consultation> = {}): Consultation {
  return {
    id: 'c1',
    year: 2030,
    sequence: 1,
    title: 'Open consultation',
    summary: 'Summary',
    body: 'Body',
    language: 'en',
    questions: [],
    opensAt: '2030-06-01T00:00:00.000Z',
    closesAt: '2030-07-01T00:00:00.000Z',
    storedStatus: 'SCHEDULED',
    createdAt: '2030-05-01T00:00:00.000Z',
    updatedAt: '2030-05-01T00:00:00.000Z',
    version: 3,
    ...overrides,
  };
}

function service(caller: Caller = secretariat, initial: Consultation[] = [consultation()], counts = {}) {
  const fake = fakeConsultationStore(initial, counts);
  // No contribution exists in these tests: a synthesis that mentions none reads none.
  const reads: ContributionReads = {
    getMany: (ids) => Promise.resolve(ids.map(() => undefined)),
    listOfConsultation: () => Promise.reject(new Error('no list is read by these rules')),
    withConsultation: () => Promise.reject(new Error('no look-ahead is read by these rules')),
  };
  const contributionReads = () => reads;
  return { service: new ConsultationService(caller, () => NOW, { consultations: fake.store }, contributionReads), ...fake };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: string; extensions?: Record<string, unknown> } & Error) => error,
  );

describe('ConsultationService (in-memory store)', () => {
  it('edits a scheduled consultation at the version read, and moves it to the next version', async () => {
    // Prepare
    const { service: consultations, items, writes } = service();

    // Act
    const edited = await consultations.update({ id: toGlobalId('Consultation', 'c1'), version: 3, title: 'A better title' });

    // Assess
    expect(edited).toMatchObject({ title: 'A better title', version: 4 });
    expect(items.get('c1')?.version).toBe(4);
    expect(writes).toEqual(['edit c1']);
  });

  it('refuses a stale version with the current one, writing nothing', async () => {
    // Prepare
    const { service: consultations, writes } = service();

    // Act
    const error = await refusal(consultations.update({ id: toGlobalId('Consultation', 'c1'), version: 2, title: 'Late edit' }));

    // Assess
    expect(error).toMatchObject({ code: ErrorCode.CONFLICT, currentVersion: 3 });
    expect(writes).toEqual([]);
  });

  it('refuses managing consultations to anyone but the secretariat', async () => {
    for (const caller of [PUBLIC_CALLER, stakeholder]) {
      // Prepare
      const { service: consultations, writes } = service(caller);

      // Act
      const error = await refusal(consultations.update({ id: toGlobalId('Consultation', 'c1'), version: 3, title: 'Not mine' }));

      // Assess
      expect(error?.code).toBe(caller === PUBLIC_CALLER ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN);
      expect(writes).toEqual([]);
    }
  });

  it('refuses editing a consultation that has opened', async () => {
    // Prepare
    const { service: consultations, writes } = service(secretariat, [consultation({ opensAt: '2030-05-01T00:00:00.000Z', storedStatus: 'OPEN' })]);

    // Act
    const error = await refusal(consultations.update({ id: toGlobalId('Consultation', 'c1'), version: 3, title: 'Too late' }));

    // Assess
    expect(error?.code).toBe(ErrorCode.DEADLINE_PASSED);
    expect(writes).toEqual([]);
  });

  it('publishes a synthesis only after closing, and only when every contribution is answered', async () => {
    // Prepare
    const open = service(secretariat, [consultation({ opensAt: '2030-05-01T00:00:00.000Z', storedStatus: 'OPEN' })]);
    const closed = { opensAt: '2030-04-01T00:00:00.000Z', closesAt: '2030-05-01T00:00:00.000Z', storedStatus: 'CLOSED' as const };
    const unanswered = service(secretariat, [consultation(closed)], { c1: { contributions: 3, answered: 2 } });
    const answered = service(secretariat, [consultation(closed)], { c1: { contributions: 3, answered: 3 } });
    const input = { consultationId: toGlobalId('Consultation', 'c1'), version: 3, body: 'What we heard.' };

    // Act
    const notClosed = await refusal(open.service.publishSynthesis(input));
    const notAnswered = await refusal(unanswered.service.publishSynthesis(input));
    const published = await answered.service.publishSynthesis(input);

    // Assess
    expect(notClosed?.code).toBe(ErrorCode.NOT_OPEN);
    expect(open.writes).toEqual([]);
    expect(notAnswered).toMatchObject({ code: ErrorCode.CONFLICT });
    expect(notAnswered?.message).toContain('1 contribution(s) have no disposition yet');
    expect(unanswered.writes).toEqual([]);
    expect(published).toMatchObject({ storedStatus: 'SYNTHESIS_PUBLISHED', version: 4 });
    expect(answered.writes).toEqual(['publish c1']);
  });

  it('refuses a second consultation with the same year and sequence', async () => {
    // Prepare
    const { service: consultations, writes } = service();
    const input = {
      year: 2030,
      sequence: 1,
      title: 'Another first',
      summary: 'Summary',
      body: 'Body',
      language: 'en',
      opensAt: '2030-08-01T00:00:00.000Z',
      closesAt: '2030-09-01T00:00:00.000Z',
    };

    // Act
    const error = await refusal(consultations.create(input));

    // Assess
    expect(error?.code).toBe(ErrorCode.CONFLICT);
    expect(writes).toEqual([]);
  });
});
