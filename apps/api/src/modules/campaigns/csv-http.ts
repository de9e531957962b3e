// Helpers for the CSV HTTP routes (see http/routes.ts for what every route shares): one transaction
// per change with its audit entries, CSV streamed straight out of PostgreSQL with COPY … TO STDOUT
// (constant memory, any size), and the formula-injection rule every export applies.
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type express from 'express';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { GraphQLContext } from '../../graphql/context.js';
import { safeFileName } from '../../http/routes.js';
import { appendAuditEntries } from '../audit/audit-trail.js';

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

/** A plain number, possibly negative ("-5000.00", "-3"): spreadsheets read it as a number, never a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** What a spreadsheet reads as the start of a formula (or that hides one behind a tab or line break). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV formula injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'`, so a spreadsheet shows it as text instead of evaluating it. Plain numbers, negative
 * amounts included (`-5000.00`), stay numbers.
 */
export function neutraliseFormula(cell: unknown): unknown {
  if (typeof cell !== 'string' || !FORMULA_START.test(cell) || PLAIN_NUMBER.test(cell)) return cell;
  return `'${cell}`;
}

/**
 * The same rule in SQL, for COPY exports (which never pass through Node row by row): wraps `select` so
 * every column goes through it, keeping the column names (COPY's header) and the row order.
 */
async function neutralisedSelect(client: pg.Client, select: string): Promise<string> {
  const { fields } = await client.query(`select * from (${select}) t limit 0`);
  const columns = fields.map(({ name }) => {
    const column = `t."${name.replace(/"/g, '""')}"`;
    return `case when ${column}::text ~ '^[-=+@\\t\\r]' and ${column}::text !~ '^-?[0-9]+(\\.[0-9]+)?$' then '''' || ${column}::text else ${column}::text end as "${name.replace(/"/g, '""')}"`;
  });
  return `select ${columns.join(', ')} from (${select}) t`;
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
    const stream = client.query(copyTo(`copy (${await neutralisedSelect(client, select)}) to stdout with (format csv, header)`));
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
