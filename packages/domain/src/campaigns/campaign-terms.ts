import { currencyMinorUnits, isCurrencyCode, Money, parseDecimal, type MoneyValue } from '../shared/money.js';
import { isTimeZone } from '../shared/local-date.js';
import { fail, succeed, type Result } from '../shared/result.js';
import type { CampaignDiscountKind } from './discount.js';
import type { BudgetPeriod } from './budget.js';

/** What a campaign's terms are made of (create input merged with the stored campaign for updates). */
export interface CampaignTerms {
  discountKind: CampaignDiscountKind;
  percentage?: string | null;
  amount?: string | null;
  maxDiscount?: string | null;
  currency: string;
  startsAt: Date;
  expiresAt: Date;
  timezone: string;
  budget?: { period: BudgetPeriod; amount: string; pauseThreshold?: string | null } | null;
  maxRedemptionsPerCode?: number | null;
  maxRedemptionsPerCustomer?: number | null;
  maxRedemptions?: number | null;
  minSpend?: string | null;
  stacking: 'EXCLUSIVE' | 'STACKABLE';
  maxCodesPerOrder?: number | null;
  maxIssued?: number | null;
}

export type CampaignTermsRefusal = 'INVALID_TERMS';

/** A decimal with at most the currency's minor digits, > 0 (or ≥ 0 when `allowZero`). */
export function checkMoneyAmount(value: string, currency: string, field: string, allowZero = false): Result<MoneyValue, CampaignTermsRefusal> {
  const parsed = parseDecimal(value);
  if (parsed === undefined) return fail('INVALID_TERMS', `must be a decimal number; got ${JSON.stringify(value)}`, field);
  if (parsed.isNegative() || (!allowZero && parsed.isZero())) return fail('INVALID_TERMS', `must be ${allowZero ? 'zero or more' : 'more than zero'}; got ${value}`, field);
  const digits = isCurrencyCode(currency) ? currencyMinorUnits(currency) : 2;
  if (parsed.decimalPlaces() > digits) return fail('INVALID_TERMS', `${currency} has ${digits} decimal places; got ${value}`, field);
  return succeed(parsed);
}

function positiveInt(value: number | null | undefined, field: string): Result<true, CampaignTermsRefusal> {
  if (value == null) return succeed(true);
  return Number.isInteger(value) && value >= 1 ? succeed(true) : fail('INVALID_TERMS', `must be a whole number of at least 1; got ${value}`, field);
}

/**
 * Checks a campaign's terms; a failure names the input field (`percentage`, `budget.amount`, …).
 * PERCENTAGE needs a percentage in (0, 100] and may have a cap; AMOUNT needs an amount and no
 * percentage; the expiry is after the start; limits are whole numbers ≥ 1; money fits the currency.
 */
export function checkCampaignTerms(terms: CampaignTerms): Result<CampaignTerms, CampaignTermsRefusal> {
  const currency = terms.currency.toUpperCase();
  if (!isCurrencyCode(currency)) return fail('INVALID_TERMS', `"${terms.currency}" is not an ISO 4217 currency code`, 'currency');
  if (!isTimeZone(terms.timezone)) return fail('INVALID_TERMS', `"${terms.timezone}" is not an IANA time zone`, 'timezone');
  if (terms.discountKind === 'PERCENTAGE') {
    if (terms.percentage == null) return fail('INVALID_TERMS', 'is required for a PERCENTAGE discount', 'percentage');
    const pct = parseDecimal(terms.percentage);
    if (pct === undefined || pct.lessThanOrEqualTo(0) || pct.greaterThan(100) || pct.decimalPlaces() > 4) {
      return fail('INVALID_TERMS', `must be more than 0 and at most 100 (4 decimals at most); got ${terms.percentage}`, 'percentage');
    }
    if (terms.amount != null) return fail('INVALID_TERMS', 'must be empty for a PERCENTAGE discount (use maxDiscount for a cap)', 'amount');
    if (terms.maxDiscount != null) {
      const cap = checkMoneyAmount(terms.maxDiscount, currency, 'maxDiscount');
      if (!cap.ok) return cap;
    }
  } else {
    if (terms.amount == null) return fail('INVALID_TERMS', 'is required for an AMOUNT discount', 'amount');
    const amount = checkMoneyAmount(terms.amount, currency, 'amount');
    if (!amount.ok) return amount;
    if (terms.percentage != null) return fail('INVALID_TERMS', 'must be empty for an AMOUNT discount', 'percentage');
    if (terms.maxDiscount != null) return fail('INVALID_TERMS', 'applies only to a PERCENTAGE discount', 'maxDiscount');
  }
  if (Number.isNaN(terms.startsAt.getTime())) return fail('INVALID_TERMS', 'is not a valid instant', 'startsAt');
  if (Number.isNaN(terms.expiresAt.getTime())) return fail('INVALID_TERMS', 'is not a valid instant', 'expiresAt');
  if (terms.expiresAt.getTime() <= terms.startsAt.getTime()) {
    return fail('INVALID_TERMS', `must be after startsAt (${terms.startsAt.toISOString()}); got ${terms.expiresAt.toISOString()}`, 'expiresAt');
  }
  if (terms.budget) {
    const amount = checkMoneyAmount(terms.budget.amount, currency, 'budget.amount');
    if (!amount.ok) return amount;
    if (terms.budget.pauseThreshold != null) {
      const threshold = checkMoneyAmount(terms.budget.pauseThreshold, currency, 'budget.pauseThreshold', true);
      if (!threshold.ok) return threshold;
      if (threshold.value.greaterThanOrEqualTo(amount.value)) return fail('INVALID_TERMS', 'must be below the budget amount', 'budget.pauseThreshold');
    }
  }
  for (const field of ['maxRedemptionsPerCode', 'maxRedemptionsPerCustomer', 'maxRedemptions', 'maxCodesPerOrder', 'maxIssued'] as const) {
    const checked = positiveInt(terms[field], field);
    if (!checked.ok) return checked;
  }
  if (terms.minSpend != null) {
    const min = checkMoneyAmount(terms.minSpend, currency, 'minSpend', true);
    if (!min.ok) return min;
  }
  if (terms.stacking === 'EXCLUSIVE' && terms.maxCodesPerOrder != null && terms.maxCodesPerOrder > 1) {
    return fail('INVALID_TERMS', 'an EXCLUSIVE campaign allows one code per order; use STACKABLE', 'maxCodesPerOrder');
  }
  return succeed({ ...terms, currency });
}

/**
 * The smallest discount a redemption can give (for the budget pause rule): the fixed amount for
 * AMOUNT; for PERCENTAGE the percentage of the minimum spend (capped), at least one minor unit.
 */
export function smallestDiscount(terms: Pick<CampaignTerms, 'discountKind' | 'percentage' | 'amount' | 'maxDiscount' | 'minSpend' | 'currency'>): string {
  const digits = isCurrencyCode(terms.currency) ? currencyMinorUnits(terms.currency) : 2;
  const minor = new Money(1).dividedBy(10 ** digits);
  if (terms.discountKind === 'AMOUNT') return (parseDecimal(terms.amount ?? '0') ?? minor).toFixed(digits);
  let value = (parseDecimal(terms.minSpend ?? '0') ?? minor).times(parseDecimal(terms.percentage ?? '0') ?? 0).dividedBy(100).toDecimalPlaces(digits);
  const cap = terms.maxDiscount == null ? undefined : parseDecimal(terms.maxDiscount);
  if (cap !== undefined && value.greaterThan(cap)) value = cap;
  if (value.lessThan(minor)) value = minor;
  return value.toFixed(digits);
}
