/**
 * The programme's items, declared once (core/dynamodb/entity.ts): how a
 * programme, its call for issues, an issue, a support, a theme, a theme tag,
 * a subject's tag head and a theme's contributor marker become items, which
 * index slots they fill (programme.keys.ts has the formats and the table of
 * access patterns), and how they are read back — a malformed item is refused
 * with MalformedItemError, never passed on half typed. The module's stores
 * build and parse items only here. Also what the stores share: the condition
 * added to a counter update, and the names of the items a MAG decision's
 * transaction writes.
 */
import type { Item } from '../../core/dynamodb/batch';
import { attr, defineEntity, MalformedItemError, type Attr } from '../../core/dynamodb/entity';
import { GSI, type IndexName } from '../../core/dynamodb/table';
import type { TransactItem } from '../../core/dynamodb/transact';
import { REGIONS, STAKEHOLDER_GROUPS, type Region, type StakeholderGroup } from '../stakeholders';
import { programmeKeys as keys } from './programme.keys';
import {
  CAPACITIES,
  DEVELOPMENT_LINKAGES,
  ISSUE_STATUSES,
  MEETING_FORMATS,
  TAG_SUBJECT_TYPES,
  THEME_STATUSES,
  breadthSortKey,
  isStanding,
  type DevelopmentDimension,
  type Issue,
  type IssueCall,
  type IssueCategory,
  type IssueDecline,
  type IssueSupportRecord,
  type Programme,
  type SupportCounts,
  type TagSubjectType,
  type Theme,
  type ThemeAdoption,
} from './programme.model';

/** Counts keyed by one of `names` (an issue's backers by group, by region): any other key is a malformed item. */
function countsBy<K extends string>(names: readonly K[]): Attr<Partial<Record<K, number>>> {
  const counts = attr.record(attr.number);
  return {
    parse: (value, path) => {
      const out: Partial<Record<K, number>> = {};
      for (const [name, n] of Object.entries(counts.parse(value, path))) {
        const known = names.find((candidate) => candidate === name);
        if (known === undefined) throw new MalformedItemError(`${path}.${name}`, `one of ${names.join(', ')}`);
        out[known] = n;
      }
      return out;
    },
  };
}

/** The item without the keys of these index slots: a sparse index lists an entity's items only in some states. */
function withoutSlots(item: Item, slots: readonly IndexName[]): Item {
  for (const slot of slots) {
    delete item[GSI[slot].partitionKey];
    delete item[GSI[slot].sortKey];
  }
  return item;
}

const developmentDimension = attr.object<DevelopmentDimension>({ linkage: attr.oneOf(DEVELOPMENT_LINKAGES), explanation: attr.string });

// ── Programmes ──

/** A programme as stored: with the id the change feed reads (its year). */
export interface ProgrammeRecord extends Programme {
  readonly id: string;
}

export const programmeEntity = defineEntity<ProgrammeRecord>()({
  name: 'Programme',
  attributes: {
    id: attr.string,
    year: attr.number,
    title: attr.string,
    overarchingTheme: attr.string,
    hostCountry: attr.string,
    venue: attr.string,
    startsAt: attr.string,
    endsAt: attr.string,
    format: attr.oneOf(MEETING_FORMATS),
    settings: attr.object({ issuesPerPerson: attr.number }),
    version: attr.number,
    createdAt: attr.string,
    updatedAt: attr.string,
  },
  key: (p) => keys.programme(p.year),
  changes: (p) => [p.updatedAt, p.id],
  patterns: {
    /** Every programme, by year (read newest first). */
    all: { index: 'gsi1', pk: () => keys.programmes(), sk: (p) => keys.programmeSort(p.year) },
  },
});

export const programmeItem = (p: Programme): Item => programmeEntity.item({ ...p, id: String(p.year) });

// ── The call for issues ──

/** A call as stored: with the id the change feed reads (its year); its counters (`n:*`) are read apart. */
export interface IssueCallRecord extends IssueCall {
  readonly id: string;
}

