/** Reward offer classifications (SPEC §4). */
export const OFFER_CLASSIFICATIONS = [
  'UTILISE_FREE_CAPACITY',
  'INCREASE_REVENUE_TRANSACTION_BASED',
  'INCREASE_REVENUE_PRODUCT_BASED',
  'REWARD_LOYALTY_TRANSACTION_AMOUNT_BASED',
  'REWARD_LOYALTY_TRANSACTION_NUMBER_BASED',
  'REWARD_SIGN_UPS',
  'REWARD_REFERRALS',
  'REWARD_BEHAVIOR',
  'REWARD_ON_BIRTHDAY',
  'REWARD_SUBSCRIPTION_MATURITY',
  'REWARD_PERSONAL_DATA_COMPLETENESS',
  'REWARD_ACHIEVEMENTS',
  'JUST_MONEY',
] as const;
export type OfferClassification = (typeof OFFER_CLASSIFICATIONS)[number];

/** Classifications whose offers may award a percentage of the event's amount (the rest award amounts only). */
export const PERCENTAGE_AWARD_CLASSIFICATIONS: readonly OfferClassification[] = [
  'UTILISE_FREE_CAPACITY',
  'INCREASE_REVENUE_TRANSACTION_BASED',
  'INCREASE_REVENUE_PRODUCT_BASED',
  'REWARD_LOYALTY_TRANSACTION_AMOUNT_BASED',
];

export function isOfferClassification(value: string): value is OfferClassification {
  return (OFFER_CLASSIFICATIONS as readonly string[]).includes(value);
}
