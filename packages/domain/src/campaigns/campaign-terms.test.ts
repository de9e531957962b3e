import { describe, expect, it } from 'vitest';
import { checkCampaignTerms, checkMoneyAmount, smallestDiscount, type CampaignTerms } from './campaign-terms.js';

const base: CampaignTerms = {
  discountKind: 'AMOUNT',
  amount: '5.00',
  currency: 'eur',
  startsAt: new Date('2026-11-01T00:00:00Z'),
  expiresAt: new Date('2026-12-01T00:00:00Z'),
  timezone: 'Europe/Athens',
  stacking: 'EXCLUSIVE',
};

describe('checkMoneyAmount', () => {
  it.each([
    ['12.50', 'EUR', false, true, undefined],
    ['0', 'EUR', true, true, undefined],
    ['0', 'EUR', false, false, 'more than zero'],
    ['-1', 'EUR', true, false, 'zero or more'],
    ['1.001', 'EUR', false, false, 'EUR has 2 decimal places'],
    ['100', 'JPY', false, true, undefined],
    ['100.5', 'JPY', false, false, 'JPY has 0 decimal places'],
    ['1.234', 'KWD', false, true, undefined],
    ['abc', 'EUR', false, false, 'must be a decimal number'],
  ])('%s %s (allowZero %s) → ok %s', (value, currency, allowZero, ok, message) => {
    const result = checkMoneyAmount(value, currency, 'amount', allowZero);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.field).toBe('amount');
      expect(result.explanation).toContain(message);
    }
  });
});

describe('checkCampaignTerms', () => {
  it('accepts valid AMOUNT terms and upper-cases the currency', () => {
    const result = checkCampaignTerms(base);
    expect(result).toEqual({ ok: true, value: { ...base, currency: 'EUR' } });
  });

  it('accepts PERCENTAGE terms with a cap', () => {
    const result = checkCampaignTerms({ ...base, discountKind: 'PERCENTAGE', amount: null, percentage: '12.5', maxDiscount: '20.00' });
    expect(result.ok).toBe(true);
  });

  it.each<[string, Partial<CampaignTerms>, string]>([
    ['unknown currency', { currency: 'XXQ' }, 'currency'],
    ['not an IANA zone', { timezone: 'UTC+99' }, 'timezone'],
    ['percentage missing', { discountKind: 'PERCENTAGE', amount: null }, 'percentage'],
    ['percentage zero', { discountKind: 'PERCENTAGE', amount: null, percentage: '0' }, 'percentage'],
    ['percentage above 100', { discountKind: 'PERCENTAGE', amount: null, percentage: '100.01' }, 'percentage'],
    ['percentage with 5 decimals', { discountKind: 'PERCENTAGE', amount: null, percentage: '10.00001' }, 'percentage'],
    ['percentage with an amount', { discountKind: 'PERCENTAGE', percentage: '10' }, 'amount'],
    ['percentage cap with too many decimals', { discountKind: 'PERCENTAGE', amount: null, percentage: '10', maxDiscount: '1.001' }, 'maxDiscount'],
    ['amount missing', { amount: null }, 'amount'],
    ['amount with a percentage', { percentage: '10' }, 'percentage'],
    ['amount with a cap', { maxDiscount: '3.00' }, 'maxDiscount'],
    ['invalid start', { startsAt: new Date('nope') }, 'startsAt'],
    ['invalid expiry', { expiresAt: new Date('nope') }, 'expiresAt'],
    ['expiry at the start', { expiresAt: new Date('2026-11-01T00:00:00Z') }, 'expiresAt'],
    ['budget amount zero', { budget: { period: 'MONTH', amount: '0' } }, 'budget.amount'],
    ['pause threshold at the budget', { budget: { period: 'MONTH', amount: '100.00', pauseThreshold: '100.00' } }, 'budget.pauseThreshold'],
    ['pause threshold negative', { budget: { period: 'MONTH', amount: '100.00', pauseThreshold: '-1' } }, 'budget.pauseThreshold'],
    ['a cap of zero', { maxRedemptionsPerCode: 0 }, 'maxRedemptionsPerCode'],
    ['a fractional cap', { maxRedemptions: 1.5 }, 'maxRedemptions'],
    ['negative minimum spend', { minSpend: '-0.01' }, 'minSpend'],
    ['exclusive with several codes per order', { maxCodesPerOrder: 2 }, 'maxCodesPerOrder'],
  ])('refuses %s, naming %s', (_label, change, field) => {
    const result = checkCampaignTerms({ ...base, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('INVALID_TERMS');
      expect(result.field).toBe(field);
    }
  });

  it('accepts a zero pause threshold and a zero minimum spend', () => {
    expect(checkCampaignTerms({ ...base, budget: { period: 'MONTH', amount: '100.00', pauseThreshold: '0' }, minSpend: '0' }).ok).toBe(true);
  });

  it('allows several codes per order when stackable', () => {
    expect(checkCampaignTerms({ ...base, stacking: 'STACKABLE', maxCodesPerOrder: 3 }).ok).toBe(true);
  });
});

describe('smallestDiscount', () => {
  it.each<[string, Parameters<typeof smallestDiscount>[0], string]>([
    ['the fixed amount', { discountKind: 'AMOUNT', amount: '5', currency: 'EUR' }, '5.00'],
    ['a percentage of the minimum spend', { discountKind: 'PERCENTAGE', percentage: '10', minSpend: '45.55', currency: 'EUR' }, '4.56'],
    ['capped by maxDiscount', { discountKind: 'PERCENTAGE', percentage: '50', minSpend: '100', maxDiscount: '20', currency: 'EUR' }, '20.00'],
    ['at least one minor unit without a minimum spend', { discountKind: 'PERCENTAGE', percentage: '10', currency: 'EUR' }, '0.01'],
    ['in a currency without minor units', { discountKind: 'PERCENTAGE', percentage: '10', minSpend: '15', currency: 'JPY' }, '2'],
  ])('%s', (_label, terms, expected) => {
    expect(smallestDiscount(terms)).toBe(expected);
  });
});
