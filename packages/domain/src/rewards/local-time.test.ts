import { describe, expect, it } from 'vitest';
import { calendarDate, localParts, minusPeriod, startOfDateAfter } from './local-time.js';

describe('localParts', () => {
  it.each([
    // instant, zone, year, month, day, ISO weekday, minute of day
    ['2026-01-31T22:30:00Z', 'Europe/Athens', 2026, 2, 1, 7, 30],
    ['2026-01-31T22:30:00Z', 'UTC', 2026, 1, 31, 6, 22 * 60 + 30],
    ['2026-12-31T23:59:00Z', 'Asia/Taipei', 2027, 1, 1, 5, 7 * 60 + 59],
    ['2026-03-01T04:59:00Z', 'America/New_York', 2026, 2, 28, 6, 23 * 60 + 59],
    // DST: Athens is UTC+3 on 2026-03-29 from 01:00 UTC
    ['2026-03-29T00:59:00Z', 'Europe/Athens', 2026, 3, 29, 7, 2 * 60 + 59],
    ['2026-03-29T01:00:00Z', 'Europe/Athens', 2026, 3, 29, 7, 4 * 60],
    ['2026-10-25T00:30:00Z', 'Europe/Athens', 2026, 10, 25, 7, 3 * 60 + 30],
    ['2026-10-25T01:30:00Z', 'Europe/Athens', 2026, 10, 25, 7, 3 * 60 + 30],
  ])('%s in %s', (at, zone, year, month, day, weekday, minuteOfDay) => {
    expect(localParts(new Date(at), zone)).toEqual({ year, month, day, weekday, minuteOfDay });
  });

  it('gives the same answer on repeated (cached) lookups', () => {
    const at = new Date('2026-06-15T09:15:00Z');
    expect(localParts(at, 'Europe/Athens')).toEqual(localParts(at, 'Europe/Athens'));
    expect(localParts(at, 'Europe/Athens').minuteOfDay).toBe(12 * 60 + 15);
  });
});

describe('startOfDateAfter', () => {
  it.each([
    ['2016-12-31T10:00:00Z', { count: 1, unit: 'DAY' as const }, 'UTC', '2017-01-01T00:00:00.000Z'],
    ['2016-12-31T23:30:00Z', { count: 1, unit: 'DAY' as const }, 'Europe/Athens', '2017-01-01T22:00:00.000Z'],
    ['2026-01-31T12:00:00Z', { count: 1, unit: 'MONTH' as const }, 'UTC', '2026-02-28T00:00:00.000Z'],
    ['2026-01-01T12:00:00Z', { count: 2, unit: 'WEEK' as const }, 'UTC', '2026-01-15T00:00:00.000Z'],
    ['2024-02-29T12:00:00Z', { count: 1, unit: 'YEAR' as const }, 'UTC', '2025-02-28T00:00:00.000Z'],
    ['2026-03-28T12:00:00Z', { count: 1, unit: 'DAY' as const }, 'Europe/Athens', '2026-03-28T22:00:00.000Z'],
  ])('%s + %o in %s begins at %s', (at, period, zone, expected) => {
    expect(startOfDateAfter(new Date(at), period, zone).toISOString()).toBe(expected);
  });
});

describe('minusPeriod', () => {
  it.each([
    ['2026-03-31T12:00:00Z', { count: 1, unit: 'MONTH' as const }, 'UTC', '2026-02-28T12:00:00.000Z'],
    ['2026-01-10T12:00:00Z', { count: 10, unit: 'DAY' as const }, 'UTC', '2025-12-31T12:00:00.000Z'],
    ['2026-03-29T12:00:00Z', { count: 1, unit: 'DAY' as const }, 'Europe/Athens', '2026-03-28T13:00:00.000Z'],
  ])('%s − %o in %s is %s', (at, period, zone, expected) => {
    expect(minusPeriod(new Date(at), period, zone).toISOString()).toBe(expected);
  });
});

describe('calendarDate', () => {
  it('counts days since the epoch for a calendar date', () => {
    expect(calendarDate(1970, 1, 2)).toBe(1);
    expect(calendarDate(2026, 3, 1) - calendarDate(2026, 2, 28)).toBe(1);
  });

  it('reads 29 February as 28 February in a common year', () => {
    expect(calendarDate(2026, 2, 29)).toBe(calendarDate(2026, 2, 28));
    expect(calendarDate(2024, 2, 29)).toBe(calendarDate(2024, 2, 28) + 1);
  });
});
