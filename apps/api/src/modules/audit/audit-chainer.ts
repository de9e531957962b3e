import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditHashInput, type AuditPayload } from '@perkflow/domain';
import type { Logger } from 'pino';
import type { JobDefinition } from '../../jobs/job-queue.js';

/**
 * The audit chainer (SPEC §9; docs/ARCHITECTURE.md "Audit trail"). Writers insert entries pending (hash null)
 * in their own transactions and take no lock; this links them into the hash chain, one chainer at a time.
 *
 * The ordering rule: an entry's position in the chain (`chain_seq`) is the order in which the chainer
 * *sees it committed*, not its id. Ids come from a sequence before commit, so a transaction holding a lower
 * id may commit after one holding a higher id; a chain in id order would have to wait for every in-flight
 * transaction (and a long one would stall the whole trail). Instead each pass takes every pending entry
 * its statement can see — all committed, since uncommitted rows are invisible — in id order (which keeps one
 * transaction's entries in their written order), and appends them after the head. An entry committed later
 * stays pending and is linked by a later pass; nothing is skipped, because a pending entry stays pending
 * until a pass links it. Passes are serialised by a transaction-scoped advisory lock that only the chainer
 * takes (never a writer), so several API processes may run it.
 *
 * The head is read from `audit_checkpoint` (position, entry, hash), not from the table's last row, and the
 * checkpoint is signed (HMAC-SHA256, key in app_setting): deleting the newest entries leaves the checkpoint
 * pointing past the table's end, which verification reports as truncation, and the chainer keeps extending
 * from the checkpoint, so the hole stays visible.
 */

const CHAINER_LOCK = 7_411_003;
const BATCH = 2000;
const KEY_SETTING = 'audit_checkpoint_key';

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

export interface CheckpointRow {
  chain_seq: string;
  entry_id: string | null;
  head_hash: string;
  chained_at: Date;
  mac: string | null;
}

/** The hash of an entry after `prevHash`: SHA-256 over the previous hash and the canonical JSON of what it records (at included). */
export function entryHash(prevHash: string, row: AuditRow): string {
  const payload: AuditPayload = {
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id === null ? null : String(row.actor_id),
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  };
  return createHash('sha256').update(auditHashInput(prevHash, payload)).digest('hex');
}

function checkpointText(c: Pick<CheckpointRow, 'chain_seq' | 'entry_id' | 'head_hash' | 'chained_at'>): string {
  return `perkflow-audit-checkpoint/1\n${String(c.chain_seq)}\n${c.entry_id == null ? '' : String(c.entry_id)}\n${c.head_hash}\n${new Date(c.chained_at).toISOString()}`;
}

export function checkpointMac(key: string, c: Pick<CheckpointRow, 'chain_seq' | 'entry_id' | 'head_hash' | 'chained_at'>): string {
  return createHmac('sha256', key).update(checkpointText(c)).digest('hex');
}

export function isCheckpointSigned(key: string | null, c: CheckpointRow): boolean {
  if (!key || !c.mac || c.mac.length !== 64) return false;
  return timingSafeEqual(Buffer.from(c.mac, 'hex'), Buffer.from(checkpointMac(key, c), 'hex'));
}

export type Run = <R>(text: string, params?: unknown[]) => Promise<R[]>;

export function runner(tx: EntityManager): Run {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  return <R,>(text: string, params: unknown[] = []) => conn.execute<R[]>(text, params, 'all', ctx);
}

export async function readCheckpointKey(run: Run): Promise<string | null> {
  const rows = await run<{ value: string }>('select value from app_setting where key = ?', [KEY_SETTING]);
  return rows[0]?.value ?? null;
}

