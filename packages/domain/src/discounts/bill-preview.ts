import { DateTime } from 'luxon';
import { Money, type MoneyValue, formatMoney, roundMoney } from '../shared/money.js';
import { inclusiveEndMs } from './definition.js';

export type BillingFrequency = 'MONTHLY' | 'QUARTERLY' | 'ANNUALLY';
export type DiscountApplication = 'AD_HOC' | 'AUTO_APPLY';
export type BillDiscountValueKind = 'AMOUNT' | 'AMOUNT_RANGE' | 'PERCENTAGE' | 'FREE_PERIOD';

const FREQUENCY_MONTHS: Record<BillingFrequency, number> = { MONTHLY: 1, QUARTERLY: 3, ANNUALLY: 12 };

/** The half-open billing period [start, end) of a subscription: start + one, three or twelve months. */
export function billingPeriodEnd(start: string, frequency: BillingFrequency): string {
  return DateTime.fromISO(start, { zone: 'UTC' }).plus({ months: FREQUENCY_MONTHS[frequency] }).toISODate() ?? start;
}

export interface BillLineInput {
  productId: string;
  productTypeId: string;
  /** Decimal string, e.g. "30.00". */
  amount: string;
}

/** The value, scope and validity of a discount (shared by ad hoc discounts and bill inputs). */
export interface DiscountTerms {
  /** AMOUNT / AMOUNT_RANGE: the amount per billing period. */
  amount?: string;
  /** PERCENTAGE: 0 < p ≤ 100, applied to each applicable line's amount. */
  percentage?: string;
  /** FREE_PERIOD: number of free days starting at `effectiveDate` (or at the period start). */
  freePeriodDays?: number;
  /** Empty = every line. */
  applicableProductIds: readonly string[];
  /** ISO instant or local date; inclusive. */
  effectiveDate?: string;
  /** ISO instant or local date; inclusive (a date includes its whole day, see `inclusiveEndMs`). */
  expirationDate?: string;
  onceOff?: boolean;
}

/** A discount to apply: an approved ad hoc discount or a matching auto-apply definition. */
export interface BillDiscountInput extends DiscountTerms {
  definitionId: string;
  /** Absent for auto-apply definitions. */
  adHocDiscountId?: string;
  valueKind: BillDiscountValueKind;
  /** A once-off discount already billed does not apply again. */
  consumed?: boolean;
}

export interface BillPreviewInput {
  currency: string;
  lines: readonly BillLineInput[];
  /** Subscriptions: the period start (local date) and frequency; jobs: omit. */
  period?: { start: string; frequency: BillingFrequency };
  /** Jobs (no period): the billing date used for validity checks. */
  billingDate?: string;
  /** Approved ad hoc discounts only (the caller filters by state). */
  adHocDiscounts: readonly BillDiscountInput[];
  /** Auto-apply definitions whose criteria the target meets. */
  autoApplyDiscounts: readonly BillDiscountInput[];
}

export interface AppliedDiscountOutput {
  application: DiscountApplication;
  definitionId: string;
  adHocDiscountId?: string;
  amount: string;
}

export interface BillLineOutput {
  productId: string;
  productTypeId: string;
  amount: string;
  discounts: AppliedDiscountOutput[];
  net: string;
}

export interface BillPreviewOutput {
  currency: string;
  periodStart?: string;
  periodEnd?: string;
  lines: BillLineOutput[];
  subtotal: string;
  discountTotal: string;
  total: string;
  /** Ids of once-off ad hoc discounts applied by this bill: billing records them as consumed. */
  consumedAdHocDiscountIds: string[];
}

function toDay(value: string): DateTime {
  return DateTime.fromISO(value, { zone: 'UTC' }).startOf('day');
}

function daysBetween(from: DateTime, to: DateTime): number {
  return Math.max(0, Math.round(to.diff(from, 'days').days));
}

/**
 * Computes a bill preview. Decisions (the spec is silent):
 * - discounts apply in order: ad hoc ones (in the given order), then auto-apply ones;
 * - a discount applies when its validity (from the effective day to the expiration inclusive) overlaps
 *   the billing period [start, end) at any point (no proration by days), or, for a job, contains the
 *   billing date;
 * - PERCENTAGE applies to the line's original amount; each discount is capped at the line's
 *   remaining net, so a line never goes below zero;
 * - AMOUNT / AMOUNT_RANGE spread over several applicable lines: consumed in line order until used up;
 * - FREE_PERIOD: free days [effective, effective + days) overlapping the period ÷ days in the period
 *   × line amount (a job has no period: a free period gives nothing);
 * - every amount is rounded half-even to the currency's minor unit.
 */
