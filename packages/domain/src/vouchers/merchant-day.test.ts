import { describe, expect, it } from 'vitest';
import { checkOpeningHours, DEFAULT_OPENING_HOURS, findWriteOffAnomalies, isWithinOpeningHours, rate, statusBefore, sumAmounts, transitionMerchantDay, type MerchantDayEvent, type MerchantDayStatus } from './merchant-day.js';

describe('merchant day life cycle', () => {
  it.each<[MerchantDayStatus, MerchantDayEvent, MerchantDayStatus | null]>([
    ['OPEN', 'confirm', 'CONFIRMED'],
    ['CONFIRMED', 'audit', 'AUDITED'],
    ['AUDITED', 'settle', 'SETTLED'],
    ['OPEN', 'audit', null],
    ['OPEN', 'settle', null],
    ['CONFIRMED', 'confirm', null],
    ['CONFIRMED', 'settle', null],
    ['AUDITED', 'audit', null],
    ['SETTLED', 'settle', null],
  ])('%s + %s → %s', (status, event, expected) => {
    const r = transitionMerchantDay(status, event);
    expect(r.ok ? r.value : null).toBe(expected);
    if (!r.ok) expect(r.explanation).toContain(status);
  });

  it('names the status each step needs', () => {
    expect([statusBefore('confirm'), statusBefore('audit'), statusBefore('settle')]).toEqual(['OPEN', 'CONFIRMED', 'AUDITED']);
  });
});

describe('opening hours', () => {
  const hours = { ...DEFAULT_OPENING_HOURS, SUNDAY: null };
  it.each([
    ['2026-12-02T08:00:00Z', 'Europe/Berlin', true], // 09:00 Wednesday
    ['2026-12-02T07:59:00Z', 'Europe/Berlin', false], // 08:59
    ['2026-12-02T19:59:00Z', 'Europe/Berlin', true], // 20:59
    ['2026-12-02T20:00:00Z', 'Europe/Berlin', false], // 21:00 closed
    ['2026-12-06T12:00:00Z', 'Europe/Berlin', false], // Sunday closed
  ])('%s in %s → %s', (at, zone, expected) => expect(isWithinOpeningHours(new Date(at), zone, hours)).toBe(expected));

  it.each([
    [{ MONDAY: { opens: '10:00', closes: '18:00' } }, true],
    [{ MONDAY: { opens: '10:00', closes: '24:00' } }, true],
    [{ MONDAY: { opens: '18:00', closes: '10:00' } }, false],
    [{ MONDAY: { opens: '9:00', closes: '10:00' } }, false],
  ])('checks %j', (input, ok) => expect(checkOpeningHours(input).ok).toBe(ok));
});

describe('findWriteOffAnomalies', () => {
  it('flags write-offs outside hours and over the voucher value', () => {
    const flags = findWriteOffAnomalies(
      [
        { id: '1', code: 'A', writtenOffAt: new Date('2026-12-02T12:00:00Z'), amount: '50.00', voucherValue: '50.00' },
        { id: '2', code: 'B', writtenOffAt: new Date('2026-12-02T23:00:00Z'), amount: '10.00', voucherValue: '50.00' },
        { id: '3', code: 'C', writtenOffAt: new Date('2026-12-02T12:00:00Z'), amount: '50.01', voucherValue: '50.00' },
        { id: '4', code: 'D', writtenOffAt: new Date('2026-12-02T12:00:00Z'), amount: '500.00', voucherValue: null },
      ],
      'UTC',
      DEFAULT_OPENING_HOURS,
    );
    expect(flags.map((f) => [f.kind, f.writeOffId])).toEqual([
      ['WRITE_OFF_OUTSIDE_HOURS', '2'],
      ['WRITE_OFF_OVER_VALUE', '3'],
    ]);
  });
});

describe('sums and rates', () => {
  it('sums exactly', () => expect(sumAmounts(['0.10', '0.20', '0.30'], 'EUR')).toBe('0.60'));
  it.each([
    [1, 3, 0.3333],
    [0, 0, 0],
    [2, 2, 1],
  ])('rate(%s, %s) = %s', (n, d, expected) => expect(rate(n, d)).toBe(expected));
});
