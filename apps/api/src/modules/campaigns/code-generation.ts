// Bulk generation of codes from a pattern (SPEC §5) as a pg-boss background job: `generateCodes`
// records a code_batch (PENDING) and enqueues it after commit; the job inserts the codes in chunks,
// each chunk in its own transaction that also advances `code_batch.generated` (the progress that
// `codeBatch` shows). Uniqueness across the whole system is the unique index on code.code: a chunk is
// inserted with ON CONFLICT DO NOTHING and what collided is simply generated again (never a pre-check).
import type { EntityManager } from '@mikro-orm/postgresql';
import { asSystem } from '../../database/visibility.js';
import { checkCodeCount, generateCode, resolveCodePattern, type ResolvedCodePattern } from '@perkflow/domain';
import { assertCan } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { STALLED_AFTER_SECONDS, SWEEP_EVERY_SECONDS, type JobDefinition } from '../../jobs/job-queue.js';
import { recordAudit } from '../audit/audit-trail.js';
import { getCampaign } from './campaign.service.js';
import type { CodePatternInput } from './campaign.types.js';
import { CodeBatch } from './code.entity.js';
import { cryptoRandomInt } from './code.service.js';
import { sql } from './sql.js';
import { isRowId } from '../../graphql/input-limits.js';

export const GENERATE_CODES_QUEUE = 'campaigns.generate-codes';
/** The most codes one generateCodes call may ask for. */
export const MAX_BATCH_CODES = 1_000_000;
/** Codes inserted per transaction (each chunk commits and shows as progress). */
export const GENERATION_CHUNK = 25_000;
/** Consecutive chunks that insert nothing before the batch fails (the pattern's space is exhausted). */
const MAX_FRUITLESS_CHUNKS = 20;

export interface GenerateCodesJob {
  batchId: string;
}

/** Validates the request, records the batch and enqueues the job once the mutation commits. */
export async function requestCodeGeneration(ctx: GraphQLContext, campaignId: string, count: number, pattern: CodePatternInput | null | undefined): Promise<CodeBatch> {
  const campaign = await getCampaign(ctx, campaignId);
  assertCan(ctx, 'update', 'Campaign', campaign);
  if (campaign.state === 'ENDED') throw conflict(`Campaign ${campaign.id} has ENDED; no more codes are generated`);
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH_CODES) throw badInput('count', `count must be a whole number from 1 to ${MAX_BATCH_CODES}; got ${count}`);
  const resolved = resolveCodePattern(pattern ?? {});
  if (!resolved.ok) throw badInput(`pattern.${resolved.field ?? 'pattern'}`, resolved.explanation);
  const checked = checkCodeCount(resolved.value, count);
  if (!checked.ok) throw badInput(checked.field ?? 'count', checked.explanation);
  const batch = ctx.em.create(CodeBatch, { campaign: campaign.id, requested: count, pattern: resolved.value } as never) as CodeBatch;
  await ctx.em.flush();
  recordAudit(ctx, { action: 'generateCodes', entityType: 'Campaign', entityId: campaign.id, after: { batch: batch.id, requested: count, pattern: resolved.value } });
  ctx.afterCommit(() => ctx.jobs.send<GenerateCodesJob>(GENERATE_CODES_QUEUE, { batchId: batch.id }));
  return batch;
}

/** `count` codes of the pattern, distinct among themselves (the database decides against the rest). */
export function freshCodes(pattern: ResolvedCodePattern, count: number, random = cryptoRandomInt()): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateCode(pattern, random));
  return [...codes];
}

interface BatchRow {
  campaign_id: string;
  requested: number;
  generated: number;
  status: string;
  pattern: ResolvedCodePattern;
}

/**
 * Inserts one chunk under the batch row's lock (so two runs of the same job never overshoot) and
 * advances the progress in the same transaction. Returns the codes still missing after the chunk.
 */
async function generateChunk(em: EntityManager, batchId: string, chunkSize: number): Promise<{ missing: number; inserted: number }> {
  return em.transactional(async (tx) => {
    const [batch] = await sql<BatchRow[]>(tx, 'select campaign_id, requested, generated, status, pattern from code_batch where id = ? for update', [batchId]);
    if (!batch || batch.status === 'DONE' || batch.status === 'FAILED') return { missing: 0, inserted: 0 };
    const want = Math.min(chunkSize, batch.requested - batch.generated);
    if (want <= 0) return { missing: 0, inserted: 0 };
    const codes = freshCodes(batch.pattern, want);
    const [{ n }] = await sql<{ n: number }[]>(
      tx,
      `with inserted as (
         insert into code (code, campaign_id, batch_id, state, redemptions_count, created_at)
         select c, ?, ?, 'ACTIVE', 0, now() from unnest(string_to_array(?, ',')) as c
         on conflict (code) do nothing
         returning 1)
       select count(*)::int as n from inserted`,
      [batch.campaign_id, batchId, codes.join(',')],
    );
    await sql(tx, `update code_batch set generated = generated + ?, status = 'RUNNING', heartbeat_at = now() where id = ?`, [n, batchId]);
    return { missing: batch.requested - batch.generated - n, inserted: n };
  });
}

