/**
 * The participation balance per theme, against DynamoDB Local: counter
 * items kept exact in the transactions of tagging a contribution,
 * re-tagging it, and withdrawing a tagged one — checked against a recount
 * of the tagged contributions, also under concurrent writes — read in O(1)
 * requests, public, with the refusals writing nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { userCaller } from '../../functions/core/auth/caller';
import { toGlobalId } from '../../functions/core/ids';
import { seedThemeTags } from '../../functions/local/seed/theme-tags.seed';
import { createContext } from '../../functions/graphql/context';
import type { Consultation, Contribution } from '../../functions/modules/consultations';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { tagHeadOf } from '../../functions/modules/programme/theme-participation.store';
import { taggedWith } from '../../functions/modules/programme/theme-tag.store';
import { REGIONS, STAKEHOLDER_GROUPS, getRoles, type Stakeholder } from '../../functions/modules/stakeholders';
import { errorCode, gql, unique } from '../helpers/api';
import { contributeDirect, openConsultation } from '../helpers/consultations';
import { onDynamoRequest } from '../helpers/db';
import { createMagMember, createPerson, type TestPerson } from '../helpers/people';
import { closeCall, createCall, submitIssue } from './helpers';

const TAG = `mutation ($input: TagWithThemesInput!) { tagWithThemes(input: $input) { themes { id } } }`;
const WITHDRAW = `mutation ($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { contribution { status } } }`;
const PARTICIPATION = `query ($id: ID!) { theme(id: $id) { participation { contributions contributors
  contributionsByGroup { total balanceIndex shares { group count } } contributorsByGroup { total shares { group count } }
  contributionsByRegion { total shares { region count } } contributorsByRegion { total shares { region count } } } } }`;

const servicesOf = (person: TestPerson) => createContext({ requestId: randomUUID(), caller: userCaller(person.subject, [], getRoles) }).services;
const contributionGid = (c: Contribution) => toGlobalId('Contribution', c.id);

/** Adopted themes of a fresh programme (public), and a MAG member who tags. */
async function themes(n: number) {
  const call = await createCall();
  const author = await createPerson();
  const issue = await submitIssue(author.token, call.callId);
  await closeCall(call.year);
  const mag = await createMagMember();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const theme = await servicesOf(mag).themes.create({
      programmeId: call.programmeId,
      title: `Theme ${i + 1}`,
      narrative: 'Connecting the next billions, affordably and safely.',
      developmentDimension: { linkage: 'DIRECT', explanation: 'Access underpins every development goal.' },
      policyQuestions: ['How can community networks be financed?'],
      issueIds: [issue.id],
      idempotencyKey: unique('key-'),
    });
    await servicesOf(mag).themes.adoptByDecision({
      themeId: theme.id,
      version: 1,
      decision: { meetingId: unique('m-'), decisionId: unique('d-'), decidedAt: new Date().toISOString() },
    });
    ids.push(toGlobalId('Theme', theme.id));
  }
  return { mag, ids };
}

async function participation(themeId: string) {
  const response = await gql(PARTICIPATION, { id: themeId });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  const p = response.data?.theme.participation;
  const groups = (b: any) => Object.fromEntries(b.shares.filter((s: any) => s.count > 0).map((s: any) => [s.group, s.count]));
  const regions = (b: any) => Object.fromEntries(b.shares.filter((s: any) => s.count > 0).map((s: any) => [s.region, s.count]));
  return {
    contributions: p.contributions,
    contributors: p.contributors,
    contributionsByGroup: groups(p.contributionsByGroup),
    contributorsByGroup: groups(p.contributorsByGroup),
    contributionsByRegion: regions(p.contributionsByRegion),
    contributorsByRegion: regions(p.contributorsByRegion),
    balanceIndex: p.contributionsByGroup.balanceIndex,
  };
}

/** The figures recounted from the tagged contributions themselves (active ones; a contributor once). */
async function recount(themeGid: string) {
  const themeId = Buffer.from(themeGid, 'base64url').toString('utf8').split(':')[1] as string;
  const ids = await taggedWith(themeId, 'Contribution', 100);
  const all = (await contributionStore.getContributions(ids)).filter((c) => c?.status === 'ACTIVE') as Contribution[];
  const byContributor = new Map(all.map((c) => [c.contributorId, c]));
  const tally = (items: Contribution[], key: 'group' | 'region') =>
    items.reduce<Record<string, number>>((t, c) => ({ ...t, [c[key]]: (t[c[key]] ?? 0) + 1 }), {});
  return {
    contributions: all.length,
    contributors: byContributor.size,
    contributionsByGroup: tally(all, 'group'),
    contributorsByGroup: tally([...byContributor.values()], 'group'),
    contributionsByRegion: tally(all, 'region'),
    contributorsByRegion: tally([...byContributor.values()], 'region'),
  };
}

