/** Checks of input values shared by the catalogue services; each failure is BAD_USER_INPUT naming the field. */
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { SubjectName } from '@perkflow/authz';
import { accessFilter, findReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { isRowId } from '../../graphql/input-limits.js';

/** A record an input refers to by id: missing (or invisible) is BAD_USER_INPUT on that input field. */
export async function getReferenced<T extends object>(ctx: GraphQLContext, entity: EntityClass<T>, subject: SubjectName, id: string, field: string): Promise<T> {
  const found = await findReadable(ctx, entity, subject, id);
  if (!found) throw badInput(field, `there is no ${subject} with id "${id}"`);
  return found;
}

/** Like `getReferenced` for a list of ids, in one query (a missing one names its position, e.g. `input.memberIds.2`). */
export async function getAllReferenced<T extends { id: string }>(ctx: GraphQLContext, entity: EntityClass<T>, subject: SubjectName, ids: readonly string[], field: string): Promise<T[]> {
  const malformed = ids.findIndex((id) => !isRowId(id));
  if (malformed >= 0) throw badInput(`${field}.${malformed}`, `there is no ${subject} with id "${ids[malformed]}"`);
  if (ids.length === 0) return [];
  const found = await ctx.em.find(entity, { $and: [{ id: { $in: [...ids] } }, accessFilter<T>(ctx, 'read', subject)] } as FilterQuery<T>);
  const byId = new Map(found.map((record) => [String(record.id), record]));
  const missing = ids.findIndex((id) => !byId.has(String(BigInt(id))));
  if (missing >= 0) throw badInput(`${field}.${missing}`, `there is no ${subject} with id "${ids[missing]}"`);
  return ids.map((id) => byId.get(String(BigInt(id)))!);
}

/** A trimmed optional text: blank becomes null. */
export function optionalText(value: string | null | undefined, max: number, field: string): string | null {
  const text = value?.trim() ?? '';
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  return text || null;
}

/** `value` as a LIKE pattern that matches only itself (`%`, `_` and `\` escaped), for case-insensitive equality with $ilike. */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
