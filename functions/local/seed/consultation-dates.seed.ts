/**
 * Demo of the secretariat's date controls: the scheduled demo consultation
 * was extended yesterday, with its reason (written through the same store
 * write as `extendConsultation`; no mail, as nobody has contributed yet).
 */
import { toGlobalId } from '../../core/ids';
import type { Consultation, DateChange } from '../../modules/consultations/consultation.model';
import * as consultationStore from '../../modules/consultations/consultation.store';
import { saveDateChange } from '../../modules/consultations/consultation-dates.store';

const DAY = 86_400_000;

export async function seedConsultationDates(now: Date): Promise<void> {
  const id = `demo-consultation-${now.getUTCFullYear()}-3`;
  const current = await consultationStore.getConsultationConsistent(id);
  if (!current || current.dateChanges?.length) return;
  const at = new Date(now.getTime() - DAY);
  const change: DateChange = {
    kind: 'EXTENDED',
    at: at.toISOString(),
    changedBy: 'subject:local|secretariat-demo',
    reason: 'Extended by two weeks so that the consultation does not close during the regional IGF season.',
    previousClosesAt: current.closesAt,
    closesAt: new Date(Date.parse(current.closesAt) + 14 * DAY).toISOString(),
  };
  const next: Consultation = { ...current, closesAt: change.closesAt, dateChanges: [change], updatedAt: change.at, version: current.version + 1 };
  if ((await saveDateChange(next, current, 'EXTENDED', at, [])) !== 'saved')
    throw new Error(`Demo consultation ${toGlobalId('Consultation', id)} not extended`);
}
