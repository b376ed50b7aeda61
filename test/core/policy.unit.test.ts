/**
 * The policy, rule by rule: every action decided for every kind of caller,
 * the MAG's term at its boundaries, the refusal each decision becomes, and
 * failing closed (an action without a rule, a decision that is not one).
 * Pure: callers are built in memory, no DynamoDB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_CALLER, SECRETARIAT_GROUP, userCaller, type Caller, type StoredRoles } from '../../functions/core/auth/caller';
import { ACTION_TYPES, authorize, can, decide, POLICY, type Action, type ActionType, type Decision } from '../../functions/core/auth/policy';
import { ForbiddenError, UnauthenticatedError } from '../../functions/core/errors';

const user = (roles: StoredRoles | undefined, groups: string[] = []): Caller => userCaller(`subject-${Math.random()}`, groups, async () => roles);

const CALLERS = {
  public: PUBLIC_CALLER,
  unregistered: user(undefined),
  person: user({ stakeholderId: 'p1', representativeOf: [] }),
  representative: user({ stakeholderId: 'r1', representativeOf: ['org1'] }),
  mag: user({ stakeholderId: 'm1', representativeOf: [], magTerm: { startYear: 2025, endYear: 2027 } }),
  secretariat: user(undefined, [SECRETARIAT_GROUP]),
} as const;
type CallerName = keyof typeof CALLERS;
const NAMES = Object.keys(CALLERS) as CallerName[];

const A: Decision = 'allow';
const U: Decision = 'unauthenticated';
const F: Decision = 'forbidden';

/** Decisions in the order public, unregistered, person, representative (of org1), MAG (2025–2027), secretariat. */
const CASES: readonly (readonly [Action, readonly Decision[]])[] = [
  [{ type: 'stakeholder.read' }, [A, A, A, A, A, A]],
  [{ type: 'stakeholder.register' }, [U, A, A, A, A, A]],
  [{ type: 'stakeholder.readContactEmail', stakeholderId: 'p1' }, [U, F, A, F, F, A]],
  [{ type: 'stakeholder.readMe' }, [U, A, A, A, A, A]],
  [{ type: 'organisation.propose' }, [U, F, A, A, A, F]],
  [{ type: 'stakeholder.update', stakeholderId: 'p1' }, [U, F, A, F, F, A]],
  [{ type: 'stakeholder.update', stakeholderId: 'org1' }, [U, F, F, A, F, A]],
  [{ type: 'stakeholder.update', stakeholderId: 'r1' }, [U, F, F, A, F, A]],
  [{ type: 'stakeholder.setVerification' }, [U, F, F, F, F, A]],
  [{ type: 'stakeholder.setRelevantOrganisation' }, [U, F, F, F, F, A]],
  [{ type: 'mag.appoint' }, [U, F, F, F, F, A]],
  [{ type: 'mag.endTerm' }, [U, F, F, F, F, A]],
  [{ type: 'representative.appoint' }, [U, F, F, F, F, A]],
  [{ type: 'representative.revoke' }, [U, F, F, F, F, A]],
  [{ type: 'mag.readComposition' }, [A, A, A, A, A, A]],
  [{ type: 'reporting.manageCycles' }, [U, F, F, F, F, A]],
  [{ type: 'report.read', organisationId: 'org1', published: true, currentYear: 2026 }, [A, A, A, A, A, A]],
  [{ type: 'report.read', organisationId: 'org1', published: false, currentYear: 2026 }, [U, F, F, A, A, A]],
  [{ type: 'report.read', organisationId: 'org2', published: false, currentYear: 2026 }, [U, F, F, F, A, A]],
  [{ type: 'report.read', organisationId: 'org2', published: false, currentYear: 2028 }, [U, F, F, F, F, A]],
  [{ type: 'report.readAllInternal', currentYear: 2026 }, [U, F, F, F, A, A]],
  [{ type: 'report.readAllInternal', currentYear: 2024 }, [U, F, F, F, F, A]],
  [{ type: 'report.readHistory', organisationId: 'org1', currentYear: 2026 }, [U, F, F, A, A, A]],
  [{ type: 'report.readHistory', organisationId: 'org2', currentYear: 2028 }, [U, F, F, F, F, A]],
  [{ type: 'report.edit', organisationId: 'org1' }, [U, F, F, A, F, F]],
  [{ type: 'report.edit', organisationId: 'org2' }, [U, F, F, F, F, F]],
  [{ type: 'report.review' }, [U, F, F, F, F, A]],
  [{ type: 'notifications.readOwn' }, [U, A, A, A, A, A]],
  [{ type: 'mail.manageOwn' }, [U, F, A, A, A, F]],
  [{ type: 'mail.manageDeadLetters' }, [U, F, F, F, F, A]],
  [{ type: 'consultation.manage' }, [U, F, F, F, F, A]],
  [{ type: 'consultation.controlDates' }, [U, F, F, F, F, A]],
  [{ type: 'consultation.publishSynthesis' }, [U, F, F, F, F, A]],
  [{ type: 'contribution.submit' }, [U, F, A, A, A, F]],
  [{ type: 'contribution.submitOnBehalf', organisationId: 'org1' }, [U, F, F, A, F, F]],
  [{ type: 'contribution.submitOnBehalf', organisationId: 'org2' }, [U, F, F, F, F, F]],
  [{ type: 'contribution.change', authorId: 'p1' }, [U, F, A, F, F, F]],
  [{ type: 'contribution.change', authorId: 'm1' }, [U, F, F, F, A, F]],
  [{ type: 'contribution.answer', year: 2026 }, [U, F, F, F, A, A]],
  [{ type: 'contribution.readAnswerEarly', year: 2026 }, [U, F, F, F, A, A]],
  // MAG meetings: the chair is a stakeholder id (m1 is the MAG member, p1 a person not on the MAG)
  [{ type: 'meeting.manage' }, [U, F, F, F, F, A]],
  [{ type: 'meeting.prepareAgenda', chairId: 'm1' }, [U, F, F, F, A, A]],
  [{ type: 'meeting.prepareAgenda', chairId: 'p1' }, [U, F, A, F, F, A]],
  [{ type: 'meeting.chair', chairId: 'm1' }, [U, F, F, F, A, F]],
  [{ type: 'meeting.chair', chairId: 'p1' }, [U, F, A, F, F, F]],
  [{ type: 'meeting.conduct', chairId: 'm1' }, [U, F, F, F, A, A]],
  [{ type: 'meeting.conduct', chairId: 'x9' }, [U, F, F, F, F, A]],
  [{ type: 'meeting.readInternal', year: 2026, chairId: 'x9' }, [U, F, F, F, A, A]],
  [{ type: 'meeting.readInternal', year: 2028, chairId: 'x9' }, [U, F, F, F, F, A]],
  [{ type: 'meeting.readInternal', year: 2028, chairId: 'p1' }, [U, F, A, F, F, A]],
  [{ type: 'minutes.amend' }, [U, F, A, A, A, F]],
  [{ type: 'programme.manage' }, [U, F, F, F, F, A]],
  [{ type: 'issue.submit' }, [U, F, A, A, A, F]],
  [{ type: 'issue.submitOnBehalf', organisationId: 'org1' }, [U, F, F, A, F, F]],
  [{ type: 'issue.change', authorId: 'p1' }, [U, F, A, F, F, F]],
  [{ type: 'issue.support' }, [U, F, A, A, A, F]],
  [{ type: 'issue.readWithdrawn', authorId: 'p1' }, [U, F, A, F, F, A]],
  [{ type: 'theme.manage', year: 2026 }, [U, F, F, F, A, A]],
  [{ type: 'programme.decide', year: 2026 }, [U, F, F, F, A, A]],
  [{ type: 'stakeholder.readGender', stakeholderId: 'p1' }, [U, F, A, F, F, A]],
  [{ type: 'stakeholder.declareGender', stakeholderId: 'p1' }, [U, F, A, F, F, F]],
  [{ type: 'proposal.create' }, [U, F, A, A, A, F]],
  [{ type: 'proposal.read', participantIds: ['p1', 'r1'] }, [U, F, A, A, F, A]],
  [{ type: 'proposal.edit', proposerId: 'p1' }, [U, F, A, F, F, F]],
  [{ type: 'session.organise', organiserIds: ['p1', 'm1'] }, [U, F, A, F, A, F]],
  [{ type: 'session.run', organiserIds: ['p1'] }, [U, F, A, F, F, A]],
  [{ type: 'session.design', year: 2026 }, [U, F, F, F, A, A]],
  [{ type: 'session.design', year: 2028 }, [U, F, F, F, F, A]],
  [{ type: 'schedule.manage' }, [U, F, F, F, F, A]],
  [{ type: 'schedule.readDraft', year: 2026 }, [U, F, F, F, A, A]],
  [{ type: 'evaluation.manage' }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.score', year: 2026 }, [U, F, F, F, A, F]],
  [{ type: 'evaluation.score', year: 2028 }, [U, F, F, F, F, F]],
  [{ type: 'evaluation.readSheet', year: 2026, evaluatorIds: ['m1'], openToMag: false, conflictedIds: [] }, [U, F, F, F, A, A]],
  [{ type: 'evaluation.readSheet', year: 2026, evaluatorIds: ['p1'], openToMag: false, conflictedIds: [] }, [U, F, A, F, F, A]],
  [{ type: 'evaluation.readSheet', year: 2026, evaluatorIds: [], openToMag: true, conflictedIds: [] }, [U, F, F, F, A, A]],
  [{ type: 'evaluation.readSheet', year: 2026, evaluatorIds: [], openToMag: true, conflictedIds: ['m1'] }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.readIdentities', blind: true }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.readIdentities', blind: false }, [U, A, A, A, A, A]],
  [{ type: 'evaluation.readOthersScores', ownSubmitted: false, visibility: 'AFTER_OWN_EVALUATION', closed: true }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.readOthersScores', ownSubmitted: true, visibility: 'AFTER_OWN_EVALUATION', closed: false }, [U, A, A, A, A, A]],
  [{ type: 'evaluation.readOthersScores', ownSubmitted: true, visibility: 'AFTER_ROUND_CLOSES', closed: false }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.readOthersScores', ownSubmitted: true, visibility: 'AFTER_ROUND_CLOSES', closed: true }, [U, A, A, A, A, A]],
  [{ type: 'evaluation.readOthersScores', ownSubmitted: true, visibility: 'NEVER', closed: true }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.readConflicts' }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.readBoard', year: 2026, closed: false }, [U, F, F, F, F, A]],
  [{ type: 'evaluation.readBoard', year: 2026, closed: true }, [U, F, F, F, A, A]],
  [{ type: 'evaluation.readFeedback', readerIds: ['p1'], released: true }, [U, F, A, F, F, A]],
  [{ type: 'evaluation.readFeedback', readerIds: ['p1'], released: false }, [U, F, F, F, F, A]],
];

describe('the policy, one record per action', () => {
  it.each(CASES.map(([action, expected]) => [JSON.stringify(action), action, expected] as const))(
    'decides %s for every kind of caller',
    async (_, action, expected) => {
      // Act
      const decisions = await Promise.all(NAMES.map((name) => decide(CALLERS[name], action)));

      // Assess
      expect(Object.fromEntries(NAMES.map((name, i) => [name, decisions[i]]))).toEqual(Object.fromEntries(NAMES.map((name, i) => [name, expected[i]])));
    },
  );

  it('has a case above for every action, and a description for each', () => {
    // (The compiler already refuses a POLICY without a record for some action type.)
    const everyType: Record<ActionType, unknown> = POLICY;
    expect(new Set(CASES.map(([action]) => action.type))).toEqual(new Set(ACTION_TYPES));
    expect(ACTION_TYPES).toEqual(Object.keys(everyType));
    for (const type of ACTION_TYPES) expect(POLICY[type].description.length, type).toBeGreaterThan(10);
  });

  it.each([
    [2024, F],
    [2025, A],
    [2026, A],
    [2027, A],
    [2028, F],
  ] as const)('counts a MAG member as such in %i exactly while the term (2025–2027, inclusive) covers it', async (year, expected) => {
    expect(await decide(CALLERS.mag, { type: 'contribution.answer', year })).toBe(expected);
    expect(await decide(CALLERS.mag, { type: 'contribution.readAnswerEarly', year })).toBe(expected);
    expect(await decide(CALLERS.mag, { type: 'report.readAllInternal', currentYear: year })).toBe(expected);
    expect(await decide(CALLERS.mag, { type: 'report.read', organisationId: 'org2', published: false, currentYear: year })).toBe(expected);
  });

  it('lets a representative who is also a MAG member read other organisations’ drafts only in their term', async () => {
    // Prepare
    const both = user({ stakeholderId: 'b1', representativeOf: ['org1'], magTerm: { startYear: 2026, endYear: 2026 } });

    // Act & Assess
    expect(await decide(both, { type: 'report.readHistory', organisationId: 'org2', currentYear: 2026 })).toBe(A);
    expect(await decide(both, { type: 'report.readHistory', organisationId: 'org2', currentYear: 2027 })).toBe(F);
    expect(await decide(both, { type: 'report.readHistory', organisationId: 'org1', currentYear: 2027 })).toBe(A);
  });

  it('grants the secretariat through the token group only: another group gets nothing more', async () => {
    const other = user(undefined, ['staff']);
    expect(await decide(other, { type: 'consultation.manage' })).toBe(F);
    expect(await decide(other, { type: 'stakeholder.readContactEmail', stakeholderId: 'p1' })).toBe(F);
    expect(await decide(other, { type: 'contribution.answer', year: 2026 })).toBe(F);
  });
});

describe('authorize and can', () => {
  const original = { ...POLICY['stakeholder.read'] };
  afterEach(() => Object.assign(POLICY['stakeholder.read'], original));

  it('returns on an explicit allow, and can() says true', async () => {
    await expect(authorize(CALLERS.secretariat, { type: 'consultation.manage' })).resolves.toBeUndefined();
    expect(await can(CALLERS.secretariat, { type: 'consultation.manage' })).toBe(true);
  });

  it('refuses a caller who must sign in with UNAUTHENTICATED, naming the action', async () => {
    const refusal = authorize(CALLERS.public, { type: 'consultation.manage' });
    await expect(refusal).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(refusal).rejects.toThrow('Sign in to manage consultations (secretariat only)');
    expect(await can(CALLERS.public, { type: 'consultation.manage' })).toBe(false);
  });

  it('refuses a signed-in caller without the right with FORBIDDEN, naming the action', async () => {
    const refusal = authorize(CALLERS.person, { type: 'report.readAllInternal', currentYear: 2026 });
    await expect(refusal).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refusal).rejects.toThrow("You may not read every organisation's unpublished reports (the MAG and the secretariat only)");
    expect(await can(CALLERS.person, { type: 'report.readAllInternal', currentYear: 2026 })).toBe(false);
  });

  it('fails closed on an action without a rule', async () => {
    const unknown = { type: 'report.delete' } as unknown as Action;
    expect(await decide(CALLERS.secretariat, unknown)).toBe(F);
    expect(await can(CALLERS.secretariat, unknown)).toBe(false);
    await expect(authorize(CALLERS.secretariat, unknown)).rejects.toThrow(new ForbiddenError('You may not do this'));
    // An inherited property is not a rule either.
    await expect(authorize(CALLERS.secretariat, { type: 'toString' } as unknown as Action)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it.each([['maybe'], [undefined], [true], ['ALLOW']])('fails closed on a decision that is not one (%s)', async (decision) => {
    // Prepare
    Object.assign(POLICY['stakeholder.read'], { decide: () => decision });

    // Act & Assess
    await expect(authorize(CALLERS.secretariat, { type: 'stakeholder.read' })).rejects.toThrow(
      new ForbiddenError('You may not read the stakeholder directory'),
    );
    expect(await can(CALLERS.secretariat, { type: 'stakeholder.read' })).toBe(false);
  });

  it('reads the caller’s roles at most once per request, and not at all for decisions that need none', async () => {
    // Prepare
    let reads = 0;
    const caller = userCaller('s', [], async () => {
      reads++;
      return { stakeholderId: 'p1', representativeOf: [] };
    });

    // Act
    await decide(caller, { type: 'stakeholder.read' });
    await decide(caller, { type: 'stakeholder.readMe' });
    const before = reads;
    await decide(caller, { type: 'contribution.submit' });
    await decide(caller, { type: 'contribution.change', authorId: 'p1' });

    // Assess
    expect(before).toBe(0);
    expect(reads).toBe(1);
  });
});
