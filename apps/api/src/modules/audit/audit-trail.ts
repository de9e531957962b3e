import { wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLContext } from '../../graphql/context.js';

export interface PendingAuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** A JSON snapshot of an entity for the audit trail (relations as ids, hidden columns left out). */
export function auditSnapshot(entity: object | null | undefined): Record<string, unknown> | null {
  if (!entity) return null;
  return JSON.parse(JSON.stringify(wrap(entity).toObject())) as Record<string, unknown>;
}

/**
 * Records a change or decision of the current mutation. Entries are written (pending) when the mutation's
 * transaction is about to commit, in order; the chainer links them into the hash chain shortly after.
 */
export function recordAudit(ctx: GraphQLContext, entry: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown }): void {
  ctx.pendingAudit.push({ before: null, after: null, ...entry });
}

/** Rows per insert statement (7 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 1000;

/**
 * Writes entries in the caller's transaction, "pending": no hash yet, and no lock. They exist iff the
 * transaction commits; the chainer (audit-chainer.ts) links committed entries into the hash chain shortly
 * after. `at` is this change's own time, set here and never rewritten: the hash covers it. Entries of one
 * call keep their order (ids increase in insert order; the chainer links one transaction's entries in id order).
 */
export async function appendAuditEntries(em: EntityManager, actorId: string | null, entries: PendingAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const conn = em.getConnection();
  const tx = em.getTransactionContext();
  const at = new Date();
  for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
    const chunk = entries.slice(start, start + INSERT_CHUNK);
    await conn.execute(
      `insert into audit_entry (at, actor_id, action, entity_type, entity_id, before, after) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((entry) => [at, actorId, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.before ?? null), JSON.stringify(entry.after ?? null)]),
      'run',
      tx,
    );
  }
}
