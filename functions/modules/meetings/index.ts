/**
 * The meetings module's public face (MAG meetings: agendas, attendance,
 * decisions with typed subjects, action items, minutes): what the GraphQL
 * edge, other modules and the local tools may use.
 */
export { MeetingService } from './meeting.service';
export { meetingResolvers } from './meeting.resolvers';
export { SUBJECT_KINDS, type SubjectKind } from './subject-kinds';
export type { ActionItem, Attendance, Decision, DecisionSubject, Meeting, Minutes } from './meeting.model';
