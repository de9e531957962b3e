// The plain HTTP routes under /api (CSV exports and uploads) share these: the same viewer, abilities
// and error codes as GraphQL, errors answered as JSON `{ error: { code, message, field? } }` with the
// HTTP status of their code, and safe attachment names.
import { stringify } from 'csv-stringify/sync';
import type express from 'express';
import type { GraphQLContext } from '../graphql/context.js';
import { AppError, unauthenticated } from '../graphql/errors.js';
import { isOutageError, OUTAGE_RETRY_AFTER_SECONDS } from './outage.js';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429 };

type ContextFor = (req: express.Request) => Promise<GraphQLContext>;

/**
 * Wraps a route: builds the request's context, requires a signed-in viewer, and answers errors as
 * JSON `{ error: { code, message, field } }` with the matching HTTP status (unexpected ones: 500,
 * logged; a response already streaming is cut off instead).
 */
export function route(contextFor: ContextFor, handler: (ctx: GraphQLContext, req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler {
  return async (req, res) => {
    let ctx: GraphQLContext | undefined;
    try {
      ctx = await contextFor(req);
      if (!ctx.viewer) throw unauthenticated();
      await handler(ctx, req, res);
    } catch (error) {
      if (!res.headersSent && isOutageError(error)) {
        res.status(503).set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS)).json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; retry shortly', retryAfter: OUTAGE_RETRY_AFTER_SECONDS } });
        return;
      }
      const known = error instanceof AppError;
      const code = known ? String(error.extensions.code) : 'INTERNAL_SERVER_ERROR';
      if (!known) ctx?.logger.error({ err: error, path: req.path }, 'route failed');
      if (res.headersSent) {
        res.destroy(error as Error);
        return;
      }
      const message = known ? error.message : 'Internal server error';
      res.status(STATUS[code] ?? 500).json({ error: { code, message, ...(known && error.extensions.field ? { field: error.extensions.field } : {}) } });
    }
  };
}

/** A query-string parameter as text ('' when absent or repeated). */
export function queryParam(req: express.Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
}

/** A positive integer id from a path parameter, else BAD_USER_INPUT naming it. */
export function idParam(req: express.Request, name: string): string {
  const value = String(req.params[name] ?? '');
  if (!/^\d{1,18}$/.test(value)) throw new AppError('BAD_USER_INPUT', `${name}: not an id: "${value}"`, { field: name });
  return value;
}

/** A file name safe in a Content-Disposition header. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}

/** Answers `rows` (the header row first) as a CSV attachment named `<fileName>.csv`. For very large exports stream with COPY instead (campaigns' streamCsv). */
export function sendCsv(res: express.Response, fileName: string, rows: unknown[][]): void {
  res.type('text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${safeFileName(fileName)}.csv"`);
  res.setHeader('cache-control', 'no-store');
  res.send(stringify(rows));
}
