import { isCurrencyCode, parseDecimal } from '../shared/money.js';
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
  | 'LIMIT_INVALID';

function instant(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? Number.NaN : ms;
}

/**
 * Validates a definition; failures name the input field (`input.minAmount` …).
 * Decision: AUTO_APPLY definitions must use AUTOMATIC approval (seed 003 scenario 3 has no approval
 * step: auto-apply discounts are applied whenever the criteria hold, nobody is there to approve).
 * FIXED_DATE's `durationUntil` must be after the effective date and not after the expiration.
 */
export function validateDiscountDefinition(
  def: AdditiveDiscountDefinitionData,
): Result<AdditiveDiscountDefinitionData, DefinitionFailureReason> {
  const positive = (v: string | null | undefined) => {
    const d = parseDecimal(v ?? undefined);
    return d !== undefined && d.gt(0);
  };
  const needsCurrency = def.valueKind === 'AMOUNT' || def.valueKind === 'AMOUNT_RANGE';
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
  if (needsCurrency && !isCurrencyCode(def.currency ?? '')) return fail('CURRENCY_INVALID', 'An amount discount needs an ISO 4217 currency', 'input.currency');
  const effective = instant(def.effectiveDate);
  if (effective === undefined || Number.isNaN(effective)) return fail('DATE_INVALID', 'The effective date is not a valid date', 'input.effectiveDate');
  const expiration = instant(def.expirationDate);
  if (expiration !== undefined) {
    if (Number.isNaN(expiration)) return fail('DATE_INVALID', 'The expiration date is not a valid date', 'input.expirationDate');
    if (expiration <= effective) return fail('EXPIRATION_BEFORE_EFFECTIVE', 'The expiration date must be after the effective date', 'input.expirationDate');
  }
  if (def.duration === 'FIXED_DATE') {
    const until = instant(def.durationUntil);
    if (until === undefined || Number.isNaN(until)) return fail('DURATION_UNTIL_REQUIRED', 'A fixed-date duration needs the date it runs until', 'input.durationUntil');
    if (until <= effective || (expiration !== undefined && until > expiration)) return fail('DURATION_UNTIL_REQUIRED', 'The fixed date must fall within the definition\'s validity', 'input.durationUntil');
  }
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

/** True when `at` (ISO instant) lies in [effectiveDate, expirationDate). */
export function isDefinitionValidAt(def: Pick<AdditiveDiscountDefinitionData, 'effectiveDate' | 'expirationDate'>, at: string): boolean {
  const t = Date.parse(at);
  const from = Date.parse(def.effectiveDate);
  const until = def.expirationDate ? Date.parse(def.expirationDate) : undefined;
  return t >= from && (until === undefined || t < until);
}
