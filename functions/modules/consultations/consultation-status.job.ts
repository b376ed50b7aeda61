/**
 * Scheduled job: persists the status the clock implies (SCHEDULED → OPEN →
 * CLOSED) so stored items and the change feed catch up. Nothing depends on
 * it having run: every read computes the status and every write checks it.
 */
import type { ScheduledJob } from '../../core/scheduled-job';
import { statusAt } from './consultation.model';
import * as consultationStore from './consultation.store';

export const consultationStatusJob: ScheduledJob = {
  name: 'consultation-status',
  async run(now: Date): Promise<number> {
    let changed = 0;
    for (const consultation of await consultationStore.consultationsDueForTransition(now)) {
      const status = statusAt(consultation, now);
      if (status === consultation.storedStatus) continue;
      // Not an edit: the version stays, so nobody's edit at that version is refused because the job ran.
      const saved = await consultationStore.saveConsultation(
        { ...consultation, storedStatus: status, updatedAt: now.toISOString() },
        consultation.version,
        { kind: 'persistStatus', from: consultation.storedStatus },
      );
      // A concurrent write (e.g. the synthesis being published) wins; the next run looks again.
      if (saved) changed++;
    }
    return changed;
  },
};
