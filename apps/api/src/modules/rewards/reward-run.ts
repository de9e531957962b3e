/**
 * Reward runs (SPEC §4): every unprocessed customer event against every effective BATCH offer.
 *
 * Life of a run: `startRewardRun` records it QUEUED (at most one run is active: a partial unique index),
 * the caller enqueues the `rewards.run` pg-boss job after commit, and whichever worker gets the job
 * executes it. A worker first takes the run's lease — a transaction-level advisory lock held on one
 * connection for as long as it works — then claims it (RUNNING) and processes events in batches.
 *
 * The run's high-water mark is taken at the claim (a brief SHARE lock on customer_event waits for every
 * transaction still inserting events, so each id up to it is committed). Batches are event-id ranges from
 * where the evaluated ranges end up to the mark; a batch commits its awards and the run's counters, then
 * records its range in `reward_run_batch` (an event is processed once a committed range covers it). A run
 * killed mid-way loses its lease with its connection: the next `startRewardRun` (or pg-boss's retry of the
 * job) sees a RUNNING run whose lease is free, marks it ABANDONED, and the new run resumes after the last
 * recorded range. Even an event evaluated twice awards nothing twice: unique (offer, event) and, for ONLY_ONE
 * offers, unique (offer, participant); a range evaluated again inserts with ON CONFLICT DO NOTHING.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { liftLimitsForJob } from '../../database/statement-limits.js';
import { asSystem } from '../../database/visibility.js';
import { STALLED_AFTER_SECONDS, SWEEP_EVERY_SECONDS, type JobDefinition } from '../../jobs/job-queue.js';
import { evaluatedUpTo, loadEffectiveOffers, runNodeBatch, sqlOf, type Sql } from './reward-engine.js';
import { canRunInSql, runSqlBatch } from './reward-sql.js';
import type { RewardRunState } from './wallet.entity.js';

export const REWARD_RUN_QUEUE = 'rewards.run';
/** First key of the two-key advisory lock that is a run's lease (the second is the run id). */
const LEASE_LOCK_CLASS = 7314;
export const ACTIVE_RUN_STATES: readonly RewardRunState[] = ['QUEUED', 'RUNNING'];

export interface RewardRunRow {
  id: string;
  state: RewardRunState;
  trigger: string;
  started_at: Date;
  claimed_at: Date | null;
  finished_at: Date | null;
  heartbeat_at: Date | null;
  events_processed: number;
  awards_created: number;
  total_awarded: string;
  batches: number;
  error: string | null;
}

const RUN_COLUMNS = `id::text, state, trigger, started_at, claimed_at, finished_at, heartbeat_at, events_processed, awards_created, total_awarded::text, batches, error`;

export async function loadRun(sql: Sql, runId: string): Promise<RewardRunRow | null> {
  const [row] = await sql.all<RewardRunRow>(`select ${RUN_COLUMNS} from reward_run where id = ?::bigint`, [runId]);
  return row ?? null;
}

/**
 * Marks RUNNING runs whose lease is free — the process running them died — as ABANDONED.
 * (Inside a transaction the probe's lock is held until it commits; in autocommit it is released at once.)
 */
export async function reapDeadRuns(sql: Sql): Promise<string[]> {
  const rows = await sql.all<{ id: string }>(
    `update reward_run set state = 'ABANDONED', finished_at = now(),
            error = 'the process running it stopped; the next run processes its remaining events'
      where state = 'RUNNING' and pg_try_advisory_xact_lock(?, id::int) returning id::text`,
    [LEASE_LOCK_CLASS],
  );
  return rows.map((r) => r.id);
}

/**
 * Records a new QUEUED run, or returns the run already active (`created: false`). The caller enqueues
 * the job (after its transaction commits) or calls `executeRewardRun` itself.
 */
export async function startRewardRun(sql: Sql, trigger: string): Promise<{ run: RewardRunRow; created: boolean; abandoned: string[] }> {
  const abandoned = await reapDeadRuns(sql);
  const [inserted] = await sql.all<RewardRunRow>(
    `insert into reward_run (state, trigger, started_at) values ('QUEUED', ?, now()) on conflict do nothing returning ${RUN_COLUMNS}`,
    [trigger],
  );
  if (inserted) return { run: inserted, created: true, abandoned };
  const [active] = await sql.all<RewardRunRow>(`select ${RUN_COLUMNS} from reward_run where state in ('QUEUED', 'RUNNING') order by id limit 1`);
  // The active run finished between the insert and this read: try once more.
  if (!active) return startRewardRun(sql, trigger);
  return { run: active, created: false, abandoned };
}

