/**
 * Stakeholders in DynamoDB: the profile item, its email guard (uniqueness),
 * the identity item that links a token subject to a stakeholder and holds
 * the roles the policy reads, the representative links in an organisation's
 * partition, and the MAG roster. Every change of a stakeholder writes all of
 * the items it affects in one transaction.
 */
import type { StoredRoles } from '../../core/auth/caller';
import { getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { magKeys, nameKey, stakeholderKeys } from '../../core/dynamodb/keys';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { queryPage, type Page, type PageRequest } from '../../core/dynamodb/query';
import type { MagRosterEntry, MagTerm, Stakeholder, StakeholderFilter } from './stakeholder.model';
import { identityItemRoles, representativeEntity, rosterEntity, stakeholderEntity, stakeholderFromItem, toItem } from './stakeholder.items';

export async function getStakeholders(ids: readonly string[]): Promise<(Stakeholder | undefined)[]> {
  return stakeholderEntity.getMany(ids.map((id) => stakeholderKeys.item(id)));
}

/** The caller's registration and roles, read consistently so a revocation applies at once. */
export async function getRoles(subject: string): Promise<StoredRoles | undefined> {
  return rolesFromIdentity(await getItemConsistent(stakeholderKeys.identity(subject)));
}

/** The key of a caller's identity item, for a read that fetches the roles in its own batch (read consistently). */
export const identityKey = (subject: string) => stakeholderKeys.identity(subject);

/** The roles an identity item holds (undefined: not registered). */
export function rolesFromIdentity(item: Item | undefined): StoredRoles | undefined {
  return item ? identityItemRoles.parse(item, 'Identity') : undefined;
}

/**
 * Creates a stakeholder with, when its address is already confirmed (demo
 * data, tests), its email guard and, for a person who signed up,
 * the identity item of their token subject (holding the same roles as the
 * record), the MAG roster entry and the representative links — all or
 * nothing. `roles`, when given, are the person's appointments (demo data, tests);
 * `extra` are items of other modules decided with it (the address confirmation mail).
 * An unconfirmed address takes no guard: anyone may give any address, so
 * registering never tells whether it is taken (uniqueness holds among
 * confirmed addresses, checked when one is confirmed).
 */
export type CreateOutcome = 'created' | 'emailTaken' | 'alreadyRegistered' | 'exists';

export async function createStakeholder(
  stakeholder: Stakeholder,
  roles?: Omit<StoredRoles, 'stakeholderId'>,
  extra: readonly TransactItem[] = [],
): Promise<CreateOutcome> {
  const table = tableName();
  const s: Stakeholder = roles ? { ...stakeholder, magTerm: roles.magTerm, representativeOf: [...roles.representativeOf] } : stakeholder;
  const items: NamedItem<'stakeholder' | 'emailGuard' | 'identity' | 'roster' | 'representative' | 'mail'>[] = [
    named('stakeholder', { Put: { TableName: table, Item: toItem(s), ConditionExpression: 'attribute_not_exists(PK)' } }),
  ];
  if (s.confirmedEmail) {
    items.push(
      named('emailGuard', {
        Put: {
          TableName: table,
          Item: { ...stakeholderKeys.emailGuard(s.confirmedEmail), entity: 'EmailGuard', stakeholderId: s.id },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      }),
    );
  }
  if (s.subject) {
    items.push(
      named('identity', {
        Put: {
          TableName: table,
          Item: { ...stakeholderKeys.identity(s.subject), entity: 'Identity', stakeholderId: s.id, ...identityRoles(s) },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      }),
    );
  }
  if (s.magTerm) items.push(named('roster', { Put: { TableName: table, Item: rosterItem(s, s.magTerm) } }));
  for (const organisationId of s.representativeOf) {
    items.push(named('representative', { Put: { TableName: table, Item: representativeItem(organisationId, s) } }));
  }
  for (const item of extra) items.push(named('mail', item));
  const outcome = await transactWrite(items);
  if (outcome.ok) return 'created';
  switch (outcome.failed) {
    case 'emailGuard':
      return 'emailTaken';
    case 'identity':
      return 'alreadyRegistered';
    default:
      return 'exists';
  }
}

function identityRoles(s: Stakeholder): Omit<StoredRoles, 'stakeholderId'> {
  return { magTerm: s.magTerm, representativeOf: [...s.representativeOf] };
}

function rosterItem(s: Stakeholder, term: MagTerm): Item {
  return rosterEntity.item({ stakeholderId: s.id, name: s.name, group: s.group, region: s.region, term: { startYear: term.startYear, endYear: term.endYear } });
}

function representativeItem(organisationId: string, person: Stakeholder): Item {
  return representativeEntity.item({ organisationId, personId: person.id });
}

/** The stakeholder as stored now (strongly consistent), for read-modify-write updates. */
export async function getStakeholderConsistent(id: string): Promise<Stakeholder | undefined> {
  return stakeholderEntity.getConsistent(stakeholderKeys.item(id));
}

const sameTerm = (a: MagTerm | undefined, b: MagTerm | undefined) => a?.startYear === b?.startYear && a?.endYear === b?.endYear;

/**
 * Replaces a stakeholder record with its next version, if it is still at
 * `previous.version`, and in the same transaction everything that follows
 * from the change: the email guard moves with the email; the identity item
 * gets the roles of the record (so the policy reads them at the caller's
 * next request); the MAG roster entry follows the term, name, group and
 * region; representative links follow `representativeOf`; `extra` are
 * items of other modules decided with the change (a confirmation mail).
 */
export type ReplaceOutcome = 'saved' | 'stale' | 'emailTaken' | 'accountChanged' | 'noSuchOrganisation' | 'alreadyRepresents';

/** What each item's failed condition means. */
const REPLACE_REFUSALS = {
  stakeholder: 'stale',
  formerEmailGuard: 'stale',
  emailGuard: 'emailTaken',
  identity: 'accountChanged',
  roster: 'stale',
  organisation: 'noSuchOrganisation',
  representative: 'alreadyRepresents',
  formerRepresentative: 'stale',
  // The items of other modules decided with the change (a confirmation code used up): it changed meanwhile.
  extra: 'stale',
} as const satisfies Record<string, Exclude<ReplaceOutcome, 'saved'>>;

export async function replaceStakeholder(previous: Stakeholder, next: Stakeholder, extra: readonly TransactItem[] = []): Promise<ReplaceOutcome> {
  const table = tableName();
  const items: NamedItem<keyof typeof REPLACE_REFUSALS>[] = [];
  items.push(
    named('stakeholder', {
      Put: {
        TableName: table,
        Item: toItem(next),
        ConditionExpression: 'attribute_exists(PK) AND #version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': previous.version },
      },
    }),
  );
  // The guard follows the confirmed address (the mail module confirms one with its own transaction).
  if (next.confirmedEmail !== previous.confirmedEmail) {
    if (previous.confirmedEmail) {
      items.push(
        named('formerEmailGuard', {
          Delete: {
            TableName: table,
            Key: stakeholderKeys.emailGuard(previous.confirmedEmail),
            ConditionExpression: 'stakeholderId = :id',
            ExpressionAttributeValues: { ':id': previous.id },
          },
        }),
      );
    }
    if (next.confirmedEmail) {
      items.push(
        named('emailGuard', {
          Put: {
            TableName: table,
            Item: { ...stakeholderKeys.emailGuard(next.confirmedEmail), entity: 'EmailGuard', stakeholderId: next.id },
            ConditionExpression: 'attribute_not_exists(PK) OR stakeholderId = :id',
            ExpressionAttributeValues: { ':id': next.id },
          },
        }),
      );
    }
  }
  const rolesChanged = !sameTerm(previous.magTerm, next.magTerm) || previous.representativeOf.join('\u0000') !== next.representativeOf.join('\u0000');
  if (next.subject && rolesChanged) {
    const roles = identityRoles(next);
    items.push(
      named('identity', {
        Update: {
          TableName: table,
          Key: stakeholderKeys.identity(next.subject),
          UpdateExpression: roles.magTerm ? 'SET magTerm = :term, representativeOf = :orgs' : 'SET representativeOf = :orgs REMOVE magTerm',
          ConditionExpression: 'attribute_exists(PK) AND stakeholderId = :id',
          ExpressionAttributeValues: { ':orgs': roles.representativeOf, ':id': next.id, ...(roles.magTerm ? { ':term': roles.magTerm } : {}) },
        },
      }),
    );
  }
  const rosterChanged =
    !sameTerm(previous.magTerm, next.magTerm) || previous.name !== next.name || previous.group !== next.group || previous.region !== next.region;
  if (next.magTerm && rosterChanged) {
    items.push(named('roster', { Put: { TableName: table, Item: rosterItem(next, next.magTerm) } }));
  } else if (previous.magTerm && !next.magTerm) {
    items.push(named('roster', { Delete: { TableName: table, Key: magKeys.member(next.id) } }));
  }
  for (const organisationId of next.representativeOf.filter((id) => !previous.representativeOf.includes(id))) {
    items.push(
      named('organisation', {
        ConditionCheck: {
          TableName: table,
          Key: stakeholderKeys.item(organisationId),
          ConditionExpression: 'attribute_exists(PK) AND kind = :organisation',
          ExpressionAttributeValues: { ':organisation': 'ORGANISATION' },
        },
      }),
      named('representative', {
        Put: { TableName: table, Item: representativeItem(organisationId, next), ConditionExpression: 'attribute_not_exists(PK)' },
      }),
    );
  }
  for (const organisationId of previous.representativeOf.filter((id) => !next.representativeOf.includes(id))) {
    items.push(named('formerRepresentative', { Delete: { TableName: table, Key: stakeholderKeys.representative(organisationId, next.id) } }));
  }
  for (const item of extra) items.push(named('extra', item));
  const outcome = await transactWrite(items);
  return outcome.ok ? 'saved' : REPLACE_REFUSALS[outcome.failed];
}

/**
 * A page of the directory, ordered by name, from the one index that serves
 * the most selective key filter (country, then group, then region, else the
 * whole directory); a name prefix is a begins_with on the sort key; the other
 * filters are a FilterExpression. Never a Scan.
 */
export async function listStakeholders(filter: StakeholderFilter, first: number, after: string | null | undefined): Promise<Page<Stakeholder>> {
  const { pattern, keyed } = (() => {
    if (filter.country) return { pattern: stakeholderEntity.at.byCountry({ country: filter.country }), keyed: 'country' };
    if (filter.group) return { pattern: stakeholderEntity.at.byGroup({ group: filter.group }), keyed: 'group' };
    if (filter.region) return { pattern: stakeholderEntity.at.byRegion({ region: filter.region }), keyed: 'region' };
    return { pattern: stakeholderEntity.at.all({}), keyed: '' };
  })();
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equals = (attribute: string, value: unknown) => {
    if (value === undefined || attribute === keyed) return;
    names[`#f_${attribute}`] = attribute;
    values[`:f_${attribute}`] = value;
    conditions.push(`#f_${attribute} = :f_${attribute}`);
  };
  equals('group', filter.group);
  equals('region', filter.region);
  equals('country', filter.country);
  equals('kind', filter.kind);
  equals('verification', filter.verification);
  equals('relevantOrganisation', filter.relevantOrganisation);
  const prefix = filter.namePrefix ? nameKey(filter.namePrefix) : '';
  const request: PageRequest = {
    scope: `stakeholders:${JSON.stringify(filter)}`,
    ...pattern,
    ...(prefix ? { sk: { beginsWith: prefix } } : {}),
    ...(conditions.length ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
    first,
    after,
  };
  return queryPage(request, stakeholderFromItem);
}

/** The ids of the people appointed to represent an organisation (one Query of its partition). */
export async function getRepresentativeIds(organisationId: string): Promise<string[]> {
  const links = await representativeEntity.queryAll.ofOrganisation(
    { organisationId },
    { sk: { beginsWith: stakeholderKeys.representativesOf(organisationId).SKPrefix } },
  );
  return links.map((link) => link.personId);
}

/** Every entry of the MAG roster: one Query of one small partition (the MAG has ~40 members, past ones kept). */
export async function getMagRoster(): Promise<MagRosterEntry[]> {
  return rosterEntity.queryAll.roster({});
}

/**
 * Every relevant organisation (subject to annual reporting), ordered by name.
 * Read when a reporting cycle is created; a filtered Query of the directory
 * index, paged through to the end.
 */
export async function listRelevantOrganisations(): Promise<Stakeholder[]> {
  return stakeholderEntity.queryAll.all(
    {},
    {
      filter: {
        expression: '#kind = :organisation AND #relevant = :true',
        names: { '#kind': 'kind', '#relevant': 'relevantOrganisation' },
        values: { ':organisation': 'ORGANISATION', ':true': true },
      },
    },
  );
}

/**
 * The ids of verified stakeholders whose name folds to the same key as `name` (case, accents, spacing):
 * one Query of the all-stakeholders index at that name, filtered on verification.
 */
export async function verifiedNameHolders(name: string): Promise<string[]> {
  const page = await queryPage(
    {
      scope: 'verified-name',
      ...stakeholderEntity.at.all({}),
      sk: { beginsWith: `${nameKey(name)}#` },
      filter: { expression: '#v = :verified', names: { '#v': 'verification' }, values: { ':verified': 'VERIFIED' } },
      first: 10,
      attributes: ['id'],
    },
    stakeholderEntity.pick(['id']),
  );
  return page.items.map((holder) => holder.id);
}

/** The store as the stakeholders service receives it (its unit tests give it an in-memory one). */
export const stakeholderStore = {
  getStakeholders,
  getStakeholderConsistent,
  listStakeholders,
  getRepresentativeIds,
  getMagRoster,
  createStakeholder,
  replaceStakeholder,
  verifiedNameHolders,
  listRelevantOrganisations,
};
