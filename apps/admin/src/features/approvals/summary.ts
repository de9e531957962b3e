/** A one-line, subject-specific summary of an approval request from its payload. */
export function summarise(subject: string, payload: Record<string, unknown> | null | undefined): string {
  const p = payload ?? {};
  const text = (key: string) => (p[key] === null || p[key] === undefined ? undefined : String(p[key]));
  switch (subject) {
    case 'AD_HOC_DISCOUNT': {
      const value = text('amount') ? `${text('amount')} ${text('currency') ?? ''}`.trim() : text('percentage') ? `${text('percentage')}%` : text('freePeriodDays') ? `${text('freePeriodDays')} free days` : '?';
      const products = Array.isArray(p.applicableProducts) && p.applicableProducts.length ? ` on ${p.applicableProducts.join(', ')}` : '';
      return `${text('number') ?? ''} ${text('definitionName') ?? 'discount'}: ${value}${products} for ${text('customerName') ?? 'a customer'} (${(text('target') ?? '').toLowerCase()} ${text('targetId') ?? ''})`.trim();
    }
    case 'CAMPAIGN_EXTENSION':
      return `${text('campaignName') ?? `campaign ${text('campaignId') ?? ''}`}: expiry ${text('currentExpiresAtLocal') ? `from ${text('currentExpiresAtLocal')} ` : ''}to ${text('newExpiresAtLocal') ?? text('newExpiresAt') ?? '?'}${text('reason') ? ` (${text('reason')})` : ''}`;
    case 'BUDGET_INCREASE':
      return `${text('campaignName') ?? `campaign ${text('campaignId') ?? ''}`}: budget ${text('currentAmount') ? `from ${text('currentAmount')} ` : ''}to ${text('newAmount') ?? '?'}${text('currency') ? ` ${text('currency')}` : ''}${text('period') ? ` per ${text('period')!.toLowerCase()}` : ''}${text('reason') ? ` (${text('reason')})` : ''}`;
    case 'ONE_PER_CUSTOMER_EXCEPTION':
      return `${text('campaignName') ?? `campaign ${text('campaignId') ?? ''}`}: one more for ${text('customerName') ?? `customer ${text('customerId') ?? ''}`}${text('reason') ? ` (${text('reason')})` : ''}`;
    default:
      return JSON.stringify(p);
  }
}
