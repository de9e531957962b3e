import { describe, expect, it } from 'vitest';
import { isOfferClassification, OFFER_CLASSIFICATIONS, PERCENTAGE_AWARD_CLASSIFICATIONS } from './classification.js';

describe('offer classifications', () => {
  it('lists the 13 classifications of SPEC §4 once each', () => {
    expect(OFFER_CLASSIFICATIONS).toHaveLength(13);
    expect(new Set(OFFER_CLASSIFICATIONS).size).toBe(13);
  });

  it.each([
    ['JUST_MONEY', true],
    ['REWARD_ON_BIRTHDAY', true],
    ['just_money', false],
    ['', false],
    ['REWARD', false],
  ])('isOfferClassification(%j) is %s', (value, expected) => {
    expect(isOfferClassification(value)).toBe(expected);
  });

  it('allows percentage awards only for revenue and transaction-amount classifications', () => {
    expect(PERCENTAGE_AWARD_CLASSIFICATIONS.every(isOfferClassification)).toBe(true);
    expect([...PERCENTAGE_AWARD_CLASSIFICATIONS].sort()).toEqual([
      'INCREASE_REVENUE_PRODUCT_BASED',
      'INCREASE_REVENUE_TRANSACTION_BASED',
      'REWARD_LOYALTY_TRANSACTION_AMOUNT_BASED',
      'UTILISE_FREE_CAPACITY',
    ]);
    expect(PERCENTAGE_AWARD_CLASSIFICATIONS).not.toContain('REWARD_SIGN_UPS');
  });
});
