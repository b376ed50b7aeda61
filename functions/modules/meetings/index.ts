/**
 * The meetings module's public face (MAG meetings: agendas, attendance,
 * decisions with typed subjects, action items, minutes): what the GraphQL
 * edge, other modules and the local tools may use.
 */
export { MeetingService } from './meeting.service';
export { meetingResolvers } from './meeting.resolvers';
export { InterventionService } from './interventions.service';
export { interventionResolvers } from './interventions.resolvers';
export type { Meeting } from './meeting.model';
