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
  /** The budget period key (budgetPeriodKey: "YYYY-MM" or "TOTAL") the remaining budget is of, quoted in BUDGET_EXHAUSTED. */
  budgetPeriod?: string | null;
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
  /** The code as typed (normalised), quoted when it is not found. */
  codeText?: string | null;
}

/** A refusal of a counted kind carries the facts it was decided on (`facts`, as perkflow_redeem reports them). */
export type RedemptionCheck = { ok: true; discount: MoneyValue } | (Failure<RejectionReason> & { facts?: RedemptionFacts });

/** The refusals `perkflow_redeem` re-decides on committed rows; both sides explain them with explainRedemptionRefusal. */
export type CountedRefusal =
  | 'CODE_NOT_FOUND'
  | 'CAMPAIGN_NOT_ACTIVE'
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'CODE_DISABLED'
  | 'MIN_SPEND_NOT_MET'
  | 'CODE_LIMIT_REACHED'
  | 'CUSTOMER_LIMIT_REACHED'
  | 'CAMPAIGN_LIMIT_REACHED'
  | 'BUDGET_EXHAUSTED';

/**
 * The facts a refusal was decided on, as the domain and `perkflow_redeem` (column `facts`, jsonb) report them:
 * instants as ISO strings, amounts as decimal strings, counts and limits as numbers.
 */
export interface RedemptionFacts {
  code?: string | null;
  state?: string;
  startsAt?: string;
  expiresAt?: string;
  now?: string;
  /** Redemptions counted so far (of the code, the customer in the campaign, or the campaign). */
  redemptions?: number;
  /** The limit those redemptions reached; null when a code is exhausted without a numeric limit. */
  limit?: number | null;
  minSpend?: string;
  orderAmount?: string;
  remaining?: string;
  discount?: string;
  currency?: string;
  /** The budget period key ("YYYY-MM" in the campaign's zone, or "TOTAL"). */
  period?: string | null;
}

const isoOf = (text: string | undefined): string => (text ? new Date(text).toISOString() : '?');
const moneyOf = (amount: string | undefined, currency: string | undefined): string => describeMoney(amount ?? '0', currency ?? '');

/** The one text of each counted refusal (validateCode and redeemCode, whichever side decided). */
export function explainRedemptionRefusal(reason: CountedRefusal, facts: RedemptionFacts): string {
  switch (reason) {
    case 'CODE_NOT_FOUND':
      return facts.code ? `No code ${facts.code} exists` : 'No code with this value exists';
    case 'CAMPAIGN_NOT_ACTIVE':
      return `The campaign is ${facts.state ?? '?'}, not ACTIVE`;
    case 'NOT_STARTED':
      return `The campaign starts at ${isoOf(facts.startsAt)}; it is now ${isoOf(facts.now)}`;
    case 'EXPIRED':
      return `The code expired at ${isoOf(facts.expiresAt)}; it is now ${isoOf(facts.now)}`;
    case 'CODE_DISABLED':
      return `Code ${facts.code ?? '?'} is disabled`;
    case 'MIN_SPEND_NOT_MET':
      return `Minimum spend is ${moneyOf(facts.minSpend, facts.currency)}; this order is ${moneyOf(facts.orderAmount, facts.currency)}`;
    case 'CODE_LIMIT_REACHED':
      return `Code ${facts.code ?? '?'} has been redeemed ${facts.redemptions ?? 0} times${facts.limit != null ? ` of ${facts.limit} allowed` : ' and is exhausted'}`;
    case 'CUSTOMER_LIMIT_REACHED':
      return `The customer has redeemed this campaign ${facts.redemptions ?? 0} times; the limit is ${facts.limit ?? '?'}`;
    case 'CAMPAIGN_LIMIT_REACHED':
      return `The campaign has been redeemed ${facts.redemptions ?? 0} times; the limit is ${facts.limit ?? '?'}`;
    case 'BUDGET_EXHAUSTED':
      return `The campaign budget has ${moneyOf(facts.remaining, facts.currency)} left this period${facts.period && facts.period !== 'TOTAL' ? ` (${facts.period})` : ''}; this discount is ${moneyOf(facts.discount, facts.currency)}`;
  }
}

/** A counted refusal with its facts and the domain's text for them. */
function refuse(reason: CountedRefusal, facts: RedemptionFacts): Failure<RejectionReason> & { facts: RedemptionFacts } {
  return { ...fail(reason, explainRedemptionRefusal(reason, facts)), facts };
}

/** What redeemCode answers on success (validateCode says the same). */
export function explainRedemptionSuccess(code: string, discount: string, currency: string): string {
  return `Code ${code} gives ${discount} ${currency} off this order`;
}

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
  if (campaign === null || code === null) return refuse('CODE_NOT_FOUND', { code: input.codeText ?? null });
  if (customer?.blacklisted) return fail('CUSTOMER_BLACKLISTED', 'The customer is blacklisted and cannot redeem codes');
  if (campaign.state !== 'ACTIVE') return refuse('CAMPAIGN_NOT_ACTIVE', { state: campaign.state });
  if (now.getTime() < campaign.startsAt.getTime()) {
    return refuse('NOT_STARTED', { startsAt: campaign.startsAt.toISOString(), now: now.toISOString() });
  }
  if (campaign.expiresAt != null && now.getTime() >= campaign.expiresAt.getTime()) {
    return refuse('EXPIRED', { expiresAt: campaign.expiresAt.toISOString(), now: now.toISOString() });
  }
  if (code.state === 'DISABLED') return refuse('CODE_DISABLED', { code: code.code });
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
    return refuse('MIN_SPEND_NOT_MET', { minSpend: minSpend.toFixed(), orderAmount: orderAmount.toFixed(), currency });
  }
  const stacking = checkStacking(campaign, order.otherCodes ?? []);
  if (stacking) return stacking;
  const codeMax = code.maxRedemptions ?? campaign.maxRedemptionsPerCode;
  if (code.state === 'EXHAUSTED' || (codeMax != null && code.redemptions >= codeMax)) {
    return refuse('CODE_LIMIT_REACHED', { code: code.code, redemptions: code.redemptions, limit: codeMax ?? null });
  }
  const customerMax = campaign.onePerCustomer ? 1 : campaign.maxRedemptionsPerCustomer;
  if (customer && customerMax != null && counters.customerRedemptionsOfCampaign >= customerMax) {
    return refuse('CUSTOMER_LIMIT_REACHED', { redemptions: counters.customerRedemptionsOfCampaign, limit: customerMax });
  }
  if (campaign.maxRedemptions != null && counters.campaignRedemptions >= campaign.maxRedemptions) {
    return refuse('CAMPAIGN_LIMIT_REACHED', { redemptions: counters.campaignRedemptions, limit: campaign.maxRedemptions });
  }
  const discount = computeDiscount(campaign.discount, order, campaign);
  if (!discount.ok) return fail('NOT_ELIGIBLE', discount.explanation);
  const remaining = counters.budgetRemaining == null ? undefined : parseDecimal(counters.budgetRemaining);
  if (remaining !== undefined && remaining.lessThan(discount.value)) {
    return refuse('BUDGET_EXHAUSTED', { remaining: remaining.toFixed(), discount: discount.value.toFixed(), currency, period: counters.budgetPeriod ?? null });
  }
  return { ok: true, discount: discount.value };
}
