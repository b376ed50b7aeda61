/** The change feed's public face: incremental sync for dashboards and mobile clients. */
import type { NodeType } from '../../core/ids';
import { ChangeService } from './changes.service';

export type { ChangeService } from './changes.service';

/** Builds the change feed; `resolve` reads a changed object through the same rules as node(id) (the edge's). */
export function buildChanges(resolve: (type: NodeType, id: string) => Promise<object | undefined>): ChangeService {
  return new ChangeService(resolve);
}
export { changeResolvers } from './changes.resolvers';
