import { describe, expect, it } from 'vitest';
import { emptySpendConditions, type SpendConditionsRule } from './offer-rules.js';
import { checkSpendConditionsFor, isInHourRange, planSpend, walletBalance, type SpendableAward, type SpendFacts } from './spend.js';

const conditions = (c: Partial<SpendConditionsRule>): SpendConditionsRule => ({ ...emptySpendConditions(), ...c });
// 2026-11-23 is a Monday. Athens is UTC+2 in November.
const spend = (iso: string, extra: Partial<SpendFacts> = {}): SpendFacts => ({
  at: new Date(iso),
  timezone: 'Europe/Athens',
  unitId: 'store-central',
  unitGroupId: 'retail',
  products: [{ id: 'fibre', typeId: 'packages', familyId: 'broadband' }],
  ...extra,
});
const awardedAt = { createdAt: new Date('2026-11-20T10:00:00Z') };

describe('spend conditions (in the scheme time zone)', () => {
  it.each<[string, Partial<SpendConditionsRule>, SpendFacts, string | null]>([
    ['no conditions', {}, spend('2026-11-23T10:00:00Z'), null],
    ['weekday allowed', { days: ['MONDAY'] }, spend('2026-11-23T10:00:00Z'), null],
    ['weekday read in Athens: Sunday 23:30 UTC is Monday 01:30', { days: ['MONDAY'] }, spend('2026-11-22T23:30:00Z'), null],
    ['weekday not allowed', { days: ['SATURDAY', 'SUNDAY'] }, spend('2026-11-23T10:00:00Z'), 'DAY_NOT_ALLOWED'],
    ['hour range start inclusive (09:00 Athens)', { hourRanges: [{ from: '09:00', to: '17:00' }] }, spend('2026-11-23T07:00:00Z'), null],
    ['hour range end exclusive (17:00 Athens)', { hourRanges: [{ from: '09:00', to: '17:00' }] }, spend('2026-11-23T15:00:00Z'), 'HOUR_NOT_ALLOWED'],
    ['hour range 16:59 Athens', { hourRanges: [{ from: '09:00', to: '17:00' }] }, spend('2026-11-23T14:59:00Z'), null],
    ['second range', { hourRanges: [{ from: '09:00', to: '12:00' }, { from: '18:00', to: '22:00' }] }, spend('2026-11-23T17:00:00Z'), null],
    ['over midnight', { hourRanges: [{ from: '22:00', to: '02:00' }] }, spend('2026-11-23T23:00:00Z'), null],
    ['after N days: too soon', { afterAwarding: { count: 5, unit: 'DAY' } }, spend('2026-11-24T21:59:00Z'), 'TOO_SOON_AFTER_AWARD'],
    ['after N days: from the start of that local date', { afterAwarding: { count: 5, unit: 'DAY' } }, spend('2026-11-24T22:00:00Z'), null],
    ['product allowed by id', { productIds: ['fibre'] }, spend('2026-11-23T10:00:00Z'), null],
    ['product allowed by type', { productTypeIds: ['packages'] }, spend('2026-11-23T10:00:00Z'), null],
    ['product allowed by family', { productFamilyIds: ['broadband'] }, spend('2026-11-23T10:00:00Z'), null],
    ['one product not allowed', { productIds: ['fibre'] }, spend('2026-11-23T10:00:00Z', { products: [{ id: 'fibre', typeId: 'x', familyId: null }, { id: 'tv', typeId: 'x', familyId: null }] }), 'PRODUCT_NOT_ALLOWED'],
    ['no products given', { productIds: ['fibre'] }, spend('2026-11-23T10:00:00Z', { products: [] }), 'PRODUCT_NOT_ALLOWED'],
    ['unit allowed', { allowedUnitIds: ['store-central'] }, spend('2026-11-23T10:00:00Z'), null],
    ["unit's group allowed", { allowedGroupIds: ['retail'] }, spend('2026-11-23T10:00:00Z'), null],
    ['unit not allowed', { allowedUnitIds: ['store-harbour'] }, spend('2026-11-23T10:00:00Z'), 'UNIT_NOT_ALLOWED'],
    ['no unit given', { allowedGroupIds: ['retail'] }, spend('2026-11-23T10:00:00Z', { unitId: null, unitGroupId: null }), 'UNIT_NOT_ALLOWED'],
  ])('%s', (_name, c, s, expected) => {
    expect(checkSpendConditionsFor(conditions(c), s, awardedAt)).toBe(expected);
  });

  it('hour ranges', () => {
    expect(isInHourRange(0, { from: '22:00', to: '02:00' })).toBe(true);
    expect(isInHourRange(120, { from: '22:00', to: '02:00' })).toBe(false);
    expect(isInHourRange(1439, { from: '18:00', to: '24:00' })).toBe(true);
  });
});

