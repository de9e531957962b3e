import { DateTime } from 'luxon';
import { isLocalDate, isTimeZone } from '../shared/local-date.js';
import { type Result, fail, succeed } from '../shared/result.js';

/** The longest period one report covers (a little over two years of days). */
export const MAX_REPORT_DAYS = 800;

export interface ReportPeriod {
  /** Inclusive start: `from` at 00:00 in the zone. */
  start: Date;
  /** Exclusive end: `to` at 00:00 in the zone (periods are half-open, SPEC §10). */
  end: Date;
  /** The calendar months (YYYY-MM) the period touches, in order. */
  months: string[];
}

/**
 * A report's period from two local dates in a time zone: [from, to), half-open like every period
 * (SPEC §10), so consecutive reports never count a day twice. Refused when a date is not a calendar
 * date, `to` is not after `from`, or it spans more than MAX_REPORT_DAYS.
 */
export function reportPeriod(from: string, to: string, zone: string): Result<ReportPeriod, 'INVALID_PERIOD'> {
  if (!isLocalDate(from)) return fail('INVALID_PERIOD', 'must be a calendar date YYYY-MM-DD', 'from');
  if (!isLocalDate(to)) return fail('INVALID_PERIOD', 'must be a calendar date YYYY-MM-DD', 'to');
  if (!isTimeZone(zone)) return fail('INVALID_PERIOD', `unknown time zone ${zone}`, 'timezone');
  const start = DateTime.fromISO(from, { zone });
  const end = DateTime.fromISO(to, { zone });
  if (end <= start) return fail('INVALID_PERIOD', `must be after from (${from}); the period is [from, to)`, 'to');
  if (end.diff(start, 'days').days > MAX_REPORT_DAYS) return fail('INVALID_PERIOD', `the period may span at most ${MAX_REPORT_DAYS} days`, 'to');
  const months: string[] = [];
  for (let m = start.startOf('month'); m < end; m = m.plus({ months: 1 })) months.push(m.toFormat('yyyy-MM'));
  return succeed({ start: start.toJSDate(), end: end.toJSDate(), months });
}
