/** All resolvers of the schema, merged from the domain modules. */
import type { Resolvers } from '../generated/resolvers-types';
import { dateTimeScalar } from '../core/scalars';
import { nodeResolvers } from './node.resolvers';
import { reportingResolvers } from './reporting/reporting.resolvers';
import { stakeholderResolvers } from './stakeholders/stakeholder.resolvers';
import { consultationResolvers } from './consultations/consultation.resolvers';
import { analyticsResolvers } from './analytics/analytics.resolvers';
import { changeResolvers } from './changes/changes.resolvers';
import { mailResolvers } from './mail/mail.resolvers';

const modules: Resolvers[] = [nodeResolvers, stakeholderResolvers, consultationResolvers, reportingResolvers, analyticsResolvers, changeResolvers, mailResolvers];

function merge(all: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const resolvers of all) {
    for (const [type, fields] of Object.entries(resolvers)) {
      merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
    }
  }
  return merged as Resolvers;
}

export const resolvers: Resolvers = merge([{ DateTime: dateTimeScalar }, ...modules]);
