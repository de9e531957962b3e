/** The burn-down of the month with a straight-line projection from today at the current burn rate. */
export function burnDownSeries(daily: readonly { date: string; remaining?: string | null }[], burnRatePerDay: number | null): { date: string; remaining: number | null; projected: number | null }[] {
  const lastKnown = daily.reduce((last, d, i) => (d.remaining != null ? i : last), -1);
  return daily.map((d, i) => {
    const remaining = d.remaining == null ? null : Number(d.remaining);
    let projected: number | null = null;
    if (burnRatePerDay != null && lastKnown >= 0 && i >= lastKnown) projected = Math.max(0, Number(daily[lastKnown]!.remaining) - burnRatePerDay * (i - lastKnown));
    return { date: d.date.slice(8), remaining, projected };
  });
}

