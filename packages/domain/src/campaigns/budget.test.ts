import { describe, expect, it } from 'vitest';
import { Money } from '../shared/money.js';
import { budgetPeriodKey, budgetRemaining, budgetWindow, burnRatePerDay, mustPauseForBudget, projectedExhaustion, type BudgetWindow } from './budget.js';

const life = { startsAt: new Date('2026-01-10T00:00:00Z'), expiresAt: new Date('2026-12-31T00:00:00Z') };

describe('budgetWindow', () => {
  it.each([
    ['2026-01-31T22:30:00Z', 'Europe/Athens', '2026-02', '2026-01-31T22:00:00.000Z', '2026-02-28T22:00:00.000Z'],
    ['2026-01-31T21:59:59Z', 'Europe/Athens', '2026-01', '2025-12-31T22:00:00.000Z', '2026-01-31T22:00:00.000Z'],
    ['2026-01-31T22:30:00Z', 'UTC', '2026-01', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    // DST: Athens goes UTC+2 → UTC+3 on 2026-03-29 and back on 2026-10-25
    ['2026-03-15T12:00:00Z', 'Europe/Athens', '2026-03', '2026-02-28T22:00:00.000Z', '2026-03-31T21:00:00.000Z'],
    ['2026-10-15T12:00:00Z', 'Europe/Athens', '2026-10', '2026-09-30T21:00:00.000Z', '2026-10-31T22:00:00.000Z'],
    ['2026-03-01T04:59:59Z', 'America/New_York', '2026-02', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'],
  ])('%s in %s is month %s [%s, %s)', (at, tz, key, start, end) => {
    const result = budgetWindow('MONTH', new Date(at), tz, life);
    expect(result.ok && { key: result.value.key, start: result.value.start.toISOString(), end: result.value.end?.toISOString() }).toEqual({ key, start, end });
  });

  it('TOTAL is the campaign life', () => {
    expect(budgetWindow('TOTAL', new Date('2026-05-01T00:00:00Z'), 'UTC', life)).toEqual({
      ok: true,
      value: { start: life.startsAt, end: life.expiresAt, key: 'TOTAL' },
    });
    const open = budgetWindow('TOTAL', new Date(), 'UTC', { startsAt: life.startsAt });
    expect(open.ok && open.value.end).toBeNull();
  });

  it('refuses an unknown time zone', () => {
    expect(budgetWindow('MONTH', new Date(), 'Mars/Olympus', life)).toMatchObject({ ok: false, reason: 'INVALID_TIME_ZONE', field: 'timeZone' });
  });
});

describe('remaining and pausing', () => {
  it('remaining = amount - spent, exactly', () => {
    expect(budgetRemaining('1000.00', '999.90').toString()).toBe('0.1');
  });

  it.each([
    ['5.00', '5.00', null, false],
    ['4.99', '5.00', null, true],
    ['0', '0', null, true],
    ['20.00', '5.00', '25', true],
    ['25.00', '5.00', '25', false],
  ])('remaining %s, smallest %s, threshold %s → pause %s', (remaining, smallest, threshold, expected) => {
    expect(mustPauseForBudget(new Money(remaining), smallest, threshold)).toBe(expected);
  });
});

describe('burn rate and projection', () => {
  const march: BudgetWindow = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z'), key: '2026-03' };

  it('averages over the elapsed days', () => {
    expect(burnRatePerDay('100', march, new Date('2026-03-11T00:00:00Z')).toString()).toBe('10');
    expect(burnRatePerDay('100', march, new Date('2026-03-01T00:00:00Z')).toString()).toBe('0');
  });

  it('projects exhaustion within the period', () => {
    const at = projectedExhaustion(new Money('50'), new Money('10'), march, new Date('2026-03-11T00:00:00Z'));
    expect(at?.toISOString()).toBe('2026-03-16T00:00:00.000Z');
  });

  it.each([
    ['500', '10'],
    ['50', '0'],
  ])('is null when %s at %s/day lasts the period', (remaining, rate) => {
    expect(projectedExhaustion(new Money(remaining), new Money(rate), march, new Date('2026-03-11T00:00:00Z'))).toBeNull();
  });

  it('is now when already exhausted', () => {
    const now = new Date('2026-03-11T00:00:00Z');
    expect(projectedExhaustion(new Money('0'), new Money('10'), march, now)).toBe(now);
  });
});

describe('budgetPeriodKey', () => {
  it.each([
    ['MONTH', '2026-01-31T22:30:00Z', 'Europe/Athens', '2026-02'],
    ['MONTH', '2026-01-31T21:59:59.999Z', 'Europe/Athens', '2026-01'],
    ['MONTH', '2026-03-01T07:59:59.999Z', 'America/Los_Angeles', '2026-02'],
    ['MONTH', '2026-12-31T10:00:00Z', 'Pacific/Kiritimati', '2027-01'],
    ['TOTAL', '2026-12-31T10:00:00Z', 'Europe/Athens', 'TOTAL'],
  ] as const)('%s at %s in %s is %s (as budgetWindow keys it)', (period, at, zone, key) => {
    expect(budgetPeriodKey(period, new Date(at), zone)).toBe(key);
    const window = budgetWindow(period, new Date(at), zone, life);
    expect(window.ok && window.value.key).toBe(key);
  });

  it('is undefined for a zone that is not IANA', () => {
    expect(budgetPeriodKey('MONTH', new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toBeUndefined();
  });
});
