/**
 * The stakeholders' items, declared once (core/dynamodb/entity.ts): a
 * stakeholder's profile (its directory indexes and change feed), the MAG
 * roster entry, the representative link and the identity item's roles.
 */
import type { StoredRoles } from '../../core/auth/caller';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import type { Item } from '../../core/dynamodb/batch';
import { magKeys, stakeholderKeys } from '../../core/dynamodb/keys';
import {
  GENDERS,
  REGIONS,
  STAKEHOLDER_GROUPS,
  STAKEHOLDER_KINDS,
  VERIFICATION_STATUSES,
  type MagRosterEntry,
  type MagTerm,
  type Stakeholder,
} from './stakeholder.model';

export const ENTITY = 'Stakeholder';

const magTerm = attr.object<MagTerm>({ startYear: attr.number, endYear: attr.number });
const byName = (s: Pick<Stakeholder, 'name' | 'id'>) => stakeholderKeys.byName(s.name, s.id);

export const stakeholderEntity = defineEntity<Stakeholder>()({
  name: ENTITY,
  attributes: {
    id: attr.string,
    kind: attr.oneOf(STAKEHOLDER_KINDS),
    name: attr.string,
    group: attr.oneOf(STAKEHOLDER_GROUPS),
    region: attr.oneOf(REGIONS),
    country: attr.string,
    affiliationId: attr.optional(attr.string),
    website: attr.optional(attr.string),
    description: attr.optional(attr.string),
    languages: attr.orElse(attr.list(attr.string), []),
    contactEmail: attr.string,
    confirmedEmail: attr.optional(attr.string),
    confirmedEmailAt: attr.optional(attr.string),
    gender: attr.optional(attr.oneOf(GENDERS)),
    verification: attr.oneOf(VERIFICATION_STATUSES),
    relevantOrganisation: attr.orElse(attr.boolean, false),
    magTerm: attr.optional(magTerm),
    representativeOf: attr.orElse(attr.list(attr.string), []),
    proposedBy: attr.optional(attr.string),
    subject: attr.optional(attr.string),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (s) => stakeholderKeys.item(s.id),
  changes: (s) => [s.updatedAt, s.id],
  patterns: {
    byGroup: { index: 'gsi1', pk: (p: Pick<Stakeholder, 'group'>) => stakeholderKeys.byGroup(p.group), sk: byName },
    byRegion: { index: 'gsi2', pk: (p: Pick<Stakeholder, 'region'>) => stakeholderKeys.byRegion(p.region), sk: byName },
    byCountry: { index: 'gsi3', pk: (p: Pick<Stakeholder, 'country'>) => stakeholderKeys.byCountry(p.country), sk: byName },
    all: { index: 'gsi4', pk: () => stakeholderKeys.all(), sk: byName },
  },
});

export const toItem = (s: Stakeholder): Item => stakeholderEntity.item(s);

/** A stakeholder's profile item parsed (refused if malformed). */
export const stakeholderFromItem = (item: Item): Stakeholder => stakeholderEntity.parse(item);

/** An entry of the MAG roster (one item per appointed member, in the roster's partition). */
export const rosterEntity = defineEntity<MagRosterEntry>()({
  name: 'MagRosterEntry',
  attributes: {
    stakeholderId: attr.string,
    name: attr.string,
    group: attr.oneOf(STAKEHOLDER_GROUPS),
    region: attr.oneOf(REGIONS),
    term: magTerm,
  },
  key: (entry) => magKeys.member(entry.stakeholderId),
  patterns: { roster: { pk: () => magKeys.roster() } },
});

export interface RepresentativeLink {
  readonly organisationId: string;
  readonly personId: string;
}

/** The link of a representative to an organisation, in the organisation's partition. */
export const representativeEntity = defineEntity<RepresentativeLink>()({
  name: 'Representative',
  attributes: { organisationId: attr.string, personId: attr.string },
  key: (link) => stakeholderKeys.representative(link.organisationId, link.personId),
  patterns: {
    ofOrganisation: { pk: (p: Pick<RepresentativeLink, 'organisationId'>) => stakeholderKeys.representativesOf(p.organisationId).PK },
  },
});

/** The roles an identity item holds (the item of a token subject: the stakeholder it signs in as and their roles). */
export const identityItemRoles = attr.object<StoredRoles>({
  stakeholderId: attr.string,
  magTerm: attr.optional(magTerm),
  representativeOf: attr.orElse(attr.list(attr.string), []),
});
