import { DateTime } from 'luxon';
import { Money, parseDecimal, type MoneyValue } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';

/** Contract enum BudgetPeriod. */
export type BudgetPeriod = 'MONTH' | 'TOTAL';

/** A half-open period [start, end) of UTC instants; `end` null when open-ended (TOTAL without expiry). */
export interface BudgetWindow {
  start: Date;
  end: Date | null;
  /** "YYYY-MM" (in the campaign's time zone) for MONTH, "TOTAL" for TOTAL; the key spend counters use. */
  key: string;
}

export interface CampaignLife {
  startsAt: Date;
  expiresAt?: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * The budget period containing `at`: for MONTH the calendar month in `timeZone` (IANA), so
 * 2026-01-31T22:30Z is in 2026-02 in Europe/Athens; for TOTAL the whole campaign life.
 */
/**
 * The budget period key at `at`: "YYYY-MM" of the calendar month in `timeZone` (IANA) for MONTH, "TOTAL" for
 * TOTAL; undefined when the zone is not an IANA zone. The key budget counters (campaign_budget_slot.period) use;
 * its SQL twin is perkflow_budget_period_key (covered by apps/api/test/redemption-parity.test.ts).
 */
export function budgetPeriodKey(period: BudgetPeriod, at: Date, timeZone: string): string | undefined {
  if (period === 'TOTAL') return 'TOTAL';
  const local = DateTime.fromJSDate(at).setZone(timeZone);
  return local.isValid ? local.toFormat('yyyy-MM') : undefined;
}

export function budgetWindow(
  period: BudgetPeriod,
  at: Date,
  timeZone: string,
  life: CampaignLife,
): Result<BudgetWindow, 'INVALID_TIME_ZONE'> {
  if (period === 'TOTAL') return succeed({ start: life.startsAt, end: life.expiresAt ?? null, key: 'TOTAL' });
  const local = DateTime.fromJSDate(at).setZone(timeZone);
  if (!local.isValid) return fail('INVALID_TIME_ZONE', `${JSON.stringify(timeZone)} is not an IANA time zone`, 'timeZone');
  const start = local.startOf('month');
  return succeed({ start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate(), key: budgetPeriodKey(period, at, timeZone)! });
}

/** amount − spent (may be negative when a concurrent redemption overshot). */
export function budgetRemaining(amount: string, spent: string): MoneyValue {
  return (parseDecimal(amount) ?? new Money(0)).minus(parseDecimal(spent) ?? new Money(0));
}

/**
 * True when the campaign must be paused (reason BUDGET_EXHAUSTED): what remains cannot pay the
 * smallest possible discount, or is below the configured threshold.
 */
export function mustPauseForBudget(remaining: MoneyValue, smallestDiscount: string, threshold?: string | null): boolean {
  const smallest = parseDecimal(smallestDiscount) ?? new Money(0);
  const limit = threshold == null ? undefined : parseDecimal(threshold);
  return remaining.lessThan(smallest) || remaining.lessThanOrEqualTo(0) || (limit !== undefined && remaining.lessThan(limit));
}

/** Average spend per day over the elapsed part of the window ([start, now)); 0 before any time elapsed. */
export function burnRatePerDay(spent: string, window: BudgetWindow, now: Date): MoneyValue {
  const elapsedMs = Math.min(now.getTime(), window.end?.getTime() ?? Infinity) - window.start.getTime();
  if (elapsedMs <= 0) return new Money(0);
  return (parseDecimal(spent) ?? new Money(0)).times(DAY_MS).dividedBy(elapsedMs);
}

/**
 * When the remaining budget runs out at the current burn rate; null when it is not projected to run
 * out before the window ends (or the rate is zero). Already exhausted → `now`.
 */
export function projectedExhaustion(remaining: MoneyValue, ratePerDay: MoneyValue, window: BudgetWindow, now: Date): Date | null {
  if (remaining.lessThanOrEqualTo(0)) return now;
  if (ratePerDay.lessThanOrEqualTo(0)) return null;
  const ms = remaining.dividedBy(ratePerDay).times(DAY_MS).toDecimalPlaces(0, Money.ROUND_CEIL).toNumber();
  const at = new Date(now.getTime() + ms);
  return window.end !== null && at.getTime() >= window.end.getTime() ? null : at;
}
