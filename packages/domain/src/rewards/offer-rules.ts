/**
 * The rules of a reward offer (SPEC §4, seed 004) as plain data, and their validation. Instants are ISO
 * strings, amounts decimal strings, references ids: the same shape the API stores (jsonb) and the run reads.
 */
import { fail, succeed, type Result } from '../shared/result.js';
import { currencyMinorUnits, isDecimalLiteral, Money } from '../shared/money.js';
import { PERCENTAGE_AWARD_CLASSIFICATIONS, type OfferClassification } from './classification.js';
import { TIME_UNITS, type Period } from './local-time.js';

export const AWARD_KINDS = ['AMOUNT', 'PERCENTAGE', 'PERCENTAGE_OF_AWARDED_WITHIN'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];
export const OFFER_VALIDITY_KINDS = ['FROM_LATEST_EFFECTIVE_DATE', 'SPECIFIC_PERIOD', 'BIRTHDAY_PERIOD', 'NAME_DAY_PERIOD', 'RECURRING_PERIOD'] as const;
export type OfferValidityKind = (typeof OFFER_VALIDITY_KINDS)[number];
export const AWARD_VALIDITY_KINDS = ['ALWAYS', 'AFTER_AWARD', 'UNTIL_DATE'] as const;
export type AwardValidityKind = (typeof AWARD_VALIDITY_KINDS)[number];
export const NUMBER_OF_AWARDS = ['ONLY_ONE', 'MULTIPLE'] as const;
export type NumberOfAwards = (typeof NUMBER_OF_AWARDS)[number];
export const EVALUATION_METHODS = ['BATCH', 'IMMEDIATE'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];
export const OFFER_LIFE_CYCLE_STATES = ['NOT_EFFECTIVE', 'EFFECTIVE'] as const;
export type OfferLifeCycleState = (typeof OFFER_LIFE_CYCLE_STATES)[number];
export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface AwardRule {
  kind: AwardKind;
  /** AMOUNT: the amount in the scheme's currency */
  amount?: string | null;
  /** PERCENTAGE and PERCENTAGE_OF_AWARDED_WITHIN: e.g. "10" for 10 % */
  percentage?: string | null;
  /** PERCENTAGE_OF_AWARDED_WITHIN: the look-back period */
  within?: Period | null;
  /** PERCENTAGE_OF_AWARDED_WITHIN: only awards from offers of these types / schemes (both empty: all awards) */
  considerOfferTypeIds: string[];
  considerSchemeIds: string[];
}

export interface OfferValidityRule {
  kind: OfferValidityKind;
  /** SPECIFIC_PERIOD: inclusive */
  validFrom?: string | null;
  /** SPECIFIC_PERIOD: exclusive */
  validTo?: string | null;
  /** BIRTHDAY_PERIOD, NAME_DAY_PERIOD */
  daysBefore?: number | null;
  daysAfter?: number | null;
  /** RECURRING_PERIOD, both ends inclusive, wrapping the year end when from is after to */
  fromDay?: number | null;
  fromMonth?: number | null;
  toDay?: number | null;
  toMonth?: number | null;
}

export interface AwardValidityRule {
  kind: AwardValidityKind;
  after?: Period | null;
  /** Exclusive */
  until?: string | null;
}

export interface AwardConditionsRule {
  numberOfAwards: NumberOfAwards;
  includedSegmentIds: string[];
  excludedSegmentIds: string[];
  allowedGroupIds: string[];
  allowedUnitIds: string[];
  allowedAreas: string[];
  allowedCities: string[];
  allowedDistricts: string[];
}

export interface HourRange {
  /** HH:MM, inclusive */
  from: string;
  /** HH:MM, exclusive; a range whose end is not after its start runs past midnight */
  to: string;
}

export interface SpendConditionsRule {
  days: Weekday[];
  hourRanges: HourRange[];
  afterAwarding: Period | null;
  productIds: string[];
  productTypeIds: string[];
  productFamilyIds: string[];
  allowedGroupIds: string[];
  allowedUnitIds: string[];
}

