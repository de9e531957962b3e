import { describe, expect, it } from 'vitest';
import { reportPeriod } from './report-period.js';

describe('reportPeriod', () => {
  it('is [from, to) in the zone, with the months it touches', () => {
    const result = reportPeriod('2026-11-15', '2027-01-01', 'Europe/Athens');
    expect(result).toEqual({
      ok: true,
      value: { start: new Date('2026-11-14T22:00:00Z'), end: new Date('2026-12-31T22:00:00Z'), months: ['2026-11', '2026-12'] },
    });
  });

  it('follows daylight saving changes (the day of the change has 23 hours)', () => {
    const result = reportPeriod('2026-03-29', '2026-03-30', 'Europe/Athens');
    expect(result.ok && result.value.end.getTime() - result.value.start.getTime()).toBe(23 * 3600_000);
  });

  it.each([
    ['2026-13-01', '2027-01-01', 'UTC', 'from'],
    ['2026-01-01', 'tomorrow', 'UTC', 'to'],
    ['2026-01-01', '2026-01-01', 'UTC', 'to'],
    ['2026-02-01', '2026-01-01', 'UTC', 'to'],
    ['2020-01-01', '2026-01-01', 'UTC', 'to'],
    ['2026-01-01', '2026-02-01', 'Mars/Olympus', 'timezone'],
  ])('refuses %s → %s in %s (field %s)', (from, to, zone, field) => {
    expect(reportPeriod(from, to, zone)).toMatchObject({ ok: false, reason: 'INVALID_PERIOD', field });
  });
});
