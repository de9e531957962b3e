import type { EntityManager } from '@mikro-orm/postgresql';
import { rateLimited } from './errors.js';

/**
 * Fixed-window counters kept in PostgreSQL (never in process memory, SPEC §12), so every API process
 * shares them. One statement increments and reads the bucket atomically.
 */
export async function hitRateLimit(em: EntityManager, key: string, limit: number, windowSeconds: number): Promise<{ count: number; retryAfter: number }> {
  const rows = await em.getConnection().execute<{ count: number; retry_after: number }[]>(
    `insert into rate_limit_bucket as b (key, count, window_start) values (?, 1, now())
     on conflict (key) do update set
       count = case when b.window_start < now() - make_interval(secs => ?) then 1 else b.count + 1 end,
       window_start = case when b.window_start < now() - make_interval(secs => ?) then now() else b.window_start end
     returning count, greatest(1, ceil(extract(epoch from (b.window_start + make_interval(secs => ?) - now()))))::int as retry_after`,
    [key, windowSeconds, windowSeconds, windowSeconds],
  );
  return { count: Number(rows[0].count), retryAfter: Number(rows[0].retry_after) };
}

/** Throws RATE_LIMITED when the key already had `limit` hits within the window. */
export async function assertNotThrottled(em: EntityManager, key: string, limit: number, windowSeconds: number): Promise<void> {
  const rows = await em.getConnection().execute<{ count: number; retry_after: number }[]>(
    `select count, greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => ?) - now()))))::int as retry_after
     from rate_limit_bucket where key = ? and window_start >= now() - make_interval(secs => ?)`,
    [windowSeconds, key, windowSeconds],
  );
  if (rows.length && Number(rows[0].count) >= limit) throw rateLimited(Number(rows[0].retry_after));
}

export async function clearRateLimit(em: EntityManager, key: string): Promise<void> {
  await em.getConnection().execute('delete from rate_limit_bucket where key = ?', [key]);
}
