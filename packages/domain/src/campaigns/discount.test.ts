import { describe, expect, it } from 'vitest';
import { computeDiscount, eligibleAmount, type CampaignDiscount, type DiscountOrder } from './discount.js';

const order: DiscountOrder = {
  amount: '100.00',
  currency: 'EUR',
  lines: [
    { productId: 'p1', productTypeId: 't1', quantity: 2, unitPrice: '10.00' },
    { productId: 'p2', productTypeId: 't2', quantity: 1, unitPrice: '30.05' },
    { productId: 'p3', productTypeId: null, quantity: 1, unitPrice: '49.95' },
  ],
};

describe('eligibleAmount', () => {
  it.each([
    [{}, '100'],
    [{ productIds: ['p1'] }, '20'],
    [{ productTypeIds: ['t2'] }, '30.05'],
    [{ productIds: ['p3'], productTypeIds: ['t1'] }, '69.95'],
    [{ productIds: ['nope'] }, '0'],
  ])('with restriction %o is %s', (restriction, expected) => {
    const result = eligibleAmount(order, restriction);
    expect(result.ok && result.value.toString()).toBe(expected);
  });
});

describe('computeDiscount', () => {
  it.each<[CampaignDiscount, object, string]>([
    [{ kind: 'PERCENTAGE', value: '10', currency: 'EUR' }, {}, '10.00'],
    [{ kind: 'PERCENTAGE', value: '10', maxDiscount: '5', currency: 'EUR' }, {}, '5.00'],
    [{ kind: 'PERCENTAGE', value: '15', currency: 'EUR' }, { productTypeIds: ['t2'] }, '4.51'], // 4.5075
    [{ kind: 'PERCENTAGE', value: '50', currency: 'EUR' }, { productIds: ['p2'] }, '15.02'], // 15.025 half-even
    [{ kind: 'AMOUNT', value: '25', currency: 'EUR' }, {}, '25.00'],
    [{ kind: 'AMOUNT', value: '25', currency: 'EUR' }, { productIds: ['p1'] }, '20.00'],
    [{ kind: 'AMOUNT', value: '25', currency: 'EUR' }, { productIds: ['x'] }, '0.00'],
  ])('%o on restriction %o gives %s', (discount, restriction, expected) => {
    const result = computeDiscount(discount, order, restriction);
    expect(result.ok && result.value.toFixed(2)).toBe(expected);
  });

  it('rounds to the minor unit of the currency (JPY has none)', () => {
    const result = computeDiscount({ kind: 'PERCENTAGE', value: '12.5', currency: 'JPY' }, { amount: '1004', currency: 'JPY' });
    expect(result.ok && result.value.toString()).toBe('126'); // 125.5 → 126 half-even
  });

  it('refuses a currency mismatch', () => {
    expect(computeDiscount({ kind: 'AMOUNT', value: '5', currency: 'USD' }, order)).toMatchObject({
      ok: false,
      reason: 'CURRENCY_MISMATCH',
    });
  });

  it('refuses a malformed amount', () => {
    expect(computeDiscount({ kind: 'AMOUNT', value: 'x', currency: 'EUR' }, order)).toMatchObject({
      ok: false,
      reason: 'INVALID_AMOUNT',
    });
  });
});
