import { describe, expect, it } from 'vitest';
import { checkRedemption, explainRedemptionRefusal, type RedemptionFacts, type RedemptionInput, type RejectionReason } from './redemption-check.js';

const now = new Date('2026-03-15T12:00:00Z');

function input(overrides: {
  campaign?: Partial<NonNullable<RedemptionInput['campaign']>>;
  code?: Partial<NonNullable<RedemptionInput['code']>>;
  customer?: Partial<NonNullable<RedemptionInput['customer']>> | null;
  order?: Partial<RedemptionInput['order']>;
  counters?: Partial<RedemptionInput['counters']>;
  now?: Date;
} = {}): RedemptionInput {
  return {
    campaign: {
      state: 'ACTIVE',
      startsAt: new Date('2026-03-01T00:00:00Z'),
      expiresAt: new Date('2026-04-01T00:00:00Z'),
      discount: { kind: 'PERCENTAGE', value: '10', currency: 'EUR' },
      minSpend: '50.00',
      allowedUnitIds: ['u1'],
      stacking: 'STACKABLE',
      stackingGroup: 'g',
      maxCodesPerOrder: 2,
      maxRedemptionsPerCode: 1,
      maxRedemptionsPerCustomer: 2,
      maxRedemptions: 100,
      hasIncludedSegments: true,
      ...overrides.campaign,
    },
    code: { code: 'JAZZ1234', state: 'ACTIVE', redemptions: 0, ...overrides.code },
    customer:
      overrides.customer === null
        ? null
        : { id: 'c1', blacklisted: false, inIncludedSegment: true, inExcludedSegment: false, ...overrides.customer },
    order: {
      amount: '80.00',
      currency: 'EUR',
      unitId: 'u1',
      lines: [{ productId: 'p1', productTypeId: 't1', quantity: 1, unitPrice: '80.00' }],
      otherCodes: [],
      ...overrides.order,
    },
    counters: { customerRedemptionsOfCampaign: 0, campaignRedemptions: 0, budgetRemaining: '1000', ...overrides.counters },
    now: overrides.now ?? now,
  };
}

