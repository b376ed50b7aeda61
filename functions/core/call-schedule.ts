/**
 * The refusals every call with an opening and a closing (the call for issues, the call for proposals) shares when the
 * secretariat schedules or reschedules it: the version it edits, a closed call, an opened call's fixed opening, and
 * the outcome of the versioned save. Pure rules over the call's window; each module keeps its own extra checks.
 */
import { BadUserInputError, ConflictError, DeadlinePassedError, NotFoundError, StaleVersionError } from './errors';

interface Window {
  readonly version: number;
  readonly opensAt: string;
  readonly closesAt: string;
}

/**
 * Refuses a (re)scheduling of `current` (undefined: not scheduled yet) to `wanted` at `now`, given the call's status
 * then. `whileOpen` runs the module's own checks of an opened call before the opening is checked.
 */
export function checkReschedule(
  what: string,
  current: Window | undefined,
  wanted: { readonly version?: number | null | undefined; readonly opensAt: string; readonly closesAt: string },
  status: 'SCHEDULED' | 'OPEN' | 'CLOSED' | undefined,
  now: Date,
  whileOpen: () => void = () => {},
): void {
  if (!current) {
    if (wanted.version != null) throw new NotFoundError('The call is not scheduled yet: omit the version to schedule it');
    return;
  }
  if (wanted.version == null) throw new ConflictError('The call is scheduled already: pass its version to reschedule it', { field: 'input.version' });
  if (current.version !== wanted.version) throw new StaleVersionError(what, current.version);
  if (status === 'CLOSED') throw new DeadlinePassedError(`The call closed at ${current.closesAt}`);
  if (status === 'OPEN') {
    whileOpen();
    if (wanted.opensAt !== current.opensAt) throw new ConflictError('The opening cannot move once the call has opened', { field: 'input.opensAt' });
    if (wanted.closesAt <= now.toISOString()) throw new BadUserInputError('input.closesAt: must be in the future', 'input.closesAt');
  }
}

/** Refuses a save that did not happen: scheduled meanwhile (`exists`) or changed meanwhile (`stale`, with the latest version). */
export async function refuseUnsaved(
  what: string,
  outcome: 'saved' | 'exists' | 'stale',
  latestVersion: () => Promise<number | undefined>,
  fallback: number,
): Promise<void> {
  if (outcome === 'exists') throw new ConflictError('The call was scheduled meanwhile: reload it', { field: 'input.version' });
  if (outcome === 'stale') throw new StaleVersionError(what, (await latestVersion()) ?? fallback);
}
