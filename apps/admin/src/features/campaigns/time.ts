import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** A wall-clock "YYYY-MM-DDTHH:mm" in an IANA time zone → the UTC instant (ISO 8601). */
export function zonedToUtc(local: string, zone: string): string {
  return dayjs.tz(local, zone).toISOString();
}

/** A UTC instant → the wall-clock "YYYY-MM-DDTHH:mm" in a time zone (for datetime-local inputs). */
export function utcToZoned(iso: string, zone: string): string {
  return dayjs(iso).tz(zone).format('YYYY-MM-DDTHH:mm');
}

/** A UTC instant shown in a time zone, e.g. "2026-12-31 23:59 (Europe/Athens)". */
export function showInZone(iso: string, zone: string): string {
  return `${dayjs(iso).tz(zone).format('YYYY-MM-DD HH:mm')} (${zone})`;
}

/** "YYYY-MM" of an instant in a time zone. */
export function monthInZone(iso: string, zone: string): string {
  return dayjs(iso).tz(zone).format('YYYY-MM');
}

/** The month `n` months before a "YYYY-MM". */
export function monthsBefore(month: string, n: number): string {
  return dayjs(`${month}-01`).subtract(n, 'month').format('YYYY-MM');
}

/** IANA time zones the browser knows (UTC first). */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}
