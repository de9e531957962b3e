import { describe, expect, it } from 'vitest';
import { type AdditiveDiscountDefinitionData, inclusiveEndMs, isDefinitionValidAt, validateDiscountDefinition } from './definition.js';

/** Seed 003 scenario 1: 5–20 per month, 3 per year, manual by Customer Care managers, until 31/12/2015. */
const ZX1: AdditiveDiscountDefinitionData = {
  target: 'SUBSCRIPTION', application: 'AD_HOC', valueKind: 'AMOUNT_RANGE', minAmount: '5.00', maxAmount: '20.00', currency: 'EUR',
  effectiveDate: '2015-01-01T00:00:00Z', expirationDate: '2015-12-31T00:00:00Z', duration: 'FIXED_DATE', durationUntil: '2015-12-31T00:00:00Z',
  maxApplications: 3, applicationPeriod: { count: 1, unit: 'YEAR' }, approvalMethod: 'MANUAL', approvalUnitId: 'customer-care',
  billingFrequencies: ['MONTHLY'], productTypeIds: ['subscription-packages'],
};

describe('validateDiscountDefinition', () => {
  it('accepts the seed 003 definitions', () => {
    expect(validateDiscountDefinition(ZX1).ok).toBe(true);
    expect(validateDiscountDefinition({ ...ZX1, target: 'JOB', valueKind: 'PERCENTAGE', percentage: '50', duration: 'ONCE_OFF', durationUntil: null, maxApplications: null, applicationPeriod: null }).ok).toBe(true);
    expect(validateDiscountDefinition({ ...ZX1, target: 'JOB', application: 'AUTO_APPLY', valueKind: 'AMOUNT', amount: '20', duration: 'ONCE_OFF', approvalMethod: 'AUTOMATIC', approvalUnitId: null }).ok).toBe(true);
  });

  it.each<[string, Partial<AdditiveDiscountDefinitionData>, string, string]>([
    ['amount missing', { valueKind: 'AMOUNT', amount: null }, 'AMOUNT_REQUIRED', 'input.amount'],
    ['amount zero', { valueKind: 'AMOUNT', amount: '0' }, 'AMOUNT_REQUIRED', 'input.amount'],
    ['range min negative', { minAmount: '-1' }, 'AMOUNT_RANGE_INVALID', 'input.minAmount'],
    ['range max missing', { maxAmount: null }, 'AMOUNT_RANGE_INVALID', 'input.maxAmount'],
    ['range min above max', { minAmount: '25' }, 'AMOUNT_RANGE_INVALID', 'input.minAmount'],
    ['range min with more decimals than EUR has', { minAmount: '5.555' }, 'AMOUNT_PRECISION', 'input.minAmount'],
    ['fixed amount with more decimals than EUR has', { valueKind: 'AMOUNT', amount: '5.001' }, 'AMOUNT_PRECISION', 'input.amount'],
    ['no currency: two decimal places at most', { valueKind: 'AMOUNT', amount: '5.001', currency: null }, 'AMOUNT_PRECISION', 'input.amount'],
    ['percentage zero', { valueKind: 'PERCENTAGE', percentage: '0' }, 'PERCENTAGE_INVALID', 'input.percentage'],
    ['percentage above 100', { valueKind: 'PERCENTAGE', percentage: '100.01' }, 'PERCENTAGE_INVALID', 'input.percentage'],
    ['free period zero days', { valueKind: 'FREE_PERIOD', freePeriodDays: 0 }, 'FREE_PERIOD_INVALID', 'input.freePeriodDays'],
    ['currency unknown', { currency: 'EURO' }, 'CURRENCY_INVALID', 'input.currency'],
    ['effective not a date', { effectiveDate: 'soon' }, 'DATE_INVALID', 'input.effectiveDate'],
    ['expiry before effective', { expirationDate: '2014-12-31T00:00:00Z' }, 'EXPIRATION_BEFORE_EFFECTIVE', 'input.expirationDate'],
    ['free period on a job', { target: 'JOB', valueKind: 'FREE_PERIOD', freePeriodDays: 7 }, 'FREE_PERIOD_NEEDS_SUBSCRIPTION', 'input.valueKind'],
    ['fixed date without until', { durationUntil: null }, 'DURATION_UNTIL_REQUIRED', 'input.durationUntil'],
    ['fixed date after expiry', { durationUntil: '2016-06-01T00:00:00Z' }, 'DURATION_UNTIL_REQUIRED', 'input.durationUntil'],
    ['manual without unit', { approvalUnitId: null }, 'APPROVAL_UNIT_REQUIRED', 'input.approvalUnitId'],
    ['auto-apply with manual approval', { application: 'AUTO_APPLY', valueKind: 'AMOUNT', amount: '5' }, 'AUTO_APPLY_MANUAL_APPROVAL', 'input.approvalMethod'],
    ['auto-apply amount range', { application: 'AUTO_APPLY', approvalMethod: 'AUTOMATIC' }, 'AUTO_APPLY_RANGE', 'input.valueKind'],
    ['limit zero', { maxApplications: 0 }, 'LIMIT_INVALID', 'input.maxApplications'],
    ['limit without period', { applicationPeriod: null }, 'LIMIT_INVALID', 'input.applicationPeriod'],
    ['period without limit', { maxApplications: null }, 'LIMIT_INVALID', 'input.maxApplications'],
  ])('%s', (_name, change, reason, field) => {
    const result = validateDiscountDefinition({ ...ZX1, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.reason, result.field]).toEqual([reason, field]);
  });

  it('the currency is optional (amounts are then in the target\'s currency)', () => {
    expect(validateDiscountDefinition({ ...ZX1, currency: null }).ok).toBe(true);
  });

  it('a percentage or free period needs no currency', () => {
    expect(validateDiscountDefinition({ ...ZX1, valueKind: 'PERCENTAGE', percentage: '100', currency: null }).ok).toBe(true);
    expect(validateDiscountDefinition({ ...ZX1, valueKind: 'FREE_PERIOD', freePeriodDays: 1, currency: null }).ok).toBe(true);
  });
});

describe('isDefinitionValidAt (effective and expiration inclusive: "until 31/12/2015" includes that day)', () => {
  it.each([
    ['2014-12-31T23:59:59Z', false],
    ['2015-01-01T00:00:00Z', true],
    ['2015-12-30T23:59:59Z', true],
    ['2015-12-31T00:00:00Z', true],
    ['2015-12-31T23:59:59.999Z', true],
    ['2016-01-01T00:00:00Z', false],
  ])('%s → %s', (at, valid) => {
    expect(isDefinitionValidAt(ZX1, at)).toBe(valid);
  });
  it('without expiration it stays valid', () => {
    expect(isDefinitionValidAt({ effectiveDate: '2015-01-01T00:00:00Z' }, '2099-01-01T00:00:00Z')).toBe(true);
  });
});

describe('inclusiveEndMs', () => {
  it.each([
    ['a date includes its whole day', '2015-12-31', '2016-01-01T00:00:00.000Z'],
    ['midnight UTC counts as a date', '2015-12-31T00:00:00Z', '2016-01-01T00:00:00.000Z'],
    ['another instant includes itself', '2015-12-31T18:30:00Z', '2015-12-31T18:30:00.001Z'],
  ])('%s', (_name, until, end) => {
    expect(new Date(inclusiveEndMs(until)).toISOString()).toBe(end);
  });
  it('is NaN for a non-date', () => {
    expect(inclusiveEndMs('soon')).toBeNaN();
  });
});
