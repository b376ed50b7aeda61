/**
 * What a page of issues reads of each issue: the attributes the selected Issue fields need. A page that shows
 * only these fields (a call's issues by support breadth: id, title, support) reads a projection, so less is
 * transferred and unmarshalled; any other field reads whole items. Read capacity is the same (DynamoDB charges whole
 * items).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { connectionNodeFields, projectionFor } from '../../core/selection';
import type { IssueField } from './programme.model';

/** Issue field → the stored attributes its resolver reads (programme.resolvers.ts; `IssueSupport` reads only `support`). */
const ISSUE_FIELD_ATTRIBUTES: Readonly<Record<string, readonly IssueField[]>> = {
  __typename: [],
  id: ['id'],
  title: ['title'],
  status: ['status'],
  group: ['group'],
  region: ['region'],
  createdAt: ['createdAt'],
  support: ['support'],
};

/** The attributes a page of issues must read for this request; undefined for whole items. */
export function issuePageAttributes(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): IssueField[] | undefined {
  return projectionFor(connectionNodeFields(info), ISSUE_FIELD_ATTRIBUTES);
}
