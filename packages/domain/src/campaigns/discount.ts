import { Money, parseDecimal, roundMoney, formatMoney, type MoneyValue } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';

/** Contract enum CampaignDiscountKind. */
export type CampaignDiscountKind = 'PERCENTAGE' | 'AMOUNT';

export interface CampaignDiscount {
  kind: CampaignDiscountKind;
  /** Percent (e.g. "15" for 15 %) for PERCENTAGE; an amount in the campaign currency for AMOUNT. Decimal string. */
  value: string;
  /** Optional cap for PERCENTAGE. Decimal string. */
  maxDiscount?: string | null;
  currency: string;
}

/** Products the campaign applies to; both empty (or absent) means the whole order. */
export interface ProductRestriction {
  productIds?: readonly string[];
  productTypeIds?: readonly string[];
}

export interface OrderLine {
  productId: string;
  productTypeId?: string | null;
  quantity: number;
  /** Decimal string. */
  unitPrice: string;
}

export interface DiscountOrder {
  /** Decimal string. */
  amount: string;
  currency: string;
  lines?: readonly OrderLine[];
}

export type DiscountRefusal = 'CURRENCY_MISMATCH' | 'INVALID_AMOUNT';

export function isRestricted(restriction: ProductRestriction): boolean {
  return (restriction.productIds?.length ?? 0) + (restriction.productTypeIds?.length ?? 0) > 0;
}

/** True when a line's product or product type is one the campaign applies to. */
export function lineApplies(line: OrderLine, restriction: ProductRestriction): boolean {
  return (
    (restriction.productIds?.includes(line.productId) ?? false) ||
    (line.productTypeId != null && (restriction.productTypeIds?.includes(line.productTypeId) ?? false))
  );
}

function decimal(value: string, what: string): Result<MoneyValue, DiscountRefusal> {
  const parsed = parseDecimal(value);
  return parsed === undefined || parsed.isNegative()
    ? fail('INVALID_AMOUNT', `${what} must be a non-negative decimal; got ${JSON.stringify(value)}`)
    : succeed(parsed);
}

/**
 * The amount the discount applies to: the order amount, or, when the campaign restricts products,
 * the sum of quantity × unitPrice over applicable lines (never more than the order amount).
 */
export function eligibleAmount(order: DiscountOrder, restriction: ProductRestriction): Result<MoneyValue, DiscountRefusal> {
  const total = decimal(order.amount, 'Order amount');
  if (!total.ok || !isRestricted(restriction)) return total;
  let sum = new Money(0);
  for (const line of order.lines ?? []) {
    if (!lineApplies(line, restriction)) continue;
    const price = decimal(line.unitPrice, `Unit price of ${line.productId}`);
    if (!price.ok) return price;
    sum = sum.plus(price.value.times(line.quantity));
  }
  return succeed(Money.min(sum, total.value));
}

/**
 * The discount a code gives on an order, rounded half-even to the currency's minor unit:
 * PERCENTAGE → eligible × value / 100, capped by maxDiscount; AMOUNT → value, never more than the eligible amount.
 */
export function computeDiscount(
  discount: CampaignDiscount,
  order: DiscountOrder,
  restriction: ProductRestriction = {},
): Result<MoneyValue, DiscountRefusal> {
  if (discount.currency.toUpperCase() !== order.currency.toUpperCase()) {
    return fail('CURRENCY_MISMATCH', `The campaign is in ${discount.currency}; this order is in ${order.currency}`);
  }
  const eligible = eligibleAmount(order, restriction);
  if (!eligible.ok) return eligible;
  const value = decimal(discount.value, 'Discount value');
  if (!value.ok) return value;
  let amount: MoneyValue;
  if (discount.kind === 'PERCENTAGE') {
    amount = eligible.value.times(value.value).dividedBy(100);
    if (discount.maxDiscount != null) {
      const cap = decimal(discount.maxDiscount, 'Maximum discount');
      if (!cap.ok) return cap;
      amount = Money.min(amount, cap.value);
    }
  } else {
    amount = Money.min(value.value, eligible.value);
  }
  return succeed(roundMoney(amount, discount.currency));
}

/** "42.10 EUR" — used in explanations. */
export function describeMoney(amount: MoneyValue | string, currency: string): string {
  return `${formatMoney(amount, currency)} ${currency}`;
}
