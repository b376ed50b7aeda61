/**
 * The schedule module's public face: rooms, the work-in-progress schedule and
 * its numbered releases. It changes sessions' status only through the
 * sessions module's `SelectionService`.
 */
export { ScheduleService } from './schedule.service';
export { scheduleResolvers } from './schedule.resolvers';
