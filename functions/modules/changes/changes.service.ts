/**
 * Rules of the change feed (incremental sync): one Query per requested type
 * on the `Changes` index, merged by time, under one signed cursor holding
 * each type's position. Every change's node is resolved through the same
 * service rules as `node(id)`; what the caller may not see (drafts,
 * unpublished reports and their revisions) is skipped, and the page is
 * filled from the following changes instead.
 */
import { decodeCursor, encodeCursor } from '../../core/cursor';
import { BadUserInputError } from '../../core/errors';
import type { NodeType } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import type { Page } from '../../core/dynamodb/query';
import { changesAfter, type ChangeRecord } from './changes.store';

/** The entity types of the feed, in the order ties are broken. */
export const CHANGE_TYPES = [
  'Stakeholder',
  'Consultation',
  'Contribution',
  'ReportingCycle',
  'Report',
  'ReportRevision',
  'Programme',
  'IssueCall',
  'Issue',
  'Theme',
  'Meeting',
  'Decision',
  'ActionItem',
  'Minutes',
  'Room',
  'ScheduleRelease',
  'EvaluationRound',
  'EvaluationSheet',
  'Proposal',
] as const satisfies readonly NodeType[];
export type ChangeType = (typeof CHANGE_TYPES)[number];

export interface Change extends ChangeRecord {
  /** The node as the caller may see it. */
  readonly node: object;
}

/** How many rounds of hidden changes one page skips before it stops and says "more" (bounds a page's reads). */
const MAX_ROUNDS = 8;
/** Changes resolved together in a round at least (hidden ones are skipped, so a round reads ahead). */
const MIN_ROUND = 25;

type Resolve = (type: NodeType, id: string) => Promise<object | undefined>;

interface Buffer {
  items: ChangeRecord[];
  /** The position the next read of this type continues after. */
  readFrom: string;
  more: boolean;
}

export class ChangeService {
  constructor(private readonly resolve: Resolve) {}

  async list(since: string, types: readonly ChangeType[] | null | undefined, first?: number | null, after?: string | null): Promise<Page<Change>> {
    const size = pageSize(first);
    const at = Date.parse(since);
    if (Number.isNaN(at)) throw new BadUserInputError('"since" must be an ISO-8601 instant', 'since');
    const from = new Date(at).toISOString();
    const wanted = types?.length ? CHANGE_TYPES.filter((type) => types.includes(type)) : [...CHANGE_TYPES];
    const scope = `changes:${from}:${wanted.join(',')}`;
    const positions: Record<string, string> = Object.fromEntries(wanted.map((type) => [type, from]));
    if (after) {
      const decoded = decodeCursor(scope, after).p as Record<string, unknown> | undefined;
      for (const type of wanted) {
        const position = decoded?.[type];
        if (typeof position !== 'string' || position < from) throw new BadUserInputError('The cursor is not valid', 'after');
        positions[type] = position;
      }
    }
    const chunk = Math.min(100, Math.max(size + 1, MIN_ROUND));
    const buffers = new Map<ChangeType, Buffer>(wanted.map((type) => [type, { items: [], readFrom: positions[type] as string, more: true }]));
    const refill = async (type: ChangeType, buffer: Buffer) => {
      const page = await changesAfter(type, buffer.readFrom, chunk);
      buffer.items.push(...page.items);
      buffer.readFrom = page.items.at(-1)?.position ?? buffer.readFrom;
      buffer.more = page.hasNextPage;
    };
    /** The next change in merged order (time, then id, then type order), reading a type's next chunk when its buffer runs dry. */
    const next = async (): Promise<ChangeRecord | undefined> => {
      await Promise.all([...buffers].filter(([, b]) => b.items.length === 0 && b.more).map(([type, b]) => refill(type, b)));
      let best: ChangeType | undefined;
      for (const [type, buffer] of buffers) {
        const head = buffer.items[0];
        if (head && (!best || head.position < (buffers.get(best)?.items[0]?.position as string))) best = type;
      }
      return best ? buffers.get(best)?.items.shift() : undefined;
    };

    const items: Change[] = [];
    const cursors: string[] = [];
    let hasNextPage = false;
    let exhausted = false;
    let stoppedEarly = false;
    for (let round = 0; !exhausted && !hasNextPage; round++) {
      if (round >= MAX_ROUNDS) {
        // Many hidden changes in a row: stop here, after them (the cursor skips them), and say there may be more.
        hasNextPage = stoppedEarly = true;
        break;
      }
      // One more visible change than the page tells whether another page follows; read ahead for hidden ones.
      const candidates: ChangeRecord[] = [];
      while (candidates.length < Math.max(size + 1 - items.length, MIN_ROUND)) {
        const candidate = await next();
        if (!candidate) {
          exhausted = true;
          break;
        }
        candidates.push(candidate);
      }
      const nodes = await Promise.all(candidates.map((c) => this.resolve(c.type, c.id)));
      for (const [i, candidate] of candidates.entries()) {
        const node = nodes[i];
        if (!node) {
          positions[candidate.type] = candidate.position;
          continue;
        }
        if (items.length === size) {
          hasNextPage = true;
          break;
        }
        positions[candidate.type] = candidate.position;
        items.push({ ...candidate, node });
        cursors.push(encodeCursor(scope, { p: { ...positions } }));
      }
    }
    const endCursor = stoppedEarly ? encodeCursor(scope, { p: { ...positions } }) : (cursors.at(-1) ?? null);
    return { items, cursors, hasNextPage, endCursor };
  }
}
