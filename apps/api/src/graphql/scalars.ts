import { isDecimalLiteral, isLocalDate } from '@perkflow/domain';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';

/**
 * Money and percentages live in numeric(19,4) columns (numeric(9,4) for percentages, which their
 * services bound to 0–100): at most 15 digits before the point. More than 20 after it is noise.
 */
export const DECIMAL_LIMITS = { maxIntegerDigits: 15, maxFractionDigits: 20 } as const;

function badDecimal(value: unknown, why = 'a decimal number such as "20.00"'): GraphQLError {
  const shown = JSON.stringify(value) ?? String(value);
  return new GraphQLError(`Decimal must be ${why}, got ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

function decimalInput(value: unknown): string {
  const literal = decimalFrom(value);
  // A number in exponent notation (1e+30, 1e-7) is not an exact decimal literal.
  if (!isDecimalLiteral(literal)) throw badDecimal(value);
  const [integer, fraction = ''] = literal.replace(/^-/, '').split('.');
  if (integer.replace(/^0+(?=\d)/, '').length > DECIMAL_LIMITS.maxIntegerDigits || fraction.length > DECIMAL_LIMITS.maxFractionDigits) {
    throw badDecimal(value, `at most ${DECIMAL_LIMITS.maxIntegerDigits} digits before the point and ${DECIMAL_LIMITS.maxFractionDigits} after it`);
  }
  return literal;
}

function decimalFrom(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length <= 64 && isDecimalLiteral(value.trim())) return value.trim();
  throw badDecimal(value);
}

/** Exact decimals as strings ("20.00"); inputs also accept numbers. Never a binary float inside. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "20.00"; inputs also accept numbers',
  serialize: (value) => (typeof value === 'object' && value !== null ? decimalFrom(String(value)) : decimalFrom(value)),
  parseValue: decimalInput,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return decimalInput(ast.kind === Kind.STRING ? ast.value : ast.value.trim());
    throw new GraphQLError('Decimal must be a string or a number', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

/** Years PostgreSQL's date and timestamptz columns take both ways without BC notation. */
export const YEAR_RANGE = { min: 1, max: 9999 } as const;

function localDateFrom(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && isLocalDate(value) && Number(value.slice(0, 4)) >= YEAR_RANGE.min) return value;
  throw new GraphQLError(`LocalDate must be a calendar date YYYY-MM-DD (years 1–9999), got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** A calendar date without time zone, YYYY-MM-DD. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD',
  serialize: localDateFrom,
  parseValue: localDateFrom,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return localDateFrom(ast.value);
    throw new GraphQLError('LocalDate must be a string YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

export const JSONObjectScalar = GraphQLJSONObject;

function inYearRange(date: Date): Date {
  const year = date.getUTCFullYear();
  if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) {
    throw new GraphQLError(`DateTimeISO must fall in the years ${YEAR_RANGE.min}–${YEAR_RANGE.max} (UTC), got ${date.toISOString()}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/** graphql-scalars' DateTimeISO (type-graphql's default for Date), refusing years PostgreSQL would not store. */
export const DateTimeISOScalar = new GraphQLScalarType<Date, string>({
  ...GraphQLDateTimeISO.toConfig(),
  parseValue: (value) => inYearRange(GraphQLDateTimeISO.parseValue(value) as Date),
  parseLiteral: (ast, variables) => inYearRange(GraphQLDateTimeISO.parseLiteral(ast, variables) as Date),
});
