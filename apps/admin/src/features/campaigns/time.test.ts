import { describe, expect, it } from 'vitest';
import { monthInZone, monthsBefore, showInZone, utcToZoned, zonedToUtc } from './time';

describe('campaign time zone helpers', () => {
  it('converts a wall-clock time in a zone to UTC and back, across daylight saving', () => {
    expect(zonedToUtc('2026-12-31T23:59', 'Europe/Athens')).toBe('2026-12-31T21:59:00.000Z');
    expect(zonedToUtc('2026-07-01T00:00', 'Europe/Athens')).toBe('2026-06-30T21:00:00.000Z');
    expect(utcToZoned('2026-12-31T21:59:00.000Z', 'Europe/Athens')).toBe('2026-12-31T23:59');
    expect(zonedToUtc('2026-12-31T23:59', 'UTC')).toBe('2026-12-31T23:59:00.000Z');
  });

  it('shows an instant in the zone and takes its month there', () => {
    expect(showInZone('2026-11-30T22:30:00Z', 'Europe/Athens')).toBe('2026-12-01 00:30 (Europe/Athens)');
    expect(monthInZone('2026-11-30T22:30:00Z', 'Europe/Athens')).toBe('2026-12');
    expect(monthInZone('2026-11-30T22:30:00Z', 'UTC')).toBe('2026-11');
    expect(monthsBefore('2027-01', 2)).toBe('2026-11');
  });
});
