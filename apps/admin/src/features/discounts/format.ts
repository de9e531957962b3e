/** Display helpers shared by the discount pages. */

/** The calendar day (UTC) of an instant the API sent, e.g. "2026-12-31". */
export function toDay(instant: string): string {
  return instant.slice(0, 10);
}

interface ValueFields {
  valueKind: string;
  amount?: string | null;
  minAmount?: string | null;
  maxAmount?: string | null;
  percentage?: string | null;
  freePeriodDays?: number | null;
  currency?: string | null;
}

/** "5.00–20.00 EUR", "50%", "20.00 EUR", "15 free days". */
export function describeValue(d: ValueFields): string {
  const currency = d.currency ? ` ${d.currency}` : '';
  switch (d.valueKind) {
    case 'AMOUNT':
      return `${d.amount ?? '?'}${currency}`;
    case 'AMOUNT_RANGE':
      return `${d.minAmount ?? '?'}–${d.maxAmount ?? '?'}${currency}`;
    case 'PERCENTAGE':
      return `${d.percentage ?? '?'}%`;
    default:
      return `${d.freePeriodDays ?? '?'} free days`;
  }
}
