/**
 * Entities of the single table, each declared once (in the manner of
 * ElectroDB, but small and without a dependency): its attributes and their
 * types, the key of its item, which index slot (GSI1..GSIn) carries which of
 * its named access patterns, and its change-feed position. From that one
 * declaration come the building of its item (keys, index keys, change-feed
 * keys and attributes), the typed parsing of an item on the way out (a
 * malformed item is refused with `MalformedItemError`, never passed on half
 * typed), and its queries, which name the access pattern:
 *
 *   stakeholderEntity.query.byGroup({ group }, { scope, first, after })
 *
 * Key formats stay in keys.ts (the access-pattern table lives there too); a
 * declaration only says which format goes where.
 */
import { batchGetItems, getItemConsistent, type Item } from './batch';
import { changeKeys, type ItemKey } from './keys';
import { queryAll, queryPage, type AllRequest, type Page, type PageRequest } from './query';
import { GSI, type IndexName } from './table';

/** An item that does not have the shape its entity declares (a bug or a hand-edited item: never guessed around). */
export class MalformedItemError extends Error {
  override readonly name = 'MalformedItemError';
  constructor(
    /** Where: `<Entity>.<attribute>` (and deeper for maps and lists). */
    readonly path: string,
    readonly expected: string,
  ) {
    super(`Malformed item: ${path} is not ${expected}`);
  }
}

/** One attribute: how its stored value is checked and typed. */
export interface Attr<T> {
  readonly parse: (value: unknown, path: string) => T;
  /** The attribute's name on the item, when it differs from the field's. */
  readonly stored?: string;
  /** The stored attribute read instead when this one is absent (a value kept once only while the two are equal). */
  readonly otherwise?: string;
}

const check = <T>(expected: string, test: (value: unknown) => value is T): Attr<T> => ({
  parse: (value, path) => {
    if (!test(value)) throw new MalformedItemError(path, expected);
    return value;
  },
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Set);

/** The attribute types. */
export const attr = {
  string: check('a string', (value): value is string => typeof value === 'string'),
  number: check('a number', (value): value is number => typeof value === 'number'),
  boolean: check('a boolean', (value): value is boolean => typeof value === 'boolean'),
  /** A string or a number (mail parameters). */
  scalar: check('a string or a number', (value): value is string | number => typeof value === 'string' || typeof value === 'number'),
  /** One of a fixed list of strings (the model's enum list). */
  oneOf: <const V extends string>(values: readonly V[]): Attr<V> =>
    check(`one of ${values.join(', ')}`, (value): value is V => typeof value === 'string' && (values as readonly string[]).includes(value)),
  list: <T>(of: Attr<T>): Attr<T[]> => ({
    parse: (value, path) => {
      if (!Array.isArray(value)) throw new MalformedItemError(path, 'a list');
      return value.map((element, i) => of.parse(element, `${path}[${i}]`));
    },
  }),
  /** A string set (DynamoDB SS), read as a list. */
  set: <T>(of: Attr<T>): Attr<T[]> => ({
    parse: (value, path) => {
      if (!(value instanceof Set)) throw new MalformedItemError(path, 'a set');
      return [...(value as Set<unknown>)].map((element, i) => of.parse(element, `${path}[${i}]`));
    },
  }),
  /** A map with these fields. */
  object: <T>(shape: Shape<T>): Attr<T> => ({
    parse: (value, path) => {
      if (!isObject(value)) throw new MalformedItemError(path, 'a map');
      return parseShape(shape, value, path);
    },
  }),
  /** A map of any keys to values of one type. */
  record: <T>(of: Attr<T>): Attr<Record<string, T>> => ({
    parse: (value, path) => {
      if (!isObject(value)) throw new MalformedItemError(path, 'a map');
      return Object.fromEntries(Object.entries(value).map(([key, element]) => [key, of.parse(element, `${path}.${key}`)]));
    },
  }),
  /**
   * A map whose inner shape is the writer's (a union the model defines, e.g. a mail's audience): checked to be a map,
   * its fields taken as written. Use only where the shape has its own tests.
   */
  written: <T extends object>(): Attr<T> => ({
    parse: (value, path) => {
      if (!isObject(value)) throw new MalformedItemError(path, 'a map');
      return value as T;
    },
  }),
  /** Absent (or null) reads as undefined. */
  optional: <T>(of: Attr<T>): Attr<T | undefined> => ({
    ...(of.stored ? { stored: of.stored } : {}),
    parse: (value, path) => (value === undefined || value === null ? undefined : of.parse(value, path)),
  }),
  /** Absent (or null) reads as `fallback` (e.g. an empty list items written before the attribute existed lack). */
  orElse: <T>(of: Attr<T>, fallback: T): Attr<T> => ({
    ...(of.stored ? { stored: of.stored } : {}),
    parse: (value, path) => (value === undefined || value === null ? fallback : of.parse(value, path)),
  }),
  /** The attribute is stored under another name than the model's field. */
  storedAs: <T>(name: string, of: Attr<T>): Attr<T> => ({ ...of, stored: name }),
  /** Absent, the value of another stored attribute (e.g. a contribution's first receipt, stored once it differs from its receipt). */
  orStored: <T>(name: string, of: Attr<T>): Attr<T> => ({ ...of, otherwise: name }),
} as const;

/** Every field of a model, declared: a field left out does not compile. */
export type Shape<T> = { readonly [K in keyof T]-?: Attr<T[K]> };

function parseShape<T>(shape: Shape<T>, item: Record<string, unknown>, path: string): T {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(shape) as (keyof T & string)[]) {
    const declared = shape[field];
    const stored = declared.stored ?? field;
    const value = item[stored] === undefined && declared.otherwise ? item[declared.otherwise] : item[stored];
    out[field] = declared.parse(value, `${path}.${stored}`);
  }
  // Every field was parsed by its declared type above: the record is a T.
  return out as T;
}

