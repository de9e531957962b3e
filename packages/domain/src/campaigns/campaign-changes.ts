// Changes to a live campaign that need a FINANCE_MANAGER's approval (SPEC §5, §7): moving the hard
// expiry later (CAMPAIGN_EXTENSION) and growing the budget (BUDGET_INCREASE). Pure checks, used both
// when the request is opened and again when it is approved (the campaign may have changed meanwhile).
import { DateTime } from 'luxon';
import { currencyMinorUnits, Money, parseDecimal } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';
import type { CampaignState } from './campaign-state.js';

export type CampaignChangeRefusal = 'INVALID_VALUE' | 'NOT_LATER' | 'IN_THE_PAST' | 'NOT_LARGER' | 'NO_BUDGET' | 'CAMPAIGN_ENDED';

/** The longest a reason may be. */
export const MAX_CHANGE_REASON = 2000;

/** An instant shown in a time zone, e.g. "2026-12-31T23:59:59+02:00". */
export function showInZone(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at).setZone(timezone).toISO({ suppressMilliseconds: true }) ?? at.toISOString();
}

/**
 * A request to move the hard expiry to `newExpiresAt`: the campaign must not have ENDED, and the new
 * expiry must be later than the current one and in the future (instants compared in UTC).
 */
export function checkExtension(input: { state: CampaignState; expiresAt: Date; newExpiresAt: Date; timezone: string; now: Date }): Result<Date, CampaignChangeRefusal> {
  const { state, expiresAt, newExpiresAt, timezone, now } = input;
  if (state === 'ENDED') return fail('CAMPAIGN_ENDED', 'the campaign has ENDED; its expiry can no longer move');
  if (!(newExpiresAt instanceof Date) || Number.isNaN(newExpiresAt.getTime())) return fail('INVALID_VALUE', 'newExpiresAt is not a valid instant', 'newExpiresAt');
  if (newExpiresAt.getTime() <= expiresAt.getTime()) {
    return fail(
      'NOT_LATER',
      `an extension moves the expiry later: ${showInZone(newExpiresAt, timezone)} is not after the current expiry ${showInZone(expiresAt, timezone)} (${timezone})`,
      'newExpiresAt',
    );
  }
  if (newExpiresAt.getTime() <= now.getTime()) {
    return fail('IN_THE_PAST', `the new expiry ${showInZone(newExpiresAt, timezone)} (${timezone}) is already past`, 'newExpiresAt');
  }
  return succeed(newExpiresAt);
}

/**
 * A request to grow the budget per period to `newAmount` (a decimal string in the campaign currency,
 * at most its minor digits): the campaign must have a budget and must not have ENDED, and the new
 * amount must be larger. Returns the increase.
 */
export function checkBudgetIncrease(input: {
  state: CampaignState;
  currency: string;
  currentAmount: string | null | undefined;
  newAmount: string;
}): Result<{ newAmount: string; increase: string }, CampaignChangeRefusal> {
  const { state, currency, currentAmount, newAmount } = input;
  if (state === 'ENDED') return fail('CAMPAIGN_ENDED', 'the campaign has ENDED; its budget can no longer grow');
  if (currentAmount == null) return fail('NO_BUDGET', 'the campaign has no budget to increase', 'campaignId');
  const amount = parseDecimal(newAmount);
  const digits = currencyMinorUnits(currency);
  if (!amount || amount.isNegative()) return fail('INVALID_VALUE', `newAmount must be a positive decimal amount such as "1500.00"; got ${JSON.stringify(newAmount)}`, 'newAmount');
  if (amount.decimalPlaces() > digits) return fail('INVALID_VALUE', `newAmount has more than the ${digits} decimal places of ${currency}: ${newAmount}`, 'newAmount');
  const current = new Money(currentAmount);
  if (amount.lte(current)) {
    return fail('NOT_LARGER', `a budget increase must be larger than the current budget ${current.toFixed(digits)} ${currency}; got ${amount.toFixed(digits)}`, 'newAmount');
  }
  return succeed({ newAmount: amount.toFixed(digits), increase: amount.minus(current).toFixed(digits) });
}
