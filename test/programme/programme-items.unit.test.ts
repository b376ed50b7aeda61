/**
 * The programme's entity declarations (programme.items.ts): the items they build (keys, the index slots they fill,
 * sparse ones left out), the values they parse back (absent optional attributes read as undefined), and the
 * malformed items they refuse.
 */
import { describe, expect, it } from 'vitest';
import { MalformedItemError } from '../../functions/core/dynamodb/entity';
import {
  callEntity,
  callFields,
  issueEntity,
  issueItem,
  markerEntity,
  programmeEntity,
  programmeItem,
  supportEntity,
  supportItem,
  tagHeadEntity,
  themeEntity,
  themeTagEntity,
} from '../../functions/modules/programme/programme.items';
import type { Issue, IssueCall, IssueSupportRecord, Programme, Theme } from '../../functions/modules/programme/programme.model';

/** What parsing `item` refuses, as `<path>: <expected>`; 'accepted' when it parses. */
function refusal(parse: (item: Record<string, unknown>) => unknown, item: Record<string, unknown>): string {
  try {
    parse(item);
  } catch (error) {
    if (error instanceof MalformedItemError) return `${error.path}: ${error.expected}`;
    throw error;
  }
  return 'accepted';
}

const issue: Issue = {
  id: '2026.01J0000000000000000000AB',
  year: 2026,
  title: 'Meaningful access',
  description: 'Why it matters',
  categories: ['ACCESS'],
  developmentDimension: { linkage: 'DIRECT', explanation: 'Connectivity' },
  sdgs: [9, 17],
  capacity: 'PERSONAL',
  authorId: 's1',
  group: 'CIVIL_SOCIETY',
  region: 'AFRICAN',
  status: 'SUBMITTED',
  support: { supporters: 2, byGroup: { CIVIL_SOCIETY: 2, ACADEMIA: 1 }, byRegion: { AFRICAN: 3 } },
  version: 2,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-02T00:00:00.000Z',
};

describe('the issue declaration', () => {
  it("puts a standing issue in its call's two lists, its author's list and the change feed", () => {
    // Act
    const item = issueItem(issue);
    // Assess
    expect(item).toMatchObject({
      PK: `ISSUE#${issue.id}`,
      SK: '#ISSUE',
      entity: 'Issue',
      GSI1PK: 'ISSUES#2026',
      GSI1SK: `2#0000003#${issue.id}`,
      GSI2PK: 'ISSUES#AUTHOR#s1',
      GSI2SK: `2026-03-01T00:00:00.000Z#${issue.id}`,
      GSI3PK: 'ISSUES#2026',
      GSI3SK: `2026-03-01T00:00:00.000Z#${issue.id}`,
      ChangesPK: 'CHANGES#Issue',
      ChangesSK: `2026-03-02T00:00:00.000Z#${issue.id}`,
    });
  });

  it("leaves a withdrawn or merged issue out of its call's lists (sparse), still in its author's", () => {
    for (const status of ['WITHDRAWN', 'MERGED'] as const) {
      const item = issueItem({ ...issue, status });
      for (const slot of ['GSI1PK', 'GSI1SK', 'GSI3PK', 'GSI3SK']) expect(item).not.toHaveProperty(slot);
      expect(item).toMatchObject({ GSI2PK: 'ISSUES#AUTHOR#s1', status });
    }
  });

  it('parses its item back, absent optional attributes as undefined and without the keys', () => {
    // Act
    const parsed = issueEntity.parse(issueItem(issue));
    // Assess
    expect(parsed).toStrictEqual({
      ...issue,
      discussedElsewhere: undefined,
      organisationId: undefined,
      mergedInto: undefined,
      decline: undefined,
    });
    const declined: Issue = {
      ...issue,
      status: 'NOT_TAKEN_UP',
      decline: { reason: 'Out of scope', decisionId: 'd1', meetingId: 'm1', decidedAt: '2026-05-01T00:00:00.000Z' },
    };
    expect(issueEntity.parse(issueItem(declined)).decline).toEqual(declined.decline);
  });

  it('refuses a malformed issue item, naming the attribute', () => {
    const item = issueItem(issue);
    const parse = issueEntity.parse;
    expect(refusal(parse, { ...item, status: 'LOST' })).toBe('Issue.status: one of SUBMITTED, WITHDRAWN, MERGED, TAKEN_UP, NOT_TAKEN_UP');
    expect(refusal(parse, { ...item, description: undefined })).toBe('Issue.description: a string');
    expect(refusal(parse, { ...item, sdgs: [9, '17'] })).toBe('Issue.sdgs[1]: a number');
    expect(refusal(parse, { ...item, developmentDimension: { linkage: 'SOME', explanation: '' } })).toBe(
      'Issue.developmentDimension.linkage: one of DIRECT, INDIRECT, NONE',
    );
    expect(refusal(parse, { ...item, support: { ...issue.support, byGroup: { PIRATES: 1 } } })).toMatch(
      /^Issue\.support\.byGroup\.PIRATES: one of GOVERNMENT, /,
    );
    expect(refusal(parse, { ...item, support: { ...issue.support, byRegion: { AFRICAN: '3' } } })).toBe('Issue.support.byRegion.AFRICAN: a number');
    expect(refusal(parse, { ...item, decline: 'no' })).toBe('Issue.decline: a map');
    expect(refusal(parse, { ...item, entity: 'Theme' })).toBe('Issue.entity: "Issue"');
  });

  it('parses only the fields a projected page of issues read, refusing a malformed one', () => {
    // Prepare: what a Query projecting id, title and support returns
    const pick = issueEntity.pick(['id', 'title', 'support']);
    const projected = { PK: `ISSUE#${issue.id}`, SK: '#ISSUE', GSI1PK: 'ISSUES#2026', GSI1SK: 'x', id: issue.id, title: issue.title, support: issue.support };
    // Act, Assess
    expect(pick(projected)).toStrictEqual({ id: issue.id, title: issue.title, support: issue.support });
    expect(refusal(pick, { ...projected, support: { supporters: 'two', byGroup: {}, byRegion: {} } })).toBe('Issue.support.supporters: a number');
  });

  it('names its access patterns: by breadth and newest in the call, by author', () => {
    expect(issueEntity.at.byBreadth({ year: 2026 })).toEqual({ index: 'gsi1', pk: 'ISSUES#2026' });
    expect(issueEntity.at.newest({ year: 2026 })).toEqual({ index: 'gsi3', pk: 'ISSUES#2026' });
    expect(issueEntity.at.ofAuthor({ authorId: 's1' })).toEqual({ index: 'gsi2', pk: 'ISSUES#AUTHOR#s1' });
  });
});