export const callEntity = defineEntity<IssueCallRecord>()({
  name: 'IssueCall',
  attributes: {
    // In the order its Update SETs them (call.store.ts).
    id: attr.string,
    year: attr.number,
    opensAt: attr.string,
    closesAt: attr.string,
    categories: attr.list(attr.object<IssueCategory>({ code: attr.string, title: attr.string })),
    issuesPerPerson: attr.number,
    version: attr.number,
    createdAt: attr.string,
    updatedAt: attr.string,
  },
  key: (call) => keys.call(call.year),
  changes: (call) => [call.updatedAt, call.id],
  patterns: {},
});

/**
 * The call's own attributes (entity, change-feed keys, settings) without its key: what an Update SETs, leaving
 * the counters on the same item untouched.
 */
export function callFields(call: IssueCall): Record<string, unknown> {
  const { PK: _pk, SK: _sk, ...fields } = callEntity.item({ ...call, id: String(call.year) });
  return fields;
}

// ── Issues ──

const issueByTime = (issue: Pick<Issue, 'createdAt' | 'id'>) => keys.byTime(issue.createdAt, issue.id);

export const issueEntity = defineEntity<Issue>()({
  name: 'Issue',
  attributes: {
    id: attr.string,
    year: attr.number,
    title: attr.string,
    description: attr.string,
    categories: attr.list(attr.string),
    developmentDimension,
    sdgs: attr.list(attr.number),
    discussedElsewhere: attr.optional(attr.string),
    capacity: attr.oneOf(CAPACITIES),
    authorId: attr.string,
    organisationId: attr.optional(attr.string),
    group: attr.oneOf(STAKEHOLDER_GROUPS),
    region: attr.oneOf(REGIONS),
    status: attr.oneOf(ISSUE_STATUSES),
    mergedInto: attr.optional(attr.string),
    decline: attr.optional(attr.object<IssueDecline>({ reason: attr.string, decisionId: attr.string, meetingId: attr.string, decidedAt: attr.string })),
    support: attr.object<SupportCounts>({ supporters: attr.number, byGroup: countsBy(STAKEHOLDER_GROUPS), byRegion: countsBy(REGIONS) }),
    version: attr.number,
    createdAt: attr.string,
    updatedAt: attr.string,
  },
  key: (issue) => keys.issue(issue.id),
  changes: (issue) => [issue.updatedAt, issue.id],
  patterns: {
    /** A call's standing issues by support breadth, then backers (read descending); sparse: see issueItem. */
    byBreadth: { index: 'gsi1', pk: (p: Pick<Issue, 'year'>) => keys.issuesOfCall(p.year), sk: breadthSortKey },
    /** An author's issues (read newest first). */
    ofAuthor: { index: 'gsi2', pk: (p: Pick<Issue, 'authorId'>) => keys.issuesOfAuthor(p.authorId), sk: issueByTime },
    /** A call's standing issues (read newest first); sparse: see issueItem. */
    newest: { index: 'gsi3', pk: (p: Pick<Issue, 'year'>) => keys.issuesOfCall(p.year), sk: issueByTime },
  },
});

/** An issue's item: only a standing issue is in its call's lists (withdrawn and merged ones leave them). */
export function issueItem(issue: Issue): Item {
  const item = issueEntity.item(issue);
  return isStanding(issue.status) ? item : withoutSlots(item, ['gsi1', 'gsi3']);
}

// ── Supports ──

export const supportEntity = defineEntity<IssueSupportRecord>()({
  name: 'IssueSupport',
  attributes: {
    issueId: attr.string,
    supporterId: attr.string,
    comment: attr.optional(attr.string),
    listed: attr.boolean,
    group: attr.oneOf(STAKEHOLDER_GROUPS),
    region: attr.oneOf(REGIONS),
    createdAt: attr.string,
  },
  key: (support) => keys.support(support.issueId, support.supporterId),
  patterns: {
    /** The supporters of an issue who chose to be listed, oldest first; sparse: see supportItem. */
    listed: {
      index: 'gsi2',
      pk: (p: Pick<IssueSupportRecord, 'issueId'>) => keys.listedSupporters(p.issueId),
      sk: (support) => keys.byTime(support.createdAt, support.supporterId),
    },
  },
});

/** A support's item: only a listed supporter is in the issue's list of supporters. */
export function supportItem(support: IssueSupportRecord): Item {
  const item = supportEntity.item(support);
  return support.listed ? item : withoutSlots(item, ['gsi2']);
}

// ── Themes ──

