import { describe, expect, it } from 'vitest';
import { OFFER_CLASSIFICATIONS, PERCENTAGE_AWARD_CLASSIFICATIONS, type OfferClassification } from './classification.js';
import {
  allowsPercentageAward,
  checkAwardConditions,
  checkAwardRule,
  checkAwardValidity,
  checkOfferValidity,
  checkSpendConditions,
  emptyAwardConditions,
  emptySpendConditions,
  type AwardRule,
  type OfferValidityRule,
} from './offer-rules.js';

const award = (a: Partial<AwardRule>): AwardRule => ({ kind: 'AMOUNT', considerOfferTypeIds: [], considerSchemeIds: [], ...a });
const fieldOf = (r: { ok: boolean; field?: string }) => (r.ok ? 'ok' : r.field);

describe('awards and classifications', () => {
  it('allows a percentage of the event amount exactly for the four revenue and amount-based classifications', () => {
    expect(OFFER_CLASSIFICATIONS.filter(allowsPercentageAward)).toEqual(PERCENTAGE_AWARD_CLASSIFICATIONS);
    expect(OFFER_CLASSIFICATIONS.filter(allowsPercentageAward)).toEqual([
      'UTILISE_FREE_CAPACITY',
      'INCREASE_REVENUE_TRANSACTION_BASED',
      'INCREASE_REVENUE_PRODUCT_BASED',
      'REWARD_LOYALTY_TRANSACTION_AMOUNT_BASED',
    ]);
  });

  it.each<[string, AwardRule, OfferClassification, string]>([
    ['amount on Just Money', award({ amount: '5' }), 'JUST_MONEY', 'ok'],
    ['amount missing', award({}), 'JUST_MONEY', 'award.amount'],
    ['amount zero', award({ amount: '0' }), 'JUST_MONEY', 'award.amount'],
    ['amount negative', award({ amount: '-1' }), 'JUST_MONEY', 'award.amount'],
    ['amount with 5 decimals', award({ amount: '1.00001' }), 'JUST_MONEY', 'award.amount'],
    ['percentage on Just Money refused', award({ kind: 'PERCENTAGE', percentage: '10' }), 'JUST_MONEY', 'award.kind'],
    ['percentage on birthday refused', award({ kind: 'PERCENTAGE', percentage: '10' }), 'REWARD_ON_BIRTHDAY', 'award.kind'],
    ['percentage on transaction based', award({ kind: 'PERCENTAGE', percentage: '10' }), 'INCREASE_REVENUE_TRANSACTION_BASED', 'ok'],
    ['percentage over 100', award({ kind: 'PERCENTAGE', percentage: '100.5' }), 'UTILISE_FREE_CAPACITY', 'award.percentage'],
    ['percentage without a value', award({ kind: 'PERCENTAGE' }), 'UTILISE_FREE_CAPACITY', 'award.percentage'],
    ['percentage of awarded within needs a period', award({ kind: 'PERCENTAGE_OF_AWARDED_WITHIN', percentage: '10' }), 'JUST_MONEY', 'award.within'],
    ['percentage of awarded within, period of 0', award({ kind: 'PERCENTAGE_OF_AWARDED_WITHIN', percentage: '10', within: { count: 0, unit: 'DAY' } }), 'JUST_MONEY', 'award.within.count'],
    ['percentage of awarded within a month', award({ kind: 'PERCENTAGE_OF_AWARDED_WITHIN', percentage: '10', within: { count: 1, unit: 'MONTH' } }), 'JUST_MONEY', 'ok'],
  ])('%s → %s', (_name, a, classification, expected) => {
    expect(fieldOf(checkAwardRule(a, classification, 'award'))).toBe(expected);
  });

  it('a fixed amount is exact to the scheme currency\'s minor unit (no currency given: up to 4 places)', () => {
    expect(fieldOf(checkAwardRule(award({ amount: '5.555' }), 'JUST_MONEY', 'award', 'EUR'))).toBe('award.amount');
    expect(checkAwardRule(award({ amount: '5.55' }), 'JUST_MONEY', 'award', 'EUR').ok).toBe(true);
    expect(fieldOf(checkAwardRule(award({ amount: '5.5' }), 'JUST_MONEY', 'award', 'JPY'))).toBe('award.amount');
    expect(checkAwardRule(award({ amount: '5.555' }), 'JUST_MONEY', 'award').ok).toBe(true);
  });

  it('normalises values', () => {
    const r = checkAwardRule(award({ amount: '5.50' }), 'JUST_MONEY', 'award');
    expect(r).toEqual({ ok: true, value: { kind: 'AMOUNT', amount: '5.5', considerOfferTypeIds: [], considerSchemeIds: [] } });
  });
});