describe('checkRedemption', () => {
  it('accepts a valid redemption with its discount', () => {
    const result = checkRedemption(input());
    expect(result.ok && result.discount.toFixed(2)).toBe('8.00');
  });

  it.each<[string, RedemptionInput, RejectionReason, string?]>([
    ['unknown code', { ...input(), code: null }, 'CODE_NOT_FOUND'],
    ['blacklisted customer', input({ customer: { blacklisted: true } }), 'CUSTOMER_BLACKLISTED'],
    ['paused campaign', input({ campaign: { state: 'PAUSED' } }), 'CAMPAIGN_NOT_ACTIVE', 'PAUSED'],
    ['draft campaign', input({ campaign: { state: 'DRAFT' } }), 'CAMPAIGN_NOT_ACTIVE'],
    ['before start', input({ now: new Date('2026-02-28T23:59:59.999Z') }), 'NOT_STARTED'],
    ['exactly at expiry', input({ now: new Date('2026-04-01T00:00:00Z') }), 'EXPIRED'],
    ['disabled code', input({ code: { state: 'DISABLED' } }), 'CODE_DISABLED'],
    ['assigned to someone else', input({ code: { assignedCustomerId: 'c2' } }), 'NOT_ASSIGNED_TO_CUSTOMER'],
    ['assigned, anonymous order', input({ code: { assignedCustomerId: 'c2' }, customer: null }), 'NOT_ASSIGNED_TO_CUSTOMER'],
    ['other unit', input({ order: { unitId: 'u2' } }), 'UNIT_NOT_ALLOWED', 'u2'],
    ['excluded segment', input({ customer: { inExcludedSegment: true } }), 'NOT_ELIGIBLE', 'excludes'],
    ['not in included segment', input({ customer: { inIncludedSegment: false } }), 'NOT_ELIGIBLE', 'none of the segments'],
    ['currency mismatch', input({ order: { currency: 'USD' } }), 'NOT_ELIGIBLE', 'USD'],
    ['no applicable product', input({ campaign: { productIds: ['p9'] } }), 'PRODUCT_NOT_APPLICABLE'],
    ['min spend not met', input({ order: { amount: '42.10' } }), 'MIN_SPEND_NOT_MET', 'Minimum spend is 50.00 EUR; this order is 42.10 EUR'],
    ['exclusive code on an order with codes', input({ campaign: { stacking: 'EXCLUSIVE' }, order: { otherCodes: [{ code: 'A', stacking: 'STACKABLE', stackingGroup: 'g' }] } }), 'NOT_STACKABLE', 'exclusive'],
    ['order has an exclusive code', input({ order: { otherCodes: [{ code: 'A', stacking: 'EXCLUSIVE' }] } }), 'NOT_STACKABLE', 'A'],
    ['other stacking group', input({ order: { otherCodes: [{ code: 'A', stacking: 'STACKABLE', stackingGroup: 'h' }] } }), 'NOT_STACKABLE', 'group h'],
    ['too many codes in group', input({ order: { otherCodes: [{ code: 'A', stacking: 'STACKABLE', stackingGroup: 'g' }, { code: 'B', stacking: 'STACKABLE', stackingGroup: 'g' }] } }), 'NOT_STACKABLE', 'At most 2'],
    ['code used up', input({ code: { redemptions: 1 } }), 'CODE_LIMIT_REACHED'],
    ['code exhausted state', input({ code: { state: 'EXHAUSTED' }, campaign: { maxRedemptionsPerCode: null } }), 'CODE_LIMIT_REACHED'],
    ['per-code override', input({ code: { redemptions: 2, maxRedemptions: 2 }, campaign: { maxRedemptionsPerCode: 5 } }), 'CODE_LIMIT_REACHED'],
    ['customer limit', input({ counters: { customerRedemptionsOfCampaign: 2 } }), 'CUSTOMER_LIMIT_REACHED'],
    ['one per customer', input({ campaign: { onePerCustomer: true }, counters: { customerRedemptionsOfCampaign: 1 } }), 'CUSTOMER_LIMIT_REACHED'],
    ['campaign limit', input({ counters: { campaignRedemptions: 100 } }), 'CAMPAIGN_LIMIT_REACHED'],
    ['budget short', input({ counters: { budgetRemaining: '7.99' } }), 'BUDGET_EXHAUSTED', '7.99 EUR'],
  ])('%s → %s', (_name, value, reason, explanation) => {
    const result = checkRedemption(value);
    expect(result).toMatchObject({ ok: false, reason });
    if (explanation !== undefined && !result.ok) expect(result.explanation).toContain(explanation);
  });

  it.each<[string, RedemptionInput]>([
    ['exactly at startsAt', input({ now: new Date('2026-03-01T00:00:00Z') })],
    ['just before expiresAt', input({ now: new Date('2026-03-31T23:59:59.999Z') })],
    ['no expiry', input({ campaign: { expiresAt: null }, now: new Date('2030-01-01T00:00:00Z') })],
    ['min spend exactly met', input({ order: { amount: '50.00', lines: [] }, campaign: { minSpend: '50' } })],
    ['budget exactly the discount', input({ counters: { budgetRemaining: '8.00' } })],
    ['no budget', input({ counters: { budgetRemaining: null } })],
    ['stacks in the same group', input({ order: { otherCodes: [{ code: 'A', stacking: 'STACKABLE', stackingGroup: 'g' }] } })],
    ['any unit when none listed', input({ campaign: { allowedUnitIds: [] }, order: { unitId: null } })],
    ['anonymous order, no segments', input({ customer: null, campaign: { hasIncludedSegments: false } })],
    ['assigned to this customer', input({ code: { assignedCustomerId: 'c1' } })],
  ])('accepts: %s', (_name, value) => {
    expect(checkRedemption(value).ok).toBe(true);
  });

  it('checks in the documented order: blacklisted before campaign state', () => {
    const result = checkRedemption(input({ customer: { blacklisted: true }, campaign: { state: 'ENDED' } }));
    expect(result).toMatchObject({ reason: 'CUSTOMER_BLACKLISTED' });
  });

  it('checks min spend before limits', () => {
    const result = checkRedemption(input({ order: { amount: '10' }, code: { redemptions: 5 } }));
    expect(result).toMatchObject({ reason: 'MIN_SPEND_NOT_MET' });
  });

  it('discounts only the applicable products', () => {
    const result = checkRedemption(
      input({
        campaign: { productTypeIds: ['t2'] },
        order: {
          amount: '100.00',
          lines: [
            { productId: 'p1', productTypeId: 't1', quantity: 1, unitPrice: '60.00' },
            { productId: 'p2', productTypeId: 't2', quantity: 2, unitPrice: '20.00' },
          ],
        },
      }),
    );
    expect(result.ok && result.discount.toFixed(2)).toBe('4.00');
  });
});