export function computeBillPreview(input: BillPreviewInput): BillPreviewOutput {
  const { currency } = input;
  const periodStart = input.period ? toDay(input.period.start) : undefined;
  const periodEndIso = input.period ? billingPeriodEnd(input.period.start, input.period.frequency) : undefined;
  const periodEnd = periodEndIso ? toDay(periodEndIso) : undefined;
  const lines = input.lines.map((line) => {
    const amount = roundMoney(line.amount, currency);
    return { line, amount, net: amount, discounts: [] as AppliedDiscountOutput[] };
  });
  const consumed: string[] = [];

  const validInBill = (d: BillDiscountInput): boolean => {
    const from = d.effectiveDate ? toDay(d.effectiveDate).toMillis() : undefined;
    const until = d.expirationDate ? inclusiveEndMs(d.expirationDate) : undefined;
    if (periodStart && periodEnd) {
      return (from === undefined || from < periodEnd.toMillis()) && (until === undefined || until > periodStart.toMillis());
    }
    const at = input.billingDate ? Date.parse(input.billingDate) : undefined;
    if (at === undefined) return true;
    return (from === undefined || from <= at) && (until === undefined || at < until);
  };

  const apply = (d: BillDiscountInput, application: DiscountApplication): void => {
    if (d.onceOff && d.consumed) return;
    if (!validInBill(d)) return;
    const targets = lines.filter(
      (l) => d.applicableProductIds.length === 0 || d.applicableProductIds.includes(l.line.productId),
    );
    let remaining: MoneyValue | undefined =
      d.valueKind === 'AMOUNT' || d.valueKind === 'AMOUNT_RANGE' ? roundMoney(d.amount ?? '0', currency) : undefined;
    let applied = false;
    for (const l of targets) {
      let wanted: MoneyValue;
      if (remaining !== undefined) {
        wanted = remaining;
      } else if (d.valueKind === 'PERCENTAGE') {
        wanted = roundMoney(l.amount.times(d.percentage ?? '0').dividedBy(100), currency);
      } else {
        wanted = freePeriodAmount(d, l.amount, periodStart, periodEnd, currency);
      }
      const take = Money.min(wanted, l.net);
      if (remaining !== undefined) remaining = remaining.minus(take);
      if (take.lte(0)) continue;
      l.net = l.net.minus(take);
      applied = true;
      l.discounts.push({
        application,
        definitionId: d.definitionId,
        ...(d.adHocDiscountId !== undefined ? { adHocDiscountId: d.adHocDiscountId } : {}),
        amount: formatMoney(take, currency),
      });
    }
    if (applied && d.onceOff && d.adHocDiscountId !== undefined) consumed.push(d.adHocDiscountId);
  };

  for (const d of input.adHocDiscounts) apply(d, 'AD_HOC');
  for (const d of input.autoApplyDiscounts) apply(d, 'AUTO_APPLY');

  const subtotal = lines.reduce((sum, l) => sum.plus(l.amount), new Money(0));
  const total = lines.reduce((sum, l) => sum.plus(l.net), new Money(0));
  return {
    currency,
    ...(input.period ? { periodStart: periodStart?.toISODate() ?? input.period.start, periodEnd: periodEndIso } : {}),
    lines: lines.map((l) => ({
      productId: l.line.productId,
      productTypeId: l.line.productTypeId,
      amount: formatMoney(l.amount, currency),
      discounts: l.discounts,
      net: formatMoney(l.net, currency),
    })),
    subtotal: formatMoney(subtotal, currency),
    discountTotal: formatMoney(subtotal.minus(total), currency),
    total: formatMoney(total, currency),
    consumedAdHocDiscountIds: consumed,
  };
}

function freePeriodAmount(
  d: BillDiscountInput,
  lineAmount: MoneyValue,
  periodStart: DateTime | undefined,
  periodEnd: DateTime | undefined,
  currency: string,
): MoneyValue {
  if (!periodStart || !periodEnd || !d.freePeriodDays) return new Money(0);
  const freeFrom = d.effectiveDate ? toDay(d.effectiveDate) : periodStart;
  const freeUntil = freeFrom.plus({ days: d.freePeriodDays });
  const overlapFrom = freeFrom > periodStart ? freeFrom : periodStart;
  const overlapUntil = freeUntil < periodEnd ? freeUntil : periodEnd;
  const freeDays = overlapUntil > overlapFrom ? daysBetween(overlapFrom, overlapUntil) : 0;
  const periodDays = daysBetween(periodStart, periodEnd);
  if (periodDays === 0) return new Money(0);
  return roundMoney(lineAmount.times(freeDays).dividedBy(periodDays), currency);
}
