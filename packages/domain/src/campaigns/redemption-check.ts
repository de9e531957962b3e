import { Money, parseDecimal, type MoneyValue } from '../shared/money.js';
import { fail, type Failure } from '../shared/result.js';
import type { CampaignState } from './campaign-state.js';
import {
  computeDiscount,
  describeMoney,
  isRestricted,
  lineApplies,
  type CampaignDiscount,
  type OrderLine,
  type ProductRestriction,
} from './discount.js';

/** Contract enum RejectionReason. */
export type RejectionReason =
  | 'CODE_NOT_FOUND'
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'CAMPAIGN_NOT_ACTIVE'
  | 'CODE_DISABLED'
  | 'CODE_LIMIT_REACHED'
  | 'CUSTOMER_LIMIT_REACHED'
  | 'CAMPAIGN_LIMIT_REACHED'
  | 'BUDGET_EXHAUSTED'
  | 'NOT_ELIGIBLE'
  | 'MIN_SPEND_NOT_MET'
  | 'PRODUCT_NOT_APPLICABLE'
  | 'UNIT_NOT_ALLOWED'
  | 'NOT_STACKABLE'
  | 'CUSTOMER_BLACKLISTED'
  | 'NOT_ASSIGNED_TO_CUSTOMER';

/** Contract enums StackingRule and CodeState. */
export type StackingRule = 'EXCLUSIVE' | 'STACKABLE';
export type CodeState = 'ACTIVE' | 'DISABLED' | 'EXHAUSTED';

export interface StackingInfo {
  stacking: StackingRule;
  stackingGroup?: string | null;
  maxCodesPerOrder?: number | null;
}

export interface RedemptionCampaign extends StackingInfo, ProductRestriction {
  state: CampaignState;
  startsAt: Date;
  /** Hard expiry: the code is valid strictly before this instant. */
  expiresAt?: Date | null;
  discount: CampaignDiscount;
  /** Decimal string in the campaign currency. */
  minSpend?: string | null;
  /** Empty or absent: every unit. */
  allowedUnitIds?: readonly string[];
  /** True when the campaign targets included segments (then `inIncludedSegment` must be true). */
  hasIncludedSegments?: boolean;
  maxRedemptionsPerCode?: number | null;
  maxRedemptionsPerCustomer?: number | null;
  maxRedemptions?: number | null;
  onePerCustomer?: boolean;
}

export interface RedemptionCode {
  code: string;
  state: CodeState;
  assignedCustomerId?: string | null;
  redemptions: number;
  /** Per-code limit overriding the campaign's maxRedemptionsPerCode. */
  maxRedemptions?: number | null;
}

export interface RedemptionCustomer {
  id: string;
  blacklisted: boolean;
  inIncludedSegment: boolean;
  inExcludedSegment: boolean;
}

export interface RedemptionOrder {
  amount: string;
  currency: string;
  unitId?: string | null;
  lines?: readonly OrderLine[];
  /** The other codes already on the order, with their campaigns' stacking info. */
  otherCodes?: readonly (StackingInfo & { code: string })[];
}

export interface RedemptionCounters {
  customerRedemptionsOfCampaign: number;
  campaignRedemptions: number;
  /** Budget remaining in the current period; null when the campaign has no budget. Decimal string. */
  budgetRemaining?: string | null;
}

export interface RedemptionInput {
  /** null when the code was not found. */
  campaign: RedemptionCampaign | null;
  code: RedemptionCode | null;
  /** null for an anonymous order. */
  customer: RedemptionCustomer | null;
  order: RedemptionOrder;
  counters: RedemptionCounters;
  now: Date;
}

export type RedemptionCheck = { ok: true; discount: MoneyValue } | Failure<RejectionReason>;

const iso = (d: Date): string => d.toISOString();

function checkStacking(campaign: StackingInfo, others: readonly (StackingInfo & { code: string })[]): Failure<RejectionReason> | undefined {
  if (others.length === 0) return undefined;
  if (campaign.stacking === 'EXCLUSIVE') {
    return fail('NOT_STACKABLE', `This code is exclusive and the order already has ${others.map((o) => o.code).join(', ')}`);
  }
  const exclusive = others.find((o) => o.stacking === 'EXCLUSIVE');
  if (exclusive) return fail('NOT_STACKABLE', `The order already has the exclusive code ${exclusive.code}`);
  const group = campaign.stackingGroup ?? null;
  const foreign = others.find((o) => (o.stackingGroup ?? null) !== group);
  if (foreign) {
    return fail(
      'NOT_STACKABLE',
      `This code stacks only within group ${group ?? '(none)'}; ${foreign.code} is in group ${foreign.stackingGroup ?? '(none)'}`,
    );
  }
  const max = campaign.maxCodesPerOrder;
  if (max != null && others.length + 1 > max) {
    return fail('NOT_STACKABLE', `At most ${max} codes of group ${group ?? '(none)'} per order; the order already has ${others.length}`);
  }
  return undefined;
}

/**
 * The pure part of validate/redeem. Checks run in this fixed order and the first failure wins:
 * code found → customer blacklisted → campaign state ACTIVE → started (now ≥ startsAt) →
 * not expired (now < expiresAt) → code state → assigned customer → unit → segments (NOT_ELIGIBLE) →
 * products → currency (a mismatch is NOT_ELIGIBLE) → min spend → stacking → code limit →
 * customer limit → campaign limit → budget (remaining ≥ discount is enough).
 * Min spend compares the whole order amount; the discount is computed on the eligible amount.
 * An anonymous order (customer null) skips the customer limit but fails assigned codes and included segments.
 */
