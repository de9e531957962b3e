import { describe, expect, it } from 'vitest';
import {
  type AdHocDiscountEvent, type AdHocDiscountState, type AdHocDiscountSubmission,
  canApproveAdHocDiscount, canModify, checkApplicationLimit, initialAdHocDiscountState, resolveApplicableProducts, transitionAdHocDiscount, validateAdHocSubmission,
} from './ad-hoc-discount.js';
import type { AdditiveDiscountDefinitionData } from './definition.js';

const NOW = '2015-06-15T10:00:00Z';
const ZX1: AdditiveDiscountDefinitionData = {
  target: 'SUBSCRIPTION', application: 'AD_HOC', valueKind: 'AMOUNT_RANGE', minAmount: '5.00', maxAmount: '20.00', currency: 'EUR',
  effectiveDate: '2015-01-01T00:00:00Z', expirationDate: '2015-12-31T00:00:00Z', duration: 'FIXED_DATE', durationUntil: '2015-12-31T00:00:00Z',
  maxApplications: 3, applicationPeriod: { count: 1, unit: 'YEAR' }, approvalMethod: 'MANUAL', approvalUnitId: 'customer-care',
};

describe('ad hoc discount life cycle', () => {
  it.each<[AdHocDiscountState, AdHocDiscountEvent, AdHocDiscountState | 'INVALID_TRANSITION']>([
    ['PENDING_APPROVAL', 'APPROVE', 'APPROVED'],
    ['PENDING_APPROVAL', 'CANCEL', 'CANCELLED'],
    ['APPROVED', 'APPROVE', 'INVALID_TRANSITION'],
    ['APPROVED', 'CANCEL', 'INVALID_TRANSITION'],
    ['CANCELLED', 'APPROVE', 'INVALID_TRANSITION'],
    ['CANCELLED', 'CANCEL', 'INVALID_TRANSITION'],
  ])('%s + %s → %s', (state, event, expected) => {
    const r = transitionAdHocDiscount(state, event);
    expect(r.ok ? r.value : r.reason).toBe(expected);
  });
  it.each([['PENDING_APPROVAL', true], ['APPROVED', false], ['CANCELLED', false]] as const)('canModify(%s) = %s', (s, v) => {
    expect(canModify(s)).toBe(v);
  });
  it('automatic approval starts approved, manual starts pending', () => {
    expect([initialAdHocDiscountState('AUTOMATIC'), initialAdHocDiscountState('MANUAL')]).toEqual(['APPROVED', 'PENDING_APPROVAL']);
  });
});

