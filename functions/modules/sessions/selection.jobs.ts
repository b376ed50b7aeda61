/** The lapse of conditional acceptances unmet by their deadline, as a scheduled job. */
import type { ScheduledJob } from '../../core/scheduled-job';
import { runLapses } from './session-lifecycle.service';
import * as selection from './selection.store';

export const lapseJob: ScheduledJob = { name: 'selection-lapses', run: (now) => runLapses(now, { selection }) };