async function person(group: Stakeholder['group'], region: Stakeholder['region']) {
  return createPerson({ stakeholder: { group, region } });
}

async function contribution(consultation: Consultation, who: TestPerson) {
  return contributeDirect(consultation, who.stakeholder, { at: new Date() });
}

describe('participation balance per theme', () => {
  it('counts the tagged active contributions and their distinct contributors, by group and region', async () => {
    // Prepare
    const { mag, ids } = await themes(1);
    const [theme] = ids as [string];
    const { consultation } = await openConsultation();
    const academic = await person('ACADEMIA', 'AFRICAN');
    const official = await person('GOVERNMENT', 'EASTERN_EUROPEAN');
    const [a1, a2, g1] = [await contribution(consultation, academic), await contribution(consultation, academic), await contribution(consultation, official)];
    const untagged = await contribution(consultation, official);

    // Act
    for (const c of [a1, a2, g1]) expect((await gql(TAG, { input: { subjectId: contributionGid(c), themeIds: [theme] } }, mag.token)).errors).toBeUndefined();
    // Tagging again with the same themes changes nothing
    await gql(TAG, { input: { subjectId: contributionGid(a1), themeIds: [theme] } }, mag.token);

    // Assess
    const read = await participation(theme);
    expect(read).toEqual({
      contributions: 3,
      contributors: 2,
      contributionsByGroup: { ACADEMIA: 2, GOVERNMENT: 1 },
      contributorsByGroup: { ACADEMIA: 1, GOVERNMENT: 1 },
      contributionsByRegion: { AFRICAN: 2, EASTERN_EUROPEAN: 1 },
      contributorsByRegion: { AFRICAN: 1, EASTERN_EUROPEAN: 1 },
      balanceIndex: expect.any(Number),
    });
    expect(read.balanceIndex).toBeGreaterThan(0);
    const { balanceIndex, ...counted } = read;
    void balanceIndex;
    expect(counted).toEqual(await recount(theme));
    void untagged;
  });

  it('moves a re-tagged contribution from one theme to the other, and takes a withdrawn one out of every theme', async () => {
    // Prepare
    const { mag, ids } = await themes(2);
    const [first, second] = ids as [string, string];
    const { consultation } = await openConsultation();
    const author = await person('CIVIL_SOCIETY', 'AFRICAN');
    const [c1, c2] = [await contribution(consultation, author), await contribution(consultation, author)];
    await gql(TAG, { input: { subjectId: contributionGid(c1), themeIds: [first, second] } }, mag.token);
    await gql(TAG, { input: { subjectId: contributionGid(c2), themeIds: [first] } }, mag.token);

    // Act: re-tag c2 (first → second), then withdraw c1 (tagged with both)
    await gql(TAG, { input: { subjectId: contributionGid(c2), themeIds: [second] } }, mag.token);
    const afterRetag = [await participation(first), await participation(second)];
    const withdrawn = await gql(WITHDRAW, { input: { id: contributionGid(c1), version: 1 } }, author.token);
    // Tagging a withdrawn contribution lists it but counts nothing
    await gql(TAG, { input: { subjectId: contributionGid(c1), themeIds: [first] } }, mag.token);

    // Assess
    expect(afterRetag.map((p) => [p.contributions, p.contributors])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(withdrawn.data?.withdrawContribution.contribution.status).toBe('WITHDRAWN');
    const [p1, p2] = [await participation(first), await participation(second)];
    expect([p1.contributions, p1.contributors, p2.contributions, p2.contributors]).toEqual([0, 0, 1, 1]);
    expect(p2.contributorsByGroup).toEqual({ CIVIL_SOCIETY: 1 });
    expect(p1.contributionsByGroup).toEqual({});
    const { balanceIndex: _a, ...counted1 } = p1;
    const { balanceIndex: _b, ...counted2 } = p2;
    expect([counted1, counted2]).toEqual([await recount(first), await recount(second)]);
    expect((await gql(`query ($id: ID!) { node(id: $id) { ... on Contribution { themes { id } } } }`, { id: contributionGid(c1) })).data?.node.themes).toEqual([
      { id: first },
    ]);
  });

  it('stays exact under concurrent tagging, re-tagging and withdrawals of one contributor', async () => {
    // Prepare
    const { mag, ids } = await themes(2);
    const [first, second] = ids as [string, string];
    const { consultation } = await openConsultation();
    const author = await person('TECHNICAL_COMMUNITY', 'ASIA_PACIFIC');
    const made: Contribution[] = [];
    for (let i = 0; i < 6; i++) made.push(await contribution(consultation, author));

    // Act
    await Promise.all([
      ...made.map((c, i) => gql(TAG, { input: { subjectId: contributionGid(c), themeIds: i % 2 ? [first, second] : [first] } }, mag.token)),
      ...made.slice(0, 3).map((c) => gql(WITHDRAW, { input: { id: contributionGid(c), version: 1 } }, author.token)),
      ...made.slice(3).map((c) => gql(TAG, { input: { subjectId: contributionGid(c), themeIds: [second] } }, mag.token)),
    ]);

    // Assess
    for (const theme of [first, second]) {
      const { balanceIndex: _i, ...counted } = await participation(theme);
      expect(counted).toEqual(await recount(theme));
    }
  });

  it('reads a theme with its participation in 2 requests, and every theme of a programme with theirs in 2', async () => {
    // Prepare
    const { mag, ids } = await themes(2);
    const { consultation } = await openConsultation();
    const c = await contribution(consultation, await person('PRIVATE_SECTOR', 'LATIN_AMERICAN_AND_CARIBBEAN'));
    await gql(TAG, { input: { subjectId: contributionGid(c), themeIds: ids } }, mag.token);
    const year = Number(Buffer.from(ids[0]!, 'base64url').toString('utf8').split(':')[1]!.split('.')[0]);
    const commands: string[] = [];
    const stop = onDynamoRequest((command) => commands.push(command));

    // Act
    const one = await gql(PARTICIPATION, { id: ids[0] });
    const oneCommands = commands.splice(0);
    const all = await gql(
      `query ($year: Int!) { programme(year: $year) { themes { edges { node { participation { contributions contributorsByGroup { balanceIndex } } } } } } }`,
      { year },
    );
    stop();

    // Assess
    expect(one.data?.theme.participation.contributions).toBe(1);
    expect(oneCommands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(all.data?.programme.themes.edges.map((e: any) => e.node.participation.contributions)).toEqual([1, 1]);
    expect(commands).toEqual(['BatchGetItemCommand', 'QueryCommand', 'BatchGetItemCommand']);
  });

  it('refuses tagging by a plain stakeholder (FORBIDDEN), the public (UNAUTHENTICATED), an unknown theme and over 10 themes (BAD_USER_INPUT), counting nothing', async () => {
    // Prepare
    const { mag, ids } = await themes(1);
    const [theme] = ids as [string];
    const { consultation } = await openConsultation();
    const author = await person('ACADEMIA', 'AFRICAN');
    const c = await contribution(consultation, author);
    const input = { subjectId: contributionGid(c), themeIds: [theme] };

    // Act
    const refusals = [
      await gql(TAG, { input }, author.token),
      await gql(TAG, { input }),
      await gql(TAG, { input: { ...input, themeIds: [theme, toGlobalId('Theme', '2999.01ARZ3NDEKTSV4RRFFQ69G5FAV')] } }, mag.token),
      await gql(TAG, { input: { ...input, themeIds: Array.from({ length: 11 }, () => theme) } }, mag.token),
    ];

    // Assess
    expect(refusals.map(errorCode)).toEqual(['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect((await participation(theme)).contributions).toBe(0);
    expect(await tagHeadOf('Contribution', c.id)).toBeUndefined();
  });

  it("shows in the demo data: the demo year's first consultation's contributions tagged with the adopted themes, counted exactly", async () => {
    // Prepare: the demo year's adopted themes and first consultation, in a year of this test's own
    const { ids } = await themes(4);
    const year = Number(Buffer.from(ids[0]!, 'base64url').toString('utf8').split(':')[1]!.split('.')[0]);
    const { consultation } = await openConsultation();
    const demo = { ...consultation, id: `demo-consultation-${year}-1`, year };
    expect(await consultationStore.createConsultation(demo)).toBe('created');
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => person(STAKEHOLDER_GROUPS[i % 6]!, REGIONS[i % 5]!)));
    for (const [i, who] of people.entries()) {
      await contribution(demo, who);
      if (i % 3 === 0) await contribution(demo, who);
    }

    // Act
    const seeded = await seedThemeTags(new Date(Date.UTC(year, 5, 15)));

    // Assess
    expect(seeded.taggedContributions).toBe(16);
    const read = (
      await gql(
        `query ($year: Int!) { programme(year: $year) { themes { edges { node { id consultations { id } participation { contributions contributors contributionsByGroup { balanceIndex } } } } } } }`,
        { year },
      )
    ).data?.programme.themes.edges.map((e: any) => e.node);
    expect(read).toHaveLength(4);
    expect(read.every((t: any) => t.participation.contributions > 0 && t.participation.contributionsByGroup.balanceIndex > 0)).toBe(true);
    expect(read.filter((t: any) => t.consultations.length === 1)).toHaveLength(2);
    for (const theme of read) {
      const { balanceIndex: _i, ...counted } = await participation(theme.id);
      expect(counted).toEqual(await recount(theme.id));
    }
  });
});
