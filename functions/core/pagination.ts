/** Connection arguments and results (Relay style), shared by every list of the API. */
import { BadUserInputError } from './errors';
import type { Page } from './dynamodb/query';
import { MAX_PAGE_SIZE } from './limits';

export const DEFAULT_PAGE_SIZE = 20;
/** The server maximum for `first` on every connection (defined with the other limits). */
export { MAX_PAGE_SIZE };

export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"${field}" must be between 1 and ${MAX_PAGE_SIZE}`, field);
  }
  return first;
}

export interface Connection<T> {
  readonly edges: { readonly node: T; readonly cursor: string }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

export function toConnection<T>(page: Page<T>): Connection<T> {
  return {
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i] as string })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}
