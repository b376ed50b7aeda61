/**
 * The cost rule's safety net: a random workload of submissions (personal,
 * on behalf of an organisation, replies), withdrawals and dispositions
 * (first and changed) across several consultations and two years, sent
 * through the API; afterwards every aggregate the API shows equals a recount
 * from the raw contribution items.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { participationBalance, processing } from '../../functions/modules/analytics/analytics.model';
import { DISPOSITIONS } from '../../functions/modules/consultations/consultation.model';
import { gql, secretariatToken, unique } from '../helpers/api';
import { closedConsultation, contributeDirect, openConsultation, privateYear, recount, storedCounts, storedYearCounts } from '../helpers/consultations';
import { createMagMember, createOrganisation, createPerson, createRepresentative, type TestPerson } from '../helpers/people';

const GROUP_BALANCE = 'total balanceIndex minMaxRatio underThreshold shares { group count share }';
const REGION_BALANCE = 'total balanceIndex minMaxRatio underThreshold shares { region count share }';
const PARTICIPATION = `threshold contributions contributors
  contributionsByGroup { ${GROUP_BALANCE} } contributorsByGroup { ${GROUP_BALANCE} }
  contributionsByRegion { ${REGION_BALANCE} } contributorsByRegion { ${REGION_BALANCE} }`;
const PROCESSING = 'contributions answered unanswered shareAnswered medianDaysToDisposition byDisposition { disposition contributions }';

type Command =
  | { kind: 'submit'; consultation: number; person: number; onBehalf: boolean; reply: number | null }
  | { kind: 'withdraw'; pick: number }
  | { kind: 'dispose'; pick: number; disposition: (typeof DISPOSITIONS)[number] };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      consultation: fc.nat(2),
      person: fc.nat(4),
      onBehalf: fc.boolean(),
      reply: fc.option(fc.nat(50)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat(50) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('dispose' as const), pick: fc.nat(50), disposition: fc.constantFrom(...DISPOSITIONS) }) },
);

interface Tracked {
  globalId: string;
  consultation: number;
  author: number;
  version: number;
  active: boolean;
}

const PEOPLE: Parameters<typeof createPerson>[0][] = [
  { stakeholder: { group: 'CIVIL_SOCIETY', region: 'AFRICAN' } },
  { stakeholder: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC' } },
  { stakeholder: { group: 'ACADEMIA', region: 'AFRICAN' } },
  { stakeholder: { group: 'TECHNICAL_COMMUNITY', region: 'WESTERN_EUROPEAN_AND_OTHERS' } },
];

async function run(commands: Command[]): Promise<void> {
  // Prepare: years Y (two open consultations) and Y+1 (one open, one closed three days ago with contributions to answer).
  const year = privateYear();
  const consultations = [
    await openConsultation({ year, sequence: 1 }),
    await openConsultation({ year, sequence: 2 }),
    await openConsultation({ year: year + 1, sequence: 1 }),
    await closedConsultation(3, { year: year + 1, sequence: 2 }),
  ];
  const organisation = await createOrganisation({ group: 'PRIVATE_SECTOR', region: 'LATIN_AMERICAN_AND_CARIBBEAN' });
  const people: TestPerson[] = [
    ...(await Promise.all(PEOPLE.map((options) => createPerson(options)))),
    await createRepresentative([organisation.stakeholder.id], { group: 'CIVIL_SOCIETY', region: 'EASTERN_EUROPEAN' }),
  ];
  const mag = await createMagMember();
  const closed = consultations[3]!.consultation;
  const tracked: Tracked[] = [];
  for (let i = 0; i < 8; i++) {
    const author = i % people.length;
    const c = await contributeDirect(closed, people[author]!.stakeholder, i === 4 ? { organisation: organisation.stakeholder } : {});
    tracked.push({ globalId: toGlobalId('Contribution', c.id), consultation: 3, author, version: 1, active: true });
  }

  // Act: the workload, through the API.
  for (const cmd of commands) {
    if (cmd.kind === 'submit') {
      const person = people[cmd.person]!;
      const onBehalf = cmd.onBehalf && cmd.person === 4;
      const parents = tracked.filter((t) => t.consultation === cmd.consultation && t.active);
      const parent = cmd.reply === null || parents.length === 0 ? undefined : parents[cmd.reply % parents.length];
      const res = await gql(
        `mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id version } } }`,
        {
          input: {
            consultationId: consultations[cmd.consultation]!.globalId,
            body: `Point ${unique()}`,
            language: 'en',
            idempotencyKey: unique('key'),
            ...(onBehalf ? { capacity: 'ON_BEHALF_OF', organisationId: organisation.globalId } : {}),
            ...(parent ? { parentId: parent.globalId } : {}),
          },
        },
        person.token,
      );
      expect(res.errors).toBeUndefined();
      const made = res.data?.submitContribution.contribution;
      tracked.push({ globalId: made.id, consultation: cmd.consultation, author: cmd.person, version: made.version, active: true });
    } else if (cmd.kind === 'withdraw') {
      const open = tracked.filter((t) => t.consultation < 3 && t.active);
      const target = open[cmd.pick % Math.max(1, open.length)];
      if (!target) continue;
      const res = await gql(
        `mutation ($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { contribution { version status } } }`,
        { input: { id: target.globalId, version: target.version } },
        people[target.author]!.token,
      );
      expect(res.errors).toBeUndefined();
      target.version = res.data?.withdrawContribution.contribution.version;
      target.active = false;
    } else {
      const answerable = tracked.filter((t) => t.consultation === 3);
      const target = answerable[cmd.pick % answerable.length]!;
      const res = await gql(
        `mutation ($input: SetDispositionInput!) { setDisposition(input: $input) { contribution { version } } }`,
        { input: { contributionId: target.globalId, version: target.version, disposition: cmd.disposition, response: 'Thank you.' } },
        mag.token,
      );
      expect(res.errors).toBeUndefined();
      target.version = res.data?.setDisposition.contribution.version;
    }
  }

  // Assess: every consultation's and year's figures equal those recounted from the raw items.
  const secretariat = await secretariatToken();
  for (const { consultation, globalId } of consultations) {
    const expected = await recount([consultation.id]);
    expect(await storedCounts(consultation.id)).toEqual(expected);
    const res = await gql(
      `query ($id: ID!) { consultation(id: $id) { analytics { participation { ${PARTICIPATION} } processing { ${PROCESSING} } } } }`,
      { id: globalId },
      secretariat,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.consultation.analytics.participation).toEqual(participationBalance(expected, 0.05));
    expect(res.data?.consultation.analytics.processing).toEqual(processing(expected));
  }
  for (const [y, members] of [
    [year, [0, 1]],
    [year + 1, [2, 3]],
  ] as const) {
    const expected = await recount(members.map((i) => consultations[i]!.consultation.id));
    expect(await storedYearCounts(y)).toEqual(expected);
    const res = await gql(`query ($year: Int!) { cycleAnalytics(year: $year) { participation { ${PARTICIPATION} } } }`, { year: y });
    expect(res.errors).toBeUndefined();
    expect(res.data?.cycleAnalytics.participation).toEqual(participationBalance(expected, 0.05));
  }
}

describe('aggregates under a random workload', () => {
  it('equal a recount from the raw items after submissions, replies, withdrawals and dispositions across consultations and years', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 20, maxLength: 40 }), (commands) => run(commands)),
      { numRuns: 3, endOnFailure: true },
    );
  }, 240_000);
});
