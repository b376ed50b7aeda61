/** Rules for the in-app notifications of the organisations a representative acts for. */
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { decodeCursor, encodeCursor } from '../../core/cursor';
import { BadUserInputError } from '../../core/errors';
import { pageInfo, pageSize, type Connection } from '../../core/pagination';
import type { Notification } from './reporting.model';
import type { ReportingStores } from './reporting.stores';

export class NotificationService {
  constructor(
    private readonly caller: Caller,
    private readonly stores: Pick<ReportingStores, 'notifications'>,
  ) {}

  /**
   * The notifications of every organisation the caller represents, newest
   * first. With several organisations their lists are merged; the cursor
   * holds each list's position.
   */
  async myNotifications(first: number | null | undefined, after: string | null | undefined): Promise<Connection<Notification>> {
    await authorize(this.caller, { type: 'notifications.readOwn' });
    const size = pageSize(first);
    const roles = this.caller.kind === 'user' ? await this.caller.roles() : undefined;
    const organisations = [...new Set(roles?.representativeOf ?? [])].sort();
    const scope = `my-notifications:${organisations.join(',')}`;
    const positions = (after ? decodeCursor(scope, after) : {}) as Record<string, string | null>;
    if (Object.keys(positions).some((organisationId) => !organisations.includes(organisationId))) {
      throw new BadUserInputError('The cursor belongs to another list', 'after');
    }
    const pages = await Promise.all(
      organisations.map(async (organisationId) => {
        const position = positions[organisationId];
        if (position === null) return { organisationId, page: undefined };
        return { organisationId, page: await this.stores.notifications.listNotifications(organisationId, size, position) };
      }),
    );
    const candidates = pages.flatMap(({ organisationId, page }) =>
      (page?.items ?? []).map((item, i) => ({
        organisationId,
        item,
        cursor: page!.cursors[i] as string,
        last: i === page!.items.length - 1 && !page!.hasNextPage,
      })),
    );
    candidates.sort((a, b) => (`${b.item.createdAt}#${b.item.id}` < `${a.item.createdAt}#${a.item.id}` ? -1 : 1));
    const taken = candidates.slice(0, size);
    const hasNextPage = candidates.length > size || pages.some(({ page }) => page?.hasNextPage === true);
    // Each edge's cursor records, per organisation, the last notification taken up to it (null: that list is done).
    const position: Record<string, string | null> = { ...positions };
    const cursors = taken.map((c) => {
      position[c.organisationId] = c.last ? null : c.cursor;
      return encodeCursor(scope, position);
    });
    return {
      edges: taken.map((c, i) => ({ node: c.item, cursor: cursors[i] as string })),
      pageInfo: pageInfo(cursors, hasNextPage),
    };
  }
}
