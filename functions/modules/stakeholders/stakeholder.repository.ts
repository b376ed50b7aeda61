/**
 * Stakeholders in DynamoDB: the profile item, its email guard (uniqueness)
 * and the identity item that links a token subject to a stakeholder and
 * holds the roles the policy reads.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredRoles } from '../../core/auth/caller';
import { ConflictError } from '../../core/errors';
import { batchGetItems, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { changeKeys, stakeholderKeys } from '../../core/dynamodb/keys';
import { transactWrite } from '../../core/dynamodb/transact';
import { queryPage, type Page } from '../../core/dynamodb/query';
import type { Stakeholder } from './stakeholder.model';

const ENTITY = 'Stakeholder';

function toItem(s: Stakeholder): Item {
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
    verification: item.verification as Stakeholder['verification'],
    relevantOrganisation: item.relevantOrganisation === true,
    subject: item.subject as string | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

export async function getStakeholders(ids: readonly string[]): Promise<(Stakeholder | undefined)[]> {
  const items = await batchGetItems(ids.map((id) => stakeholderKeys.item(id)));
  return items.map((item) => (item?.entity === ENTITY ? stakeholderFromItem(item) : undefined));
}

/** The caller's registration and roles, read consistently so a revocation applies at once. */
export async function getRoles(subject: string): Promise<StoredRoles | undefined> {
  const { Item: item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: stakeholderKeys.identity(subject), ConsistentRead: true }),
  );
  if (!item) return undefined;
  return {
    stakeholderId: item.stakeholderId as string,
    magTerm: item.magTerm as StoredRoles['magTerm'],
    representativeOf: (item.representativeOf as string[] | undefined) ?? [],
  };
}

/**
 * Creates a stakeholder with its email guard and, for a person who signed up,
 * the identity item of their token subject — all or nothing.
 */
export async function createStakeholder(stakeholder: Stakeholder, roles: Omit<StoredRoles, 'stakeholderId'> = { representativeOf: [] }): Promise<void> {
  const table = tableName();
  await transactWrite(
    [
      { Put: { TableName: table, Item: toItem(stakeholder), ConditionExpression: 'attribute_not_exists(PK)' } },
      {
        Put: {
          TableName: table,
          Item: { ...stakeholderKeys.emailGuard(stakeholder.contactEmail), entity: 'EmailGuard', stakeholderId: stakeholder.id },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...(stakeholder.subject
        ? [
            {
              Put: {
                TableName: table,
                Item: { ...stakeholderKeys.identity(stakeholder.subject), entity: 'Identity', stakeholderId: stakeholder.id, ...roles },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ]
        : []),
    ],
    (index) =>
      index === 1
        ? new ConflictError('A stakeholder with this contact email is already registered', { field: 'input.contactEmail' })
        : new ConflictError(index === 2 ? 'You are already registered as a stakeholder' : 'This stakeholder already exists'),
  );
}

/**
 * Every relevant organisation (subject to annual reporting), ordered by name.
 * Read when a reporting cycle is created; a filtered Query of the directory
 * index, paged through to the end.
 */
export async function listRelevantOrganisations(): Promise<Stakeholder[]> {
  const organisations: Stakeholder[] = [];
  let after: string | null = null;
  do {
    const page: Page<Stakeholder> = await queryPage(
      {
        scope: 'relevant-organisations',
        index: 'gsi4',
        pk: stakeholderKeys.all(),
        filter: {
          expression: '#kind = :organisation AND #relevant = :true',
          names: { '#kind': 'kind', '#relevant': 'relevantOrganisation' },
          values: { ':organisation': 'ORGANISATION', ':true': true },
        },
        first: 100,
        after,
      },
      stakeholderFromItem,
    );
    organisations.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return organisations;
}