export interface RewardRunOptions {
  /** Event ids per batch (default 200000 on the set-based path, 10000 when evaluated in Node). */
  batchSize?: number;
  /** Offers evaluated at once on the set-based path, each on its own connection (default 2). */
  parallel?: number;
  /** Called with the duration of each step of a set-based batch (benchmarks). */
  profile?: (step: string, ms: number) => void;
  /** Force the evaluation path (default: set-based whenever every effective offer translates to SQL). */
  path?: 'sql' | 'node';
  /** Called after each committed batch (progress, tests, benchmarks). */
  onBatch?: (progress: { runId: string; batch: number; eventsProcessed: number; awardsCreated: number }) => void | Promise<void>;
  /** The instant awards are created at (default: the time each batch is evaluated). */
  now?: () => Date;
}

export interface RewardRunSummary {
  id: string;
  eventsProcessed: number;
  awardsCreated: number;
  totalAwarded: string;
  batches: number;
}

/**
 * Executes a run: takes its lease, claims it, processes batches until no unprocessed event up to the
 * run's high-water mark is left, and finishes it. Returns null when another live process holds the run
 * or the run is no longer active (finished, failed or abandoned).
 */
export async function executeRewardRun(rootEm: EntityManager, runId: string, options: RewardRunOptions = {}): Promise<RewardRunSummary | null> {
  return rootEm.fork({ disableContextResolution: true }).transactional(async (leaseTx) => {
    const [lease] = await sqlOf(leaseTx).all<{ ok: boolean }>('select pg_try_advisory_xact_lock(?, ?::int) as ok', [LEASE_LOCK_CLASS, runId]);
    if (!lease?.ok) return null;
    // The lease transaction idles for as long as the run works: lift the API pool's idle bound for it.
    await liftLimitsForJob((statement) => sqlOf(leaseTx).all(statement));
    const em = rootEm.fork({ disableContextResolution: true });
    const sql = sqlOf(em);
    // The run's high-water mark: a brief SHARE lock waits for every transaction still inserting events, so
    // each id up to the mark is committed (or gone) and a range once evaluated never gains an event later.
    const highWater = await em.fork({ disableContextResolution: true }).transactional(async (tx) => {
      const txSql = sqlOf(tx);
      await txSql.all('lock table customer_event in share mode');
      const [row] = await txSql.all<{ id: string | null }>('select max(id)::text as id from customer_event');
      return row!.id;
    });
    const [run] = await sql.all<{ id: string; max_event_id: string | null; events_processed: number; awards_created: number; batches: number }>(
      `update reward_run set state = 'RUNNING', claimed_at = coalesce(claimed_at, now()), heartbeat_at = now(),
              max_event_id = coalesce(max_event_id, ?::bigint)
        where id = ?::bigint and state in ('QUEUED', 'RUNNING')
        returning id::text, max_event_id::text, events_processed, awards_created, batches`,
      [highWater, runId],
    );
    if (!run) return null;
    const summary: RewardRunSummary = { id: runId, eventsProcessed: run.events_processed, awardsCreated: run.awards_created, totalAwarded: '0', batches: run.batches };
    try {
      const offers = await loadEffectiveOffers(sql);
      const inSql = options.path ? options.path === 'sql' : canRunInSql(offers);
      if (inSql && !canRunInSql(offers)) throw new Error('the effective offers need the Node evaluation path');
      const batchSize = BigInt(options.batchSize ?? (inSql ? 200_000 : 10_000));
      // Only events that existed when the run was claimed: a steady stream of new events cannot keep it going.
      const maxEvent = BigInt(run.max_event_id ?? 0);
      // Resumes where the evaluated ranges end (a killed run's committed batches stay done).
      for (let afterId = BigInt(await evaluatedUpTo(sql)); afterId < maxEvent; ) {
        const upTo = afterId + batchSize < maxEvent ? afterId + batchSize : maxEvent;
        const now = options.now?.() ?? new Date();
        const batch = { runId, afterId: afterId.toString(), upToId: upTo.toString(), now };
        const done = inSql
          ? await runSqlBatch(em, offers, { ...batch, parallel: options.parallel ?? 2, profile: options.profile })
          : await em.fork({ disableContextResolution: true }).transactional(async (tx) => {
              const txSql = sqlOf(tx);
              await liftLimitsForJob((statement) => txSql.all(statement));
              const result = await runNodeBatch(txSql, offers, batch);
              await txSql.all(
                `update reward_run set events_processed = events_processed + ?, awards_created = awards_created + ?, total_awarded = total_awarded + ?::numeric,
                        batches = batches + 1, heartbeat_at = now() where id = ?::bigint`,
                [result.events, result.created, result.total, runId],
              );
              return result;
            });
        afterId = upTo;
        summary.batches += 1;
        summary.eventsProcessed += done.events;
        summary.awardsCreated += done.created;
        await options.onBatch?.({ runId, batch: summary.batches, eventsProcessed: summary.eventsProcessed, awardsCreated: summary.awardsCreated });
      }
      const [finished] = await sql.all<{ total: string }>(
        `update reward_run set state = 'FINISHED', finished_at = now() where id = ?::bigint returning total_awarded::text as total`,
        [runId],
      );
      summary.totalAwarded = finished!.total;
      return summary;
    } catch (error) {
      await sql.all(`update reward_run set state = 'FAILED', finished_at = now(), error = ? where id = ?::bigint`, [String((error as Error).message ?? error).slice(0, 2000), runId]);
      throw error;
    }
  });
}

