import { Reference, wrap, type EntityClass, type EntityManager, type FilterQuery, type Ref } from '@mikro-orm/core';
import type { GraphQLContext } from './context.js';
import { notFound } from './errors.js';

/**
 * Per-request batching for field resolvers (docs/ARCHITECTURE.md "Batching"): the calls a list's field
 * resolver makes for each of its rows in one tick of the event loop become ONE load, with the keys of all
 * rows. GraphQL resolves a field of every item of a list before awaiting any of them, so a page of 50
 * campaigns asking `codesCount` costs one statement, not 50.
 *
 * - Batches live on the entity manager the resolver reads with (`ctx.em`): the request's, carrying the
 *   viewer's visibility (database/visibility.ts), or a mutation's transaction. A load therefore sees what
 *   the single-row read would have seen: entity loads go through `em.find` (the `visibility` filter
 *   applies), raw counts take the shared SQL predicate.
 * - Nothing is cached beyond one batch: a later read (after a mutation) loads again.
 * - A key missing from the loaded map answers `undefined`.
 */
type Load<V> = (keys: string[]) => Promise<Map<string, V>>;

interface Batch {
  load: Load<unknown>;
  waiting: Map<string, { resolve: (value: unknown) => void; reject: (error: unknown) => void }[]>;
}

const open = new WeakMap<EntityManager, Map<string, Batch>>();

function dispatch(em: EntityManager, name: string, batch: Batch): void {
  const batches = open.get(em);
  if (batches?.get(name) === batch) batches.delete(name);
  const keys = [...batch.waiting.keys()];
  batch.load(keys).then(
    (values) => {
      for (const [key, waiters] of batch.waiting) for (const w of waiters) w.resolve(values.get(key));
    },
    (error: unknown) => {
      for (const waiters of batch.waiting.values()) for (const w of waiters) w.reject(error);
    },
  );
}

/**
 * Loads `key` together with every other key asked of the batch `name` in the same tick. `name` names the
 * load (one name, one loader: e.g. "Campaign.codesCount"); `load` receives the distinct keys.
 */
export function batched<V>(ctx: GraphQLContext, name: string, key: string, load: Load<V>): Promise<V | undefined> {
  const em = ctx.em;
  let batches = open.get(em);
  if (!batches) open.set(em, (batches = new Map()));
  let batch = batches.get(name);
  if (!batch) {
    const created: Batch = { load: load as Load<unknown>, waiting: new Map() };
    batches.set(name, created);
    batch = created;
    // After the current promise jobs (every sibling resolver has been called), as DataLoader does.
    void Promise.resolve().then(() => process.nextTick(() => dispatch(em, name, created)));
  }
  const current = batch;
  return new Promise<V | undefined>((resolve, reject) => {
    const waiters = current.waiting.get(key) ?? [];
    waiters.push({ resolve: resolve as (value: unknown) => void, reject });
    current.waiting.set(key, waiters);
  });
}

/**
 * One record by id, batched with every other load of `entity` by id in the tick, through `em.find` (the
 * visibility filter applies). `null` when missing or invisible.
 */
export async function loadById<T extends object>(ctx: GraphQLContext, entity: EntityClass<T>, id: string | number | bigint): Promise<T | null> {
  const em = ctx.em;
  const found = await batched(ctx, `${entity.name}#id`, String(id), async (ids) => {
    const rows = (await em.find(entity, { id: { $in: ids } } as unknown as FilterQuery<T>)) as T[];
    return new Map(rows.map((row) => [String((row as unknown as { id: unknown }).id), row]));
  });
  return found ?? null;
}

/**
 * Several records by id (an id array column), in the order of `ids` (or of the ids with `order: 'id'`);
 * missing or invisible ones are left out.
 */
export async function loadByIds<T extends object>(ctx: GraphQLContext, entity: EntityClass<T>, ids: readonly (string | number | bigint)[], order: 'given' | 'id' = 'given'): Promise<T[]> {
  const sorted = order === 'id' ? [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0)) : ids;
  const rows: (T | null)[] = await Promise.all(sorted.map((id) => loadById(ctx, entity, id)));
  return rows.filter((row): row is T => row !== null);
}

/** Groups rows by a key column into a map of the key's value (for batched counts and sums). */
export function byKey<R extends Record<string, unknown>>(rows: readonly R[], key: keyof R): Map<string, R> {
  return new Map(rows.map((row) => [String(row[key]), row]));
}

/**
 * A PostgreSQL array literal of the keys, bound as ONE parameter (`= any(?::bigint[])`): knex would
 * expand a JS array into a list of parameters.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * The record a to-one reference points at: itself when already loaded, else batched by id (loadById)
 * with the other rows of the list. `null` when missing or invisible, as `Reference.load()` answers.
 */
export async function loadRef<T extends object>(ctx: GraphQLContext, ref: Ref<T> | T | null | undefined): Promise<T | null> {
  if (!ref) return null;
  const entity = Reference.unwrapReference(ref as Ref<T>) as T;
  const helper = wrap(entity, true);
  if (helper.isInitialized()) return entity;
  return loadById(ctx, entity.constructor as EntityClass<T>, String(helper.getPrimaryKey()));
}

/** Like loadRef for a required relation: a miss is NOT_FOUND (as parentOf), never a null in a non-null field. */
export async function requireRef<T extends object>(ctx: GraphQLContext, ref: Ref<T> | T): Promise<T> {
  const found = await loadRef(ctx, ref);
  if (!found) {
    const entity = Reference.unwrapReference(ref as Ref<T>) as T;
    throw notFound(entity.constructor.name, String(wrap(entity, true).getPrimaryKey()));
  }
  return found;
}
