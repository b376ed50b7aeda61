/**
 * The contributions service's rules with in-memory stores (no DynamoDB): the open window (no contribution
 * before a consultation opens or after it closes), idempotent submission, the author's versions (a stale
 * one is a CONFLICT naming the current version), and who may record dispositions, only once the
 * consultation has closed. Each refusal writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_CALLER, userCaller, type Caller, type StoredRoles } from '../../functions/core/auth/caller';
import { ErrorCode } from '../../functions/core/errors';
import { toGlobalId } from '../../functions/core/ids';
import { buildContribution, contributionId, type Consultation, type Contribution } from '../../functions/modules/consultations';
import { ConsultationService } from '../../functions/modules/consultations/consultation.service';
import { ContributionService } from '../../functions/modules/contributions/contribution.service';
import type { Stakeholder } from '../../functions/modules/stakeholders';
import { StakeholderService } from '../../functions/modules/stakeholders/stakeholder.service';
import { fakeConsultationStore, fakeContributionStores, fakeStakeholderStore } from '../helpers/fake-stores';

const OPENS = '2030-06-01T00:00:00.000Z';
const CLOSES = '2030-07-01T00:00:00.000Z';
const DURING = new Date('2030-06-15T00:00:00.000Z');
const BEFORE = new Date('2030-05-15T00:00:00.000Z');
const AFTER = new Date('2030-07-15T00:00:00.000Z');

const consultation: Consultation = {
  id: 'c1',
  year: 2030,
  sequence: 1,
  title: 'Open consultation',
  summary: 'Summary',
  body: 'Body',
  language: 'en',
  questions: [],
  opensAt: OPENS,
  closesAt: CLOSES,
  storedStatus: 'SCHEDULED',
  createdAt: '2030-05-01T00:00:00.000Z',
  updatedAt: '2030-05-01T00:00:00.000Z',
  version: 1,
};

const person = (id: string, magTerm?: StoredRoles['magTerm']): Stakeholder => ({
  id,
  kind: 'PERSON',
  name: `Person ${id}`,
  group: 'CIVIL_SOCIETY',
  region: 'AFRICAN',
  country: 'KE',
  languages: ['en'],
  contactEmail: `${id}@example.org`,
  verification: 'VERIFIED',
  relevantOrganisation: false,
  magTerm,
  representativeOf: [],
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 1,
});

const author = person('author');
const magMember = person('mag', { startYear: 2030, endYear: 2032 });
const as = (stakeholder: Stakeholder): Caller =>
  userCaller(`sub|${stakeholder.id}`, [], () => Promise.resolve({ stakeholderId: stakeholder.id, magTerm: stakeholder.magTerm, representativeOf: [] }));

const existing: Contribution = {
  ...buildContribution({
    id: contributionId('c1', '01JAAAAAAAAAAAAAAAAAAAAAAA'),
    consultation,
    authorId: author.id,
    capacity: 'PERSONAL',
    countedFor: author,
    body: 'A first text.',
    language: 'en',
    now: DURING,
  }).contribution,
  version: 2,
};

function services(caller: Caller, now: Date) {
  const clock = () => now;
  const consultationStore = fakeConsultationStore([consultation]);
  const contributionStores = fakeContributionStores([existing]);
  const stakeholderStore = fakeStakeholderStore([author, magMember]);
  const stakeholders = new StakeholderService(caller, clock, { stakeholders: stakeholderStore.store });
  const consultations: ConsultationService = new ConsultationService(caller, clock, { consultations: consultationStore.store }, () => contributions);
  const contributions: ContributionService = new ContributionService(caller, clock, contributionStores.stores, consultations, stakeholders, async () => []);
  return { contributions, writes: contributionStores.writes, items: contributionStores.items };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: string } & Error) => error,
  );

const submission = (idempotencyKey: string) => ({ consultationId: toGlobalId('Consultation', 'c1'), body: 'My input.', language: 'en', idempotencyKey });

describe('ContributionService (in-memory stores)', () => {
  it('takes a contribution while the consultation is open, once per idempotency key', async () => {
    // Prepare
    const { contributions, writes } = services(as(author), DURING);

    // Act
    const first = await contributions.submit(submission('key-00000001'));
    const retried = await contributions.submit(submission('key-00000001'));

    // Assess
    expect(retried.contribution.id).toBe(first.contribution.id);
    expect(writes).toEqual([`submit ${first.contribution.id}`]);
  });

  it('refuses a contribution before the consultation opens and after it closes, writing nothing', async () => {
    // Prepare
    const early = services(as(author), BEFORE);
    const late = services(as(author), AFTER);

    // Act
    const notYet = await refusal(early.contributions.submit(submission('key-00000002')));
    const closed = await refusal(late.contributions.submit(submission('key-00000003')));

    // Assess
    expect(notYet?.code).toBe(ErrorCode.NOT_OPEN);
    expect(closed?.code).toBe(ErrorCode.DEADLINE_PASSED);
    expect([...early.writes, ...late.writes]).toEqual([]);
  });

  it('refuses contributing without signing in', async () => {
    // Prepare
    const { contributions, writes } = services(PUBLIC_CALLER, DURING);

    // Act
    const error = await refusal(contributions.submit(submission('key-00000004')));

    // Assess
    expect(error?.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(writes).toEqual([]);
  });

  it("edits the author's contribution at the version read, and refuses a stale version with the current one", async () => {
    // Prepare
    const { contributions, writes } = services(as(author), DURING);
    const id = toGlobalId('Contribution', existing.id);

    // Act
    const stale = await refusal(contributions.edit({ id, version: 1, body: 'An old edit.' }));
    const edited = await contributions.edit({ id, version: 2, body: 'A better text.' });

    // Assess
    expect(stale).toMatchObject({ code: ErrorCode.CONFLICT, currentVersion: 2 });
    expect(edited.contribution).toMatchObject({ body: 'A better text.', version: 3 });
    expect(writes).toEqual([`edit ${existing.id}`]);
  });

  it("refuses editing someone else's contribution", async () => {
    // Prepare
    const { contributions, writes } = services(as(magMember), DURING);

    // Act
    const error = await refusal(contributions.edit({ id: toGlobalId('Contribution', existing.id), version: 2, body: 'Not mine.' }));

    // Assess
    expect(error?.code).toBe(ErrorCode.FORBIDDEN);
    expect(writes).toEqual([]);
  });

  it('lets a MAG member record a disposition once the consultation has closed, and nobody else', async () => {
    // Prepare
    const input = { contributionId: toGlobalId('Contribution', existing.id), version: 2, disposition: 'NOTED' as const, response: 'Thank you.' };
    const whileOpen = services(as(magMember), DURING);
    const byAuthor = services(as(author), AFTER);
    const afterClosing = services(as(magMember), AFTER);

    // Act
    const notClosed = await refusal(whileOpen.contributions.setDisposition(input));
    const forbidden = await refusal(byAuthor.contributions.setDisposition(input));
    const answered = await afterClosing.contributions.setDisposition(input);

    // Assess
    expect(notClosed?.code).toBe(ErrorCode.NOT_OPEN);
    expect(forbidden?.code).toBe(ErrorCode.FORBIDDEN);
    expect([...whileOpen.writes, ...byAuthor.writes]).toEqual([]);
    expect(answered.answer).toMatchObject({ disposition: 'NOTED', response: 'Thank you.' });
    expect(afterClosing.writes).toEqual([`answer ${existing.id}`]);
  });
});
