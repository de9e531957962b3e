// The plain HTTP routes under /api (CSV exports and uploads) share these: the same viewer, abilities
// and error codes as GraphQL, errors answered as JSON `{ error: { code, message, field? } }` with the
// HTTP status of their code, and safe attachment names.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../modules/campaigns/csv-http.js';
import type express from 'express';
import type { Logger } from 'pino';
import type { GraphQLContext } from '../graphql/context.js';
import { AppError, unauthenticated } from '../graphql/errors.js';
import { assertRowId } from '../graphql/input-limits.js';
import { translateError } from './format-error.js';
import { isOutageError, OUTAGE_RETRY_AFTER_SECONDS } from './outage.js';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

/** The largest JSON body POST /graphql takes. */
export const GRAPHQL_BODY_LIMIT = '2mb';

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
      const translated = known ? undefined : translateError(error);
      const code = known ? String(error.extensions.code) : (translated?.code ?? 'INTERNAL_SERVER_ERROR');
      if (!known && !translated) ctx?.logger.error({ err: error, path: req.path }, 'route failed');
      if (res.headersSent) {
        res.destroy(error as Error);
        return;
      }
      const message = known ? error.message : (translated?.message ?? 'Internal server error');
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
  return assertRowId(name, String(req.params[name] ?? ''));
}

/** Answers an error as JSON: GraphQL's `{ errors: [...] }` on /graphql, `{ error: { code, message } }` elsewhere. */
function answerJsonError(req: express.Request, res: express.Response, status: number, code: string, message: string): void {
  res.status(status);
  if (req.baseUrl === '/graphql' || req.path === '/graphql' || req.originalUrl.startsWith('/graphql')) {
    res.type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  } else {
    res.json({ error: { code, message } });
  }
}

/** Unknown routes under /api: 404 JSON (never the SPA page or express' HTML). */
export const unknownApiRoute: express.RequestHandler = (req, res) => {
  answerJsonError(req, res, 404, 'NOT_FOUND', `No route ${req.method} /api${req.path}`);
};

/**
 * Before Apollo: a POST whose body is not JSON (wrong content type) is refused with 415, and a
 * document longer than `maxLength` characters is refused before the parser sees it.
 */
export function graphqlRequestGate(maxLength: number): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && (req.body === undefined || req.body === null)) {
      answerJsonError(req, res, 415, 'BAD_USER_INPUT', 'POST /graphql takes a JSON body: Content-Type: application/json');
      return;
    }
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === 'POST' ? body?.query : req.query.query;
    if (typeof query === 'string' && query.length > maxLength) {
      answerJsonError(req, res, 400, 'BAD_USER_INPUT', `query: a document may have at most ${maxLength} characters (got ${query.length})`);
      return;
    }
    next();
  };
}

/**
 * The last express error handler: body-parser failures (malformed JSON 400, too large 413, bad
 * charset 415) and anything else thrown before a handler answered become JSON with a stable code.
 */
export function answerHttpError(logger: Logger): express.ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string }, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 500) {
      logger.error({ err: error, path: req.path }, 'request failed');
      answerJsonError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      return;
    }
    const message =
      error.type === 'entity.parse.failed' ? 'The body is not valid JSON'
      : error.type === 'entity.too.large' ? 'The body is too large'
      : status === 404 ? 'Not found'
      : error.expose && error.message ? error.message
      : 'Bad request';
    answerJsonError(req, res, status, status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT', message);
  };
}

/** A file name safe in a Content-Disposition header. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}

/** Answers `rows` (the header row first) as a CSV attachment named `<fileName>.csv`, formula-leading cells escaped. For very large exports stream with COPY instead (campaigns' streamCsv). */
export function sendCsv(res: express.Response, fileName: string, rows: unknown[][]): void {
  res.type('text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${safeFileName(fileName)}.csv"`);
  res.setHeader('cache-control', 'no-store');
  res.send(stringify(rows.map((row) => row.map(neutraliseFormula))));
}