describe('validateAdHocSubmission', () => {
  const sub = (over: Partial<AdHocDiscountSubmission> = {}): AdHocDiscountSubmission => ({ targetKind: 'SUBSCRIPTION', amount: '20.00', applicableProductIds: ['main'], ...over });

  it('seed 003 scenario 1: 20.00 on the main service takes the fixed date', () => {
    expect(validateAdHocSubmission(ZX1, sub(), NOW)).toEqual({
      ok: true,
      value: { amount: '20.00', applicableProductIds: ['main'], effectiveDate: NOW, expirationDate: '2015-12-31T00:00:00Z', onceOff: false },
    });
  });

  it.each<[string, Partial<AdditiveDiscountDefinitionData>, Partial<AdHocDiscountSubmission>, string, string]>([
    ['auto-apply definition', { application: 'AUTO_APPLY' }, {}, 'NOT_AD_HOC', 'input.definitionId'],
    ['job given for a subscription definition', {}, { targetKind: 'JOB' }, 'TARGET_MISMATCH', 'input.jobId'],
    ['definition expired', { expirationDate: '2015-06-01T00:00:00Z', durationUntil: '2015-06-01T00:00:00Z' }, {}, 'DEFINITION_NOT_VALID', 'input.definitionId'],
    ['amount above the range', {}, { amount: '20.01' }, 'VALUE_OUT_OF_RANGE', 'input.amount'],
    ['amount below the range', {}, { amount: '4.99' }, 'VALUE_OUT_OF_RANGE', 'input.amount'],
    ['amount missing for a range', {}, { amount: null }, 'VALUE_OUT_OF_RANGE', 'input.amount'],
    ['amount with more decimals than the currency has (never rounded silently)', {}, { amount: '10.005' }, 'VALUE_PRECISION', 'input.amount'],
    ['fixed amount changed', { valueKind: 'AMOUNT', amount: '10' }, { amount: '12' }, 'VALUE_OUT_OF_RANGE', 'input.amount'],
    ['fixed date starting before the definition', {}, { effectiveDate: '2014-12-01T00:00:00Z' }, 'DATES_OUT_OF_VALIDITY', 'input.effectiveDate'],
    ['fixed date starting after its fixed date', {}, { effectiveDate: '2016-01-01T00:00:00Z' }, 'DATES_OUT_OF_VALIDITY', 'input.effectiveDate'],
    ['fixed date with another expiration', {}, { expirationDate: '2015-11-30T00:00:00Z' }, 'DATES_NOT_ALLOWED', 'input.expirationDate'],
    ['once-off with dates', { duration: 'ONCE_OFF' }, { expirationDate: NOW }, 'DATES_NOT_ALLOWED', 'input.effectiveDate'],
    ['flexible without dates', { duration: 'FLEXIBLE' }, {}, 'DATES_REQUIRED', 'input.effectiveDate'],
    ['flexible without expiration', { duration: 'FLEXIBLE' }, { effectiveDate: NOW }, 'DATES_REQUIRED', 'input.expirationDate'],
    ['flexible starting before validity', { duration: 'FLEXIBLE' }, { effectiveDate: '2014-12-01T00:00:00Z', expirationDate: NOW }, 'DATES_OUT_OF_VALIDITY', 'input.effectiveDate'],
    ['flexible ending after validity', { duration: 'FLEXIBLE' }, { effectiveDate: NOW, expirationDate: '2016-01-01T00:00:00Z' }, 'DATES_OUT_OF_VALIDITY', 'input.expirationDate'],
    ['flexible ending before it starts', { duration: 'FLEXIBLE' }, { effectiveDate: NOW, expirationDate: '2015-06-14T00:00:00Z' }, 'DATES_OUT_OF_VALIDITY', 'input.expirationDate'],
    ['fixed date already passed', { durationUntil: '2015-06-14T00:00:00Z' }, {}, 'DATES_OUT_OF_VALIDITY', 'input.definitionId'],
  ])('%s', (_name, defChange, subChange, reason, field) => {
    const r = validateAdHocSubmission({ ...ZX1, ...defChange }, sub(subChange), NOW);
    expect(r.ok ? 'ok' : [r.reason, r.field]).toEqual([reason, field]);
  });

  it('seed 003 scenario 2: 50% once-off on a job takes the definition value and no dates', () => {
    const def: AdditiveDiscountDefinitionData = { ...ZX1, target: 'JOB', valueKind: 'PERCENTAGE', percentage: '50', duration: 'ONCE_OFF' };
    const r = validateAdHocSubmission(def, { targetKind: 'JOB', applicableProductIds: ['installation-fee'] }, NOW);
    expect(r).toEqual({ ok: true, value: { percentage: '50', applicableProductIds: ['installation-fee'], onceOff: true } });
  });

  it('a fixed-date discount may start later than now and keeps the definition\'s date as expiration', () => {
    const r = validateAdHocSubmission(ZX1, sub({ effectiveDate: '2015-07-01T00:00:00Z', expirationDate: '2015-12-31T00:00:00Z' }), NOW);
    expect(r.ok && [r.value.effectiveDate, r.value.expirationDate]).toEqual(['2015-07-01T00:00:00Z', '2015-12-31T00:00:00Z']);
  });

  it('flexible dates within validity are kept', () => {
    const r = validateAdHocSubmission({ ...ZX1, duration: 'FLEXIBLE' }, sub({ effectiveDate: '2015-07-01T00:00:00Z', expirationDate: '2015-12-31T00:00:00Z' }), NOW);
    expect(r.ok && [r.value.effectiveDate, r.value.expirationDate]).toEqual(['2015-07-01T00:00:00Z', '2015-12-31T00:00:00Z']);
  });
});