describe('offer validity checks', () => {
  it.each<[string, OfferValidityRule, string]>([
    ['default', { kind: 'FROM_LATEST_EFFECTIVE_DATE' }, 'ok'],
    ['period without from', { kind: 'SPECIFIC_PERIOD', validTo: '2026-01-01T00:00:00Z' }, 'v.validFrom'],
    ['period without to', { kind: 'SPECIFIC_PERIOD', validFrom: '2026-01-01T00:00:00Z' }, 'v.validTo'],
    ['empty period (to is exclusive)', { kind: 'SPECIFIC_PERIOD', validFrom: '2026-01-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' }, 'v.validTo'],
    ['birthday with negative days', { kind: 'BIRTHDAY_PERIOD', daysBefore: -1 }, 'v.daysBefore'],
    ['name day', { kind: 'NAME_DAY_PERIOD', daysBefore: 2, daysAfter: 2 }, 'ok'],
    ['recurring 30 February', { kind: 'RECURRING_PERIOD', fromDay: 30, fromMonth: 2, toDay: 1, toMonth: 3 }, 'v.fromDay'],
    ['recurring month 13', { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 1, toDay: 1, toMonth: 13 }, 'v.toMonth'],
    ['recurring wrapping the year end', { kind: 'RECURRING_PERIOD', fromDay: 1, fromMonth: 12, toDay: 31, toMonth: 1 }, 'ok'],
  ])('%s → %s', (_name, v, expected) => {
    expect(fieldOf(checkOfferValidity(v, 'v'))).toBe(expected);
  });

  it('keeps only the fields of the kind', () => {
    expect(checkOfferValidity({ kind: 'BIRTHDAY_PERIOD', daysBefore: 3, fromDay: 1 }, 'v')).toEqual({ ok: true, value: { kind: 'BIRTHDAY_PERIOD', daysBefore: 3, daysAfter: 0 } });
  });
});

describe('award validity, award and spend condition checks', () => {
  it.each([
    [{ kind: 'ALWAYS' as const }, 'ok'],
    [{ kind: 'AFTER_AWARD' as const }, 'a.after'],
    [{ kind: 'AFTER_AWARD' as const, after: { count: 3, unit: 'MONTH' as const } }, 'ok'],
    [{ kind: 'UNTIL_DATE' as const }, 'a.until'],
    [{ kind: 'UNTIL_DATE' as const, until: 'not a date' }, 'a.until'],
  ])('%j → %s', (v, expected) => {
    expect(fieldOf(checkAwardValidity(v, 'a'))).toBe(expected);
  });

  it('refuses a segment both included and excluded, trims locations', () => {
    expect(fieldOf(checkAwardConditions({ ...emptyAwardConditions(), includedSegmentIds: ['1'], excludedSegmentIds: ['1'] }, 'c'))).toBe('c.excludedSegmentIds');
    const r = checkAwardConditions({ ...emptyAwardConditions('ONLY_ONE'), allowedCities: [' Athens ', 'Athens', ''] }, 'c');
    expect(r.ok && r.value.allowedCities).toEqual(['Athens']);
  });

  it.each([
    [{ hourRanges: [{ from: '09:00', to: '17:00' }] }, 'ok'],
    [{ hourRanges: [{ from: '22:00', to: '02:00' }] }, 'ok'],
    [{ hourRanges: [{ from: '18:00', to: '24:00' }] }, 'ok'],
    [{ hourRanges: [{ from: '9:00', to: '17:00' }] }, 's.hourRanges.0.from'],
    [{ hourRanges: [{ from: '09:00', to: '25:00' }] }, 's.hourRanges.0.to'],
    [{ hourRanges: [{ from: '09:00', to: '09:00' }] }, 's.hourRanges.0.to'],
    [{ days: ['MONDAY', 'FUNDAY'] }, 's.days.1'],
    [{ afterAwarding: { count: 0, unit: 'DAY' } }, 's.afterAwarding.count'],
  ])('spend conditions %j → %s', (c, expected) => {
    expect(fieldOf(checkSpendConditions({ ...emptySpendConditions(), ...(c as object) }, 's'))).toBe(expected);
  });

  it('orders weekdays Monday first', () => {
    const r = checkSpendConditions({ ...emptySpendConditions(), days: ['SUNDAY', 'MONDAY'] }, 's');
    expect(r.ok && r.value.days).toEqual(['MONDAY', 'SUNDAY']);
  });
});
