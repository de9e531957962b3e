// Input checks at the GraphQL boundary, for every argument of every field (a type-graphql global
// middleware): text the database would refuse or that costs without bound is refused here with
// BAD_USER_INPUT naming the argument path (`input.name`, `input.productIds.2`), before any service runs.
import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLResolveInfo,
} from 'graphql';
import { MAX_CODE_TEXT_LENGTH } from '@perkflow/domain';
import type { MiddlewareFn } from 'type-graphql';
import type { GraphQLContext } from './context.js';
import { badInput } from './errors.js';

/** The limits (docs/SECURITY.md, "Input limits and hardening"). */
export const INPUT_LIMITS = {
  /** Any string argument or input field, unless `MAX_LENGTH_BY_FIELD` says less. */
  maxStringLength: 10_000,
  /** Nesting of a JSON argument (segment rules, award definitions). */
  maxJsonDepth: 32,
  /** Entries (values and keys) of one JSON argument. */
  maxJsonNodes: 20_000,
} as const;

/**
 * Smaller bounds by argument or input-field name, where the column or the use is smaller: names and
 * e-mails live in varchar(255) columns, time zone names are short, searches run against indexes.
 */
export const MAX_LENGTH_BY_FIELD: Readonly<Record<string, number>> = {
  name: 255,
  email: 254,
  password: 1024,
  timezone: 64,
  currency: 16,
  // Codes: the domain's bound on code text, checked before any normalisation.
  code: MAX_CODE_TEXT_LENGTH,
  stackingGroup: 100,
  idempotencyKey: 255,
  search: 200,
};

/** Arguments typed ID that are free-form keys (an audit entry's entity id, a review flag's subject), not row ids. */
const FREE_FORM_IDS = new Set(['Query.auditLog.entityId', 'Query.reviewFlags.subjectId']);

const ROW_ID = /^\d{1,18}$/;

/** True for a row id as the API hands them out (a positive bigint in decimal). */
export function isRowId(value: unknown): boolean {
  return typeof value === 'string' && ROW_ID.test(value);
}

/** Checks an id argument: BAD_USER_INPUT naming `field` unless it is a row id. */
export function assertRowId(field: string, value: string): string {
  if (!isRowId(value)) throw badInput(field, `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is not an id`);
  return value;
}

// A lone surrogate cannot be encoded as UTF-8 (PostgreSQL refuses it); NUL has no place in a text column.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const FORBIDDEN_CHARACTERS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function lastSegment(path: string): string {
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i -= 1) if (!/^\d+$/.test(parts[i])) return parts[i];
  return parts[0];
}

/** Refuses NUL, lone surrogates and over-long text; `limitName` picks a smaller bound from MAX_LENGTH_BY_FIELD. */
export function assertCleanText(field: string, value: string, limitName = lastSegment(field)): void {
  const max = MAX_LENGTH_BY_FIELD[limitName] ?? INPUT_LIMITS.maxStringLength;
  if (value.length > max) throw badInput(field, `must be at most ${max} characters (got ${value.length})`, { maxLength: max });
  if (FORBIDDEN_CHARACTERS.test(value)) throw badInput(field, 'must not contain NUL characters or unpaired UTF-16 surrogates');
}

/** Walks a JSON argument without recursion (a deep value cannot overflow the stack), bounding depth and size. */
function checkJson(field: string, root: unknown): void {
  const stack: [unknown, string, number][] = [[root, field, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    nodes += 1;
    if (nodes > INPUT_LIMITS.maxJsonNodes) throw badInput(field, `must have at most ${INPUT_LIMITS.maxJsonNodes} entries`);
    if (typeof value === 'string') {
      assertCleanText(path, value, '');
    } else if (value !== null && typeof value === 'object') {
      if (depth >= INPUT_LIMITS.maxJsonDepth) throw badInput(field, `must be nested at most ${INPUT_LIMITS.maxJsonDepth} levels deep`);
      if (Array.isArray(value)) {
        value.forEach((item, i) => stack.push([item, `${path}.${i}`, depth + 1]));
      } else {
        for (const [key, item] of Object.entries(value)) {
          nodes += 1;
          assertCleanText(`${path}.${key.slice(0, 40)}`, key, '');
          stack.push([item, `${path}.${key.slice(0, 40)}`, depth + 1]);
        }
      }
    }
  }
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, owner: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(item, nullable.ofType as GraphQLInputType, `${path}.${i}`, owner));
    else checkValue(value, nullable.ofType as GraphQLInputType, path, owner);
    return;
  }
  const named = getNamedType(nullable);
  if (isInputObjectType(named)) {
    if (typeof value !== 'object') return;
    const fields = named.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (field) checkValue(item, field.type, `${path}.${key}`, `${named.name}.${key}`);
    }
    return;
  }
  if (!isScalarType(named)) return;
  if (named.name === 'ID') {
    if (typeof value === 'string') assertCleanText(path, value, 'code');
    if (!FREE_FORM_IDS.has(owner)) assertRowId(path, String(value));
  } else if (named.name === 'JSONObject' || named.name === 'JSON') {
    checkJson(path, value);
  } else if (typeof value === 'string') {
    assertCleanText(path, value);
  }
}

/** Checks every argument of the field being resolved (strings, ids, JSON), naming the offending path. */
export function checkArguments(args: Record<string, unknown>, info: GraphQLResolveInfo): void {
  const definition = info.parentType.getFields()[info.fieldName];
  if (!definition) return;
  for (const arg of definition.args) {
    if (arg.name in args) checkValue(args[arg.name], arg.type, arg.name, `${info.parentType.name}.${info.fieldName}.${arg.name}`);
  }
}

/** Global middleware: every field with arguments has them checked before its resolver runs. */
export const checkInputs: MiddlewareFn<GraphQLContext> = async ({ args, info }, next) => {
  for (const _key in args) {
    checkArguments(args, info);
    break;
  }
  return next();
};