describe('checkApplicationLimit (3 per 1 year, window from now − 1 year)', () => {
  const at = (providedOn: string, state: AdHocDiscountState = 'APPROVED') => ({ providedOn, state });
  it.each<[string, { providedOn: string; state: AdHocDiscountState }[], boolean]>([
    ['none yet', [], true],
    ['two in the window', [at('2015-01-01T00:00:00Z'), at('2015-03-01T00:00:00Z', 'PENDING_APPROVAL')], true],
    ['three pending or approved', [at('2015-01-01T00:00:00Z'), at('2015-03-01T00:00:00Z', 'PENDING_APPROVAL'), at('2015-05-01T00:00:00Z')], false],
    ['cancelled ones do not count', [at('2015-01-01T00:00:00Z'), at('2015-03-01T00:00:00Z', 'CANCELLED'), at('2015-05-01T00:00:00Z')], true],
    ['exactly one year ago still counts', [at('2014-06-15T10:00:00Z'), at('2015-03-01T00:00:00Z'), at('2015-05-01T00:00:00Z')], false],
    ['one provided after now (committed while this one waited for the lock) counts', [at('2015-03-01T00:00:00Z'), at('2015-05-01T00:00:00Z'), at('2015-06-15T10:00:00.250Z')], false],
    ['just over a year ago does not', [at('2014-06-15T09:59:59Z'), at('2015-03-01T00:00:00Z'), at('2015-05-01T00:00:00Z')], true],
  ])('%s → allowed %s', (_name, existing, allowed) => {
    const r = checkApplicationLimit(ZX1, existing, NOW);
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.reason).toBe('LIMIT_REACHED');
  });
  it('no limit on the definition: always allowed', () => {
    expect(checkApplicationLimit({ maxApplications: null, applicationPeriod: null }, [at(NOW), at(NOW), at(NOW), at(NOW)], NOW).ok).toBe(true);
  });
});

describe('canApproveAdHocDiscount (maker-checker)', () => {
  const base = {
    state: 'PENDING_APPROVAL' as AdHocDiscountState, submitterId: 'agent', approverId: 'boss', approvalUnitId: 'customer-care',
    approverMemberships: [{ unitId: 'customer-care', role: 'SUPERVISOR' }],
  };
  it.each<[string, Partial<typeof base>, string]>([
    ['a supervisor of the unit', {}, 'ok'],
    ['the submitter themself', { approverId: 'agent', submitterId: 'agent' }, 'SELF_APPROVAL'],
    ['an agent of the unit', { approverMemberships: [{ unitId: 'customer-care', role: 'AGENT' }] }, 'NOT_SUPERVISOR'],
    ['a supervisor of another unit', { approverMemberships: [{ unitId: 'billing', role: 'SUPERVISOR' }] }, 'NOT_IN_APPROVAL_UNIT'],
    ['an already approved discount', { state: 'APPROVED' }, 'NOT_PENDING'],
  ])('%s → %s', (_name, change, expected) => {
    const r = canApproveAdHocDiscount({ ...base, ...change });
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });
});

describe('resolveApplicableProducts', () => {
  it.each<[string, string[] | null, string[], boolean, string[] | string]>([
    ['nothing requested, unrestricted: every billed product', null, ['a', 'b'], false, []],
    ['nothing requested, restricted: the matching products', [], ['a'], true, ['a']],
    ['requested among the matching', ['a', 'a'], ['a', 'b'], true, ['a']],
    ['requested product not matching', ['a', 'c'], ['a', 'b'], true, 'input.applicableProductIds.1'],
  ])('%s', (_name, requested, matching, restricted, expected) => {
    const r = resolveApplicableProducts(requested, matching, restricted);
    expect(r.ok ? r.value : r.field).toEqual(expected);
  });
});