describe('explainRedemptionRefusal (the one text of each refusal, whichever side decided)', () => {
  it.each([
    ['CODE_NOT_FOUND', { code: 'ABC' }, 'No code ABC exists'],
    ['CAMPAIGN_NOT_ACTIVE', { state: 'PAUSED' }, 'The campaign is PAUSED, not ACTIVE'],
    ['NOT_STARTED', { startsAt: '2026-04-01T00:00:00.000Z', now: '2026-03-15T12:00:00.000Z' }, 'The campaign starts at 2026-04-01T00:00:00.000Z; it is now 2026-03-15T12:00:00.000Z'],
    ['EXPIRED', { expiresAt: '2026-03-01T00:00:00.000Z', now: '2026-03-15T12:00:00.000Z' }, 'The code expired at 2026-03-01T00:00:00.000Z; it is now 2026-03-15T12:00:00.000Z'],
    ['CODE_DISABLED', { code: 'ABC' }, 'Code ABC is disabled'],
    ['MIN_SPEND_NOT_MET', { minSpend: '30.0000', orderAmount: '29.99', currency: 'EUR' }, 'Minimum spend is 30.00 EUR; this order is 29.99 EUR'],
    ['CODE_LIMIT_REACHED', { code: 'ABC', redemptions: 1, limit: 1 }, 'Code ABC has been redeemed 1 times of 1 allowed'],
    ['CODE_LIMIT_REACHED', { code: 'ABC', redemptions: 3, limit: null }, 'Code ABC has been redeemed 3 times and is exhausted'],
    ['CUSTOMER_LIMIT_REACHED', { redemptions: 2, limit: 2 }, 'The customer has redeemed this campaign 2 times; the limit is 2'],
    ['CAMPAIGN_LIMIT_REACHED', { redemptions: 3, limit: 3 }, 'The campaign has been redeemed 3 times; the limit is 3'],
    ['BUDGET_EXHAUSTED', { remaining: '5.0000', discount: '5.01', currency: 'EUR', period: '2026-03' }, 'The campaign budget has 5.00 EUR left this period (2026-03); this discount is 5.01 EUR'],
    ['BUDGET_EXHAUSTED', { remaining: '5', discount: '5.01', currency: 'EUR', period: 'TOTAL' }, 'The campaign budget has 5.00 EUR left this period; this discount is 5.01 EUR'],
  ] as const)('%s %j', (reason, facts, text) => {
    expect(explainRedemptionRefusal(reason, facts)).toBe(text);
  });

  it('checkRedemption explains its counted refusals with it (facts attached)', () => {
    const result = checkRedemption(input({ counters: { budgetRemaining: '7.99', budgetPeriod: '2026-03' } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const facts: RedemptionFacts = result.facts!;
    expect(facts).toMatchObject({ remaining: '7.99', currency: 'EUR', period: '2026-03' });
    expect(result.explanation).toBe(explainRedemptionRefusal('BUDGET_EXHAUSTED', facts));
  });
});