/**
 * A named access pattern: a partition of the table or of an index slot. `pk` takes only what the query
 * knows (e.g. `{ group }`); with `sk`, the entity's items carry this slot's keys (`pk(item)`, `sk(item)`),
 * so the pattern that reads an index and the item that fills it are declared together.
 */
export interface Pattern<T> {
  readonly index?: IndexName;
  readonly pk: (params: T) => string;
  readonly sk?: (value: T) => string;
}

export interface EntityDeclaration<T, Ps extends Record<string, Pattern<T>>> {
  /** The `entity` attribute of its items (and its change-feed type). */
  readonly name: string;
  readonly attributes: Shape<T>;
  readonly key: (value: T) => ItemKey;
  /** Its position in the change feed (absent: not in the feed). */
  readonly changes?: (value: T) => readonly [at: string, id: string];
  readonly patterns: Ps;
}

type ParamsOf<P> = P extends { readonly pk: (params: infer A) => string } ? A : never;
/** What a query of a pattern still needs: its list's name in cursors, its page, a sort-key condition, a filter. */
export type QueryOptions = Omit<PageRequest, 'index' | 'pk'>;
export type QueryAllOptions = Omit<AllRequest, 'index' | 'pk'>;

export interface Entity<T, Ps extends Record<string, Pattern<T>>> {
  readonly name: string;
  /** The whole item: key, `entity`, the keys of the index slots it fills, its change-feed keys, its attributes. */
  item(value: T): Item;
  /** The index-slot and change-feed keys of a value (for an Update that moves them). */
  indexKeys(value: T): Record<string, string>;
  /** Parses an item of this entity; a malformed one (or another entity's) is refused with MalformedItemError. */
  parse(item: Item): T;
  /** The value of an item read by key: undefined when absent or another entity's item. */
  from(item: Item | undefined): T | undefined;
  /** A parser of only some fields (for a query that projects them). */
  pick<F extends keyof T & string>(fields: readonly F[]): (item: Item) => Pick<T, F>;
  /** Many by key, in the order of the keys (BatchGetItem, 100 a request). */
  getMany(keys: readonly ItemKey[]): Promise<(T | undefined)[]>;
  /** One by key, strongly consistent (the read of a read-modify-write). */
  getConsistent(key: ItemKey): Promise<T | undefined>;
  /** The index and partition of a pattern, for a query that maps its items itself. */
  readonly at: { readonly [K in keyof Ps]: (params: ParamsOf<Ps[K]>) => { readonly index?: IndexName; readonly pk: string } };
  /** One page of a pattern. */
  readonly query: { readonly [K in keyof Ps]: (params: ParamsOf<Ps[K]>, options: QueryOptions) => Promise<Page<T>> };
  /** Every item of a pattern, paged to the end (jobs and small bounded lists). */
  readonly queryAll: { readonly [K in keyof Ps]: (params: ParamsOf<Ps[K]>, options?: QueryAllOptions) => Promise<T[]> };
}

