import { DateTime, IANAZone } from 'luxon';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isLocalDate(value: string): boolean {
  return LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** True for an IANA time zone name that the runtime knows. */
export function isTimeZone(zone: string): boolean {
  // Luxon's setZone also accepts fixed offsets such as "UTC+99"; only IANA names are time zones here.
  return zone.length <= 64 && IANAZone.isValidZone(zone);
}
