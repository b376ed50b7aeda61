/**
 * What the contributions services read and write: the contribution store and
 * the answers store. The module's index.ts passes the DynamoDB stores; the
 * services' unit tests pass in-memory ones.
 */
import { ConflictError, NotFoundError, StaleVersionError } from '../../core/errors';
import type { answerStore } from './contribution-answers.store';
import type { contributionStore } from './contribution.store';

export type ContributionStore = typeof contributionStore;
export type AnswerStore = typeof answerStore;

export interface ContributionStores {
  readonly contributions: ContributionStore;
  readonly answers: AnswerStore;
}

/** After a write its condition refused: withdrawn meanwhile, or at another version (which the error names). */
export async function refuseStale(
  store: Pick<ContributionStore, 'getContributionConsistent'>,
  id: string,
  details: Record<string, unknown> = {},
): Promise<never> {
  const latest = await store.getContributionConsistent(id);
  if (!latest) throw new NotFoundError('No such contribution');
  if (latest.status === 'WITHDRAWN') throw new ConflictError('The contribution was withdrawn', details);
  throw new StaleVersionError('contribution', latest.version, details);
}
