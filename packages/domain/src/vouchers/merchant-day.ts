import { formatMoney, Money } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';
import { localParts } from '../rewards/local-time.js';
import { WEEKDAYS, type Weekday } from '../rewards/offer-rules.js';

/**
 * A store's day of write-offs (SPEC §6 daily reconciliation): OPEN while write-offs come in,
 * CONFIRMED by the merchant (from then on the day cannot change), AUDITED by head office (anomalies
 * flagged), SETTLED by finance. Each step happens once, in this order.
 */
export type MerchantDayStatus = 'OPEN' | 'CONFIRMED' | 'AUDITED' | 'SETTLED';
export type MerchantDayEvent = 'confirm' | 'audit' | 'settle';

export const MERCHANT_DAY_TRANSITIONS: Readonly<Record<MerchantDayStatus, Partial<Record<MerchantDayEvent, MerchantDayStatus>>>> = {
  OPEN: { confirm: 'CONFIRMED' },
  CONFIRMED: { audit: 'AUDITED' },
  AUDITED: { settle: 'SETTLED' },
  SETTLED: {},
};

export function transitionMerchantDay(status: MerchantDayStatus, event: MerchantDayEvent): Result<MerchantDayStatus, 'INVALID_TRANSITION'> {
  const next = MERCHANT_DAY_TRANSITIONS[status][event];
  if (next) return succeed(next);
  const needed = (Object.keys(MERCHANT_DAY_TRANSITIONS) as MerchantDayStatus[]).find((s) => MERCHANT_DAY_TRANSITIONS[s][event]);
  return fail('INVALID_TRANSITION', `Cannot ${event} a day that is ${status}; only a ${needed} day can be ${event === 'confirm' ? 'confirmed' : event === 'audit' ? 'audited' : 'settled'}`);
}

/** The status a merchant day must have for `event`. */
export function statusBefore(event: MerchantDayEvent): MerchantDayStatus {
  return (Object.keys(MERCHANT_DAY_TRANSITIONS) as MerchantDayStatus[]).find((s) => MERCHANT_DAY_TRANSITIONS[s][event])!;
}

/** Opening hours of a store: per weekday, opening and closing local time "HH:MM", or null when closed. */
export type OpeningHours = Readonly<Record<Weekday, { opens: string; closes: string } | null>>;

/** Used when a store has not set its own hours. */
export const DEFAULT_OPENING_HOURS: OpeningHours = Object.fromEntries(WEEKDAYS.map((d) => [d, { opens: '09:00', closes: '21:00' }])) as unknown as OpeningHours;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Checks opening hours: valid HH:MM and opening before closing ("24:00" closes at midnight). */
export function checkOpeningHours(hours: Partial<Record<Weekday, { opens: string; closes: string } | null>>): Result<OpeningHours, 'INVALID_HOURS'> {
  const out: Record<string, { opens: string; closes: string } | null> = {};
  for (const day of WEEKDAYS) {
    const h = hours[day] ?? null;
    if (h === null) {
      out[day] = null;
      continue;
    }
    const closes = h.closes === '24:00' ? '24:00' : h.closes;
    if (!HHMM.test(h.opens) || !(HHMM.test(closes) || closes === '24:00')) return fail('INVALID_HOURS', `${day}: times are HH:MM (00:00 to 24:00)`);
    if (minutes(h.opens) >= minutes(closes)) return fail('INVALID_HOURS', `${day}: the store must open before it closes`);
    out[day] = { opens: h.opens, closes };
  }
  return succeed(out as unknown as OpeningHours);
}

/** True when `at`, read in the store's zone, falls within its opening hours (opens ≤ t < closes). */
export function isWithinOpeningHours(at: Date, zone: string, hours: OpeningHours): boolean {
  const parts = localParts(at, zone);
  const today = hours[WEEKDAYS[parts.weekday - 1]];
  return today != null && parts.minuteOfDay >= minutes(today.opens) && parts.minuteOfDay < minutes(today.closes);
}

export interface DayWriteOff {
  id: string;
  code: string;
  writtenOffAt: Date;
  /** Decimal string. */
  amount: string;
  /** The voucher's value, when bounded. */
  voucherValue?: string | null;
}

export type WriteOffAnomalyKind = 'WRITE_OFF_OUTSIDE_HOURS' | 'WRITE_OFF_OVER_VALUE';

export interface WriteOffAnomaly {
  kind: WriteOffAnomalyKind;
  writeOffId: string;
  message: string;
}

/** Head office's audit of a day: write-offs outside the store's opening hours and write-offs over the voucher's value. */
export function findWriteOffAnomalies(writeOffs: readonly DayWriteOff[], zone: string, hours: OpeningHours, currency = 'EUR'): WriteOffAnomaly[] {
  const out: WriteOffAnomaly[] = [];
  for (const w of writeOffs) {
    if (!isWithinOpeningHours(w.writtenOffAt, zone, hours)) {
      const parts = localParts(w.writtenOffAt, zone);
      const hhmm = `${String(Math.floor(parts.minuteOfDay / 60)).padStart(2, '0')}:${String(parts.minuteOfDay % 60).padStart(2, '0')}`;
      out.push({ kind: 'WRITE_OFF_OUTSIDE_HOURS', writeOffId: w.id, message: `Voucher ${w.code} was written off at ${hhmm} (${zone}), outside the store's opening hours` });
    }
    if (w.voucherValue != null && new Money(w.amount).greaterThan(w.voucherValue)) {
      out.push({ kind: 'WRITE_OFF_OVER_VALUE', writeOffId: w.id, message: `Voucher ${w.code} was written off for ${w.amount} ${currency}, over its value of ${w.voucherValue}` });
    }
  }
  return out;
}

/** Sum of decimal strings, exact, formatted to the currency's minor unit. */
export function sumAmounts(amounts: readonly string[], currency: string): string {
  return formatMoney(amounts.reduce((sum, a) => sum.plus(a), new Money(0)), currency);
}

/** A share n/d (0 when d is 0), rounded to 4 decimals. */
export function rate(n: number, d: number): number {
  return d <= 0 ? 0 : Math.round((n / d) * 10_000) / 10_000;
}