export const DEFAULT_OFFER_VALIDITY: OfferValidityRule = { kind: 'FROM_LATEST_EFFECTIVE_DATE' };
export const DEFAULT_AWARD_VALIDITY: AwardValidityRule = { kind: 'ALWAYS' };

export function emptyAwardConditions(numberOfAwards: NumberOfAwards = 'MULTIPLE'): AwardConditionsRule {
  return { numberOfAwards, includedSegmentIds: [], excludedSegmentIds: [], allowedGroupIds: [], allowedUnitIds: [], allowedAreas: [], allowedCities: [], allowedDistricts: [] };
}

export function emptySpendConditions(): SpendConditionsRule {
  return { days: [], hourRanges: [], afterAwarding: null, productIds: [], productTypeIds: [], productFamilyIds: [], allowedGroupIds: [], allowedUnitIds: [] };
}

/** True when the classification lets an offer award a percentage of the triggering event's amount. */
export function allowsPercentageAward(classification: OfferClassification): boolean {
  return PERCENTAGE_AWARD_CLASSIFICATIONS.includes(classification);
}

type Check<T> = Result<T, 'INVALID'>;
const invalid = (field: string, explanation: string): Check<never> => fail('INVALID', explanation, field);

function checkPeriod(period: Period | null | undefined, field: string, { max = 1000 } = {}): Check<Period> {
  if (!period) return invalid(field, 'is required');
  if (!Number.isInteger(period.count) || period.count < 1 || period.count > max) return invalid(`${field}.count`, `must be a whole number from 1 to ${max}`);
  if (!TIME_UNITS.includes(period.unit)) return invalid(`${field}.unit`, 'must be DAY, WEEK, MONTH or YEAR');
  return succeed({ count: period.count, unit: period.unit });
}

function checkPositiveDecimal(value: string | null | undefined, field: string, max: string): Check<string> {
  if (value == null || value === '') return invalid(field, 'is required');
  if (!isDecimalLiteral(value)) return invalid(field, 'must be a decimal number');
  const n = new Money(value);
  if (n.lte(0)) return invalid(field, 'must be greater than zero');
  if (n.gt(max)) return invalid(field, `must be at most ${max}`);
  if (n.decimalPlaces() > 4) return invalid(field, 'must have at most 4 decimal places');
  return succeed(n.toString());
}

/**
 * Checks an award: the amount or percentage it needs, and that a percentage of the event's amount is used
 * only where the classification allows it (seed 004: amount only for the loyalty-by-number, sign-up,
 * referral, behaviour, birthday, maturity, data completeness, achievements and Just Money classifications).
 */
export function checkAwardRule(award: AwardRule, classification: OfferClassification, field: string, currency?: string): Check<AwardRule> {
  const base = { considerOfferTypeIds: [] as string[], considerSchemeIds: [] as string[] };
  switch (award.kind) {
    case 'AMOUNT': {
      const amount = checkPositiveDecimal(award.amount, `${field}.amount`, '1000000000');
      if (!amount.ok) return amount;
      // An offer's fixed amount is paid in its scheme's currency: exact to its minor unit, never rounded.
      if (currency && new Money(amount.value).decimalPlaces() > currencyMinorUnits(currency)) {
        return invalid(`${field}.amount`, `has more than the ${currencyMinorUnits(currency)} decimal places of ${currency} (the scheme's currency)`);
      }
      if (award.percentage != null) return invalid(`${field}.percentage`, 'is not used with an AMOUNT award');
      return succeed({ kind: 'AMOUNT', amount: amount.value, ...base });
    }
    case 'PERCENTAGE': {
      if (!allowsPercentageAward(classification)) {
        return invalid(`${field}.kind`, `a ${classification} offer awards amounts only; a percentage of the event's amount needs one of ${PERCENTAGE_AWARD_CLASSIFICATIONS.join(', ')}`);
      }
      const percentage = checkPositiveDecimal(award.percentage, `${field}.percentage`, '100');
      if (!percentage.ok) return percentage;
      if (award.amount != null) return invalid(`${field}.amount`, 'is not used with a PERCENTAGE award');
      return succeed({ kind: 'PERCENTAGE', percentage: percentage.value, ...base });
    }
    case 'PERCENTAGE_OF_AWARDED_WITHIN': {
      const percentage = checkPositiveDecimal(award.percentage, `${field}.percentage`, '100');
      if (!percentage.ok) return percentage;
      if (award.amount != null) return invalid(`${field}.amount`, 'is not used with a PERCENTAGE_OF_AWARDED_WITHIN award');
      const within = checkPeriod(award.within, `${field}.within`);
      if (!within.ok) return within;
      return succeed({
        kind: 'PERCENTAGE_OF_AWARDED_WITHIN',
        percentage: percentage.value,
        within: within.value,
        considerOfferTypeIds: [...new Set(award.considerOfferTypeIds)],
        considerSchemeIds: [...new Set(award.considerSchemeIds)],
      });
    }
    default:
      return invalid(`${field}.kind`, 'is not an award kind');
  }
}

