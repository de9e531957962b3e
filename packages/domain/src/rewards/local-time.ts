import { DateTime } from 'luxon';
import type { Period, TimeUnit } from '../discounts/definition.js';

/** Calendar and clock facts of an instant as read in a time zone (SPEC §4: the scheme's time zone). */
export interface LocalParts {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Minutes since local midnight, 0-1439 */
  minuteOfDay: number;
}

const HOUR_MS = 3_600_000;
/** Offsets change at most on the hour in every real zone, so one lookup per zone and hour suffices. */
const offsetCache = new Map<string, number>();

function offsetMinutes(zone: string, epochMs: number): number {
  const bucket = Math.floor(epochMs / HOUR_MS);
  const key = `${zone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(bucket * HOUR_MS, { zone }).offset;
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/**
 * The local calendar date, weekday and time of `instant` in `zone`. Cached per zone and hour, so a reward
 * run reading a million events pays one Luxon lookup per hour of events rather than one per event.
 */
export function localParts(instant: Date, zone: string): LocalParts {
  const ms = instant.getTime();
  const shifted = new Date(ms + offsetMinutes(zone, ms) * 60_000);
  const weekday = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: weekday === 0 ? 7 : weekday,
    minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** Periods are the shared shape of the additive discounts' (N days/weeks/months/years). */
export type { Period, TimeUnit };
export const TIME_UNITS: readonly TimeUnit[] = ['DAY', 'WEEK', 'MONTH', 'YEAR'];

const LUXON_UNIT: Record<TimeUnit, 'days' | 'weeks' | 'months' | 'years'> = { DAY: 'days', WEEK: 'weeks', MONTH: 'months', YEAR: 'years' };

/**
 * The start (local midnight in `zone`) of the calendar date N units after the local date of `instant`.
 * SPEC §4 / seed 004: "creation date + X UOT = 01/01/2017" means the award expires as 01/01/2017 begins.
 */
export function startOfDateAfter(instant: Date, period: Period, zone: string): Date {
  return DateTime.fromJSDate(instant, { zone })
    .startOf('day')
    .plus({ [LUXON_UNIT[period.unit]]: period.count })
    .toJSDate();
}

/** `instant` moved back by a period (calendar arithmetic in `zone`). */
export function minusPeriod(instant: Date, period: Period, zone: string): Date {
  return DateTime.fromJSDate(instant, { zone })
    .minus({ [LUXON_UNIT[period.unit]]: period.count })
    .toJSDate();
}

/** Day-of-year ordinal of a month/day in a given year (Feb 29 in a common year reads as Feb 28). */
export function calendarDate(year: number, month: number, day: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Date.UTC(year, month - 1, Math.min(day, lastDay)) / 86_400_000;
}
