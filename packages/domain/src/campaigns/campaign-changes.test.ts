import { describe, expect, it } from 'vitest';
import { checkBudgetIncrease, checkExtension, showInZone } from './campaign-changes.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const EXPIRES = new Date('2026-11-30T22:00:00Z'); // midnight in Athens (UTC+2)

describe('checkExtension', () => {
  it.each<[string, string, string | null]>([
    ['2026-12-31T22:00:00Z', 'ACTIVE', null],
    ['2026-11-30T22:00:01Z', 'PAUSED', null],
    ['2026-11-30T22:00:00Z', 'ACTIVE', 'NOT_LATER'],
    ['2026-11-25T00:00:00Z', 'ACTIVE', 'NOT_LATER'],
    ['2026-12-31T22:00:00Z', 'ENDED', 'CAMPAIGN_ENDED'],
  ])('%s on a %s campaign → %s', (newExpiresAt, state, reason) => {
    const result = checkExtension({ state: state as 'ACTIVE', expiresAt: EXPIRES, newExpiresAt: new Date(newExpiresAt), timezone: 'Europe/Athens', now: NOW });
    if (reason === null) expect(result).toEqual({ ok: true, value: new Date(newExpiresAt) });
    else expect(result).toMatchObject({ ok: false, reason });
  });

  it('explains in the campaign time zone and names the field', () => {
    const result = checkExtension({ state: 'ACTIVE', expiresAt: EXPIRES, newExpiresAt: new Date('2026-11-29T22:00:00Z'), timezone: 'Europe/Athens', now: NOW });
    expect(result).toEqual({
      ok: false,
      reason: 'NOT_LATER',
      field: 'newExpiresAt',
      explanation: 'an extension moves the expiry later: 2026-11-30T00:00:00+02:00 is not after the current expiry 2026-12-01T00:00:00+02:00 (Europe/Athens)',
    });
  });

  it('refuses a new expiry that is later but already past, and an invalid instant', () => {
    const expired = new Date('2026-11-01T00:00:00Z');
    expect(checkExtension({ state: 'ACTIVE', expiresAt: expired, newExpiresAt: new Date('2026-11-10T00:00:00Z'), timezone: 'UTC', now: NOW })).toMatchObject({ ok: false, reason: 'IN_THE_PAST', field: 'newExpiresAt' });
    expect(checkExtension({ state: 'ACTIVE', expiresAt: expired, newExpiresAt: new Date('2026-11-21T00:00:00Z'), timezone: 'UTC', now: NOW })).toMatchObject({ ok: true });
    expect(checkExtension({ state: 'ACTIVE', expiresAt: EXPIRES, newExpiresAt: new Date('nope'), timezone: 'UTC', now: NOW })).toMatchObject({ ok: false, reason: 'INVALID_VALUE' });
  });

  it('shows an instant in a zone across the DST change', () => {
    expect(showInZone(new Date('2026-07-01T12:00:00Z'), 'Europe/Athens')).toBe('2026-07-01T15:00:00+03:00');
    expect(showInZone(new Date('2026-12-01T12:00:00Z'), 'Europe/Athens')).toBe('2026-12-01T14:00:00+02:00');
  });
});

describe('checkBudgetIncrease', () => {
  it.each<[string | null, string, string, string, string | null, string | null]>([
    // current, new, currency, state, reason, increase
    ['1000.0000', '1500.00', 'EUR', 'ACTIVE', null, '500.00'],
    ['1000.0000', '1000.01', 'EUR', 'PAUSED', null, '0.01'],
    ['1000', '1500', 'JPY', 'DRAFT', null, '500'],
    ['1000.0000', '1000.00', 'EUR', 'ACTIVE', 'NOT_LARGER', null],
    ['1000.0000', '999.99', 'EUR', 'ACTIVE', 'NOT_LARGER', null],
    ['1000.0000', '1500.001', 'EUR', 'ACTIVE', 'INVALID_VALUE', null],
    ['1000.0000', '15e2', 'EUR', 'ACTIVE', 'INVALID_VALUE', null],
    ['1000.0000', '-5', 'EUR', 'ACTIVE', 'INVALID_VALUE', null],
    [null, '1500.00', 'EUR', 'ACTIVE', 'NO_BUDGET', null],
    ['1000.0000', '1500.00', 'EUR', 'ENDED', 'CAMPAIGN_ENDED', null],
  ])('%s → %s %s (%s): %s', (currentAmount, newAmount, currency, state, reason, increase) => {
    const result = checkBudgetIncrease({ state: state as 'ACTIVE', currency, currentAmount, newAmount });
    if (reason === null) expect(result).toMatchObject({ ok: true, value: { increase } });
    else expect(result).toMatchObject({ ok: false, reason });
  });

  it('normalises the new amount to the currency digits and explains a refusal with both amounts', () => {
    expect(checkBudgetIncrease({ state: 'ACTIVE', currency: 'EUR', currentAmount: '10', newAmount: '12.5' })).toEqual({ ok: true, value: { newAmount: '12.50', increase: '2.50' } });
    expect(checkBudgetIncrease({ state: 'ACTIVE', currency: 'EUR', currentAmount: '10', newAmount: '9' })).toEqual({
      ok: false,
      reason: 'NOT_LARGER',
      field: 'newAmount',
      explanation: 'a budget increase must be larger than the current budget 10.00 EUR; got 9.00',
    });
  });
});
