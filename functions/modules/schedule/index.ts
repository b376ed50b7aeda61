/**
 * The schedule module's public face: rooms, the work-in-progress schedule and
 * its numbered releases. It changes sessions' status only through the
 * sessions module's `SelectionService`. `buildSchedule` wires the module's
 * service from its store.
 */
import type { Caller } from '../../core/auth/caller';
import type { ProgrammeService } from '../programme';
import type { ProposalService, SelectionService } from '../sessions';
import { ScheduleService } from './schedule.service';
import * as schedule from './schedule.store';

export { ScheduleService } from './schedule.service';
export { scheduleResolvers } from './schedule.resolvers';

/** What the schedule module uses of other modules. */
export interface ScheduleNeeds {
  readonly programmes: Pick<ProgrammeService, 'get'>;
  readonly selection: Pick<SelectionService, 'placement'>;
  readonly proposals: Pick<ProposalService, 'loader' | 'call'>;
}

/** Builds the schedule service of a request from the module's DynamoDB store. */
export function buildSchedule(caller: Caller, now: () => Date, needs: ScheduleNeeds): ScheduleService {
  return new ScheduleService(caller, now, needs.programmes, needs.selection, needs.proposals, { schedule });
}
