import { Reference, wrap, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import { accessCondition, asSubject, type Action, type SubjectName } from '@perkflow/authz';
import type { GraphQLContext } from './context.js';
import { loadById } from './batch.js';
import { forbidden, notFound } from './errors.js';

type Condition = Record<string, unknown>;

/** Translates a CASL (Mongo-style) condition into a MikroORM filter. */
export function conditionToFilter(condition: Condition): Condition {
  const out: Condition = {};
  const and: Condition[] = [];
  for (const [key, value] of Object.entries(condition)) {
    if (key === '$and' || key === '$or') {
      out[key] = (value as Condition[]).map(conditionToFilter);
    } else if (key === '$nor') {
      and.push({ $not: { $or: (value as Condition[]).map(conditionToFilter) } });
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const ops = value as Condition;
      const field: Condition = {};
      for (const [op, operand] of Object.entries(ops)) {
        if (op === '$in' && Array.isArray(operand) && operand.includes(null)) {
          // SQL's IN never matches NULL: split into "is null or in (…)".
          const rest = operand.filter((v) => v !== null);
          and.push({ $or: [{ [key]: null }, ...(rest.length ? [{ [key]: { $in: rest } }] : [])] });
        } else if (op === '$regex') {
          field.$re = operand instanceof RegExp ? operand.source : operand;
        } else {
          field[op] = operand;
        }
      }
      if (Object.keys(field).length) out[key] = field;
    } else {
      out[key] = value;
    }
  }
  if (and.length) out.$and = [...((out.$and as Condition[]) ?? []), ...and];
  return out;
}

/** The SQL filter of the records on which the viewer may do `action`; matches nothing when none. */
export function accessFilter<T>(ctx: GraphQLContext, action: Action, subject: SubjectName): FilterQuery<T> {
  const condition = accessCondition(ctx.ability, action, subject);
  if (condition === null) return { id: { $in: [] } } as FilterQuery<T>;
  return conditionToFilter(condition as Condition) as FilterQuery<T>;
}

/** The facts of a loaded entity that abilities test: scalar columns, and relations as their ids. */
export function accessFacts(entity: object): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (Reference.isReference(value)) facts[key] = String(wrap(value.unwrap(), true).getPrimaryKey());
    else if (value && typeof value === 'object' && 'id' in value && wrap(value as object, true)?.__meta) facts[key] = String((value as { id: unknown }).id);
    else if (value === undefined) facts[key] = null;
    else facts[key] = value;
  }
  return facts;
}

/** True when the viewer may do `action` on this very record. */
export function can(ctx: GraphQLContext, action: Action, subject: SubjectName, entity: object): boolean {
  return ctx.ability.can(action, asSubject(subject, accessFacts(entity)));
}

/** Throws FORBIDDEN unless the viewer may do `action` on this record. */
export function assertCan(ctx: GraphQLContext, action: Action, subject: SubjectName, entity: object): void {
  if (!can(ctx, action, subject, entity)) throw forbidden(`You may not ${action} this ${subject}`);
}

/**
 * Loads one record the viewer may read, by id. A record the viewer may not see does not exist for
 * them: the answer is "not found", never "forbidden" (SPEC §1).
 */
export async function findReadable<T extends object>(
  ctx: GraphQLContext,
  entity: EntityClass<T>,
  subject: SubjectName,
  id: string,
  options: { action?: Action; populate?: readonly string[] } = {},
): Promise<T | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const where = { $and: [{ id }, accessFilter<T>(ctx, options.action ?? 'read', subject)] } as FilterQuery<T>;
  return ctx.em.findOne(entity, where, { populate: (options.populate ?? []) as never });
}

/** Like `findReadable`, but a missing or invisible record is NOT_FOUND naming the argument. */
export async function getReadable<T extends object>(
  ctx: GraphQLContext,
  entity: EntityClass<T>,
  subject: SubjectName,
  id: string,
  options: { action?: Action; populate?: readonly string[] } = {},
): Promise<T> {
  const found = await findReadable(ctx, entity, subject, id, options);
  if (!found) throw notFound(subject, id);
  return found;
}

/**
 * The field-resolver helper for a relation to an explicit viewing entity (or a record that exists only
 * through one): loads it through the request's visibility filter. A record whose non-null parent the
 * viewer may not see is itself invisible (database/visibility.ts hides it), so a miss here means the
 * parent vanished or a declaration is missing: answered NOT_FOUND, never the parent, never a 500.
 */
export async function parentOf<T extends object>(ctx: GraphQLContext, entity: EntityClass<T>, id: string | number | bigint): Promise<T> {
  // Batched with the other rows of the list (graphql/batch.ts), through the same filter.
  const found = await loadById(ctx, entity, id);
  if (!found) throw notFound(entity.name, String(id));
  return found;
}
