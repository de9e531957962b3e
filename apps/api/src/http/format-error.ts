import { UniqueConstraintViolationException, ForeignKeyConstraintViolationException, NotNullConstraintViolationException } from '@mikro-orm/core';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { formatOutage } from './outage.js';

const KNOWN = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * Every error leaves with a stable `extensions.code`. Database constraint violations that slipped past
 * a service's checks (e.g. a race on a unique name) become BAD_USER_INPUT; anything unexpected is
 * logged and, in production, masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, config: AppConfig, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const outage = formatOutage(formatted, original);
  if (outage) return outage;
  const code = formatted.extensions?.code as string | undefined;
  if (code && KNOWN.has(code)) {
    if (config.isProduction) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return formatted;
  }
  if (original instanceof UniqueConstraintViolationException) {
    return { message: 'A record with these values exists already', path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof ForeignKeyConstraintViolationException || original instanceof NotNullConstraintViolationException) {
    return { message: 'A referenced record does not exist or a required value is missing', path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof GraphQLError && original.extensions?.code) return formatted;
  logger.error({ err: original, path: formatted.path }, 'unexpected error');
  if (config.isProduction) return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
}