/** Runs (or resumes) a batch until every requested code exists; idempotent, so pg-boss may retry it. */
export async function runCodeBatch(em: EntityManager, batchId: string, chunkSize = GENERATION_CHUNK): Promise<void> {
  await sql(em, `update code_batch set status = 'RUNNING', heartbeat_at = now() where id = ? and status in ('PENDING', 'RUNNING')`, [batchId]);
  let fruitless = 0;
  for (;;) {
    const { missing, inserted } = await generateChunk(em, batchId, chunkSize);
    if (missing <= 0) break;
    fruitless = inserted === 0 ? fruitless + 1 : 0;
    if (fruitless >= MAX_FRUITLESS_CHUNKS) {
      await sql(em, `update code_batch set status = 'FAILED', error = ?, finished_at = now() where id = ? and status = 'RUNNING'`, [
        `${MAX_FRUITLESS_CHUNKS} chunks in a row collided with existing codes only; use a longer length or a larger charset`,
        batchId,
      ]);
      return;
    }
  }
  await sql(em, `update code_batch set status = 'DONE', error = null, finished_at = now() where id = ? and status in ('PENDING', 'RUNNING')`, [batchId]);
}

export const generateCodesJob: JobDefinition<GenerateCodesJob> = {
  queue: GENERATE_CODES_QUEUE,
  retryLimit: 5,
  expireInSeconds: 30 * 60,
  async handle(data, { orm, logger }) {
    const em = asSystem(orm.em.fork() as EntityManager, 'job: code generation');
    try {
      await runCodeBatch(em, String(data.batchId));
    } catch (error) {
      // Keep the reason visible; the batch stays RUNNING and the retried job resumes where it stopped.
      logger.error({ err: error, batchId: data.batchId }, 'code generation failed');
      await sql(em, 'update code_batch set error = ? where id = ?', [String((error as Error).message ?? error).slice(0, 500), data.batchId]).catch(() => {});
      throw error;
    }
  },
};

/** Batches of a campaign, newest first. */
export async function listCodeBatches(ctx: GraphQLContext, campaignId: string): Promise<CodeBatch[]> {
  const campaign = await getCampaign(ctx, campaignId);
  return ctx.em.find(CodeBatch, { campaign: campaign.id }, { orderBy: { id: 'desc' }, limit: 100 });
}

/** A batch whose campaign the viewer may see, else null. */
export async function findCodeBatch(ctx: GraphQLContext, id: string): Promise<CodeBatch | null> {
  if (!isRowId(id)) return null;
  const batch = await ctx.em.findOne(CodeBatch, { id }, { refresh: true });
  if (!batch) return null;
  const visible = await getCampaign(ctx, batch.campaign.id).then(
    () => true,
    () => false,
  );
  return visible ? batch : null;
}

/**
 * Re-queues batches nobody works on: RUNNING with a heartbeat older than STALLED_AFTER_SECONDS (the
 * worker died mid-batch: the job resumes from `generated`, the last committed chunk), or PENDING for as
 * long (the enqueue after the commit failed, or the queue lost it). The claim moves the heartbeat in the
 * same statement, so concurrent sweepers re-queue a batch once; a send is also throttled per batch. Safe
 * even if the worker was only slow: a batch's chunks lock its row, so two runs of one batch never overshoot.
 */
export async function sweepCodeBatches(em: EntityManager, jobs: { send: JobQueueSend }): Promise<string[]> {
  const stale = await sql<{ id: string }[]>(
    em,
    `update code_batch set heartbeat_at = now()
      where id in (select id from code_batch
                    where status in ('PENDING', 'RUNNING') and coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ?)
                    order by id limit 100 for update skip locked)
      returning id::text`,
    [STALLED_AFTER_SECONDS],
  );
  for (const row of stale) await jobs.send(GENERATE_CODES_QUEUE, { batchId: row.id }, { singletonKey: `batch-${row.id}`, singletonSeconds: STALLED_AFTER_SECONDS });
  return stale.map((r) => r.id);
}

type JobQueueSend = <T extends object>(queue: string, data: T, options?: { singletonKey?: string; singletonSeconds?: number }) => Promise<string | null>;

export const sweepCodeBatchesJob: JobDefinition<Record<string, never>> = {
  queue: 'campaigns.sweep-code-batches',
  everySeconds: SWEEP_EVERY_SECONDS,
  async handle(_data, { orm, jobs, logger }) {
    const resent = await sweepCodeBatches(asSystem(orm.em.fork() as EntityManager, 'job: code batch sweeper'), jobs);
    if (resent.length) logger.warn({ batches: resent }, 'stalled code batches re-queued');
  },
};
