/** Checks of input values shared by the catalogue services; each failure is BAD_USER_INPUT naming the field. */
import type { EntityClass } from '@mikro-orm/core';
import type { SubjectName } from '@perkflow/authz';
import { findReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';

/** A record an input refers to by id: missing (or invisible) is BAD_USER_INPUT on that input field. */
export async function getReferenced<T extends object>(ctx: GraphQLContext, entity: EntityClass<T>, subject: SubjectName, id: string, field: string): Promise<T> {
  const found = await findReadable(ctx, entity, subject, id);
  if (!found) throw badInput(field, `there is no ${subject} with id "${id}"`);
  return found;
}

/** Like `getReferenced` for a list of ids (each missing one names its position, e.g. `input.memberIds.2`). */
export async function getAllReferenced<T extends { id: string }>(ctx: GraphQLContext, entity: EntityClass<T>, subject: SubjectName, ids: readonly string[], field: string): Promise<T[]> {
  const out: T[] = [];
  for (const [i, id] of ids.entries()) out.push(await getReferenced(ctx, entity, subject, id, `${field}.${i}`));
  return out;
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
