import { isDecimalLiteral, isLocalDate } from '@perkflow/domain';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

function decimalFrom(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && isDecimalLiteral(value.trim())) return value.trim();
  throw new GraphQLError(`Decimal must be a decimal number such as "20.00", got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** Exact decimals as strings ("20.00"); inputs also accept numbers. Never a binary float inside. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "20.00"; inputs also accept numbers',
  serialize: (value) => (typeof value === 'object' && value !== null ? decimalFrom(String(value)) : decimalFrom(value)),
  parseValue: decimalFrom,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return decimalFrom(ast.kind === Kind.STRING ? ast.value : ast.value.trim());
    throw new GraphQLError('Decimal must be a string or a number', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

function localDateFrom(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && isLocalDate(value)) return value;
  throw new GraphQLError(`LocalDate must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`, {
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
