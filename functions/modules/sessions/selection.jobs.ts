/** The lapse of conditional acceptances unmet by their deadline, as a scheduled job. */
import type { ScheduledJob } from '../../core/scheduled-job';
import { runLapses } from './session-lifecycle.service';

export const lapseJob: ScheduledJob = { name: 'selection-lapses', run: runLapses };
