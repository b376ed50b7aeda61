/**
 * The one definition of Agora's single DynamoDB table: key attribute names and
 * global secondary indexes. The CDK stack, the local bootstrap, the tests and
 * the benchmark all build the table from this module.
 */

export const KEY = { pk: 'PK', sk: 'SK' } as const;

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/**
 * Overloaded indexes: each access pattern writes its own key prefixes into
 * them (see keys.ts for the table of access patterns). Every index projects
 * all attributes so a page is one Query.
 */
export const GSI = {
  gsi1: { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  gsi2: { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  gsi3: { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  gsi4: { indexName: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  /** The change feed: every entity item, by type, ordered by its last change. */
  changes: { indexName: 'Changes', partitionKey: 'ChangesPK', sortKey: 'ChangesSK' },
} as const satisfies Record<string, IndexDefinition>;

export type IndexName = keyof typeof GSI;

export const INDEXES: readonly IndexDefinition[] = Object.values(GSI);

/** Every key attribute is a string. */
export const ATTRIBUTE_TYPE = 'S' as const;

/** The table's attribute definitions in the shape CreateTable and CloudFormation take. */
export function attributeDefinitions(): { AttributeName: string; AttributeType: typeof ATTRIBUTE_TYPE }[] {
  const names = [KEY.pk, KEY.sk, ...INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])];
  return names.map((AttributeName) => ({ AttributeName, AttributeType: ATTRIBUTE_TYPE }));
}

/** The CreateTable input for local use (DynamoDB Local, tests, benchmark). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions(),
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' as const },
      { AttributeName: KEY.sk, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

/** Items with this attribute (epoch seconds) may be removed by DynamoDB's TTL after that time. */
export const TTL_ATTRIBUTE = 'expiresAt';
