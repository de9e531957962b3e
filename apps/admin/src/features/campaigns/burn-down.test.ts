import { describe, expect, it } from 'vitest';
import { burnDownSeries } from './burn-down';

describe('burnDownSeries', () => {
  const daily = [
    { date: '2026-12-01', remaining: '100.00' },
    { date: '2026-12-02', remaining: '80.00' },
    { date: '2026-12-03', remaining: null },
    { date: '2026-12-04', remaining: null },
    { date: '2026-12-05', remaining: null },
  ];

  it('projects from the last known day at the burn rate, never below zero', () => {
    expect(burnDownSeries(daily, 30)).toEqual([
      { date: '01', remaining: 100, projected: null },
      { date: '02', remaining: 80, projected: 80 },
      { date: '03', remaining: null, projected: 50 },
      { date: '04', remaining: null, projected: 20 },
      { date: '05', remaining: null, projected: 0 },
    ]);
  });

  it('has no projection without a burn rate (a past month)', () => {
    expect(burnDownSeries(daily, null).every((d) => d.projected === null)).toBe(true);
  });
});