/** One pass in the caller's transaction (lock already held): links up to BATCH pending entries; returns how many. */
async function chainBatch(run: Run): Promise<number> {
  const [checkpoint] = await run<CheckpointRow>('select chain_seq::text, entry_id::text, head_hash, chained_at, mac from audit_checkpoint where id = 1 for update');
  if (!checkpoint) throw new Error('audit_checkpoint is missing: the chain cannot be extended (restore it from a backup)');
  let key = await readCheckpointKey(run);
  if (checkpoint.mac === null && key === null) {
    // First pass after the migration: the key is created now, and the migration's anchor is signed once.
    await run('insert into app_setting (key, value) values (?, ?) on conflict (key) do nothing', [KEY_SETTING, randomBytes(32).toString('base64url')]);
    key = await readCheckpointKey(run);
  } else if (!isCheckpointSigned(key, checkpoint)) {
    throw new Error('audit_checkpoint signature does not match: the chain is not extended (run verifyAuditLog)');
  }
  const rows = await run<AuditRow>(
    `select id::text, at, actor_id::text, action, entity_type, entity_id, before, after from audit_entry where hash is null order by audit_entry.id limit ${BATCH}`,
  );
  if (rows.length === 0 && checkpoint.mac !== null) return 0;
  let prevHash = checkpoint.head_hash;
  let seq = BigInt(checkpoint.chain_seq);
  const links = rows.map((row) => {
    seq += 1n;
    const hash = entryHash(prevHash, row);
    const link = { id: row.id, seq: String(seq), prev_hash: prevHash, hash };
    prevHash = hash;
    return link;
  });
  if (links.length) {
    await run(
      `update audit_entry e set chain_seq = l.seq, prev_hash = l.prev_hash, hash = l.hash
         from jsonb_to_recordset(?::jsonb) as l(id bigint, seq bigint, prev_hash text, hash text) where e.id = l.id`,
      [JSON.stringify(links)],
    );
  }
  const next = { chain_seq: String(seq), entry_id: links.at(-1)?.id ?? checkpoint.entry_id, head_hash: prevHash, chained_at: new Date() };
  await run('update audit_checkpoint set chain_seq = ?, entry_id = ?, head_hash = ?, chained_at = ?, mac = ? where id = 1', [
    next.chain_seq, next.entry_id, next.head_hash, next.chained_at, checkpointMac(key!, next),
  ]);
  return rows.length;
}

/** Passes per call at most (BATCH entries each), so a reader never chases a write stream that outruns it. */
const MAX_PASSES = 50;

/**
 * Links every pending entry committed so far (up to MAX_PASSES × BATCH); returns how many. `wait`: wait for a
 * chainer running in another process (a reader that must see every entry), else skip when one is running
 * (the background job).
 */
export async function chainPendingAudit(em: EntityManager, options: { wait: boolean }): Promise<number> {
  let total = 0;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const n = await em.fork().transactional(async (tx) => {
      const run = runner(tx as EntityManager);
      const [{ locked }] = await run<{ locked: boolean }>(
        options.wait ? `select pg_advisory_xact_lock(${CHAINER_LOCK}) is not null as locked` : `select pg_try_advisory_xact_lock(${CHAINER_LOCK}) as locked`,
      );
      return locked ? chainBatch(run) : -1;
    });
    if (n < 0) return total;
    total += n;
    if (n < BATCH) return total;
  }
  return total;
}

/**
 * Before the trail is read: chain what is pending, so a reader sees every committed change chained. A chainer
 * failure (e.g. a tampered checkpoint) must not hide the trail: it is logged, and verification reports it.
 */
export async function chainBeforeRead(em: EntityManager, logger: Logger): Promise<void> {
  await chainPendingAudit(em, { wait: true }).catch((error: unknown) => logger.error({ err: error }, 'audit chainer failed'));
}

const LOOP_SECONDS = 55;
const INTERVAL_MS = 1000;

/**
 * The background chainer: a pg-boss schedule starts it every minute (once across processes); it runs a pass
 * every second for LOOP_SECONDS, so pending entries wait about a second. If its process dies, the next
 * minute's run takes over, and readers chain on demand meanwhile. Passes skip while another chainer holds the lock.
 */
export const auditChainJob: JobDefinition<never> = {
  queue: 'audit.chain',
  schedule: { cron: '* * * * *' },
  expireInSeconds: 120,
  retryLimit: 0,
  async handle(_data, { orm, logger }) {
    const until = Date.now() + LOOP_SECONDS * 1000;
    let failures = 0;
    while (Date.now() < until && (await orm.isConnected())) {
      try {
        const chained = await chainPendingAudit(orm.em.fork() as EntityManager, { wait: false });
        if (chained) logger.debug({ chained }, 'audit entries chained');
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.error({ err: error }, 'audit chainer pass failed');
        if (failures >= 5) return;
      }
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  },
};
