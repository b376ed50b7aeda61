/** All resolvers of the schema, merged from the domain modules (each module's public face exports its resolvers). */
import type { Resolvers } from '../generated/resolvers-types';
import { analyticsResolvers } from '../modules/analytics';
import { changeResolvers } from '../modules/changes';
import { mailResolvers } from '../modules/mail';
import { consultationResolvers } from '../modules/consultations';
import { contributionResolvers } from '../modules/contributions';
import { meetingResolvers } from '../modules/meetings';
import { reportingResolvers } from '../modules/reporting';
import { stakeholderResolvers } from '../modules/stakeholders';
import { nodeResolvers } from './node.resolvers';
import { dateTimeScalar } from './scalars';

const modules: Resolvers[] = [nodeResolvers, stakeholderResolvers, consultationResolvers, contributionResolvers, reportingResolvers, analyticsResolvers, changeResolvers, mailResolvers, meetingResolvers];

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
