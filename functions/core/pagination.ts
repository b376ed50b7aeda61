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

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
  /** Relay's backward fields: every list pages forward only (`first`/`after`), so there is never a previous page to ask for. */
  readonly hasPreviousPage: false;
  readonly startCursor: string | null;
}

export interface Connection<T> {
  readonly edges: { readonly node: T; readonly cursor: string }[];
  readonly pageInfo: PageInfo;
}

/** A page's `pageInfo` from its cursors in order (the first is `startCursor`, the last `endCursor`). */
export function pageInfo(cursors: readonly string[], hasNextPage: boolean): PageInfo {
  return { hasNextPage, endCursor: cursors.at(-1) ?? null, hasPreviousPage: false, startCursor: cursors[0] ?? null };
}

export function toConnection<T>(page: Page<T>): Connection<T> {
  return {
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i] as string })),
    pageInfo: { ...pageInfo(page.cursors, page.hasNextPage), endCursor: page.endCursor },
  };
}
