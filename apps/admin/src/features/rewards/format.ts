/** Shared labels and formats of the rewards pages. */
export const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const CLASSIFICATIONS = [
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
export type Classification = (typeof CLASSIFICATIONS)[number];

/** The classifications whose offers may award a percentage of the event's amount (SPEC §4). */
export const PERCENTAGE_CLASSIFICATIONS: readonly string[] = CLASSIFICATIONS.slice(0, 4);

/** "REWARD_ON_BIRTHDAY" → "Reward on birthday" */
export const humanize = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

export const classificationOptions = CLASSIFICATIONS.map((c) => ({ value: c, label: humanize(c) }));

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export const TIME_UNITS = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
