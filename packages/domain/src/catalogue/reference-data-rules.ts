import { isLocalDate } from '../shared/local-date.js';
import { formatMoney, isCurrencyCode, parseDecimal } from '../shared/money.js';
import { fail, succeed, type Result } from '../shared/result.js';

type Invalid = 'INVALID';

/** A currency code as the API stores it (upper case, ISO 4217). */
export function normaliseCurrency(value: string): Result<string, Invalid> {
  const currency = value.trim().toUpperCase();
  return isCurrencyCode(currency) ? succeed(currency) : fail('INVALID', `"${value}" is not an ISO 4217 currency code`);
}

/** A price: a decimal ≥ 0, rounded to the currency's minor unit ("20.00"). */
export function normalisePrice(value: string, currency: string): Result<string, Invalid> {
  const amount = parseDecimal(value);
  if (!amount) return fail('INVALID', `"${value}" is not a decimal amount`);
  if (amount.isNegative()) return fail('INVALID', 'must not be negative');
  return succeed(formatMoney(amount, currency));
}

/** A product's optional list price: both price and currency, or neither. */
export function checkProductPrice(price: string | null | undefined, currency: string | null | undefined): Result<{ price: string; currency: string } | null, Invalid> {
  const hasPrice = price !== null && price !== undefined;
  const hasCurrency = currency !== null && currency !== undefined && currency.trim() !== '';
  if (!hasPrice && !hasCurrency) return succeed(null);
  if (!hasCurrency) return fail('INVALID', 'a price needs a currency', 'currency');
  if (!hasPrice) return fail('INVALID', 'a currency needs a price', 'price');
  const code = normaliseCurrency(currency);
  if (!code.ok) return fail('INVALID', code.explanation, 'currency');
  const amount = normalisePrice(price, code.value);
  if (!amount.ok) return fail('INVALID', amount.explanation, 'price');
  return succeed({ price: amount.value, currency: code.value });
}

/** Prices of order lines ≥ 0 and at least one line; the field names the offending line (`lines.1.price`). */
export function normaliseLinePrices<L extends { price: string }>(lines: readonly L[], currency: string, field: string): Result<(L & { price: string })[], Invalid> {
  if (lines.length === 0) return fail('INVALID', 'must have at least one entry', field);
  const out: (L & { price: string })[] = [];
  for (const [i, line] of lines.entries()) {
    const price = normalisePrice(line.price, currency);
    if (!price.ok) return fail('INVALID', price.explanation, `${field}.${i}.price`);
    out.push({ ...line, price: price.value });
  }
  return succeed(out);
}

/** A subscription's services: prices ≥ 0 and exactly one main service. */
export function checkSubscriptionServices<S extends { price: string; isMain: boolean }>(services: readonly S[], currency: string): Result<S[], Invalid> {
  const priced = normaliseLinePrices(services, currency, 'services');
  if (!priced.ok) return priced;
  const mains = services.filter((s) => s.isMain).length;
  if (mains !== 1) return fail('INVALID', `exactly one service must be the main one, got ${mains}`, 'services');
  return succeed(priced.value);
}

/** A job's schedule: the expected completion is on or after the order date. */
export function checkJobSchedule(orderDate: string, expectedCompletionDate: string): Result<true, Invalid> {
  if (!isLocalDate(orderDate)) return fail('INVALID', 'must be a date YYYY-MM-DD', 'orderDate');
  if (!isLocalDate(expectedCompletionDate)) return fail('INVALID', 'must be a date YYYY-MM-DD', 'expectedCompletionDate');
  if (expectedCompletionDate < orderDate) return fail('INVALID', `must not be before the order date ${orderDate}`, 'expectedCompletionDate');
  return succeed(true);
}

/** Completing a job: once only (ALREADY_COMPLETED is a state conflict), never before the order date. */
export function checkJobCompletion(
  job: { orderDate: string; actualCompletionDate: string | null },
  actualCompletionDate: string,
): Result<string, Invalid | 'ALREADY_COMPLETED'> {
  if (job.actualCompletionDate !== null) return fail('ALREADY_COMPLETED', `the job was completed on ${job.actualCompletionDate} already`);
  if (!isLocalDate(actualCompletionDate)) return fail('INVALID', 'must be a date YYYY-MM-DD', 'actualCompletionDate');
  if (actualCompletionDate < job.orderDate) return fail('INVALID', `must not be before the order date ${job.orderDate}`, 'actualCompletionDate');
  return succeed(actualCompletionDate);
}
