import { createHash } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from './errors.js';

/**
 * Throttling counters in PostgreSQL (never in process memory, SPEC §12), kept by rate-limiter-flexible's
 * RateLimiterPostgres in the table `rate_limit` (key, points, expire in epoch ms), so every API process
 * shares them. A hit is one atomic upsert that counts the attempt and answers the new count: callers
 * consume first and then decide (never check-then-write), so parallel attempts cannot slip past a limit.
 * Each statement takes a pooled connection for itself and gives it back: call these while holding no
 * other connection (outside a transaction, or with `rootEm` from a self-transactional mutation).
 */
export const RATE_LIMIT_TABLE = 'rate_limit';

export interface RateLimitHit {
  /** Attempts counted in the current window, this one included. */
  count: number;
  /** Whether this attempt is within the limit (count ≤ limit). */
  allowed: boolean;
  /** Seconds until the window ends. */
  retryAfter: number;
}

// A limiter object holds configuration only (its counts live in PostgreSQL): one per pool, limit and window.
const limiters = new WeakMap<object, Map<string, RateLimiterPostgres>>();

function limiterFor(em: EntityManager, limit: number, windowSeconds: number): RateLimiterPostgres {
  const knex = em.getConnection().getKnex() as Knex;
  let byShape = limiters.get(knex);
  if (!byShape) limiters.set(knex, (byShape = new Map()));
  const shape = `${limit}/${windowSeconds}`;
  let limiter = byShape.get(shape);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: knex,
      storeType: 'knex',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      // Keys are the callers' own ('login:email:…', 'voucher-guess:…'), stored as given.
      keyPrefix: '',
      points: limit,
      duration: windowSeconds,
      clearExpiredByTimeout: false,
    });
    byShape.set(shape, limiter);
  }
  return limiter;
}

/** The stored key: the caller's key, shortened with its SHA-256 when it would not fit the column. */
export function rateLimitKey(key: string): string {
  return key.length <= 200 ? key : `${key.slice(0, 100)}#${createHash('sha256').update(key).digest('hex')}`;
}

const secondsLeft = (msBeforeNext: number): number => Math.max(1, Math.ceil(msBeforeNext / 1000));

/** Counts one attempt against `key` (one atomic statement) and answers the count, whether it is allowed and the retry hint. */
export async function hitRateLimit(em: EntityManager, key: string, limit: number, windowSeconds: number): Promise<RateLimitHit> {
  try {
    const res = await limiterFor(em, limit, windowSeconds).consume(rateLimitKey(key));
    return { count: res.consumedPoints, allowed: true, retryAfter: secondsLeft(res.msBeforeNext) };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { count: error.consumedPoints, allowed: false, retryAfter: secondsLeft(error.msBeforeNext) };
    throw error;
  }
}

/** Counts one attempt and throws RATE_LIMITED (with retryAfter) when it is past the limit. */
export async function consumeRateLimit(em: EntityManager, key: string, limit: number, windowSeconds: number, message?: string): Promise<RateLimitHit> {
  const hit = await hitRateLimit(em, key, limit, windowSeconds);
  if (!hit.allowed) throw rateLimited(hit.retryAfter, message);
  return hit;
}

/** Gives back one counted attempt (e.g. an attempt that turned out not to count). */
export async function refundRateLimit(em: EntityManager, key: string, limit: number, windowSeconds: number): Promise<void> {
  await limiterFor(em, limit, windowSeconds).reward(rateLimitKey(key), 1);
}

/** Forgets every attempt counted against `key` (e.g. after a successful sign-in). */
export async function clearRateLimit(em: EntityManager, key: string): Promise<void> {
  await limiterFor(em, 1, 1).delete(rateLimitKey(key));
}

/**
 * Throws RATE_LIMITED when `key` has already used up its limit in the current window. A read only, on the
 * entity manager's own connection (inside its transaction, if any): for callers that must not wait for a
 * second connection; the attempt itself is then counted with `hitRateLimit`.
 */
export async function assertNotThrottled(em: EntityManager, key: string, limit: number): Promise<void> {
  const rows = await em.getConnection().execute<{ points: number; expire: string | null }[]>(
    `select points, expire from "${RATE_LIMIT_TABLE}" where key = ?`, [rateLimitKey(key)], 'all', em.getTransactionContext());
  const row = rows[0];
  if (!row) return;
  const msLeft = row.expire == null ? Number.POSITIVE_INFINITY : Number(row.expire) - Date.now();
  if (msLeft > 0 && Number(row.points) >= limit) throw rateLimited(secondsLeft(Number.isFinite(msLeft) ? msLeft : 1000));
}