const award = (id: string, remaining: string, expiresAt: string | null, c: Partial<SpendConditionsRule> = {}, createdAt = '2026-11-01T00:00:00Z'): SpendableAward => ({
  id,
  remaining,
  createdAt: new Date(createdAt),
  expiresAt: expiresAt ? new Date(expiresAt) : null,
  spendConditions: conditions(c),
});

describe('planning a spend', () => {
  const now = spend('2026-11-23T10:00:00Z');
  it('consumes the oldest-expiring awards first, never-expiring last', () => {
    const r = planSpend([award('1', '10.00', null), award('2', '5.00', '2026-12-31T00:00:00Z'), award('3', '4.00', '2026-12-01T00:00:00Z')], '12.50', 'EUR', now);
    expect(r.ok && r.value.allocations).toEqual([
      { awardId: '3', amount: '4' },
      { awardId: '2', amount: '5' },
      { awardId: '1', amount: '3.5' },
    ]);
  });

  it('ties on expiry go to the oldest award', () => {
    const r = planSpend([award('7', '5', null, {}, '2026-11-02T00:00:00Z'), award('8', '5', null, {}, '2026-11-01T00:00:00Z')], '5', 'EUR', now);
    expect(r.ok && r.value.allocations).toEqual([{ awardId: '8', amount: '5' }]);
  });

  it('skips expired awards (expiry exclusive) and awards whose conditions fail', () => {
    const r = planSpend(
      [award('1', '4', '2026-11-23T10:00:00Z'), award('2', '4', null, { days: ['SUNDAY'] }), award('3', '4', '2026-11-23T10:00:00.001Z')],
      '4',
      'EUR',
      now,
    );
    expect(r.ok && r.value.allocations).toEqual([{ awardId: '3', amount: '4' }]);
    expect(r.heldBack).toEqual([
      { awardId: '1', reason: 'EXPIRED' },
      { awardId: '2', reason: 'DAY_NOT_ALLOWED' },
    ]);
  });

  it('refuses an overdraw, explaining what was held back', () => {
    const r = planSpend([award('1', '3.00', null), award('2', '10', null, { allowedUnitIds: ['elsewhere'] })], '5', 'EUR', now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('INSUFFICIENT_BALANCE');
    expect(!r.ok && r.explanation).toBe('only 3.00 EUR can be spent here and now; other awards are not spendable at this unit');
    const empty = planSpend([], '1', 'EUR', now);
    expect(!empty.ok && empty.reason).toBe('NOTHING_TO_SPEND');
  });

  it('balances count unexpired remainders, to the cent', () => {
    expect(walletBalance([{ remaining: '1.005', expiresAt: null }, { remaining: '2', expiresAt: new Date('2026-11-23T10:00:00Z') }, { remaining: '0.10', expiresAt: new Date('2026-11-24T00:00:00Z') }], new Date('2026-11-23T10:00:00Z'), 'EUR')).toBe('1.10');
  });
});
