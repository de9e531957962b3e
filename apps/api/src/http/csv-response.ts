import { stringify } from 'csv-stringify/sync';
import type express from 'express';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { unauthenticated } from '../graphql/errors.js';

const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

/**
 * A CSV download route under /api: authenticates like GraphQL (Authorization header), runs `build`,
 * and answers text/csv as an attachment. The API's errors answer as JSON with the HTTP status of
 * their code and the same `{ code, message, field }` a GraphQL client sees. For very large exports
 * stream with COPY instead (see the campaigns code export).
 */
export function csvDownload(
  contextFor: (req: express.Request) => Promise<GraphQLContext>,
  build: (ctx: GraphQLContext, query: Record<string, string | undefined>) => Promise<{ filename: string; header: string[]; rows: unknown[][] }>,
): express.RequestHandler {
  return async (req, res) => {
    try {
      const ctx = await contextFor(req);
      if (!ctx.viewer) throw unauthenticated();
      const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
      const { filename, header, rows } = await build(ctx, query);
      res.type('text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
      res.send(stringify([header, ...rows]));
    } catch (error) {
      if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && STATUS_BY_CODE[error.extensions.code]) {
        res.status(STATUS_BY_CODE[error.extensions.code]).json({ code: error.extensions.code, message: error.message, field: error.extensions.field ?? null });
        return;
      }
      res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error' });
    }
  };
}
