import { UniqueConstraintViolationException, ForeignKeyConstraintViolationException, NotNullConstraintViolationException } from '@mikro-orm/core';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { formatOutage } from './outage.js';

const KNOWN = new Set([
  'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE',
  'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/** What a translator answers for an error it recognises: the code and message the client gets. */
export interface TranslatedError {
  code: string;
  message: string;
  extensions?: Record<string, unknown>;
}

/** Recognises one kind of unexpected error (thrown below the services) and gives it a stable code; `undefined` when not its kind. */
export type ErrorTranslator = (error: unknown) => TranslatedError | undefined;

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE of a PostgreSQL error, wrapped by MikroORM or not. */
export function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown; previous?: unknown } | undefined, i = 0; e && typeof e === 'object' && i < 4; i += 1) {
    if (typeof e.code === 'string' && SQLSTATE.test(e.code)) return e.code;
    e = (e.previous ?? e.cause) as typeof e;
  }
  return undefined;
}

/** Constraint races that slipped past a service's checks (e.g. two creates of one unique name). */
const constraintViolation: ErrorTranslator = (error) => {
  if (error instanceof UniqueConstraintViolationException) return { code: 'BAD_USER_INPUT', message: 'A record with these values exists already' };
  if (error instanceof ForeignKeyConstraintViolationException || error instanceof NotNullConstraintViolationException) {
    return { code: 'BAD_USER_INPUT', message: 'A referenced record does not exist or a required value is missing' };
  }
  return undefined;
};

const DATA_EXCEPTIONS: Record<string, string> = {
  '22P05': 'a text contains a character the database cannot store',
  '22021': 'a text is not valid UTF-8',
  '22003': 'a number is out of range',
  '22007': 'a date or time is malformed',
  '22008': 'a date or time is out of range',
  '22001': 'a text is too long',
  '22P02': 'a value is malformed',
};

/**
 * The safety net behind the boundary checks (graphql/input-limits.ts, scalars): a PostgreSQL data
 * exception (SQLSTATE class 22) means the input was bad, never the server.
 */
const dataException: ErrorTranslator = (error) => {
  const state = sqlState(error);
  if (!state?.startsWith('22')) return undefined;
  return { code: 'BAD_USER_INPUT', message: `The database refused the input: ${DATA_EXCEPTIONS[state] ?? 'a value is invalid'}`, extensions: { sqlState: state } };
};

/**
 * Apollo's own request errors that carry an HTTP 4xx but no code (a persisted-query hash that does not
 * match its query, an unsupported persisted-query version): the request was bad.
 */
const codelessRequestError: ErrorTranslator = (error) => {
  if (!(error instanceof GraphQLError) || error.extensions?.code) return undefined;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (status && status >= 400 && status < 500) return { code: 'BAD_USER_INPUT', message: error.message, extensions: error.message.includes('sha') ? { field: 'extensions.persistedQuery.sha256Hash' } : {} };
  return undefined;
};

/**
 * Translators tried in order on errors without a known code. Outage handling (a database that is down
 * → SERVICE_UNAVAILABLE with `retryAfter`) belongs at the front of this list: `registerErrorTranslator`.
 */
const translators: ErrorTranslator[] = [constraintViolation, dataException, codelessRequestError];

/** Adds a translator before the built-in ones (e.g. the outage one). */
export function registerErrorTranslator(translator: ErrorTranslator): void {
  if (!translators.includes(translator)) translators.unshift(translator);
}

/** The first translator's answer for an unexpected error, or `undefined` (also used by the /api routes). */
export function translateError(error: unknown): TranslatedError | undefined {
  for (const translate of translators) {
    const translated = translate(error);
    if (translated) return translated;
  }
  return undefined;
}

/** `Variable "$i" got invalid value … at "i.budget"; …`: the variable path graphql-js names, as `extensions.field`. */
function coercionField(message: string): string | undefined {
  const match = /^Variable "\$(\w+)" (?:got invalid value .*? at "([^"]+)"|got invalid value|of required type|of non-null type)/s.exec(message);
  return match ? (match[2] ?? match[1]) : undefined;
}

/** Apollo's codes for a malformed request (no query, a mutation over GET, an unknown operationName): SPEC §10 calls that BAD_USER_INPUT. */
const MALFORMED_REQUEST = new Set(['BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']);

/** graphql-js stops parsing at the token limit with a syntax error; it is a limit, answered like the other query-shape limits. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th\w+ \d+ tokens/;

/**
 * Every error leaves with a stable `extensions.code`. Errors the services raise pass through; the
 * translators give the rest a code; anything still unexpected is logged and, in production, masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, config: AppConfig, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const outage = formatOutage(formatted, original);
  if (outage) return outage;
  let code = formatted.extensions?.code as string | undefined;
  if (code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.test(formatted.message)) {
    code = 'GRAPHQL_VALIDATION_FAILED';
    formatted = { ...formatted, message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { ...formatted.extensions, code } };
  }
  if (code && MALFORMED_REQUEST.has(code)) {
    code = 'BAD_USER_INPUT';
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  if (code === 'BAD_USER_INPUT' && !formatted.extensions?.field) {
    const field = coercionField(formatted.message);
    if (field) formatted = { ...formatted, extensions: { ...formatted.extensions, field } };
  }
  if (code && KNOWN.has(code)) {
    if (config.isProduction) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return formatted;
  }
  const translated = translateError(original);
  if (translated) return { message: translated.message, path: formatted.path, extensions: { code: translated.code, ...translated.extensions } };
  if (original instanceof GraphQLError && original.extensions?.code) return formatted;
  logger.error({ err: original, path: formatted.path }, 'unexpected error');
  if (config.isProduction) return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
}
