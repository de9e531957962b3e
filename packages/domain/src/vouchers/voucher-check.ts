import { Money, parseDecimal, formatMoney } from '../shared/money.js';
import { fail, succeed, type Failure, type Result } from '../shared/result.js';
import type { CampaignState } from '../campaigns/campaign-state.js';
import type { RejectionReason } from '../campaigns/redemption-check.js';
import { localParts } from '../rewards/local-time.js';
import { WEEKDAYS, type Weekday } from '../rewards/offer-rules.js';

/** Contract enums VoucherKind and VoucherForm. */
export type VoucherKind = 'PRODUCT' | 'SERVICE' | 'PACKAGE';
export type VoucherForm = 'PAPER' | 'ELECTRONIC';

/** What the seed calls 不適用情況: products, weekdays and dates on which the voucher is not accepted. */
export interface VoucherExclusions {
  excludedProductIds?: readonly string[];
  excludedProductTypeIds?: readonly string[];
  excludedWeekdays?: readonly Weekday[];
  /** Local dates (YYYY-MM-DD, in the store's time zone), e.g. public holidays. */
  excludedDates?: readonly string[];
}

export interface VoucherCampaign extends VoucherExclusions {
  /** False for a campaign that is not an experience voucher campaign: its codes are not vouchers. */
  isVoucher: boolean;
  name: string;
  state: CampaignState;
  /** When the campaign ENDED (a paper voucher used before then may still be entered). */
  endedAt?: Date | null;
  startsAt: Date;
  /** Hard expiry: usable strictly before this instant. */
  expiresAt: Date;
  currency: string;
  /** The voucher's value (AMOUNT campaigns), or the cap of a PERCENTAGE one; null when not bounded. */
  value?: string | null;
  minSpend?: string | null;
  /** Applicable products and product types; both empty means every product. */
  productIds?: readonly string[];
  productTypeIds?: readonly string[];
  /** Stores (units) where the voucher is accepted; empty means every store. */
  allowedUnitIds?: readonly string[];
  /** Campaign-level uses per voucher (maxRedemptionsPerCode). */
  usesPerVoucher?: number | null;
}

export interface VoucherCode {
  code: string;
  disabled: boolean;
  /** The customer it was issued to; null when it was never issued. */
  customerId?: string | null;
  customerBlacklisted?: boolean;
  /** Uses so far (write-offs and redemptions). */
  uses: number;
  /** Per-code cap overriding the campaign's. */
  maxUses?: number | null;
}

export interface VoucherUse {
  unitId: string;
  /** Time zone of the store (its merchant days are its calendar days). */
  unitTimezone: string;
  /** When the voucher is (or, for a paper voucher entered afterwards, was) used. */
  at: Date;
  /** Decimal string; omitted when only checking. */
  amount?: string | null;
  /** The products consumed, with their types. */
  products?: readonly { id: string; typeId?: string | null }[];
}

export interface VoucherVerdict {
  /** The voucher's value in its currency, when bounded. */
  value: string | null;
  /** Uses left after this one would be taken. */
  usesLeft: number;
}

/** A voucher is single use unless its campaign (maxRedemptionsPerCode) or the code says otherwise. */
export function voucherUseCap(codeMax: number | null | undefined, campaignMax: number | null | undefined): number {
  return codeMax ?? campaignMax ?? 1;
}