function isInstant(value: string | null | undefined): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function checkDayCount(value: number | null | undefined, field: string): Check<number> {
  if (value == null) return succeed(0);
  if (!Number.isInteger(value) || value < 0 || value > 366) return invalid(field, 'must be a whole number of days from 0 to 366');
  return succeed(value);
}

function checkDayMonth(day: number | null | undefined, month: number | null | undefined, field: string, prefix: 'from' | 'to'): Check<{ day: number; month: number }> {
  if (month == null || !Number.isInteger(month) || month < 1 || month > 12) return invalid(`${field}.${prefix}Month`, 'must be a month from 1 to 12');
  const last = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day == null || !Number.isInteger(day) || day < 1 || day > last) return invalid(`${field}.${prefix}Day`, `must be a day from 1 to ${last} of month ${month}`);
  return succeed({ day, month });
}

/** Checks an offer validity: each kind needs its own fields and ignores the others. */
export function checkOfferValidity(validity: OfferValidityRule, field: string): Check<OfferValidityRule> {
  switch (validity.kind) {
    case 'FROM_LATEST_EFFECTIVE_DATE':
      return succeed({ kind: validity.kind });
    case 'SPECIFIC_PERIOD': {
      if (!isInstant(validity.validFrom)) return invalid(`${field}.validFrom`, 'is required for a specific period');
      if (!isInstant(validity.validTo)) return invalid(`${field}.validTo`, 'is required for a specific period');
      const from = new Date(validity.validFrom);
      const to = new Date(validity.validTo);
      if (to <= from) return invalid(`${field}.validTo`, 'must be after validFrom (validTo is exclusive)');
      return succeed({ kind: validity.kind, validFrom: from.toISOString(), validTo: to.toISOString() });
    }
    case 'BIRTHDAY_PERIOD':
    case 'NAME_DAY_PERIOD': {
      const before = checkDayCount(validity.daysBefore, `${field}.daysBefore`);
      if (!before.ok) return before;
      const after = checkDayCount(validity.daysAfter, `${field}.daysAfter`);
      if (!after.ok) return after;
      return succeed({ kind: validity.kind, daysBefore: before.value, daysAfter: after.value });
    }
    case 'RECURRING_PERIOD': {
      const from = checkDayMonth(validity.fromDay, validity.fromMonth, field, 'from');
      if (!from.ok) return from;
      const to = checkDayMonth(validity.toDay, validity.toMonth, field, 'to');
      if (!to.ok) return to;
      return succeed({ kind: validity.kind, fromDay: from.value.day, fromMonth: from.value.month, toDay: to.value.day, toMonth: to.value.month });
    }
    default:
      return invalid(`${field}.kind`, 'is not an offer validity kind');
  }
}

