/** All resolvers of the schema, merged from the domain modules (each module's public face exports its resolvers). */
import type { Resolvers } from '../generated/resolvers-types';
import { analyticsResolvers } from '../modules/analytics';
import { changeResolvers } from '../modules/changes';
import { mailResolvers } from '../modules/mail';
import { consultationResolvers } from '../modules/consultations';
import { contributionResolvers } from '../modules/contributions';
import { programmeResolvers } from '../modules/programme';
import { interventionResolvers, meetingResolvers } from '../modules/meetings';
import { reportingResolvers } from '../modules/reporting';
import { scheduleResolvers } from '../modules/schedule';
import { evaluationResolvers, funnelResolvers, selectionResolvers, sessionResolvers } from '../modules/sessions';
import { stakeholderResolvers } from '../modules/stakeholders';
import { nodeResolvers } from './node.resolvers';
import { dateTimeScalar } from './scalars';

const modules: Resolvers[] = [
  nodeResolvers,
  stakeholderResolvers,
  consultationResolvers,
  contributionResolvers,
  reportingResolvers,
  analyticsResolvers,
  changeResolvers,
  mailResolvers,
  meetingResolvers,
  interventionResolvers,
  programmeResolvers,
  sessionResolvers,
  selectionResolvers,
  scheduleResolvers,
  funnelResolvers,
  evaluationResolvers,
];

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
