import { describe, expect, it } from 'vitest';
import { summarise } from './summary';

describe('summarise', () => {
  it.each([
    ['AD_HOC_DISCOUNT', { number: 'AHD-000001', definitionName: 'ZX complaint', amount: '20.00', currency: 'EUR', applicableProducts: ['FIBRE-100'], customerName: 'Maria', target: 'SUBSCRIPTION', targetId: '7' },
      'AHD-000001 ZX complaint: 20.00 EUR on FIBRE-100 for Maria (subscription 7)'],
    ['AD_HOC_DISCOUNT', { definitionName: 'Late install', percentage: '50', target: 'JOB', targetId: '3' }, 'Late install: 50% for a customer (job 3)'],
    ['BUDGET_INCREASE', { campaignName: 'Jazz', newAmount: '2000.00' }, 'Jazz: budget to 2000.00'],
    ['BUDGET_INCREASE', { campaignName: 'Jazz', currentAmount: '1000.00', newAmount: '2000.00', currency: 'EUR', period: 'MONTH', reason: 'demand' }, 'Jazz: budget from 1000.00 to 2000.00 EUR per month (demand)'],
    ['CAMPAIGN_EXTENSION', { campaignId: '4', newExpiresAt: '2027-01-31', reason: 'busy season' }, 'campaign 4: expiry to 2027-01-31 (busy season)'],
    ['ONE_PER_CUSTOMER_EXCEPTION', { campaignName: 'Spa', customerName: 'Nikos' }, 'Spa: one more for Nikos'],
  ])('%s %j', (subject, payload, expected) => {
    expect(summarise(subject, payload)).toBe(expected);
  });
});
