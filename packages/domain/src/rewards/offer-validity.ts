import { calendarDate, localParts, startOfDateAfter, type Period } from './local-time.js';
import type { AwardValidityRule, OfferValidityRule } from './offer-rules.js';

/** What an offer validity is checked against: the event's performed date and the participant's days. */
export interface ValidityFacts {
  performedAt: Date;
  /** The scheme's time zone: birthdays, name days and recurring periods are calendar dates there. */
  timezone: string;
  latestEffectiveDate: Date | null;
  /** YYYY-MM-DD (only month and day are used) */
  birthday?: string | null;
  nameDay?: string | null;
}

/**
 * True when `date` (YYYY-MM-DD) falls on a yearly day whose window [day − before, day + after] (both
 * inclusive, calendar days) contains the local date. The window may cross the year end, so the yearly
 * day is tried in the year before, the year itself and the year after.
 */
function withinYearlyWindow(local: { year: number; month: number; day: number }, date: string, before: number, after: number): boolean {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const today = calendarDate(local.year, local.month, local.day);
  for (const year of [local.year - 1, local.year, local.year + 1]) {
    const anniversary = calendarDate(year, month, day);
    if (today >= anniversary - before && today <= anniversary + after) return true;
  }
  return false;
}

/** True when month/day lies in the recurring period from–to (both inclusive), wrapping the year end when from is after to. */
export function isInRecurringPeriod(month: number, day: number, from: { month: number; day: number }, to: { month: number; day: number }): boolean {
  const md = month * 100 + day;
  const start = from.month * 100 + from.day;
  const end = to.month * 100 + to.day;
  return start <= end ? md >= start && md <= end : md >= start || md <= end;
}

/** SPEC §4 offer validity, checked against the event's performed date. */
export function isWithinOfferValidity(validity: OfferValidityRule, facts: ValidityFacts): boolean {
  switch (validity.kind) {
    case 'FROM_LATEST_EFFECTIVE_DATE':
      return facts.latestEffectiveDate !== null && facts.performedAt.getTime() >= facts.latestEffectiveDate.getTime();
    case 'SPECIFIC_PERIOD': {
      const t = facts.performedAt.getTime();
      return t >= Date.parse(validity.validFrom!) && t < Date.parse(validity.validTo!);
    }
    case 'BIRTHDAY_PERIOD':
    case 'NAME_DAY_PERIOD': {
      const date = validity.kind === 'BIRTHDAY_PERIOD' ? facts.birthday : facts.nameDay;
      if (!date) return false;
      return withinYearlyWindow(localParts(facts.performedAt, facts.timezone), date, validity.daysBefore ?? 0, validity.daysAfter ?? 0);
    }
    case 'RECURRING_PERIOD': {
      const local = localParts(facts.performedAt, facts.timezone);
      return isInRecurringPeriod(local.month, local.day, { month: validity.fromMonth!, day: validity.fromDay! }, { month: validity.toMonth!, day: validity.toDay! });
    }
  }
}

/**
 * When an award created at `createdAt` stops being spendable (exclusive), or null for always.
 * AFTER_AWARD: the start of the local date N units after the award's local date (seed 004: creation
 * date + X UOT = 01/01/2017 means spendable through 31/12/2016). UNTIL_DATE: the given instant.
 */
export function awardExpiresAt(validity: AwardValidityRule, createdAt: Date, timezone: string): Date | null {
  switch (validity.kind) {
    case 'ALWAYS':
      return null;
    case 'AFTER_AWARD':
      return startOfDateAfter(createdAt, validity.after as Period, timezone);
    case 'UNTIL_DATE':
      return new Date(validity.until!);
  }
}
