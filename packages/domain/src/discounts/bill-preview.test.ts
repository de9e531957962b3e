import { describe, expect, it } from 'vitest';
import { type BillDiscountInput, type BillPreviewInput, billingPeriodEnd, computeBillPreview } from './bill-preview.js';

const MAIN = { productId: 'main-service', productTypeId: 'subscription-packages', amount: '35.00' };
const EXTRA = { productId: 'extra-service', productTypeId: 'additional-services', amount: '10.00' };
const INSTALL = { productId: 'installation-fee', productTypeId: 'services', amount: '100.00' };
const ROUTER = { productId: 'router', productTypeId: 'hardware', amount: '60.00' };

describe('company ZX acceptance scenarios (seed 003)', () => {
  const scenarios: [string, BillPreviewInput, { lines: [string, string[], string][]; subtotal: string; discountTotal: string; total: string }][] = [
    [
      'scenario 1: approved ad hoc 20.00/month on the main service only, monthly subscription',
      {
        currency: 'EUR',
        lines: [MAIN, EXTRA],
        period: { start: '2015-03-01', frequency: 'MONTHLY' },
        adHocDiscounts: [
          {
            definitionId: 'zx-complaints', adHocDiscountId: 'ahd-1', valueKind: 'AMOUNT_RANGE', amount: '20.00',
            applicableProductIds: ['main-service'], effectiveDate: '2015-03-01T00:00:00Z', expirationDate: '2015-12-31T00:00:00Z',
          },
        ],
        autoApplyDiscounts: [],
      },
      { lines: [['35.00', ['20.00'], '15.00'], ['10.00', [], '10.00']], subtotal: '45.00', discountTotal: '20.00', total: '25.00' },
    ],
    [
      'scenario 2: approved ad hoc 50% on the installation service fee of a delayed job',
      {
        currency: 'EUR',
        lines: [INSTALL],
        billingDate: '2015-06-15',
        adHocDiscounts: [
          {
            definitionId: 'zx-installation-delay', adHocDiscountId: 'ahd-2', valueKind: 'PERCENTAGE', percentage: '50',
            applicableProductIds: ['installation-fee'], onceOff: true,
          },
        ],
        autoApplyDiscounts: [],
      },
      { lines: [['100.00', ['50.00'], '50.00']], subtotal: '100.00', discountTotal: '50.00', total: '50.00' },
    ],
    [
      'scenario 3: auto-apply €20 on the installation service fee of a delayed job',
      {
        currency: 'EUR',
        lines: [INSTALL, ROUTER],
        billingDate: '2015-06-15',
        adHocDiscounts: [],
        autoApplyDiscounts: [
          {
            definitionId: 'zx-auto-installation-delay', valueKind: 'AMOUNT', amount: '20.00',
            applicableProductIds: ['installation-fee'], effectiveDate: '2015-01-01', expirationDate: '2015-12-31',
          },
        ],
      },
      { lines: [['100.00', ['20.00'], '80.00'], ['60.00', [], '60.00']], subtotal: '160.00', discountTotal: '20.00', total: '140.00' },
    ],
  ];

  it.each(scenarios)('%s', (_name, input, expected) => {
    const bill = computeBillPreview(input);
    expect(bill.lines.map((l) => [l.amount, l.discounts.map((d) => d.amount), l.net])).toEqual(expected.lines);
    expect([bill.subtotal, bill.discountTotal, bill.total]).toEqual([expected.subtotal, expected.discountTotal, expected.total]);
  });

  it('scenario 1 records the ad hoc discount as AD_HOC with its ids, scenario 3 as AUTO_APPLY', () => {
    const [s1, s2, s3] = scenarios.map(([, input]) => computeBillPreview(input));
    expect(s1?.lines[0]?.discounts).toEqual([
      { application: 'AD_HOC', definitionId: 'zx-complaints', adHocDiscountId: 'ahd-1', amount: '20.00' },
    ]);
    expect(s1?.periodStart).toBe('2015-03-01');
    expect(s1?.periodEnd).toBe('2015-04-01');
    expect(s2?.consumedAdHocDiscountIds).toEqual(['ahd-2']);
    expect(s3?.lines[0]?.discounts).toEqual([
      { application: 'AUTO_APPLY', definitionId: 'zx-auto-installation-delay', amount: '20.00' },
    ]);
  });
});

