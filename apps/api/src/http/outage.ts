// A database that is down, restarting or refusing connections is an outage, not a bug: the request
// answers SERVICE_UNAVAILABLE (HTTP 503, `extensions.retryAfter` and a Retry-After header) so clients
// retry, instead of a masked INTERNAL_SERVER_ERROR. A statement cut off by `statement_timeout` (57014)
// answers the same way: the server was too busy (or the query too expensive) to answer in time.
import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Seconds a client should wait before retrying during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES =
  /Connection terminated|connection error|Client has encountered a connection error|Timeout acquiring a connection|the database system is (shutting down|starting up|in recovery|not yet accepting connections)|terminating connection due to administrator command|Client was closed and is not queryable|read ECONNRESET|connect ECONNREFUSED/i;

/** True when the error (or anything in its cause chain) is a lost, refused or timed-out database connection, or a statement timeout. */
export function isOutageError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  // A GraphQL error's message may quote user input: only what it wraps counts.
  if (error instanceof GraphQLError) return isOutageError(error.originalError, depth + 1);
  const e = error as { code?: unknown; sqlState?: unknown; message?: unknown; cause?: unknown; errors?: unknown; originalError?: unknown };
  for (const code of [e.code, e.sqlState]) {
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || code === '57014')) return true;
  }
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isOutageError(inner, depth + 1))) return true;
  return isOutageError(e.cause, depth + 1) || isOutageError(e.originalError, depth + 1);
}

function outageMessage(error: unknown): string {
  return /statement timeout|57014/.test(`${String((error as Error | undefined)?.message)} ${String((error as { code?: unknown } | undefined)?.code)}`)
    ? 'The query took too long and was cancelled (statement timeout); retry later or narrow it'
    : 'The database is unavailable; retry shortly';
}

/** The formatted error for an outage, or null when the error is not one (used by formatError). */
export function formatOutage(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError | null {
  if (formatted.extensions?.code === 'SERVICE_UNAVAILABLE') {
    const { stacktrace: _stack, ...extensions } = formatted.extensions;
    return { ...formatted, extensions };
  }
  if (!isOutageError(original)) return null;
  return { message: outageMessage(original), path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: OUTAGE_RETRY_AFTER_SECONDS } };
}

/** An error for paths outside execution (context creation): carries HTTP 503 and Retry-After itself. */
export function outageGraphQLError(original: unknown): GraphQLError {
  return new GraphQLError(outageMessage(original), {
    originalError: original instanceof Error ? original : undefined,
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryAfter: OUTAGE_RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new HeaderMap([['retry-after', String(OUTAGE_RETRY_AFTER_SECONDS)]]) },
    },
  });
}

const CONTEXT_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, BAD_USER_INPUT: 400 };

/**
 * For errors while building a request's context (authentication), where Apollo answers 500 unless the
 * error carries its HTTP status: an outage becomes `outageGraphQLError` (503), a known refusal keeps its
 * code with the matching status (an invalid token is 401), anything else is rethrown unchanged.
 */
export function rethrowContextError(error: unknown): never {
  if (isOutageError(error)) throw outageGraphQLError(error);
  const code = error instanceof GraphQLError ? String(error.extensions?.code) : '';
  if (error instanceof GraphQLError && CONTEXT_STATUS[code]) {
    // Keep what the error set on the response (e.g. `WWW-Authenticate: Bearer` on a refused credential).
    const http = (error.extensions?.http ?? {}) as { status?: number; headers?: unknown };
    throw new GraphQLError(error.message, { originalError: error, extensions: { ...error.extensions, http: { ...http, status: http.status ?? CONTEXT_STATUS[code] } } });
  }
  throw error;
}

/** Sets HTTP 503 and Retry-After on a response whose errors include SERVICE_UNAVAILABLE. */
export function outageStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
