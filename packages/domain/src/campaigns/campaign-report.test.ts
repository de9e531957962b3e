import { describe, expect, it } from 'vitest';
import { burnDown, monthRange, reportFigures, reportMonth } from './campaign-report.js';

describe('reportMonth', () => {
  it('takes the calendar month in the campaign time zone', () => {
    const month = reportMonth('2026-11', 'Europe/Athens');
    expect(month.ok && { start: month.value.start.toISOString(), end: month.value.end.toISOString(), days: month.value.days.length, first: month.value.days[0], last: month.value.days.at(-1) }).toEqual({
      start: '2026-10-31T22:00:00.000Z',
      end: '2026-11-30T22:00:00.000Z',
      days: 30,
      first: '2026-11-01',
      last: '2026-11-30',
    });
    const feb = reportMonth('2028-02', 'UTC');
    expect(feb.ok && feb.value.days.length).toBe(29);
  });

  it('follows daylight saving: March in Athens starts at UTC+2 and ends at UTC+3', () => {
    const month = reportMonth('2026-03', 'Europe/Athens');
    expect(month.ok && [month.value.start.toISOString(), month.value.end.toISOString()]).toEqual(['2026-02-28T22:00:00.000Z', '2026-03-31T21:00:00.000Z']);
  });

  it.each(['2026-13', '2026-1', '26-01', 'November', ''])('refuses %j naming month', (bad) => {
    expect(reportMonth(bad, 'UTC')).toMatchObject({ ok: false, reason: 'INVALID_MONTH', field: 'month' });
  });

  it('refuses an unknown time zone', () => {
    expect(reportMonth('2026-11', 'Mars/Olympus')).toMatchObject({ ok: false, reason: 'INVALID_MONTH' });
  });
});

describe('monthRange', () => {
  it('lists the months inclusive, across a year end', () => {
    expect(monthRange('2026-11', '2027-02')).toEqual({ ok: true, value: ['2026-11', '2026-12', '2027-01', '2027-02'] });
    expect(monthRange('2026-11', '2026-11')).toEqual({ ok: true, value: ['2026-11'] });
  });

  it('refuses a reversed or too long range and bad months', () => {
    expect(monthRange('2026-11', '2026-10')).toMatchObject({ ok: false, field: 'to' });
    expect(monthRange('2020-01', '2026-01')).toMatchObject({ ok: false, field: 'to' });
    expect(monthRange('2026-1', '2026-10')).toMatchObject({ ok: false, field: 'from' });
  });
});

describe('reportFigures', () => {
  const base = { currency: 'EUR', redemptions: 30, codesIssued: 0, codesGenerated: 3000 };

  it.each<[string, string | null, 'MONTH' | 'TOTAL' | null, string, string, string | null]>([
    ['under a monthly budget', '1000.0000', 'MONTH', '212.50', '700', '-787.50'],
    ['exactly on budget', '1000', 'MONTH', '1000.00', '1000.00', '0.00'],
    ['over budget (a budget cut after spending)', '100', 'MONTH', '100.01', '100.01', '0.01'],
    ['a TOTAL budget compares the applied amount to date', '5000', 'TOTAL', '200.00', '4200.00', '-800.00'],
    ['no budget', null, null, '50.00', '50.00', null],
  ])('%s', (_name, budget, period, applied, appliedToDate, variance) => {
    expect(reportFigures({ ...base, budget, period, applied, appliedToDate }).variance).toBe(variance);
  });

  it('formats money to the currency and computes the rate over issued codes, else generated codes', () => {
    expect(reportFigures({ ...base, budget: '1000', period: 'MONTH', applied: '12.345', appliedToDate: '12.345' })).toEqual({
      budget: '1000.00',
      applied: '12.34',
      appliedToDate: '12.34',
      variance: '-987.66',
      redemptionRate: 0.01,
    });
    expect(reportFigures({ ...base, codesIssued: 40, budget: null, period: null, applied: '0', appliedToDate: '0' }).redemptionRate).toBe(0.75);
    expect(reportFigures({ ...base, redemptions: 1, codesIssued: 3, budget: null, period: null, applied: '0', appliedToDate: '0' }).redemptionRate).toBe(0.3333);
    expect(reportFigures({ ...base, codesGenerated: 0, budget: null, period: null, applied: '0', appliedToDate: '0' }).redemptionRate).toBe(0);
  });
});

describe('burnDown', () => {
  it('subtracts each day from the opening budget, up to today', () => {
    const perDay = new Map([
      ['2026-11-02', { redemptions: 2, applied: '20.00' }],
      ['2026-11-03', { redemptions: 1, applied: '5.50' }],
    ]);
    expect(burnDown({ days: ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'], perDay, opening: '100', currency: 'EUR', today: '2026-11-03' })).toEqual([
      { date: '2026-11-01', redemptions: 0, applied: '0.00', remaining: '100.00' },
      { date: '2026-11-02', redemptions: 2, applied: '20.00', remaining: '80.00' },
      { date: '2026-11-03', redemptions: 1, applied: '5.50', remaining: '74.50' },
      { date: '2026-11-04', redemptions: 0, applied: '0.00', remaining: null },
    ]);
  });

  it('has no remaining without a budget', () => {
    expect(burnDown({ days: ['2026-11-01'], perDay: new Map(), opening: null, currency: 'EUR', today: '2026-12-01' })).toEqual([{ date: '2026-11-01', redemptions: 0, applied: '0.00', remaining: null }]);
  });
});
