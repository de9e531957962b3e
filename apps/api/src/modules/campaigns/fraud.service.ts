import type { RejectionReason } from '@perkflow/domain';
import type { Knex } from '@mikro-orm/postgresql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { GraphQLContext } from '../../graphql/context.js';
import { rateLimited } from '../../graphql/errors.js';
import { raiseReviewFlag } from './review-flags.service.js';

/**
 * Fraud and abuse controls on validate/redeem (SPEC §5, §10). Failed attempts are counted per customer
 * and per API client with rate-limiter-flexible's RateLimiterPostgres (table `redeem_failure_limit`,
 * shared by every API process; nothing in process memory). The check itself reads that table inside the
 * one query that loads the redemption context (redemption.service.ts), so it costs no round trip.
 */
/** The limits: `config.redemptionFraud` (PERKFLOW_REDEEM_FAILURES_PER_CUSTOMER, …, see config.ts). */
function fraudLimits(ctx: GraphQLContext) {
  const f = ctx.config.redemptionFraud;
  return {
    customerFailures: { points: f.failuresPerCustomer, duration: 600 },
    clientFailures: { points: f.failuresPerClient, duration: 600 },
    manyCodesOneCustomer: f.manyCodesOneCustomer,
    velocityPerHour: f.velocityPerHour,
  };
}

export const FAILURE_TABLE = 'redeem_failure_limit';

/** Refusals that say something about the caller, not about the campaign's own state: these count as failed attempts. */
const COUNTED: ReadonlySet<RejectionReason> = new Set<RejectionReason>([
  'CODE_NOT_FOUND', 'NOT_STARTED', 'EXPIRED', 'CODE_DISABLED', 'CODE_LIMIT_REACHED', 'CUSTOMER_LIMIT_REACHED', 'NOT_ELIGIBLE',
  'MIN_SPEND_NOT_MET', 'PRODUCT_NOT_APPLICABLE', 'UNIT_NOT_ALLOWED', 'NOT_STACKABLE', 'CUSTOMER_BLACKLISTED', 'NOT_ASSIGNED_TO_CUSTOMER',
]);

interface Limiters {
  customer: RateLimiterPostgres;
  client: RateLimiterPostgres;
}

// The limiter objects hold configuration only (their counts live in PostgreSQL): one pair per connection pool.
const limiters = new WeakMap<object, Limiters>();

function limitersFor(ctx: GraphQLContext): Limiters {
  const knex = ctx.rootEm.getConnection().getKnex() as Knex;
  let found = limiters.get(knex);
  if (!found) {
    const FRAUD_LIMITS = fraudLimits(ctx);
    const common = { storeClient: knex, storeType: 'knex', tableName: FAILURE_TABLE, tableCreated: true, clearExpiredByTimeout: false };
    found = {
      customer: new RateLimiterPostgres({ ...common, keyPrefix: 'customer', points: FRAUD_LIMITS.customerFailures.points, duration: FRAUD_LIMITS.customerFailures.duration }),
      client: new RateLimiterPostgres({ ...common, keyPrefix: 'client', points: FRAUD_LIMITS.clientFailures.points, duration: FRAUD_LIMITS.clientFailures.duration }),
    };
    limiters.set(knex, found);
  }
  return found;
}

/** The API client a request counts against: its API key, else the signed-in user. */
export function clientOf(ctx: GraphQLContext): string {
  const v = ctx.viewer!;
  return v.apiKeyId ? `key${v.apiKeyId}` : `user${v.id}`;
}

/** The keys (as stored by the limiters) the context query reads. */
export function throttleKeys(ctx: GraphQLContext, customerId: string | null): { customer: string; client: string } {
  return { customer: `customer:${customerId ?? '-'}`, client: `client:${clientOf(ctx)}` };
}

/** Throws RATE_LIMITED (with retryAfter: when the 10-minute window ends) when a stored count ("points:expireMs") is at its limit. */
export function assertNotThrottled(ctx: GraphQLContext, customerState: string | null, clientState: string | null): void {
  if (!customerState && !clientState) return;
  const FRAUD_LIMITS = fraudLimits(ctx);
  const check = (state: string | null, limit: number, who: string) => {
    if (!state) return;
    const [points, expire] = state.split(':').map(Number);
    if (points >= limit) {
      const retryAfter = Math.max(1, Math.ceil(((expire || Date.now() + 1000) - Date.now()) / 1000));
      throw rateLimited(retryAfter, `Too many failed attempts for this ${who}; try again in ${retryAfter} s`);
    }
  };
  check(customerState, FRAUD_LIMITS.customerFailures.points, 'customer');
  check(clientState, FRAUD_LIMITS.clientFailures.points, 'API client');
}

