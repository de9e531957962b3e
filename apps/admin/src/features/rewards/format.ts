/** Shared labels and formats of the rewards pages. */
import { OFFER_CLASSIFICATIONS, PERCENTAGE_AWARD_CLASSIFICATIONS, type OfferClassification } from '@perkflow/domain';

export const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The classifications and which of them may award a percentage (SPEC §4) come from the domain rules. */
export const CLASSIFICATIONS = OFFER_CLASSIFICATIONS;
export type Classification = OfferClassification;
export const PERCENTAGE_CLASSIFICATIONS: readonly string[] = PERCENTAGE_AWARD_CLASSIFICATIONS;

/** "REWARD_ON_BIRTHDAY" → "Reward on birthday" */
export const humanize = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

export const classificationOptions = CLASSIFICATIONS.map((c) => ({ value: c, label: humanize(c) }));

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export const TIME_UNITS = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