function dateOf(at: Date, zone: string): string {
  const p = localParts(at, zone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * Whether a voucher may be used (SPEC §6: authentic, valid, in scope, at this store), in a fixed order:
 * found → a voucher → not disabled → campaign live at that time → started → not expired → issued →
 * customer not blacklisted → uses left → store → excluded day → products → minimum spend.
 * Every refusal names the condition that failed and why.
 */
export function checkVoucher(campaign: VoucherCampaign | null, code: VoucherCode | null, use: VoucherUse): Result<VoucherVerdict, RejectionReason> {
  if (!campaign || !code) return fail('CODE_NOT_FOUND', 'No voucher has this code: check it was typed or scanned correctly');
  if (!campaign.isVoucher) return fail('CODE_NOT_FOUND', `${code.code} is a promo code, not an experience voucher`);
  if (code.disabled) return fail('CODE_DISABLED', `Voucher ${code.code} has been disabled`);
  const at = use.at;
  const endedBefore = campaign.state === 'ENDED' && (!campaign.endedAt || campaign.endedAt.getTime() <= at.getTime());
  if (campaign.state === 'DRAFT' || campaign.state === 'PAUSED' || endedBefore) {
    return fail('CAMPAIGN_NOT_ACTIVE', `The campaign "${campaign.name}" is ${campaign.state}; its vouchers are not accepted`);
  }
  if (at.getTime() < campaign.startsAt.getTime()) return fail('NOT_STARTED', `The voucher is valid from ${campaign.startsAt.toISOString()}`);
  if (at.getTime() >= campaign.expiresAt.getTime()) return fail('EXPIRED', `The voucher expired at ${campaign.expiresAt.toISOString()}`);
  if (!code.customerId) return fail('NOT_ELIGIBLE', `Voucher ${code.code} was never issued to a customer, so it cannot be used`);
  if (code.customerBlacklisted) return fail('CUSTOMER_BLACKLISTED', 'The voucher holder is blacklisted and may not use vouchers');
  const cap = voucherUseCap(code.maxUses, campaign.usesPerVoucher);
  if (code.uses >= cap) {
    return fail('CODE_LIMIT_REACHED', cap === 1 ? `Voucher ${code.code} is single use and has already been used` : `Voucher ${code.code} has used all of its ${cap} uses`);
  }
  const units = campaign.allowedUnitIds ?? [];
  if (units.length > 0 && !units.includes(use.unitId)) return fail('UNIT_NOT_ALLOWED', 'The voucher is not accepted at this store');
  const exclusion = checkExcludedDay(campaign, use);
  if (exclusion) return exclusion;
  const products = checkProducts(campaign, use.products ?? []);
  if (products) return products;
  if (use.amount != null && campaign.minSpend != null) {
    const amount = parseDecimal(use.amount);
    if (amount && amount.lessThan(campaign.minSpend)) {
      return fail('MIN_SPEND_NOT_MET', `The voucher needs a spend of at least ${formatMoney(campaign.minSpend, campaign.currency)} ${campaign.currency}; the amount is ${formatMoney(amount, campaign.currency)}`);
    }
  }
  return succeed({ value: campaign.value == null ? null : formatMoney(campaign.value, campaign.currency), usesLeft: cap - code.uses - 1 });
}

function checkExcludedDay(campaign: VoucherExclusions, use: VoucherUse): Failure<RejectionReason> | undefined {
  const parts = localParts(use.at, use.unitTimezone);
  const weekday = WEEKDAYS[parts.weekday - 1];
  if (campaign.excludedWeekdays?.includes(weekday)) return fail('NOT_ELIGIBLE', `The voucher is not accepted on ${weekday}s`);
  const date = dateOf(use.at, use.unitTimezone);
  if (campaign.excludedDates?.includes(date)) return fail('NOT_ELIGIBLE', `The voucher is not accepted on ${date}`);
  return undefined;
}

function checkProducts(campaign: VoucherCampaign, products: readonly { id: string; typeId?: string | null }[]): Failure<RejectionReason> | undefined {
  for (const product of products) {
    const excluded =
      (campaign.excludedProductIds?.includes(product.id) ?? false) ||
      (product.typeId != null && (campaign.excludedProductTypeIds?.includes(product.typeId) ?? false));
    if (excluded) return fail('PRODUCT_NOT_APPLICABLE', `Product ${product.id} is excluded from this voucher`);
    const restricted = (campaign.productIds?.length ?? 0) + (campaign.productTypeIds?.length ?? 0) > 0;
    const applies = (campaign.productIds?.includes(product.id) ?? false) || (product.typeId != null && (campaign.productTypeIds?.includes(product.typeId) ?? false));
    if (restricted && !applies) return fail('PRODUCT_NOT_APPLICABLE', `Product ${product.id} is not one this voucher applies to`);
  }
  return undefined;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone: a write-off's merchant day. */
export function merchantDate(at: Date, zone: string): string {
  return dateOf(at, zone);
}

export type WrittenOffAtRefusal = 'IN_FUTURE' | 'TOO_OLD';

/** How far back a paper voucher may be entered afterwards. */
export const PAPER_ENTRY_MAX_DAYS = 31;
/** Clock skew tolerated between a device and the server. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The real time of a write-off: now, or an earlier instant for a voucher entered afterwards (never in the future). */
export function resolveWrittenOffAt(writtenOffAt: Date | null | undefined, now: Date): Result<Date, WrittenOffAtRefusal> {
  if (!writtenOffAt) return succeed(now);
  if (writtenOffAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return fail('IN_FUTURE', 'a write-off cannot be dated in the future');
  if (writtenOffAt.getTime() < now.getTime() - PAPER_ENTRY_MAX_DAYS * 86_400_000) {
    return fail('TOO_OLD', `a voucher can be entered at most ${PAPER_ENTRY_MAX_DAYS} days after it was used`);
  }
  return succeed(writtenOffAt.getTime() > now.getTime() ? now : writtenOffAt);
}

/** A positive amount with at most the currency's minor digits. */
export function checkWriteOffAmount(amount: string, currency: string): Result<string, 'INVALID_AMOUNT'> {
  const parsed = parseDecimal(amount);
  if (!parsed || parsed.isNegative() || parsed.isZero()) return fail('INVALID_AMOUNT', `the amount must be a positive decimal; got ${JSON.stringify(amount)}`);
  const rounded = formatMoney(parsed, currency);
  if (!new Money(rounded).equals(parsed)) return fail('INVALID_AMOUNT', `the amount has more decimals than ${currency} allows`);
  return succeed(rounded);
}
