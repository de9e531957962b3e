import { Decimal } from 'decimal.js';

/** Money arithmetic: exact decimals, half-even rounding to the currency's minor unit. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type MoneyValue = InstanceType<typeof Money>;

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** True when `value` is a plain decimal literal such as "20.00" or "-3" (no exponent, no spaces). */
export function isDecimalLiteral(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

/** Parses a decimal literal or a finite number into an exact decimal; `undefined` when it is not one. */
export function parseDecimal(value: unknown): MoneyValue | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? new Money(String(value)) : undefined;
  }
  if (typeof value === 'string' && isDecimalLiteral(value.trim())) return new Money(value.trim());
  return undefined;
}

const minorUnitCache = new Map<string, number>();

/** Digits after the decimal point for an ISO 4217 currency (EUR 2, JPY 0, BHD 3). */
export function currencyMinorUnits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = minorUnitCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
    minorUnitCache.set(code, digits);
  }
  return digits;
}

let knownCurrencies: ReadonlySet<string> | null | undefined;

/** True for a well-formed ISO 4217 code that Intl knows (the list is read from Intl once). */
export function isCurrencyCode(currency: string): boolean {
  if (!/^[A-Z]{3}$/.test(currency)) return false;
  if (knownCurrencies === undefined) {
    try {
      knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
    } catch {
      knownCurrencies = null;
    }
  }
  return knownCurrencies === null || knownCurrencies.has(currency);
}

/** Rounds half-even to the currency's minor unit. */
export function roundMoney(amount: Decimal.Value, currency: string): MoneyValue {
  return new Money(amount).toDecimalPlaces(currencyMinorUnits(currency), Decimal.ROUND_HALF_EVEN);
}

/** Formats an amount as the API's decimal string with the currency's minor digits ("20.00"). */
export function formatMoney(amount: Decimal.Value, currency: string): string {
  return roundMoney(amount, currency).toFixed(currencyMinorUnits(currency));
}
