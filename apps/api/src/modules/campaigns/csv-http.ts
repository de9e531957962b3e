// Helpers for the plain HTTP routes of the campaigns module (CSV exports and uploads): the same
// viewer, abilities and error codes as GraphQL, one transaction per change with its audit entries,
// and CSV streamed straight out of PostgreSQL with COPY … TO STDOUT (constant memory, any size).
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type express from 'express';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { GraphQLContext } from '../../graphql/context.js';
import { AppError, unauthenticated } from '../../graphql/errors.js';
import { appendAuditEntries } from '../audit/audit-trail.js';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429 };

type ContextFor = (req: express.Request) => Promise<GraphQLContext>;

/**
 * Wraps a route: builds the request's context, requires a signed-in viewer, and answers errors as
 * JSON `{ error: { code, message, field } }` with the matching HTTP status (unexpected ones: 500).
 */
export function route(contextFor: ContextFor, handler: (ctx: GraphQLContext, req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler {
  return async (req, res) => {
    let ctx: GraphQLContext | undefined;
    try {
      ctx = await contextFor(req);
      if (!ctx.viewer) throw unauthenticated();
      await handler(ctx, req, res);
    } catch (error) {
      const code = error instanceof AppError ? String(error.extensions.code) : 'INTERNAL_SERVER_ERROR';
      if (!(error instanceof AppError)) ctx?.logger.error({ err: error, path: req.path }, 'route failed');
      if (res.headersSent) {
        res.destroy(error as Error);
        return;
      }
      const message = error instanceof AppError ? error.message : 'Internal server error';
      res.status(STATUS[code] ?? 500).json({ error: { code, message, ...(error instanceof AppError && error.extensions.field ? { field: error.extensions.field } : {}) } });
    }
  };
}

/** Runs a change in one transaction with its audit entries (what the mutation middleware does for GraphQL). */
export async function inTransaction<T>(ctx: GraphQLContext, work: () => Promise<T>): Promise<T> {
  const outer = ctx.em;
  try {
    return await outer.transactional(async (em) => {
      ctx.em = em as EntityManager;
      ctx.pendingAudit = [];
      const value = await work();
      await em.flush();
      await appendAuditEntries(em as EntityManager, ctx.viewer?.id ?? null, ctx.pendingAudit);
      return value;
    });
  } finally {
    ctx.em = outer;
    ctx.pendingAudit = [];
  }
}

/** A file name safe in a Content-Disposition header. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}

/**
 * Streams `select` as CSV (with a header row) to the response, via COPY on a connection of its own so
 * a slow client never holds a pooled one. `select` must contain no untrusted text (COPY takes no
 * parameters): callers build it from validated ids and numbers only.
 */
export async function streamCsv(ctx: GraphQLContext, res: express.Response, select: string, fileName: string): Promise<void> {
  const client = new pg.Client({ connectionString: ctx.em.config.get('clientUrl'), application_name: 'perkflow-export' });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const stream = client.query(copyTo(`copy (${select}) to stdout with (format csv, header)`));
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${safeFileName(fileName)}.csv"`);
    res.setHeader('cache-control', 'no-store');
    await pipeline(stream, res);
    await client.query('commit');
  } finally {
    // A connection left mid-COPY (client gone) is closed, never reused.
    await client.end().catch(() => {});
  }
}

/** A positive integer id from a path parameter, else BAD_USER_INPUT naming it. */
export function idParam(req: express.Request, name: string): string {
  const value = String(req.params[name] ?? '');
  if (!/^\d{1,18}$/.test(value)) throw new AppError('BAD_USER_INPUT', `${name}: not an id: "${value}"`, { field: name });
  return value;
}