export const themeEntity = defineEntity<Theme>()({
  name: 'Theme',
  attributes: {
    id: attr.string,
    year: attr.number,
    title: attr.string,
    narrative: attr.string,
    developmentDimension,
    policyQuestions: attr.list(attr.string),
    issueIds: attr.list(attr.string),
    status: attr.oneOf(THEME_STATUSES),
    adoption: attr.optional(attr.object<ThemeAdoption>({ decisionId: attr.string, meetingId: attr.string, adoptedAt: attr.string })),
    createdBy: attr.string,
    version: attr.number,
    createdAt: attr.string,
    updatedAt: attr.string,
  },
  key: (theme) => keys.theme(theme.id),
  changes: (theme) => [theme.updatedAt, theme.id],
  patterns: {
    /** The themes of a programme, oldest first. */
    ofProgramme: { index: 'gsi1', pk: (p: Pick<Theme, 'year'>) => keys.themesOfProgramme(p.year), sk: (theme) => keys.byTime(theme.createdAt, theme.id) },
  },
});

// ── Theme tags, tag heads and participation markers ──

/** One theme on a consultation or contribution (in the subject's tag partition, indexed under the theme). */
export interface ThemeTag {
  readonly themeId: string;
  readonly subjectType: TagSubjectType;
  readonly subjectId: string;
  readonly createdAt: string;
}

export const themeTagEntity = defineEntity<ThemeTag>()({
  name: 'ThemeTag',
  attributes: { themeId: attr.string, subjectType: attr.oneOf(TAG_SUBJECT_TYPES), subjectId: attr.string, createdAt: attr.string },
  key: (tag) => keys.tag(tag.subjectType, tag.subjectId, tag.themeId),
  patterns: {
    /** The tags of a subject (with `sk` beginning with the tag prefix: its tag head sorts apart). */
    ofSubject: { pk: (p: Pick<ThemeTag, 'subjectType' | 'subjectId'>) => keys.tagsOf(p.subjectType, p.subjectId) },
    /** The subjects tagged with a theme, by type. */
    taggedWith: {
      index: 'gsi1',
      pk: (p: Pick<ThemeTag, 'themeId'>) => keys.taggedWith(p.themeId),
      sk: (tag) => keys.taggedSort(tag.subjectType, tag.subjectId),
    },
  },
});

/** A subject's tags as one item, with the revision every tag change moves. */
export interface TagHeadRecord {
  readonly subjectType: TagSubjectType;
  readonly subjectId: string;
  readonly themeIds: readonly string[];
  readonly rev: number;
  readonly updatedAt: string;
}

export const tagHeadEntity = defineEntity<TagHeadRecord>()({
  name: 'ThemeTagHead',
  attributes: {
    subjectType: attr.oneOf(TAG_SUBJECT_TYPES),
    subjectId: attr.string,
    themeIds: attr.orElse(attr.list(attr.string), []),
    rev: attr.number,
    updatedAt: attr.string,
  },
  key: (head) => keys.tagHead(head.subjectType, head.subjectId),
  patterns: {},
});

/** How many of a contributor's active contributions carry a theme (and the contributor's group and region). */
export interface ThemeContributorMarker {
  readonly themeId: string;
  readonly contributorId: string;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly active: number;
}

export const markerEntity = defineEntity<ThemeContributorMarker>()({
  name: 'ThemeContributorMarker',
  attributes: {
    themeId: attr.string,
    contributorId: attr.string,
    group: attr.oneOf(STAKEHOLDER_GROUPS),
    region: attr.oneOf(REGIONS),
    active: attr.number,
  },
  key: (marker) => keys.themeContributor(marker.themeId, marker.contributorId),
  patterns: {},
});

// ── Shared by the stores ──

/** Adds a condition to a transaction item built elsewhere (e.g. a counter update). */
export function conditioned(item: TransactItem, expression: string, names: Record<string, string>, values: Record<string, unknown>): TransactItem {
  const update = item.Update;
  if (!update) throw new Error('Only updates take an added condition here');
  return {
    Update: {
      ...update,
      ConditionExpression: expression,
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...names },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...values },
    },
  };
}

/** Transaction item names of MAG decisions' writes (distinct from the meetings module's own names). */
export const DECISION_ITEM = { theme: 'themeSubject', issue: 'issueSubject', call: 'themeCall', mail: 'issueMail' } as const;