describe('billingPeriodEnd', () => {
  it.each([
    ['2026-01-31', 'MONTHLY', '2026-02-28'],
    ['2026-03-01', 'MONTHLY', '2026-04-01'],
    ['2026-03-01', 'QUARTERLY', '2026-06-01'],
    ['2024-02-29', 'ANNUALLY', '2025-02-28'],
  ] as const)('%s %s → %s', (start, frequency, end) => {
    expect(billingPeriodEnd(start, frequency)).toBe(end);
  });
});

describe('computeBillPreview rules', () => {
  const base = (d: BillDiscountInput, lines = [MAIN, EXTRA]): BillPreviewInput => ({
    currency: 'EUR',
    lines,
    period: { start: '2026-04-01', frequency: 'MONTHLY' },
    adHocDiscounts: [d],
    autoApplyDiscounts: [],
  });
  const d = (over: Partial<BillDiscountInput>): BillDiscountInput => ({
    definitionId: 'def', adHocDiscountId: 'a', valueKind: 'AMOUNT', amount: '0', applicableProductIds: [], ...over,
  });

  it.each([
    ['amount larger than the line never goes below zero', d({ amount: '50.00', applicableProductIds: ['main-service'] }), ['0.00', '10.00'], '10.00'],
    ['amount spread in line order until used up', d({ amount: '40.00' }), ['0.00', '5.00'], '5.00'],
    ['amount larger than the whole bill', d({ amount: '99.00' }), ['0.00', '0.00'], '0.00'],
    ['percentage on every line, half-even', d({ valueKind: 'PERCENTAGE', percentage: '12.5' }), ['30.62', '8.75'], '39.37'],
    ['free period: 15 of 30 days', d({ valueKind: 'FREE_PERIOD', freePeriodDays: 15, effectiveDate: '2026-04-16' }), ['17.50', '5.00'], '22.50'],
    ['free period starting before the period', d({ valueKind: 'FREE_PERIOD', freePeriodDays: 10, effectiveDate: '2026-03-27' }), ['29.17', '8.33'], '37.50'],
    ['free period wholly after the period', d({ valueKind: 'FREE_PERIOD', freePeriodDays: 10, effectiveDate: '2026-05-01' }), ['35.00', '10.00'], '45.00'],
    ['expired the day before the period (expiration inclusive)', d({ amount: '5.00', expirationDate: '2026-03-31' }), ['35.00', '10.00'], '45.00'],
    ['expiring on the first day of the period applies', d({ amount: '5.00', expirationDate: '2026-04-01' }), ['30.00', '10.00'], '40.00'],
    ['effective from the last day of the period applies in full', d({ amount: '5.00', effectiveDate: '2026-04-30' }), ['30.00', '10.00'], '40.00'],
    ['effective on the period end does not apply', d({ amount: '5.00', effectiveDate: '2026-05-01' }), ['35.00', '10.00'], '45.00'],
    ['once-off already consumed does not apply', d({ amount: '5.00', onceOff: true, consumed: true }), ['35.00', '10.00'], '45.00'],
  ])('%s', (_name, discount, nets, total) => {
    const bill = computeBillPreview(base(discount));
    expect(bill.lines.map((l) => l.net)).toEqual(nets);
    expect(bill.total).toBe(total);
  });

  it('ad hoc discounts apply before auto-apply ones; the second is capped by the remaining net', () => {
    const bill = computeBillPreview({
      ...base(d({ amount: '30.00', applicableProductIds: ['main-service'] })),
      autoApplyDiscounts: [d({ definitionId: 'auto', adHocDiscountId: undefined, valueKind: 'PERCENTAGE', percentage: '50', applicableProductIds: ['main-service'] })],
    });
    expect(bill.lines[0]?.discounts.map((x) => [x.application, x.amount])).toEqual([['AD_HOC', '30.00'], ['AUTO_APPLY', '5.00']]);
    expect(bill.discountTotal).toBe('35.00');
  });

  it('a once-off discount applied is listed for billing to record as consumed', () => {
    expect(computeBillPreview(base(d({ amount: '5.00', onceOff: true }))).consumedAdHocDiscountIds).toEqual(['a']);
  });

  it('uses the currency minor unit (JPY has none)', () => {
    const bill = computeBillPreview({
      ...base(d({ valueKind: 'PERCENTAGE', percentage: '12.5' }), [{ productId: 'p', productTypeId: 't', amount: '1020' }]),
      currency: 'JPY',
    });
    expect([bill.lines[0]?.net, bill.discountTotal]).toEqual(['892', '128']);
  });
});
