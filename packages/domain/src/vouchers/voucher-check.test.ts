import { describe, expect, it } from 'vitest';
import { checkVoucher, checkWriteOffAmount, merchantDate, resolveWrittenOffAt, voucherUseCap, type VoucherCampaign, type VoucherCode, type VoucherUse } from './voucher-check.js';

const NOW = new Date('2026-12-02T10:00:00Z'); // a Wednesday
const campaign: VoucherCampaign = {
  isVoucher: true,
  name: 'Spa',
  state: 'ACTIVE',
  startsAt: new Date('2026-12-01T00:00:00Z'),
  expiresAt: new Date('2026-12-31T00:00:00Z'),
  currency: 'EUR',
  value: '50',
  minSpend: '20',
  productIds: ['p1'],
  productTypeIds: ['t1'],
  allowedUnitIds: ['u1'],
  excludedProductIds: ['p9'],
  excludedWeekdays: ['SUNDAY'],
  excludedDates: ['2026-12-24'],
};
const code: VoucherCode = { code: 'SPA1', disabled: false, customerId: 'c1', customerBlacklisted: false, uses: 0 };
const use: VoucherUse = { unitId: 'u1', unitTimezone: 'Europe/Berlin', at: NOW, amount: '30.00', products: [{ id: 'p1' }] };

describe('checkVoucher', () => {
  it.each<[string, Partial<VoucherCampaign> | null, Partial<VoucherCode> | null, Partial<VoucherUse>, string | null]>([
    ['valid', {}, {}, {}, null],
    ['unknown code', null, {}, {}, 'CODE_NOT_FOUND'],
    ['promo code, not a voucher', { isVoucher: false }, {}, {}, 'CODE_NOT_FOUND'],
    ['disabled', {}, { disabled: true }, {}, 'CODE_DISABLED'],
    ['draft campaign', { state: 'DRAFT' }, {}, {}, 'CAMPAIGN_NOT_ACTIVE'],
    ['paused campaign', { state: 'PAUSED' }, {}, {}, 'CAMPAIGN_NOT_ACTIVE'],
    ['ended before use', { state: 'ENDED', endedAt: new Date('2026-12-02T09:00:00Z') }, {}, {}, 'CAMPAIGN_NOT_ACTIVE'],
    ['ended after a paper use', { state: 'ENDED', endedAt: new Date('2026-12-02T11:00:00Z') }, {}, {}, null],
    ['not started', { startsAt: new Date('2026-12-03T00:00:00Z') }, {}, {}, 'NOT_STARTED'],
    ['expired (hard expiry is exclusive)', { expiresAt: NOW }, {}, {}, 'EXPIRED'],
    ['never issued', {}, { customerId: null }, {}, 'NOT_ELIGIBLE'],
    ['blacklisted holder', {}, { customerBlacklisted: true }, {}, 'CUSTOMER_BLACKLISTED'],
    ['single use, used', {}, { uses: 1 }, {}, 'CODE_LIMIT_REACHED'],
    ['multiple use, uses left', { usesPerVoucher: 3 }, { uses: 2 }, {}, null],
    ['multiple use, all used', { usesPerVoucher: 3 }, { uses: 3 }, {}, 'CODE_LIMIT_REACHED'],
    ['code cap overrides', { usesPerVoucher: 3 }, { uses: 1, maxUses: 1 }, {}, 'CODE_LIMIT_REACHED'],
    ['other store', {}, {}, { unitId: 'u2' }, 'UNIT_NOT_ALLOWED'],
    ['every store', { allowedUnitIds: [] }, {}, { unitId: 'u2' }, null],
    ['excluded weekday (Sunday in Berlin)', {}, {}, { at: new Date('2026-12-06T10:00:00Z') }, 'NOT_ELIGIBLE'],
    ['excluded date, local', {}, {}, { at: new Date('2026-12-23T23:30:00Z') }, 'NOT_ELIGIBLE'],
    ['excluded product', {}, {}, { products: [{ id: 'p9', typeId: 't1' }] }, 'PRODUCT_NOT_APPLICABLE'],
    ['product not applicable', {}, {}, { products: [{ id: 'p2' }] }, 'PRODUCT_NOT_APPLICABLE'],
    ['product by type', {}, {}, { products: [{ id: 'p2', typeId: 't1' }] }, null],
    ['min spend not met', {}, {}, { amount: '19.99' }, 'MIN_SPEND_NOT_MET'],
    ['min spend exactly met', {}, {}, { amount: '20' }, null],
    ['no amount given: min spend not checked', {}, {}, { amount: null }, null],
  ])('%s', (_name, c, k, u, expected) => {
    const result = checkVoucher(c === null ? null : { ...campaign, ...c }, k === null ? null : { ...code, ...k }, { ...use, ...u });
    if (expected === null) expect(result.ok, JSON.stringify(result)).toBe(true);
    else {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toBe(expected);
        expect(result.explanation.length).toBeGreaterThan(10);
      }
    }
  });

  it('answers the value and the uses left', () => {
    expect(checkVoucher({ ...campaign, usesPerVoucher: 3 }, { ...code, uses: 1 }, use)).toEqual({ ok: true, value: { value: '50.00', usesLeft: 1 } });
  });
});

describe('voucherUseCap', () => {
  it.each([
    [null, null, 1],
    [null, 5, 5],
    [2, 5, 2],
  ])('code %s, campaign %s → %s', (c, k, expected) => expect(voucherUseCap(c, k)).toBe(expected));
});

describe('merchantDate', () => {
  it.each([
    ['2026-12-02T22:30:00Z', 'UTC', '2026-12-02'],
    ['2026-12-02T23:30:00Z', 'Europe/Berlin', '2026-12-03'],
    ['2026-12-02T03:00:00Z', 'America/New_York', '2026-12-01'],
  ])('%s in %s → %s', (at, zone, expected) => expect(merchantDate(new Date(at), zone)).toBe(expected));
});

describe('resolveWrittenOffAt', () => {
  it.each<[string, Date | null, string | null]>([
    ['now when absent', null, NOW.toISOString()],
    ['earlier time kept', new Date('2026-11-30T10:00:00Z'), '2026-11-30T10:00:00.000Z'],
    ['small skew clamped to now', new Date(NOW.getTime() + 60_000), NOW.toISOString()],
    ['future refused', new Date(NOW.getTime() + 3_600_000), null],
    ['too old refused', new Date('2026-10-01T00:00:00Z'), null],
  ])('%s', (_name, at, expected) => {
    const r = resolveWrittenOffAt(at, NOW);
    expect(r.ok ? r.value.toISOString() : null).toBe(expected);
  });
});

describe('checkWriteOffAmount', () => {
  it.each([
    ['12.5', 'EUR', '12.50'],
    ['0', 'EUR', null],
    ['-1', 'EUR', null],
    ['1.234', 'EUR', null],
    ['abc', 'EUR', null],
    ['100', 'JPY', '100'],
  ])('%s %s → %s', (amount, currency, expected) => {
    const r = checkWriteOffAmount(amount, currency);
    expect(r.ok ? r.value : null).toBe(expected);
  });
});
