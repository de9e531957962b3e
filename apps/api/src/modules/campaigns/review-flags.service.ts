import type { GraphQLContext } from '../../graphql/context.js';
import { conflict, notFound } from '../../graphql/errors.js';
import { recordAudit } from '../audit/audit-trail.js';
import { ReviewFlag } from './review-flag.entity.js';
import { sql } from './sql.js';

type Em = GraphQLContext['em'];

export interface RaisedFlag {
  kind: string;
  subjectType: string;
  subjectId: string;
  message: string;
  /** The same anomaly in the same window is flagged once (unique `dedupe_key`). */
  dedupeKey?: string | null;
}

/**
 * Raises a review flag (SPEC §10) in the caller's transaction; a flag with the same dedupe key is not
 * raised twice. Returns the new flag's id, or null when it already existed.
 */
export async function raiseReviewFlag(em: Em, flag: RaisedFlag): Promise<string | null> {
  const rows = await sql<{ id: string }[]>(em,
    `insert into review_flag (created_at, kind, subject_type, subject_id, message, dedupe_key) values (now(), ?, ?, ?, ?, ?)
     on conflict (dedupe_key) do nothing returning id::text`,
    [flag.kind, flag.subjectType, flag.subjectId, flag.message, flag.dedupeKey ?? null]);
  return rows[0]?.id ?? null;
}

/** Flags for managers: open ones (oldest first) or resolved ones (latest first), optionally of one kind or subject. */
export function listReviewFlags(ctx: GraphQLContext, filter: { open?: boolean | null; kind?: string | null; subjectType?: string | null; subjectId?: string | null; first?: number | null }): Promise<ReviewFlag[]> {
  const where: Record<string, unknown> = {};
  if (filter.open != null) where.resolvedAt = filter.open ? null : { $ne: null };
  if (filter.kind) where.kind = filter.kind;
  if (filter.subjectType) where.subjectType = filter.subjectType;
  if (filter.subjectId) where.subjectId = filter.subjectId;
  return ctx.em.find(ReviewFlag, where, { orderBy: filter.open === false ? { resolvedAt: 'desc', id: 'desc' } : { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(filter.first ?? 200, 1), 500) });
}

/** Resolves an open flag (CONFLICT when already resolved), recording who and the comment. */
export async function resolveReviewFlag(ctx: GraphQLContext, id: string, comment?: string | null): Promise<ReviewFlag> {
  const flag = /^\d{1,18}$/.test(id) ? await ctx.em.findOne(ReviewFlag, { id }) : null;
  if (!flag) throw notFound('ReviewFlag', id);
  if (flag.resolvedAt) throw conflict(`Review flag ${id} was already resolved at ${flag.resolvedAt.toISOString()}`);
  const rows = await sql<{ id: string }[]>(ctx.em, 'update review_flag set resolved_at = now(), resolved_by_id = ?, resolve_comment = ? where id = ? and resolved_at is null returning id',
    [ctx.viewer!.id, comment?.trim() || null, id]);
  if (!rows.length) throw conflict(`Review flag ${id} was already resolved`);
  await ctx.em.refresh(flag);
  recordAudit(ctx, { action: 'resolve', entityType: 'ReviewFlag', entityId: id, before: { resolvedAt: null }, after: { resolvedAt: flag.resolvedAt, comment: flag.resolveComment ?? null, kind: flag.kind } });
  return flag;
}