/** Declares an entity of model `T`: `defineEntity<Stakeholder>()({ name, attributes, key, patterns })`. */
export function defineEntity<T>() {
  return <Ps extends Record<string, Pattern<T>>>(declaration: EntityDeclaration<T, Ps>): Entity<T, Ps> => {
    const { name, attributes, key, changes, patterns } = declaration;
    const written = Object.values<Pattern<T>>(patterns).filter((pattern) => pattern.index && pattern.sk);
    const slots = new Set(written.map((pattern) => pattern.index));
    if (slots.size !== written.length) throw new Error(`${name}: two access patterns fill the same index slot`);
    const fields = Object.keys(attributes) as (keyof T & string)[];

    const indexKeys = (value: T): Record<string, string> => {
      const keys: Record<string, string> = {};
      for (const pattern of written) {
        const slot = GSI[pattern.index as IndexName];
        keys[slot.partitionKey] = pattern.pk(value);
        keys[slot.sortKey] = (pattern.sk as (value: T) => string)(value);
      }
      if (changes) Object.assign(keys, changeKeys(name, ...changes(value)));
      return keys;
    };
    const parse = (item: Item): T => {
      if (item.entity !== name) throw new MalformedItemError(`${name}.entity`, `"${name}"`);
      return parseShape(attributes, item, name);
    };
    const from = (item: Item | undefined) => (item?.entity === name ? parse(item) : undefined);
    const perPattern = <R>(make: (pattern: Pattern<T>) => R) =>
      Object.fromEntries(Object.entries<Pattern<T>>(patterns).map(([patternName, pattern]) => [patternName, make(pattern)]));
    const at = (pattern: Pattern<T>) => (params: T) => ({ ...(pattern.index ? { index: pattern.index } : {}), pk: pattern.pk(params) });

    return {
      name,
      item(value) {
        const item: Item = { ...key(value), entity: name, ...indexKeys(value) };
        for (const field of fields) item[attributes[field].stored ?? field] = value[field];
        return item;
      },
      indexKeys,
      parse,
      from,
      pick(picked) {
        const shape = Object.fromEntries(picked.map((field) => [field, attributes[field]])) as unknown as Shape<Pick<T, (typeof picked)[number]>>;
        return (item) => parseShape(shape, item, name);
      },
      async getMany(keys) {
        return (await batchGetItems(keys)).map(from);
      },
      async getConsistent(itemKey) {
        return from(await getItemConsistent(itemKey));
      },
      // The pattern maps are built from `patterns` itself, so they have exactly its names.
      at: perPattern(at) as Entity<T, Ps>['at'],
      query: perPattern((pattern) => (params: T, options: QueryOptions) => queryPage({ ...options, ...at(pattern)(params) }, parse)) as Entity<T, Ps>['query'],
      queryAll: perPattern(
        (pattern) =>
          (params: T, options: QueryAllOptions = {}) =>
            queryAll({ ...options, ...at(pattern)(params) }, parse),
      ) as Entity<T, Ps>['queryAll'],
    };
  };
}
