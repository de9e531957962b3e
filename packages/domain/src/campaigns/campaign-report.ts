// The figures of the campaign report (SPEC §8): the month in the campaign's time zone, the month-end
// variance of the discount applied against the budget, the redemption rate and the daily burn-down.
// Pure: the API gathers the counts and sums with SQL and hands them over.
import { DateTime } from 'luxon';
import { formatMoney, Money } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';
import type { BudgetPeriod } from './budget.js';

export interface ReportMonth {
  /** "YYYY-MM" */
  key: string;
  /** First instant of the month in the time zone (UTC Date). */
  start: Date;
  /** First instant of the next month (exclusive). */
  end: Date;
  /** Every calendar day of the month, "YYYY-MM-DD". */
  days: string[];
}

/** A calendar month ("YYYY-MM") in an IANA time zone, as a half-open window of UTC instants. */
export function reportMonth(month: string, timeZone: string): Result<ReportMonth, 'INVALID_MONTH'> {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return fail('INVALID_MONTH', `month must be "YYYY-MM" (e.g. "2026-11"); got ${JSON.stringify(month)}`, 'month');
  const start = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: timeZone });
  if (!start.isValid) return fail('INVALID_MONTH', `${JSON.stringify(timeZone)} is not an IANA time zone`, 'month');
  const days = Array.from({ length: start.daysInMonth! }, (_, i) => start.plus({ days: i }).toFormat('yyyy-MM-dd'));
  return succeed({ key: month, start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate(), days });
}

/** The months from `from` to `to` inclusive ("YYYY-MM"), at most `max`. */
export function monthRange(from: string, to: string, max = 36): Result<string[], 'INVALID_MONTH'> {
  const parse = (m: string) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? DateTime.fromFormat(m, 'yyyy-MM', { zone: 'UTC' }) : null);
  const a = parse(from);
  const b = parse(to);
  if (!a) return fail('INVALID_MONTH', `from must be "YYYY-MM"; got ${JSON.stringify(from)}`, 'from');
  if (!b) return fail('INVALID_MONTH', `to must be "YYYY-MM"; got ${JSON.stringify(to)}`, 'to');
  const count = Math.round(b.diff(a, 'months').months) + 1;
  if (count < 1) return fail('INVALID_MONTH', `to (${to}) is before from (${from})`, 'to');
  if (count > max) return fail('INVALID_MONTH', `at most ${max} months at once; asked for ${count}`, 'to');
  return succeed(Array.from({ length: count }, (_, i) => a.plus({ months: i }).toFormat('yyyy-MM')));
}

export interface ReportInputs {
  period: BudgetPeriod | null;
  currency: string;
  /** The budget of the month (MONTH) or of the campaign's life (TOTAL); null without a budget. */
  budget: string | null;
  /** Discount applied by the month's redemptions (successful, not test, not rolled back). */
  applied: string;
  /** Discount applied from the campaign's start to the end of the month (TOTAL budgets compare this). */
  appliedToDate: string;
  redemptions: number;
  codesIssued: number;
  codesGenerated: number;
}

export interface ReportFigures {
  budget: string | null;
  applied: string;
  appliedToDate: string;
  /**
   * applied − budget at month end (negative: under budget, positive: over). For a TOTAL budget the
   * applied amount to date is compared with the whole budget. Null without a budget.
   */
  variance: string | null;
  /** redemptions ÷ codes issued in the month; when none were issued, ÷ codes generated; 0 when there are no codes. */
  redemptionRate: number;
}

export function reportFigures(input: ReportInputs): ReportFigures {
  const { currency } = input;
  const compared = input.period === 'TOTAL' ? input.appliedToDate : input.applied;
  const denominator = input.codesIssued > 0 ? input.codesIssued : input.codesGenerated;
  return {
    budget: input.budget == null ? null : formatMoney(input.budget, currency),
    applied: formatMoney(input.applied, currency),
    appliedToDate: formatMoney(input.appliedToDate, currency),
    variance: input.budget == null ? null : formatMoney(new Money(compared).minus(input.budget), currency),
    redemptionRate: denominator > 0 ? Math.round((input.redemptions / denominator) * 10_000) / 10_000 : 0,
  };
}

export interface DayFigures {
  redemptions: number;
  applied: string;
}

export interface BurnDownDay {
  date: string;
  redemptions: number;
  applied: string;
  /** Budget left at the end of the day; null without a budget or for days still to come. */
  remaining: string | null;
}

/**
 * Per day of the month: redemptions, discount applied and the budget left at the end of the day,
 * starting from `opening` (the month's budget for MONTH; for TOTAL what was left when the month began).
 */
export function burnDown(input: { days: string[]; perDay: ReadonlyMap<string, DayFigures>; opening: string | null; currency: string; today: string }): BurnDownDay[] {
  let left = input.opening == null ? null : new Money(input.opening);
  return input.days.map((date) => {
    const day = input.perDay.get(date) ?? { redemptions: 0, applied: '0' };
    if (left) left = left.minus(day.applied);
    return {
      date,
      redemptions: day.redemptions,
      applied: formatMoney(day.applied, input.currency),
      remaining: left && date <= input.today ? formatMoney(left, input.currency) : null,
    };
  });
}