export function checkRedemption(input: RedemptionInput): RedemptionCheck {
  const { campaign, code, customer, order, counters, now } = input;
  if (campaign === null || code === null) return fail('CODE_NOT_FOUND', 'No code with this value exists');
  if (customer?.blacklisted) return fail('CUSTOMER_BLACKLISTED', 'The customer is blacklisted and cannot redeem codes');
  if (campaign.state !== 'ACTIVE') return fail('CAMPAIGN_NOT_ACTIVE', `The campaign is ${campaign.state}, not ACTIVE`);
  if (now.getTime() < campaign.startsAt.getTime()) {
    return fail('NOT_STARTED', `The campaign starts at ${iso(campaign.startsAt)}; it is now ${iso(now)}`);
  }
  if (campaign.expiresAt != null && now.getTime() >= campaign.expiresAt.getTime()) {
    return fail('EXPIRED', `The code expired at ${iso(campaign.expiresAt)}; it is now ${iso(now)}`);
  }
  if (code.state === 'DISABLED') return fail('CODE_DISABLED', `Code ${code.code} is disabled`);
  if (code.assignedCustomerId != null && code.assignedCustomerId !== customer?.id) {
    return fail(
      'NOT_ASSIGNED_TO_CUSTOMER',
      customer ? `Code ${code.code} is assigned to another customer` : `Code ${code.code} is assigned to a customer; the order has none`,
    );
  }
  const units = campaign.allowedUnitIds ?? [];
  if (units.length > 0 && (order.unitId == null || !units.includes(order.unitId))) {
    return fail('UNIT_NOT_ALLOWED', `The campaign is not valid at unit ${order.unitId ?? '(none)'}; allowed: ${units.join(', ')}`);
  }
  if (customer?.inExcludedSegment) return fail('NOT_ELIGIBLE', 'The customer is in a segment the campaign excludes');
  if (campaign.hasIncludedSegments && !customer?.inIncludedSegment) {
    return fail('NOT_ELIGIBLE', customer ? 'The customer is in none of the segments the campaign targets' : 'The campaign targets segments; the order has no customer');
  }
  if (isRestricted(campaign) && !(order.lines ?? []).some((line) => lineApplies(line, campaign))) {
    const wanted = [
      ...(campaign.productIds?.length ? [`products ${campaign.productIds.join(', ')}`] : []),
      ...(campaign.productTypeIds?.length ? [`product types ${campaign.productTypeIds.join(', ')}`] : []),
    ].join(' or ');
    const got = (order.lines ?? []).map((l) => l.productId);
    return fail('PRODUCT_NOT_APPLICABLE', `No line of the order is a product the campaign applies to (${wanted}); the order has ${got.length ? `products ${got.join(', ')}` : 'no lines'}`);
  }
  const currency = campaign.discount.currency;
  if (order.currency.toUpperCase() !== currency.toUpperCase()) {
    return fail('NOT_ELIGIBLE', `The campaign is in ${currency}; this order is in ${order.currency}`);
  }
  const minSpend = campaign.minSpend == null ? undefined : parseDecimal(campaign.minSpend);
  const orderAmount = parseDecimal(order.amount) ?? new Money(0);
  if (minSpend !== undefined && orderAmount.lessThan(minSpend)) {
    return fail('MIN_SPEND_NOT_MET', `Minimum spend is ${describeMoney(minSpend, currency)}; this order is ${describeMoney(orderAmount, currency)}`);
  }
  const stacking = checkStacking(campaign, order.otherCodes ?? []);
  if (stacking) return stacking;
  const codeMax = code.maxRedemptions ?? campaign.maxRedemptionsPerCode;
  if (code.state === 'EXHAUSTED' || (codeMax != null && code.redemptions >= codeMax)) {
    return fail('CODE_LIMIT_REACHED', `Code ${code.code} has been redeemed ${code.redemptions} times${codeMax != null ? ` of ${codeMax} allowed` : ' and is exhausted'}`);
  }
  const customerMax = campaign.onePerCustomer ? 1 : campaign.maxRedemptionsPerCustomer;
  if (customer && customerMax != null && counters.customerRedemptionsOfCampaign >= customerMax) {
    return fail('CUSTOMER_LIMIT_REACHED', `The customer has redeemed this campaign ${counters.customerRedemptionsOfCampaign} times; the limit is ${customerMax}`);
  }
  if (campaign.maxRedemptions != null && counters.campaignRedemptions >= campaign.maxRedemptions) {
    return fail('CAMPAIGN_LIMIT_REACHED', `The campaign has been redeemed ${counters.campaignRedemptions} times; the limit is ${campaign.maxRedemptions}`);
  }
  const discount = computeDiscount(campaign.discount, order, campaign);
  if (!discount.ok) return fail('NOT_ELIGIBLE', discount.explanation);
  const remaining = counters.budgetRemaining == null ? undefined : parseDecimal(counters.budgetRemaining);
  if (remaining !== undefined && remaining.lessThan(discount.value)) {
    return fail('BUDGET_EXHAUSTED', `The campaign budget has ${describeMoney(remaining, currency)} left this period; this discount is ${describeMoney(discount.value, currency)}`);
  }
  return { ok: true, discount: discount.value };
}
