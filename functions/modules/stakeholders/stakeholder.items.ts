/** A stakeholder's profile item as stored: its keys (directory indexes, change feed) and its parsing. */
import type { Item } from '../../core/dynamodb/batch';
import { changeKeys, stakeholderKeys } from '../../core/dynamodb/keys';
import type { MagTerm, Stakeholder } from './stakeholder.model';

export const ENTITY = 'Stakeholder';

export function toItem(s: Stakeholder): Item {
  const byName = stakeholderKeys.byName(s.name, s.id);
  return {
    ...stakeholderKeys.item(s.id),
    entity: ENTITY,
    GSI1PK: stakeholderKeys.byGroup(s.group),
    GSI1SK: byName,
    GSI2PK: stakeholderKeys.byRegion(s.region),
    GSI2SK: byName,
    GSI3PK: stakeholderKeys.byCountry(s.country),
    GSI3SK: byName,
    GSI4PK: stakeholderKeys.all(),
    GSI4SK: byName,
    ...changeKeys(ENTITY, s.updatedAt, s.id),
    ...s,
  };
}

export function stakeholderFromItem(item: Item): Stakeholder {
  return {
    id: item.id as string,
    kind: item.kind as Stakeholder['kind'],
    name: item.name as string,
    group: item.group as Stakeholder['group'],
    region: item.region as Stakeholder['region'],
    country: item.country as string,
    affiliationId: item.affiliationId as string | undefined,
    website: item.website as string | undefined,
    description: item.description as string | undefined,
    languages: (item.languages as string[] | undefined) ?? [],
    contactEmail: item.contactEmail as string,
    confirmedEmail: item.confirmedEmail as string | undefined,
    confirmedEmailAt: item.confirmedEmailAt as string | undefined,
    gender: item.gender as Stakeholder['gender'],
    verification: item.verification as Stakeholder['verification'],
    relevantOrganisation: item.relevantOrganisation === true,
    magTerm: item.magTerm as MagTerm | undefined,
    representativeOf: (item.representativeOf as string[] | undefined) ?? [],
    proposedBy: item.proposedBy as string | undefined,
    subject: item.subject as string | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}
