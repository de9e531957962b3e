import type { BillingFrequency } from './bill-preview.js';
import type { AdditiveDiscountDefinitionData } from './definition.js';

export interface CriteriaTarget {
  /** Subscriptions only; a job has none (billing-frequency criteria then do not hold). */
  billingFrequency?: BillingFrequency;
  /** The target's currency; a definition with a currency applies only to targets in it. */
  currency?: string;
  lines: readonly { productId: string; productTypeId: string }[];
  /** Membership flags supplied by the caller: segment id → whether the target is in it. */
  segmentMembership: Readonly<Record<string, boolean>>;
}

export type CriteriaFailureReason = 'CURRENCY' | 'BILLING_FREQUENCY' | 'PRODUCT' | 'INCLUDED_SEGMENT' | 'EXCLUDED_SEGMENT';

export type CriteriaResult =
  | { ok: true; applicableProductIds: string[] }
  | { ok: false; reason: CriteriaFailureReason; explanation: string; field?: string };

type Criteria = Pick<AdditiveDiscountDefinitionData, 'billingFrequencies' | 'productIds' | 'productTypeIds' | 'includedSegmentIds' | 'excludedSegmentIds'>;

/**
 * Whether a subscription or job meets a definition's criteria, and which lines' products the
 * discount applies to. Decisions: empty criteria lists do not restrict; products and product types
 * together match a line that has either; included segments: the target must be in at least one;
 * excluded segments: in none. The applicable products are the matching lines' products (every line's
 * product when there is no product criterion).
 */
export function meetsCriteria(def: Criteria & { currency?: string | null }, target: CriteriaTarget): CriteriaResult {
  if (def.currency && target.currency && def.currency !== target.currency) {
    return { ok: false, reason: 'CURRENCY', explanation: `The discount is in ${def.currency}; this is billed in ${target.currency}`, field: 'currency' };
  }
  const frequencies = def.billingFrequencies ?? [];
  if (frequencies.length > 0 && (target.billingFrequency === undefined || !frequencies.includes(target.billingFrequency))) {
    return { ok: false, reason: 'BILLING_FREQUENCY', explanation: `Only for ${frequencies.join(', ')} billing`, field: 'billingFrequency' };
  }
  const products = def.productIds ?? [];
  const types = def.productTypeIds ?? [];
  const restricted = products.length > 0 || types.length > 0;
  const matching = target.lines.filter((l) => !restricted || products.includes(l.productId) || types.includes(l.productTypeId));
  if (restricted && matching.length === 0) {
    return { ok: false, reason: 'PRODUCT', explanation: 'No billed product matches the discount\'s products or product types', field: 'products' };
  }
  const included = def.includedSegmentIds ?? [];
  if (included.length > 0 && !included.some((id) => target.segmentMembership[id] === true)) {
    return { ok: false, reason: 'INCLUDED_SEGMENT', explanation: 'The target is in none of the included segments', field: 'includedSegments' };
  }
  const excluded = (def.excludedSegmentIds ?? []).filter((id) => target.segmentMembership[id] === true);
  if (excluded.length > 0) {
    return { ok: false, reason: 'EXCLUDED_SEGMENT', explanation: `The target is in an excluded segment (${excluded.join(', ')})`, field: 'excludedSegments' };
  }
  return { ok: true, applicableProductIds: [...new Set(matching.map((l) => l.productId))] };
}
