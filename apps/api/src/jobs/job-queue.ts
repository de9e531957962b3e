// Background work on pg-boss (SPEC §12): queues live in PostgreSQL (schema `pgboss`), so any API
// process can enqueue and any process started with workers on (PERKFLOW_WORKERS, default on) runs them.
// A module declares its jobs as JobDefinitions in modules/index.ts (`jobDefinitions`).
import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';

export const JOB_SCHEMA = 'pgboss';
/** A long job records a heartbeat in its own row with every committed chunk; older than this, it is stalled (its worker died). */
export const STALLED_AFTER_SECONDS = 30;
/** How often the sweepers look for stalled work (and re-queue it, resuming from the last committed chunk). */
export const SWEEP_EVERY_SECONDS = 15;

/** Whether a job's row, RUNNING with this heartbeat, has stalled. */
export function isStalled(running: boolean, heartbeatAt: Date | null | undefined, now = Date.now()): boolean {
  return running && (!heartbeatAt || now - heartbeatAt.getTime() > STALLED_AFTER_SECONDS * 1000);
}

/** What a job handler gets: the ORM (fork an EntityManager per unit of work), the queue, config and a logger. */
export interface JobDeps {
  orm: MikroORM;
  jobs: JobQueue;
  config: AppConfig;
  logger: Logger;
}

export interface JobDefinition<T extends object = Record<string, unknown>> {
  /** Queue name, `<module>.<job>` (e.g. `campaigns.generate-codes`). */
  queue: string;
  /**
   * Runs one job. Handlers must be idempotent and resumable: a job may run again after a crash
   * (pg-boss retries it), so keep progress in the database and skip what is already done.
   */
  handle(data: T, deps: JobDeps): Promise<void>;
  /** Optional cron schedule (5 fields, in `tz`, default UTC): pg-boss sends the job on schedule, once across processes. */
  schedule?: { cron: string; tz?: string; data?: T };
  /**
   * Optional short period (cron's minute is too coarse for sweepers): every working process sends the job
   * this often, throttled by pg-boss to one job per period across all processes; any worker runs it.
   */
  everySeconds?: number;
  retryLimit?: number;
  expireInSeconds?: number;
}

export interface JobQueue {
  /**
   * Enqueues a job now. Inside a mutation prefer `ctx.afterCommit(() => ctx.jobs.send(...))` so the job
   * never sees uncommitted rows; a job must tolerate running for a record that was since changed.
   */
  send<T extends object>(queue: string, data: T, options?: { singletonKey?: string; singletonSeconds?: number; startAfter?: number | Date }): Promise<string | null>;
  /** True when this process runs workers. */
  readonly working: boolean;
  /** The underlying pg-boss instance (for tests and tools). */
  readonly boss: PgBoss;
  stop(): Promise<void>;
}

function bossOptions(connectionString: string, overrides: PgBoss.ConstructorOptions = {}): PgBoss.ConstructorOptions {
  return { connectionString, schema: JOB_SCHEMA, max: 4, application_name: 'perkflow-jobs', ...overrides };
}

/** Creates or upgrades pg-boss's own tables (called from `migrate`, under the migration lock). */
export async function installJobSchema(connectionString: string): Promise<void> {
  const boss = new PgBoss(bossOptions(connectionString, { supervise: false, schedule: false, max: 1 }));
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

/** Starts pg-boss, creates the declared queues, and (when `working`) registers workers and schedules. */
export async function startJobs(options: {
  connectionString: string;
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  definitions: readonly JobDefinition<never>[];
  working: boolean;
}): Promise<JobQueue> {
  const { connectionString, orm, config, logger, definitions, working } = options;
  const boss = new PgBoss(bossOptions(connectionString, { supervise: working, schedule: working, migrate: false }));
  // pg-boss reports a lost database here (and keeps polling: it reconnects by itself once the database is back).
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  const timers: NodeJS.Timeout[] = [];
  const queue: JobQueue = {
    send: (name, data, sendOptions) => boss.send(name, data, { ...(sendOptions ?? {}) }),
    working,
    boss,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      // Waits up to the bound for running jobs (each commits per chunk, so an interrupted one resumes later).
      await boss.stop({ graceful: true, wait: true, timeout: JOB_DRAIN_MS });
    },
  };
  for (const definition of definitions as readonly JobDefinition[]) {
    if (!(await boss.getQueue(definition.queue))) {
      await boss
        .createQueue(definition.queue, {
          name: definition.queue,
          retryLimit: definition.retryLimit ?? 3,
          retryDelay: 2,
          retryBackoff: true,
          expireInSeconds: definition.expireInSeconds ?? 15 * 60,
        })
        .catch(async (error: unknown) => {
          // another process created it at the same moment
          if (!(await boss.getQueue(definition.queue))) throw error;
        });
    }
    if (!working) continue;
    await boss.work<Record<string, unknown>>(definition.queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (!job) return;
      logger.debug({ queue: definition.queue, id: job.id }, 'job started');
      try {
        await definition.handle(job.data, { orm, jobs: queue, config, logger });
      } catch (error) {
        // Logged here, then rethrown so pg-boss records the failure and retries (handlers are resumable).
        logger.error({ err: error, queue: definition.queue, id: job.id }, 'job failed');
        throw error;
      }
    });
    if (definition.schedule) {
      const { cron, tz, data } = definition.schedule;
      await boss.schedule(definition.queue, cron, data ?? {}, { tz: tz ?? 'UTC' }).catch((error: unknown) => logger.error({ err: error, queue: definition.queue }, 'job schedule not registered'));
    }
    if (definition.everySeconds) {
      const period = definition.everySeconds;
      const tick = () =>
        boss
          .send(definition.queue, {}, { singletonKey: 'every', singletonSeconds: period })
          .catch((error: unknown) => logger.warn({ err: error, queue: definition.queue }, 'periodic job not sent'));
      const timer = setInterval(tick, period * 1000);
      timer.unref();
      timers.push(timer);
      void tick();
    }
  }
  return queue;
}

/** How long `stop()` waits for running jobs. */
export const JOB_DRAIN_MS = 10_000;
