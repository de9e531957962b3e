/**
 * A reward run (SPEC §4): evaluates every unprocessed customer event against every effective BATCH offer.
 *
 * Batches of events are claimed with `FOR UPDATE SKIP LOCKED` (so several workers may share a run's work),
 * and each batch commits its awards, its events' processed markers and the run's counters in ONE
 * transaction. A run killed mid-way therefore leaves whole batches done or not done: running again
 * picks up exactly the events without a marker, and the unique constraints on (offer, event) and on
 * (offer, participant) for ONLY_ONE offers would refuse a second award even if an event were evaluated
 * twice. A plain async function over the ORM's connection: the API mutation, a pg-boss worker, the demo
 * seed and the benchmark all call it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { evaluateEvents, insertAwards, loadEffectiveOffers, sqlOf, type EventRow } from './reward-engine.js';

export interface RewardRunOptions {
  trigger?: string;
  /** Events per transaction (default 5000). */
  batchSize?: number;
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

export async function runRewardRun(rootEm: EntityManager, options: RewardRunOptions = {}): Promise<RewardRunSummary> {
  const em = rootEm.fork({ disableContextResolution: true });
  const sql = sqlOf(em);
  const batchSize = options.batchSize ?? 5000;
  const [run] = await sql.all<{ id: string; max_event: string | null }>(
    `insert into reward_run (trigger) values (?) returning id::text, (select max(id)::text from customer_event where processed_at is null) as max_event`,
    [options.trigger ?? 'MANUAL'],
  );
  const runId = run!.id;
  const summary: RewardRunSummary = { id: runId, eventsProcessed: 0, awardsCreated: 0, totalAwarded: '0', batches: 0 };
  try {
    const offers = await loadEffectiveOffers(sql);
    // Only events that existed when the run started: a steady stream of new events cannot keep it going.
    const maxEvent = run!.max_event;
    while (maxEvent !== null) {
      const done = await em.fork({ disableContextResolution: true }).transactional(async (tx) => {
        const txSql = sqlOf(tx);
        const events = await txSql.all<EventRow>(
          `select id::text, customer_id::text, performed_at, amount::text, currency, unit_id::text
             from customer_event where processed_at is null and id <= ?::bigint
            order by id limit ? for update skip locked`,
          [maxEvent, batchSize],
        );
        if (!events.length) return null;
        const now = options.now?.() ?? new Date();
        const awards = await evaluateEvents(txSql, offers, events, 'BATCH', now);
        const inserted = await insertAwards(txSql, awards, runId, now);
        await txSql.all(
          `update customer_event set processed_at = ?::timestamptz, processed_by_run = ?::bigint where id = any(string_to_array(?, ',')::bigint[])`,
          [now.toISOString(), runId, events.map((e) => e.id).join(',')],
        );
        await txSql.all(
          `update reward_run set events_processed = events_processed + ?, awards_created = awards_created + ?, total_awarded = total_awarded + ?::numeric where id = ?::bigint`,
          [events.length, inserted.created, inserted.total, runId],
        );
        return { events: events.length, ...inserted };
      });
      if (!done) break;
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
}
