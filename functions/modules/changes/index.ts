/** The change feed's public face: incremental sync for dashboards and mobile clients. */
export { ChangeService } from './changes.service';
export { changeResolvers } from './changes.resolvers';
