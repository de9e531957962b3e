/**
 * Spending awards (SPEC §4): which awards a spend may consume, in which order, and how much of each.
 */
import { fail, succeed, type Result } from '../shared/result.js';
import { formatMoney, Money, type MoneyValue } from '../shared/money.js';
import { localParts, startOfDateAfter } from './local-time.js';
import { minutesOf, WEEKDAYS, type SpendConditionsRule } from './offer-rules.js';

export interface SpendProductFacts {
  id: string;
  typeId: string;
  familyId: string | null;
}

export interface SpendFacts {
  at: Date;
  /** The scheme's time zone: weekdays and hours are read there. */
  timezone: string;
  unitId: string | null;
  unitGroupId: string | null;
  products: readonly SpendProductFacts[];
}

export type SpendRefusal = 'DAY_NOT_ALLOWED' | 'HOUR_NOT_ALLOWED' | 'TOO_SOON_AFTER_AWARD' | 'PRODUCT_NOT_ALLOWED' | 'UNIT_NOT_ALLOWED' | 'EXPIRED';

export const SPEND_REFUSAL_TEXT: Record<SpendRefusal, string> = {
  DAY_NOT_ALLOWED: 'not spendable on this day of the week',
  HOUR_NOT_ALLOWED: 'not spendable at this time of day',
  TOO_SOON_AFTER_AWARD: 'not spendable yet (too soon after it was awarded)',
  PRODUCT_NOT_ALLOWED: 'not spendable on these products',
  UNIT_NOT_ALLOWED: 'not spendable at this unit',
  EXPIRED: 'expired',
};

/** True when the local minute lies in an hour range [from, to); a range ending at or before its start runs past midnight. */
export function isInHourRange(minuteOfDay: number, range: { from: string; to: string }): boolean {
  const from = minutesOf(range.from);
  const to = minutesOf(range.to);
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

/** The first spend condition of an award that the spend breaks, or null when every one holds. */
export function checkSpendConditionsFor(conditions: SpendConditionsRule, spend: SpendFacts, award: { createdAt: Date }): SpendRefusal | null {
  if (conditions.days.length || conditions.hourRanges.length) {
    const local = localParts(spend.at, spend.timezone);
    if (conditions.days.length && !conditions.days.includes(WEEKDAYS[local.weekday - 1]!)) return 'DAY_NOT_ALLOWED';
    if (conditions.hourRanges.length && !conditions.hourRanges.some((r) => isInHourRange(local.minuteOfDay, r))) return 'HOUR_NOT_ALLOWED';
  }
  if (conditions.afterAwarding && spend.at < startOfDateAfter(award.createdAt, conditions.afterAwarding, spend.timezone)) return 'TOO_SOON_AFTER_AWARD';
  if (conditions.productIds.length || conditions.productTypeIds.length || conditions.productFamilyIds.length) {
    const allowed = (p: SpendProductFacts) =>
      conditions.productIds.includes(p.id) || conditions.productTypeIds.includes(p.typeId) || (p.familyId !== null && conditions.productFamilyIds.includes(p.familyId));
    if (spend.products.length === 0 || !spend.products.every(allowed)) return 'PRODUCT_NOT_ALLOWED';
  }
  if (conditions.allowedUnitIds.length || conditions.allowedGroupIds.length) {
    const unitOk = spend.unitId !== null && conditions.allowedUnitIds.includes(spend.unitId);
    const groupOk = spend.unitGroupId !== null && conditions.allowedGroupIds.includes(spend.unitGroupId);
    if (!unitOk && !groupOk) return 'UNIT_NOT_ALLOWED';
  }
  return null;
}

export interface SpendableAward {
  id: string;
  remaining: string;
  createdAt: Date;
  expiresAt: Date | null;
  spendConditions: SpendConditionsRule;
}

export interface SpendAllocation {
  awardId: string;
  amount: string;
}

export type SpendPlanFailure = 'NOTHING_TO_SPEND' | 'INSUFFICIENT_BALANCE';

/** Oldest-expiring first: awards that expire sooner before later ones, never-expiring last; then the oldest award. */
export function compareSpendOrder(a: SpendableAward, b: SpendableAward): number {
  const ae = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const be = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ae !== be) return ae < be ? -1 : 1;
  const ac = a.createdAt.getTime();
  const bc = b.createdAt.getTime();
  if (ac !== bc) return ac - bc;
  return BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0;
}

/**
 * Plans a spend of `amount`: consumes awards oldest-expiring first, only those unexpired at the spend's
 * time and whose spend conditions all hold. Fails, explaining what each held-back award broke, when the
 * usable remainder is short.
 */
export function planSpend(
  awards: readonly SpendableAward[],
  amount: string,
  currency: string,
  spend: SpendFacts,
): Result<{ allocations: SpendAllocation[]; usable: string }, SpendPlanFailure> & { heldBack?: { awardId: string; reason: SpendRefusal }[] } {
  const wanted = new Money(amount);
  const heldBack: { awardId: string; reason: SpendRefusal }[] = [];
  const usable: SpendableAward[] = [];
  for (const award of [...awards].sort(compareSpendOrder)) {
    if (new Money(award.remaining).lte(0)) continue;
    if (award.expiresAt && spend.at >= award.expiresAt) {
      heldBack.push({ awardId: award.id, reason: 'EXPIRED' });
      continue;
    }
    const refusal = checkSpendConditionsFor(award.spendConditions, spend, award);
    if (refusal) heldBack.push({ awardId: award.id, reason: refusal });
    else usable.push(award);
  }
  let total: MoneyValue = new Money(0);
  for (const award of usable) total = total.plus(award.remaining);
  if (total.lt(wanted)) {
    const reasons = [...new Set(heldBack.map((h) => SPEND_REFUSAL_TEXT[h.reason]))];
    const explanation =
      usable.length === 0 && heldBack.length === 0
        ? 'the wallet holds no unspent awards'
        : `only ${formatMoney(total, currency)} ${currency} can be spent here and now` + (reasons.length ? `; other awards are ${reasons.join(', ')}` : '');
    return { ...fail(usable.length === 0 && heldBack.length === 0 ? 'NOTHING_TO_SPEND' : 'INSUFFICIENT_BALANCE', explanation), heldBack };
  }
  const allocations: SpendAllocation[] = [];
  let left = wanted;
  for (const award of usable) {
    if (left.lte(0)) break;
    const take = Money.min(left, award.remaining);
    allocations.push({ awardId: award.id, amount: take.toString() });
    left = left.minus(take);
  }
  return { ...succeed({ allocations, usable: formatMoney(total, currency) }), heldBack };
}

/** The wallet balance at `at`: the unspent remainder of awards not yet expired. */
export function walletBalance(awards: readonly { remaining: string; expiresAt: Date | null }[], at: Date, currency: string): string {
  let total: MoneyValue = new Money(0);
  for (const award of awards) if (!award.expiresAt || at < award.expiresAt) total = total.plus(award.remaining);
  return formatMoney(total, currency);
}