/** Counts one failure; true when the key has now reached its limit (throttling starts with the next attempt). */
async function consume(limiter: RateLimiterPostgres, key: string): Promise<boolean> {
  try {
    const res = await limiter.consume(key);
    return res.remainingPoints === 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return true;
    throw error;
  }
}

const hourBucket = (): string => new Date().toISOString().slice(0, 13);

/**
 * Importing a code that a campaign the importer may not see already holds is refused like any taken code
 * (codes are unique system-wide), which tells that the code exists: each such collision costs the client
 * one failed attempt, so this existence oracle is bounded exactly like guessing codes at checkout
 * (PERKFLOW_REDEEM_FAILURES_PER_CLIENT per 10 minutes). Past the budget: RATE_LIMITED.
 */
export async function chargeHiddenCollisions(ctx: GraphQLContext, collisions: number): Promise<void> {
  if (collisions <= 0) return;
  const l = limitersFor(ctx);
  try {
    const res = await l.client.consume(clientOf(ctx), collisions);
    if (res.remainingPoints > 0) return;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), 'Too many imported codes collide with codes you may not see; try again later');
  }
}

/**
 * After a decision: a refusal counts as a failed attempt for the customer and the client (a limit
 * crossed raises FAILED_ATTEMPTS); a redemption is checked for MANY_CODES_ONE_CUSTOMER and VELOCITY.
 * Flags are written on their own connection (they must survive whatever happens to the request).
 */
export async function recordOutcome(
  ctx: GraphQLContext,
  outcome: {
    reason: RejectionReason | null;
    customerId: string | null;
    campaignId: string | null;
    customerCap: number | null;
    customerRedemptions?: number | null;
    recentRedemptions?: number | null;
  },
): Promise<void> {
  const flag = (kind: string, subjectType: string, subjectId: string, message: string, dedupeKey: string) =>
    raiseReviewFlag(ctx.rootEm, { kind, subjectType, subjectId, message, dedupeKey }).catch((error: unknown) => ctx.logger.error({ err: error }, 'raising a review flag failed'));
  const FRAUD_LIMITS = fraudLimits(ctx);
  if (outcome.reason) {
    if (!COUNTED.has(outcome.reason)) return;
    const l = limitersFor(ctx);
    const client = clientOf(ctx);
    const [customerOver, clientOver] = await Promise.all([
      outcome.customerId ? consume(l.customer, outcome.customerId) : Promise.resolve(false),
      consume(l.client, client),
    ]);
    if (customerOver && outcome.customerId) {
      await flag('FAILED_ATTEMPTS', 'Customer', outcome.customerId,
        `Customer ${outcome.customerId} failed ${FRAUD_LIMITS.customerFailures.points} redemption attempts within ${FRAUD_LIMITS.customerFailures.duration / 60} minutes (last: ${outcome.reason}); throttled`,
        `FAILED_ATTEMPTS:Customer:${outcome.customerId}:${hourBucket()}`);
    }
    if (clientOver) {
      await flag('FAILED_ATTEMPTS', 'ApiClient', client,
        `API client ${client} failed ${FRAUD_LIMITS.clientFailures.points} redemption attempts within ${FRAUD_LIMITS.clientFailures.duration / 60} minutes (last: ${outcome.reason}); throttled`,
        `FAILED_ATTEMPTS:ApiClient:${client}:${hourBucket()}`);
    }
    return;
  }
  if (!outcome.customerId || !outcome.campaignId) return;
  const many = FRAUD_LIMITS.manyCodesOneCustomer;
  if ((outcome.customerRedemptions ?? 0) >= many && (outcome.customerCap == null || outcome.customerCap > many)) {
    await flag('MANY_CODES_ONE_CUSTOMER', 'Customer', outcome.customerId,
      `Customer ${outcome.customerId} has redeemed ${outcome.customerRedemptions} codes of campaign ${outcome.campaignId}`,
      `MANY_CODES_ONE_CUSTOMER:${outcome.campaignId}:${outcome.customerId}`);
  }
  if ((outcome.recentRedemptions ?? 0) >= FRAUD_LIMITS.velocityPerHour) {
    await flag('VELOCITY', 'Customer', outcome.customerId,
      `Customer ${outcome.customerId} redeemed ${outcome.recentRedemptions} codes within an hour`,
      `VELOCITY:${outcome.customerId}:${hourBucket()}`);
  }
}
