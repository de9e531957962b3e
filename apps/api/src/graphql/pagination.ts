import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { GraphQLContext } from './context.js';
import { badInput } from './errors.js';
import { accessFilter } from './access.js';
import type { SubjectName } from '@perkflow/authz';

/** The largest page any list returns (SPEC §10: a cap on page sizes). */
export const MAX_PAGE_SIZE = 200;

/**
 * The most rows a plain (unpaginated) list of the contract returns (`campaigns`, `users`, …): such a
 * list is bounded; its `…Page` connection, or a filter, reaches the rest.
 */
export const MAX_LIST_SIZE = 500;

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A `XConnection` type: nodes, pageInfo and totalCount. */
export function Connection<T extends object>(nodeType: ClassType<T>) {
  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [nodeType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionClass;
}

export function checkPageSize(first: number | null | undefined, field = 'first'): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(field, `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/** MikroORM cursors are base64url-encoded JSON arrays of the sort key values. */
function isCursor(value: string): boolean {
  try {
    return Array.isArray(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    return false;
  }
}

/**
 * Keyset pagination over any entity: `orderBy` must end with a unique key (the id). The cursor is
 * opaque; a malformed one is BAD_USER_INPUT on `after`. The subject is required: the page holds only the
 * records the viewer may read (the ability's SQL filter, ANDed here), and the request's entity manager
 * adds visibility (database/visibility.ts), so lists and totalCount agree with lookups.
 */
export async function paginate<T extends object>(
  ctx: GraphQLContext,
  entity: EntityClass<T>,
  subject: SubjectName,
  filter: FilterQuery<T>,
  args: { first?: number | null; after?: string | null },
  orderBy: QueryOrderMap<T>,
  populate: readonly string[] = [],
): Promise<Page<T>> {
  const first = checkPageSize(args.first);
  const where = { $and: [filter, accessFilter<T>(ctx, 'read', subject)] } as FilterQuery<T>;
  if (args.after != null && !isCursor(args.after)) throw badInput('after', 'is not a cursor of this list');
  try {
    const cursor = await ctx.em.findByCursor(entity, where, {
      first,
      after: args.after ?? undefined,
      orderBy,
      includeCount: true,
      populate: populate as never,
    });
    return {
      nodes: cursor.items,
      totalCount: cursor.totalCount,
      pageInfo: { endCursor: cursor.items.length ? cursor.endCursor : (args.after ?? null), hasNextPage: cursor.hasNextPage },
    };
  } catch (error) {
    if (args.after && error instanceof Error && /cursor/i.test(error.message)) throw badInput('after', 'is not a cursor of this list');
    throw error;
  }
}
