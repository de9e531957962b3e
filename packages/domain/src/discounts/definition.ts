import { currencyMinorUnits, isCurrencyCode, parseDecimal } from '../shared/money.js';
import { type Result, fail, succeed } from '../shared/result.js';
import type { BillingFrequency, BillDiscountValueKind, DiscountApplication } from './bill-preview.js';

export type DiscountTarget = 'SUBSCRIPTION' | 'JOB';
export type DiscountValueKind = BillDiscountValueKind;
export type DiscountDuration = 'ONCE_OFF' | 'FIXED_DATE' | 'FLEXIBLE';
export type ApprovalMethod = 'AUTOMATIC' | 'MANUAL';
export type TimeUnit = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
export interface Period {
  count: number;
  unit: TimeUnit;
}

/** The definition as the domain sees it (ids instead of objects; decimals as strings; instants ISO). */
export interface AdditiveDiscountDefinitionData {
  target: DiscountTarget;
  application: DiscountApplication;
  valueKind: DiscountValueKind;
  amount?: string | null;
  minAmount?: string | null;
  maxAmount?: string | null;
  percentage?: string | null;
  freePeriodDays?: number | null;
  currency?: string | null;
  effectiveDate: string;
  expirationDate?: string | null;
  duration: DiscountDuration;
  durationUntil?: string | null;
  maxApplications?: number | null;
  applicationPeriod?: Period | null;
  approvalMethod: ApprovalMethod;
  approvalUnitId?: string | null;
  billingFrequencies?: readonly BillingFrequency[];
  productIds?: readonly string[];
  productTypeIds?: readonly string[];
  includedSegmentIds?: readonly string[];
  excludedSegmentIds?: readonly string[];
}

export type DefinitionFailureReason =
  | 'AMOUNT_REQUIRED'
  | 'AMOUNT_RANGE_INVALID'
  | 'PERCENTAGE_INVALID'
  | 'FREE_PERIOD_INVALID'
  | 'CURRENCY_INVALID'
  | 'DATE_INVALID'
  | 'EXPIRATION_BEFORE_EFFECTIVE'
  | 'DURATION_UNTIL_REQUIRED'
  | 'APPROVAL_UNIT_REQUIRED'
  | 'AUTO_APPLY_MANUAL_APPROVAL'
  | 'LIMIT_INVALID'
  | 'FREE_PERIOD_NEEDS_SUBSCRIPTION'
  | 'AUTO_APPLY_RANGE'
  | 'AMOUNT_PRECISION';

const DAY_MS = 86_400_000;

/**
 * The exclusive end of a validity that ends on `until`, INCLUSIVE (decision, seed 003: "available
 * until 31/12/2015" means usable on the whole of 31 December): a date without time (YYYY-MM-DD, or an
 * instant at exactly midnight UTC, which is how date pickers send a date) includes that whole day; any
 * other instant includes itself. Used for definition expiry, fixed-date `durationUntil` and an ad hoc
 * discount's expiration alike. Returns epoch milliseconds; NaN when `until` is not a date.
 */
export function inclusiveEndMs(until: string | Date): number {
  const ms = until instanceof Date ? until.getTime() : Date.parse(until);
  if (Number.isNaN(ms)) return Number.NaN;
  return ms % DAY_MS === 0 ? ms + DAY_MS : ms + 1;
}

function instant(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? Number.NaN : ms;
}

/**
 * Validates a definition; failures name the input field (`input.minAmount` …).
 * Decision: AUTO_APPLY definitions must use AUTOMATIC approval (seed 003 scenario 3 has no approval
 * step: auto-apply discounts are applied whenever the criteria hold, nobody is there to approve).
 * Expiry is inclusive (`inclusiveEndMs`), so an expiration on the effective date is one day of validity.
 * FIXED_DATE's `durationUntil` must be on or after the effective date and not after the expiration.
 * A FREE_PERIOD discount is for subscriptions only (a job has no billing period to make free); an
 * AUTO_APPLY discount cannot be an AMOUNT_RANGE (nobody picks the amount).
 */
