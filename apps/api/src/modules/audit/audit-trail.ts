import { createHash } from 'node:crypto';
import { wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AUDIT_GENESIS_HASH, auditHashInput, type AuditPayload } from '@perkflow/domain';
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
 * Records a change or decision of the current mutation. Entries are written when the mutation's
 * transaction is about to commit, in order, chained by hash.
 */
export function recordAudit(ctx: GraphQLContext, entry: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown }): void {
  ctx.pendingAudit.push({ before: null, after: null, ...entry });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The advisory lock that serialises appends to the chain (held only until the appending transaction commits). */
const AUDIT_CHAIN_LOCK = 7_411_001;

/**
 * Appends entries in the caller's transaction. The chain is serialised by a transaction-scoped
 * advisory lock taken as the last step of the transaction, so it is held for the shortest time.
 */
export async function appendAuditEntries(em: EntityManager, actorId: string | null, entries: PendingAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const conn = em.getConnection();
  const tx = em.getTransactionContext();
  await conn.execute('select pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK], 'run', tx);
  const last = await conn.execute<{ hash: string }[]>('select hash from audit_entry order by id desc limit 1', [], 'all', tx);
  let prevHash = last[0]?.hash ?? AUDIT_GENESIS_HASH;
  const at = new Date();
  for (const entry of entries) {
    const payload: AuditPayload = { at: at.toISOString(), actorId, ...entry };
    const hash = sha256(auditHashInput(prevHash, payload));
    await conn.execute(
      'insert into audit_entry (at, actor_id, action, entity_type, entity_id, before, after, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [at, actorId, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.before ?? null), JSON.stringify(entry.after ?? null), prevHash, hash],
      'run',
      tx,
    );
    prevHash = hash;
  }
}

/**
 * Chains the audit entries a module defers off a hot path (e.g. the redemptions' "redeem" entries) and
 * answers how many it chained. Registered through the module registry; `flushDeferredAudit` runs them
 * before the trail is read or verified, so readers always see every entry.
 */
export type DeferredAuditFlusher = (em: EntityManager) => Promise<number>;

const deferredFlushers: DeferredAuditFlusher[] = [];

/** Called once by the module registry. */
export function registerDeferredAudit(list: readonly DeferredAuditFlusher[]): void {
  for (const flusher of list) if (!deferredFlushers.includes(flusher)) deferredFlushers.push(flusher);
}

/** Chains every deferred entry now (each flusher runs its own transactions on forks of `em`). */
export async function flushDeferredAudit(em: EntityManager): Promise<void> {
  for (const flush of deferredFlushers) await flush(em);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
}

/** Recomputes the whole chain in id order; the first entry whose hash or link does not match breaks it. */
export async function verifyAuditChain(em: EntityManager, batchSize = 5000): Promise<ChainVerification> {
  const conn = em.getConnection();
  let prevHash = AUDIT_GENESIS_HASH;
  let lastId = '0';
  let checked = 0;
  for (;;) {
    const rows = await conn.execute<
      { id: string; at: Date; actor_id: string | null; action: string; entity_type: string; entity_id: string; before: unknown; after: unknown; prev_hash: string; hash: string }[]
    >('select id, at, actor_id, action, entity_type, entity_id, before, after, prev_hash, hash from audit_entry where id > ? order by id limit ?', [lastId, batchSize]);
    if (rows.length === 0) return { ok: true, checked, firstBrokenId: null };
    for (const row of rows) {
      const payload: AuditPayload = {
        at: new Date(row.at).toISOString(),
        actorId: row.actor_id === null ? null : String(row.actor_id),
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        before: row.before,
        after: row.after,
      };
      const expected = sha256(auditHashInput(prevHash, payload));
      if (row.prev_hash !== prevHash || row.hash !== expected) return { ok: false, checked, firstBrokenId: String(row.id) };
      prevHash = row.hash;
      lastId = String(row.id);
      checked += 1;
    }
  }
}
