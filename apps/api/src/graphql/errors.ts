import { GraphQLError } from 'graphql';

/** The stable error codes of the API (SPEC §10), in `extensions.code`. */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED';

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

/** Input the business rules refuse; names the offending field (e.g. `input.name`). */
export function badInput(field: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('BAD_USER_INPUT', `${field}: ${message}`, { field, ...extra });
}

export function notFound(what: string, id?: string): AppError {
  return new AppError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`, { entity: what });
}

export function conflict(message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('CONFLICT', message, extra);
}

export function forbidden(message = 'You may not do this'): AppError {
  return new AppError('FORBIDDEN', message);
}

export function unauthenticated(message = 'Sign in first: send Authorization: Bearer <token or API key>'): AppError {
  return new AppError('UNAUTHENTICATED', message);
}

export function rateLimited(retryAfterSeconds: number, message = 'Too many attempts; try again later'): AppError {
  return new AppError('RATE_LIMITED', message, { retryAfter: retryAfterSeconds });
}