/** Starts (or joins the active) run and executes it in this process: the demo seed, tools and tests. */
export async function runRewardsNow(rootEm: EntityManager, trigger: string, options: RewardRunOptions = {}): Promise<RewardRunSummary | null> {
  const { run } = await startRewardRun(sqlOf(rootEm.fork({ disableContextResolution: true })), trigger);
  return executeRewardRun(rootEm, run.id, options);
}

/** Polls a run until it is no longer active, or the time is up; returns its latest state. */
export async function waitForRun(sql: Sql, runId: string, timeoutMs: number): Promise<RewardRunRow | null> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await loadRun(sql, runId);
    if (!run || !ACTIVE_RUN_STATES.includes(run.state) || Date.now() >= until) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Re-queues runs nobody works on: QUEUED or RUNNING, no progress for STALLED_AFTER_SECONDS, and their
 * lease free (the process running them died, or their job was lost). The job resumes after the last
 * recorded range. The claim moves the heartbeat in the same statement, so concurrent sweepers re-queue a
 * run once; a live run's lease (held by its worker) keeps it out even when a long batch delays its heartbeat.
 */
export async function sweepRewardRuns(sql: Sql, send: (runId: string) => Promise<unknown>): Promise<string[]> {
  const rows = await sql.all<{ id: string }>(
    `update reward_run set heartbeat_at = now()
      where state in ('QUEUED', 'RUNNING') and coalesce(heartbeat_at, claimed_at, started_at) < now() - make_interval(secs => ?)
        and pg_try_advisory_xact_lock(?, id::int)
      returning id::text`,
    [STALLED_AFTER_SECONDS, LEASE_LOCK_CLASS],
  );
  for (const row of rows) await send(row.id);
  return rows.map((r) => r.id);
}

export const sweepRewardRunsJob: JobDefinition<Record<string, never>> = {
  queue: 'rewards.sweep-runs',
  everySeconds: SWEEP_EVERY_SECONDS,
  async handle(_data, { orm, jobs, logger }) {
    const sql = sqlOf(orm.em.fork({ disableContextResolution: true }) as unknown as EntityManager);
    const resent = await sweepRewardRuns(sql, (runId) => jobs.send(REWARD_RUN_QUEUE, { runId }, { singletonKey: `run-${runId}`, singletonSeconds: STALLED_AFTER_SECONDS }));
    if (resent.length) logger.warn({ runs: resent }, 'stalled reward runs re-queued');
  },
};

/**
 * The pg-boss job: executes the given run, or (on the nightly schedule) starts one. Idempotent: a retry
 * of a run someone else finished or still runs does nothing; a retry of a run whose process died resumes it.
 */
export const rewardRunJob: JobDefinition<{ runId?: string; trigger?: string }> = {
  queue: REWARD_RUN_QUEUE,
  retryLimit: 3,
  expireInSeconds: 4 * 60 * 60,
  schedule: { cron: '30 2 * * *', tz: 'UTC', data: { trigger: 'SCHEDULE' } },
  async handle(data, { orm, logger }) {
    const em = asSystem(orm.em.fork({ disableContextResolution: true }) as unknown as EntityManager, 'job: reward run');
    const runId = data.runId ?? (await startRewardRun(sqlOf(em), data.trigger ?? 'JOB')).run.id;
    const summary = await executeRewardRun(em, runId);
    logger.info({ runId, summary }, summary ? 'reward run finished' : 'reward run not claimed (finished or held elsewhere)');
  },
};