export function checkAwardValidity(validity: AwardValidityRule, field: string): Check<AwardValidityRule> {
  switch (validity.kind) {
    case 'ALWAYS':
      return succeed({ kind: 'ALWAYS' });
    case 'AFTER_AWARD': {
      const after = checkPeriod(validity.after, `${field}.after`);
      return after.ok ? succeed({ kind: 'AFTER_AWARD', after: after.value }) : after;
    }
    case 'UNTIL_DATE':
      if (!isInstant(validity.until)) return invalid(`${field}.until`, 'is required for UNTIL_DATE');
      return succeed({ kind: 'UNTIL_DATE', until: new Date(validity.until).toISOString() });
    default:
      return invalid(`${field}.kind`, 'is not an award validity kind');
  }
}

function cleanTexts(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

export function checkAwardConditions(conditions: AwardConditionsRule, field: string): Check<AwardConditionsRule> {
  if (!NUMBER_OF_AWARDS.includes(conditions.numberOfAwards)) return invalid(`${field}.numberOfAwards`, 'must be ONLY_ONE or MULTIPLE');
  const both = conditions.includedSegmentIds.find((id) => conditions.excludedSegmentIds.includes(id));
  if (both) return invalid(`${field}.excludedSegmentIds`, `segment ${both} cannot be both included and excluded`);
  return succeed({
    numberOfAwards: conditions.numberOfAwards,
    includedSegmentIds: [...new Set(conditions.includedSegmentIds)],
    excludedSegmentIds: [...new Set(conditions.excludedSegmentIds)],
    allowedGroupIds: [...new Set(conditions.allowedGroupIds)],
    allowedUnitIds: [...new Set(conditions.allowedUnitIds)],
    allowedAreas: cleanTexts(conditions.allowedAreas),
    allowedCities: cleanTexts(conditions.allowedCities),
    allowedDistricts: cleanTexts(conditions.allowedDistricts),
  });
}

const HOUR_MINUTE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of "HH:MM" ("24:00" is accepted as the end of the day). */
export function minutesOf(hhmm: string): number {
  if (hhmm === '24:00') return 1440;
  const match = HOUR_MINUTE.exec(hhmm);
  if (!match) return Number.NaN;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function checkSpendConditions(conditions: SpendConditionsRule, field: string): Check<SpendConditionsRule> {
  const badDay = conditions.days.findIndex((d) => !WEEKDAYS.includes(d));
  if (badDay >= 0) return invalid(`${field}.days.${badDay}`, 'is not a weekday');
  for (const [i, range] of conditions.hourRanges.entries()) {
    const from = minutesOf(range.from);
    const to = minutesOf(range.to);
    if (Number.isNaN(from) || from === 1440) return invalid(`${field}.hourRanges.${i}.from`, 'must be a time HH:MM from 00:00 to 23:59');
    if (Number.isNaN(to)) return invalid(`${field}.hourRanges.${i}.to`, 'must be a time HH:MM from 00:00 to 24:00');
    if (from === to) return invalid(`${field}.hourRanges.${i}.to`, 'must differ from the start (the end is exclusive)');
  }
  let afterAwarding: Period | null = null;
  if (conditions.afterAwarding) {
    const period = checkPeriod(conditions.afterAwarding, `${field}.afterAwarding`);
    if (!period.ok) return period;
    afterAwarding = period.value;
  }
  return succeed({
    days: WEEKDAYS.filter((d) => conditions.days.includes(d)),
    hourRanges: conditions.hourRanges.map((r) => ({ from: r.from, to: r.to })),
    afterAwarding,
    productIds: [...new Set(conditions.productIds)],
    productTypeIds: [...new Set(conditions.productTypeIds)],
    productFamilyIds: [...new Set(conditions.productFamilyIds)],
    allowedGroupIds: [...new Set(conditions.allowedGroupIds)],
    allowedUnitIds: [...new Set(conditions.allowedUnitIds)],
  });
}
