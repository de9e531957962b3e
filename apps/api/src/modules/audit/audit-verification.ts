import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AUDIT_GENESIS_HASH } from '@perkflow/domain';
import { entryHash, isCheckpointSigned, readCheckpointKey, runner, type AuditRow, type CheckpointRow } from './audit-chainer.js';

export interface CheckpointView {
  chainSeq: number;
  entryId: string | null;
  headHash: string;
  chainedAt: Date;
  signed: boolean;
}

export interface ChainVerification {
  ok: boolean;
  /** Chained entries whose link and hash were recomputed. */
  checked: number;
  firstBrokenId: string | null;
  /** Entries written but not chained yet (checked for consistency, not for a hash). */
  pending: number;
  /** The newest chained entries the checkpoint vouches for are gone. */
  truncated: boolean;
  /** Chain positions that are missing (truncation, or a hole inside the chain). */
  missingFrom: number | null;
  missingTo: number | null;
  problem: string | null;
  checkpoint: CheckpointView | null;
}

type ChainedRow = AuditRow & { chain_seq: string; prev_hash: string; hash: string };

/**
 * Verifies the trail in one consistent snapshot: every chained entry in chain order (positions contiguous
 * from 1, each linked to the previous hash, its own hash recomputed), the chain's end against the signed
 * checkpoint (fewer entries than it vouches for = truncation), and the pending entries' consistency.
 */
export async function verifyAuditChain(em: EntityManager, batchSize = 5000): Promise<ChainVerification> {
  return em.fork().transactional(async (tx) => {
    const run = runner(tx as EntityManager);
    const [cp] = await run<CheckpointRow>('select chain_seq::text, entry_id::text, head_hash, chained_at, mac from audit_checkpoint where id = 1');
    const key = await readCheckpointKey(run);
    const checkpoint: CheckpointView | null = cp
      ? { chainSeq: Number(cp.chain_seq), entryId: cp.entry_id, headHash: cp.head_hash, chainedAt: new Date(cp.chained_at), signed: isCheckpointSigned(key, cp) }
      : null;
    const [state] = await run<{ pending: number; inconsistent: string | null }>(
      `select count(*) filter (where hash is null)::int as pending,
              min(id) filter (where (hash is null) <> (chain_seq is null) or (hash is null) <> (prev_hash is null))::text as inconsistent
         from audit_entry`,
    );
    const result: ChainVerification = { ok: true, checked: 0, firstBrokenId: null, pending: state.pending, truncated: false, missingFrom: null, missingTo: null, problem: null, checkpoint };
    const fail = (problem: string, fields: Partial<ChainVerification> = {}): ChainVerification => Object.assign(result, { ok: false, problem }, fields);

    let prevHash = AUDIT_GENESIS_HASH;
    let lastSeq = 0;
    let lastId: string | null = null;
    for (;;) {
      const rows = await run<ChainedRow>(
        `select id::text, chain_seq::text, at, actor_id::text, action, entity_type, entity_id, before, after, prev_hash, hash
           from audit_entry where audit_entry.chain_seq > ? order by audit_entry.chain_seq limit ?`,
        [lastSeq, batchSize],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = Number(row.chain_seq);
        if (seq !== lastSeq + 1) {
          return fail(`entries at chain positions ${lastSeq + 1}–${seq - 1} are missing (between entries ${lastId ?? 'start'} and ${row.id})`, {
            firstBrokenId: row.id, missingFrom: lastSeq + 1, missingTo: seq - 1,
          });
        }
        if (row.prev_hash !== prevHash || row.hash !== entryHash(prevHash, row)) return fail(`entry ${row.id} does not match its hash or its link to the previous entry`, { firstBrokenId: row.id });
        prevHash = row.hash;
        lastSeq = seq;
        lastId = row.id;
        result.checked += 1;
      }
    }
    if (state.inconsistent) return fail(`entry ${state.inconsistent} is half chained (hash, link and position must be set together)`, { firstBrokenId: state.inconsistent });
    if (!checkpoint) return fail('the chain checkpoint is missing: the end of the chain cannot be confirmed');
    if (!checkpoint.signed) return fail('the chain checkpoint signature does not match: the checkpoint was altered');
    if (lastSeq < checkpoint.chainSeq) {
      return fail(`truncated: the checkpoint vouches for ${checkpoint.chainSeq} chained entries up to entry ${checkpoint.entryId ?? '?'}, the chain ends at position ${lastSeq}${lastId ? ` (entry ${lastId})` : ''}`, {
        truncated: true, missingFrom: lastSeq + 1, missingTo: checkpoint.chainSeq,
      });
    }
    if (lastSeq > checkpoint.chainSeq) {
      const [beyond] = await run<{ id: string }>('select id::text from audit_entry where chain_seq = ?', [checkpoint.chainSeq + 1]);
      return fail(`entries after chain position ${checkpoint.chainSeq} are not covered by the checkpoint`, { firstBrokenId: beyond?.id ?? null });
    }
    if (prevHash !== checkpoint.headHash) return fail(`the chain's last entry does not match the checkpoint's head hash`, { firstBrokenId: lastId });
    return result;
  }, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
}