export function validateDiscountDefinition(
  def: AdditiveDiscountDefinitionData,
): Result<AdditiveDiscountDefinitionData, DefinitionFailureReason> {
  const positive = (v: string | null | undefined) => {
    const d = parseDecimal(v ?? undefined);
    return d !== undefined && d.gt(0);
  };
  switch (def.valueKind) {
    case 'AMOUNT':
      if (!positive(def.amount)) return fail('AMOUNT_REQUIRED', 'A fixed amount discount needs an amount greater than zero', 'input.amount');
      break;
    case 'AMOUNT_RANGE': {
      const min = parseDecimal(def.minAmount ?? undefined);
      const max = parseDecimal(def.maxAmount ?? undefined);
      if (min === undefined || min.lt(0)) return fail('AMOUNT_RANGE_INVALID', 'An amount range needs a minimum of zero or more', 'input.minAmount');
      if (max === undefined || max.lte(0)) return fail('AMOUNT_RANGE_INVALID', 'An amount range needs a maximum greater than zero', 'input.maxAmount');
      if (min.gt(max)) return fail('AMOUNT_RANGE_INVALID', 'The minimum amount cannot exceed the maximum', 'input.minAmount');
      break;
    }
    case 'PERCENTAGE': {
      const p = parseDecimal(def.percentage ?? undefined);
      if (p === undefined || p.lte(0) || p.gt(100)) return fail('PERCENTAGE_INVALID', 'A percentage must be greater than 0 and at most 100', 'input.percentage');
      break;
    }
    case 'FREE_PERIOD':
      if (!Number.isInteger(def.freePeriodDays) || (def.freePeriodDays ?? 0) < 1) return fail('FREE_PERIOD_INVALID', 'A free period needs at least one day', 'input.freePeriodDays');
      break;
  }
  // Decision: the currency is optional; without one, amounts are in the billed target's currency. With
  // one, only targets in that currency qualify (see `meetsCriteria`).
  if (def.currency != null && def.currency !== '' && !isCurrencyCode(def.currency)) return fail('CURRENCY_INVALID', 'The currency must be an ISO 4217 code', 'input.currency');
  // Amounts are exact to the currency's minor unit (two places when the target's currency decides), never rounded.
  const digits = def.currency ? currencyMinorUnits(def.currency) : 2;
  for (const field of ['amount', 'minAmount', 'maxAmount'] as const) {
    const value = parseDecimal(def[field] ?? undefined);
    if (value !== undefined && value.decimalPlaces() > digits) {
      return fail('AMOUNT_PRECISION', `An amount has at most ${digits} decimal places${def.currency ? ` in ${def.currency}` : ''}; got ${def[field]}`, `input.${field}`);
    }
  }
  const effective = instant(def.effectiveDate);
  if (effective === undefined || Number.isNaN(effective)) return fail('DATE_INVALID', 'The effective date is not a valid date', 'input.effectiveDate');
  const expiration = instant(def.expirationDate);
  if (expiration !== undefined) {
    if (Number.isNaN(expiration)) return fail('DATE_INVALID', 'The expiration date is not a valid date', 'input.expirationDate');
    if (expiration < effective) return fail('EXPIRATION_BEFORE_EFFECTIVE', 'The expiration date cannot be before the effective date', 'input.expirationDate');
  }
  if (def.duration === 'FIXED_DATE') {
    const until = instant(def.durationUntil);
    if (until === undefined || Number.isNaN(until)) return fail('DURATION_UNTIL_REQUIRED', 'A fixed-date duration needs the date it runs until', 'input.durationUntil');
    if (until < effective || (expiration !== undefined && until > expiration)) return fail('DURATION_UNTIL_REQUIRED', 'The fixed date must fall within the definition\'s validity', 'input.durationUntil');
  }
  if (def.valueKind === 'FREE_PERIOD' && def.target === 'JOB') return fail('FREE_PERIOD_NEEDS_SUBSCRIPTION', 'A free period discounts billing periods: only subscriptions have them', 'input.valueKind');
  if (def.application === 'AUTO_APPLY' && def.valueKind === 'AMOUNT_RANGE') return fail('AUTO_APPLY_RANGE', 'An auto-apply discount has nobody to pick an amount from a range: use a fixed amount', 'input.valueKind');
  if (def.application === 'AUTO_APPLY' && def.approvalMethod === 'MANUAL') return fail('AUTO_APPLY_MANUAL_APPROVAL', 'An auto-apply discount cannot need manual approval', 'input.approvalMethod');
  if (def.approvalMethod === 'MANUAL' && !def.approvalUnitId) return fail('APPROVAL_UNIT_REQUIRED', 'Manual approval needs an approval unit', 'input.approvalUnitId');
  const hasLimit = def.maxApplications !== null && def.maxApplications !== undefined;
  const hasPeriod = def.applicationPeriod !== null && def.applicationPeriod !== undefined;
  if (hasLimit || hasPeriod) {
    if (!hasLimit || !Number.isInteger(def.maxApplications) || (def.maxApplications ?? 0) < 1) return fail('LIMIT_INVALID', 'The limit needs a number of applications of at least 1', 'input.maxApplications');
    if (!hasPeriod || !Number.isInteger(def.applicationPeriod?.count) || (def.applicationPeriod?.count ?? 0) < 1) return fail('LIMIT_INVALID', 'The limit needs an application period of at least 1', 'input.applicationPeriod');
  }
  return succeed(def);
}

/** True when `at` (ISO instant) lies in the validity: from the effective date to the expiration date inclusive (see `inclusiveEndMs`). */
export function isDefinitionValidAt(def: Pick<AdditiveDiscountDefinitionData, 'effectiveDate' | 'expirationDate'>, at: string): boolean {
  const t = Date.parse(at);
  const from = Date.parse(def.effectiveDate);
  return t >= from && (!def.expirationDate || t < inclusiveEndMs(def.expirationDate));
}