describe('the support declaration', () => {
  const support: IssueSupportRecord = {
    issueId: issue.id,
    supporterId: 's2',
    listed: true,
    group: 'ACADEMIA',
    region: 'AFRICAN',
    createdAt: '2026-03-02T00:00:00.000Z',
  };

  it('lists a listed supporter under the issue, and leaves an unlisted one out (sparse)', () => {
    expect(supportItem(support)).toMatchObject({
      PK: `ISSUE#${issue.id}`,
      SK: 'SUPPORT#s2',
      GSI2PK: `SUPPORTERS#${issue.id}`,
      GSI2SK: '2026-03-02T00:00:00.000Z#s2',
    });
    const unlisted = supportItem({ ...support, listed: false });
    expect(unlisted).not.toHaveProperty('GSI2PK');
    expect(unlisted).not.toHaveProperty('GSI2SK');
    expect(supportEntity.at.listed({ issueId: issue.id })).toEqual({ index: 'gsi2', pk: `SUPPORTERS#${issue.id}` });
  });

  it('parses a support without a comment, and refuses one whose listing is not a boolean', () => {
    expect(supportEntity.parse(supportItem(support))).toStrictEqual({ ...support, comment: undefined });
    expect(supportEntity.parse(supportItem({ ...support, comment: 'Yes' })).comment).toBe('Yes');
    expect(refusal(supportEntity.parse, { ...supportItem(support), listed: 'yes' })).toBe('IssueSupport.listed: a boolean');
    expect(refusal(supportEntity.parse, { ...supportItem(support), group: 'PIRATES' })).toMatch(/^IssueSupport\.group: one of /);
  });
});

