import { DateTime, IANAZone } from 'luxon';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isLocalDate(value: string): boolean {
  return LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * True for an IANA time zone name that the runtime knows ("Europe/Athens", "UTC", "Etc/GMT+5").
 * Luxon's `setZone` also takes offsets ("UTC+99"), "local" and "system": those are not zone names.
 */
export function isTimeZone(zone: string): boolean {
  return zone.length <= 64 && ZONE_NAME.test(zone) && IANAZone.isValidZone(zone);
}