describe('the programme and call declarations', () => {
  const programme: Programme = {
    year: 2026,
    title: 'IGF 2026',
    overarchingTheme: 'Building our digital future together',
    hostCountry: 'NO',
    venue: 'Lillestrøm',
    startsAt: '2026-06-23T00:00:00.000Z',
    endsAt: '2026-06-27T00:00:00.000Z',
    format: 'HYBRID',
    settings: { issuesPerPerson: 3 },
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const call: IssueCall = {
    year: 2026,
    opensAt: '2026-02-01T00:00:00.000Z',
    closesAt: '2026-03-01T00:00:00.000Z',
    categories: [{ code: 'ACCESS', title: 'Access' }],
    issuesPerPerson: 3,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('stores a programme with its year as the id the change feed reads, listed by year', () => {
    const item = programmeItem(programme);
    expect(item).toMatchObject({
      PK: 'PROGRAMME#2026',
      SK: '#PROGRAMME',
      GSI1PK: 'PROGRAMMES',
      GSI1SK: '2026',
      ChangesSK: '2026-01-01T00:00:00.000Z#2026',
      id: '2026',
    });
    expect(programmeEntity.parse(item)).toStrictEqual({ ...programme, id: '2026' });
    expect(refusal(programmeEntity.parse, { ...item, format: 'IN_PERSON' })).toBe('Programme.format: one of ONSITE, ONLINE, HYBRID');
    expect(refusal(programmeEntity.parse, { ...item, settings: {} })).toBe('Programme.settings.issuesPerPerson: a number');
  });

  it("gives the call's Update its own attributes without the key, and parses the call apart from its counters", () => {
    const fields = callFields(call);
    expect(fields).not.toHaveProperty('PK');
    expect(fields).not.toHaveProperty('SK');
    expect(fields).toMatchObject({ entity: 'IssueCall', ChangesPK: 'CHANGES#IssueCall', id: '2026', issuesPerPerson: 3 });
    const item = { PK: 'PROGRAMME#2026', SK: '#ISSUECALL', ...fields, 'n:issues': 4 };
    expect(callEntity.parse(item)).toStrictEqual({ ...call, id: '2026' });
    expect(refusal(callEntity.parse, { ...item, categories: [{ code: 'ACCESS' }] })).toBe('IssueCall.categories[0].title: a string');
  });
});

describe('the theme declaration', () => {
  const theme: Theme = {
    id: '2026.01J0000000000000000000TH',
    year: 2026,
    title: 'Universal access',
    narrative: 'Why',
    developmentDimension: { linkage: 'INDIRECT', explanation: 'Skills' },
    policyQuestions: ['How?'],
    issueIds: [issue.id],
    status: 'DRAFT',
    createdBy: 'sec',
    version: 1,
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
  };

  it("lists a theme in its programme's themes and parses a draft without an adoption", () => {
    const item = themeEntity.item(theme);
    expect(item).toMatchObject({ PK: `THEME#${theme.id}`, SK: '#THEME', GSI1PK: 'THEMES#2026', GSI1SK: `2026-04-01T00:00:00.000Z#${theme.id}` });
    expect(themeEntity.parse(item)).toStrictEqual({ ...theme, adoption: undefined });
    expect(refusal(themeEntity.parse, { ...item, status: 'PROPOSED' })).toBe('Theme.status: one of DRAFT, ADOPTED');
    expect(refusal(themeEntity.parse, { ...item, adoption: { decisionId: 'd1', meetingId: 'm1' } })).toBe('Theme.adoption.adoptedAt: a string');
  });
});

describe('the theme tag, tag head and marker declarations', () => {
  it('tags a subject in its partition and indexes the tag under the theme', () => {
    const item = themeTagEntity.item({ themeId: 't1', subjectType: 'Contribution', subjectId: 'c1', createdAt: '2026-04-01T00:00:00.000Z' });
    expect(item).toMatchObject({ PK: 'THEMETAGS#Contribution#c1', SK: 'THEME#t1', GSI1PK: 'TAGGED#t1', GSI1SK: 'Contribution#c1' });
    expect(themeTagEntity.at.ofSubject({ subjectType: 'Contribution', subjectId: 'c1' })).toEqual({ pk: 'THEMETAGS#Contribution#c1' });
    expect(themeTagEntity.at.taggedWith({ themeId: 't1' })).toEqual({ index: 'gsi1', pk: 'TAGGED#t1' });
    expect(refusal(themeTagEntity.parse, { ...item, subjectType: 'Meeting' })).toBe('ThemeTag.subjectType: one of Consultation, Contribution');
  });

  it('reads a head without theme ids as none, and refuses a revision that is not a number', () => {
    const item = tagHeadEntity.item({ subjectType: 'Consultation', subjectId: 'k1', themeIds: ['t1'], rev: 1, updatedAt: '2026-04-01T00:00:00.000Z' });
    expect(item).toMatchObject({ PK: 'THEMETAGS#Consultation#k1', SK: '#TAGS', entity: 'ThemeTagHead' });
    const { themeIds: _themeIds, ...withoutIds } = item;
    expect(tagHeadEntity.parse(withoutIds).themeIds).toEqual([]);
    expect(refusal(tagHeadEntity.parse, { ...item, rev: '1' })).toBe('ThemeTagHead.rev: a number');
  });

  it('refuses a contributor marker whose count is not a number', () => {
    const item = markerEntity.item({ themeId: 't1', contributorId: 'p1', group: 'GOVERNMENT', region: 'ASIA_PACIFIC', active: 2 });
    expect(item).toMatchObject({ PK: 'THEME#t1', SK: 'CONTRIBUTOR#p1', entity: 'ThemeContributorMarker', active: 2 });
    expect(markerEntity.parse(item).active).toBe(2);
    expect(refusal(markerEntity.parse, { ...item, active: '2' })).toBe('ThemeContributorMarker.active: a number');
  });
});
